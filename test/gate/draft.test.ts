// SEND_MODE=draft and the start-up check of action descriptors, through the MCP call path with a
// real gramjs client on the sandbox: a send becomes the chat's draft (held by the sandbox and read
// back with messages.GetAllDrafts), files and every other write are refused, reads run.
import t from "tap";
import { Api } from "telegram";
import { Type } from "typebox";
import { loginAs, startSandbox, demoUser } from "../helpers/sandbox.js";
import { callTool, prepareTools } from "../../services/mcp/server-factory.js";
import { createToolContext } from "../../services/mcp/tool-context.js";
import { makeConfig } from "../helpers/config.js";
import { sessionOf } from "../helpers/session.js";
import { defineTool } from "../../services/mcp/types.js";
import { TOOLS } from "../../services/mcp/registry.js";
import { gateCaller } from "./_gate.js";

t.test("prepareTools refuses a tool that writes and has no action descriptor", async (t) => {
  const rogue = defineTool({
    name: "rogue_write",
    title: "Rogue",
    description: "writes without saying how",
    input: Type.Object({}),
    output: Type.Object({}),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    toolset: "messaging",
    handler: async () => ({}),
  });
  t.throws(() => prepareTools([...TOOLS, rogue]), /rogue_write writes \(readOnlyHint false\) and has no action descriptor/);
  for (const tool of TOOLS) if (!tool.annotations.readOnlyHint) t.ok(tool.action, `${tool.name} has an action descriptor`);
});

t.test("SEND_MODE=draft: send_message saves a draft; other writes are refused; reads run", async (t) => {
  const sb = await startSandbox(t);
  const client = await loginAs(t, sb);
  const call = gateCaller(t, sb, client, { SEND_MODE: "draft" });
  const w = sb.world;
  const me = w.demoAccountId;
  const bob = demoUser(sb, "bobsmith");
  const conv = w.findPrivateConv(me, bob)!;
  const before = conv.count;

  const r = await call("send_message", { chat_id: "@bobsmith", message: "Deploy **today**?" });
  t.ok(r.ok, r.text);
  t.match(r.data, { status: "draft", text: "Deploy today?", format: "markdown" });
  t.equal(conv.count, before, "nothing was sent");
  const drafts = (await client.invoke(new Api.messages.GetAllDrafts())) as Api.Updates;
  const update = drafts.updates.find((u) => u instanceof Api.UpdateDraftMessage && u.peer instanceof Api.PeerUser && Number(u.peer.userId) === bob) as Api.UpdateDraftMessage | undefined;
  t.ok(update, "the sandbox holds a draft in the chat with Bob");
  t.equal((update!.draft as Api.DraftMessage).message, "Deploy today?");
  t.ok(((update!.draft as Api.DraftMessage).entities ?? []).some((e) => e instanceof Api.MessageEntityBold), "with its formatting");

  const withFiles = await call("send_message", { chat_id: "@bobsmith", message: "report", files: "https://example.com/a.pdf" });
  t.match(withFiles.data, { ok: false, error_type: "InvalidParameter", error: /Files cannot be saved as a draft.*SEND_MODE=draft/ });

  const edit = await call("edit_message", { chat_id: "me", message_id: 1, message: "x" });
  t.match(edit.data, { ok: false, error_type: "Forbidden", error_code: "SEND_MODE_DRAFT", operation: "edit_message", error: /SEND_MODE=draft/ });
  const phone = await call("send_message_to_phone", { phone_number: "+15551234567", message: "hi" });
  t.match(phone.data, { ok: false, error_type: "Forbidden", error_code: "SEND_MODE_DRAFT" });
  const raw = await call("invoke_mtproto", { method_full_name: "messages.SendMessage", params_json: JSON.stringify({ peer: "@bobsmith", message: "raw" }) });
  t.match(raw.data, { ok: false, error_type: "Forbidden", error_code: "SEND_MODE_DRAFT", operation: "invoke_mtproto" });
  t.equal(conv.count, before, "still nothing sent");

  const read = await call("invoke_mtproto", { method_full_name: "messages.GetHistory", params_json: JSON.stringify({ peer: "@bobsmith", limit: 1 }) });
  t.ok(read.ok, "a read-class raw method runs");
  const chats = await call("find_chats", { query: "bob" });
  t.ok(chats.ok, "read tools run");

  t.same(call.outcomes, ["drafted", "drafted", "refused", "refused", "refused"], "metrics: the gate's decisions");
  const recs = await call.records();
  t.same(
    recs.map((r) => [r.tool, r.outcome, r.draft === true]),
    [
      ["send_message", "ok", true],
      ["send_message", "InvalidParameter", true],
      ["edit_message", "refused", false],
      ["send_message_to_phone", "refused", false],
      ["invoke_mtproto", "refused", false],
    ],
    "one audit record per write, none for reads",
  );
  t.equal(recs[0].chat_id, String(bob), "the chat's resolved id");
  t.equal(recs[0].send_mode, "draft");
});

