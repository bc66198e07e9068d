// The action descriptors of the message-action tools: what the send gate and the audit log read
// (services/mcp/types.ts ToolAction), for each tool's own arguments and result.
import t from "tap";
import { TOOLS } from "../../services/mcp/registry.js";

const tool = (name: string) => TOOLS.find((x) => x.name === name)!;

t.test("forward_messages: the target chat, the source named in the summary, the new ids once forwarded", async (t) => {
  const a = tool("forward_messages").action!;
  const args = { from_chat_id: "@alice", message_ids: [5, 6], to_chat_id: "@bobsmith", drop_author: true };
  t.equal(a.kind, "forward");
  t.equal(a.chat(args), "@bobsmith");
  t.match(a.summary(args).detail, /5, 6 from @alice without author/);
  t.same(a.messageIds!(args, undefined), [5, 6], "before: the source ids");
  t.same(a.messageIds!(args, { status: "forwarded", messages: [], message_ids: [70, 71] }), [70, 71], "after: the new ones");
});

t.test("send_reaction, pin_message, delete_messages", async (t) => {
  const react = tool("send_reaction").action!;
  t.equal(react.kind, "react");
  t.same(react.summary({ chat_id: "me", message_id: 3, reaction: "👍" }), { text: "👍", detail: "react 👍 to message 3" });
  t.match(react.summary({ chat_id: "me", message_id: 3, reaction: null }).detail, /remove/);
  t.same(react.messageIds!({ chat_id: "me", message_id: 3, reaction: null }, undefined), [3]);

  const pin = tool("pin_message").action!;
  t.equal(pin.kind, "pin");
  t.equal(pin.chat({ chat_id: -42, message_id: 1, unpin: false, silent: true }), -42);
  t.equal(pin.summary({ chat_id: -42, message_id: 1, unpin: false, silent: true }).detail, "pin message 1 silently");
  t.equal(pin.summary({ chat_id: -42, message_id: 1, unpin: true, silent: true }).detail, "unpin message 1");

  const del = tool("delete_messages").action!;
  const args = { chat_id: "@alice", message_ids: [1, 2], for_everyone: false };
  t.equal(del.kind, "delete");
  t.equal(del.summary(args).detail, "delete messages 1, 2 for me");
  t.same(del.messageIds!(args, { chat_id: 1, deleted: [2], not_deleted: [], for_everyone: false }), [2], "what was deleted");
  t.equal(tool("delete_messages").annotations.destructiveHint, true);
  for (const name of ["forward_messages", "send_reaction", "pin_message", "delete_messages"]) {
    t.equal(tool(name).annotations.readOnlyHint, false, `${name} writes`);
    t.equal(tool(name).toolset, "messaging");
  }
});