t.test("SEND_MODE=confirm without a client that can be asked: a clear refusal, nothing sent", async (t) => {
  const sb = await startSandbox(t);
  const call = gateCaller(t, sb, await loginAs(t, sb), { SEND_MODE: "confirm" });
  const saved = sb.world.findPrivateConv(sb.world.demoAccountId, sb.world.demoAccountId)!;
  const before = saved.count;
  const r = await call("send_message", { chat_id: "me", message: "hello" });
  t.match(r.data, { ok: false, error_type: "Forbidden", error_code: "SEND_MODE_CONFIRM_NEEDS_ELICITATION", error: /confirm mode needs an MCP client with elicitation support/ });
  t.equal(saved.count, before);
  // mark_read-like kinds and reads are not confirmed; a read raw call runs.
  const read = await call("invoke_mtproto", { method_full_name: "users.GetFullUser", params_json: '{"id": {"_": "inputUserSelf"}}' });
  t.ok(read.ok, read.text);
  t.same(call.outcomes, ["refused"]);
});

t.test("mark_read-kind actions run in draft and confirm mode unasked; pin-kind ones are refused in draft mode", async (t) => {
  const sb = await startSandbox(t);
  const client = await loginAs(t, sb);
  const hints = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true };
  const ran: string[] = [];
  const tool = (name: string, kind: "mark_read" | "pin") =>
    defineTool({
      name,
      title: name,
      description: name,
      input: Type.Object({ chat_id: Type.String() }),
      output: Type.Object({ done: Type.Boolean() }),
      annotations: hints,
      toolset: "messaging",
      action: { kind, chat: (a) => a.chat_id, summary: () => ({}) },
      handler: async () => {
        ran.push(name);
        return { done: true };
      },
    });
  const catalog = prepareTools([tool("fake_mark_read", "mark_read"), tool("fake_pin", "pin")]);
  const quiet = { info() {}, warn() {}, error() {}, debug() {} };
  for (const mode of ["draft", "confirm"] as const) {
    const config = makeConfig({ SEND_MODE: mode });
    const session = sessionOf(client);
    const binding = {
      context: async (signal: AbortSignal) => createToolContext({ session, account: { id: "a", createdAt: "2026-01-01T00:00:00Z" }, config, signal, logger: quiet, files: {} as any }),
    };
    const read = await callTool(catalog.byName.get("fake_mark_read")!, { chat_id: "me" }, binding);
    t.notOk(read.isError, `${mode}: mark_read runs`);
    const pin = await callTool(catalog.byName.get("fake_pin")!, { chat_id: "me" }, binding);
    t.ok(pin.isError, `${mode}: pin is refused (draft) or needs a client that can be asked (confirm)`);
    t.match(JSON.parse((pin.content[0] as { text: string }).text), { error_type: "Forbidden", error_code: mode === "draft" ? "SEND_MODE_DRAFT" : "SEND_MODE_CONFIRM_NEEDS_ELICITATION" });
  }
  t.same(ran, ["fake_mark_read", "fake_mark_read"]);
});
