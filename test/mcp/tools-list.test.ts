// tools/list as a client sees it: one snapshot per tool (name, title, description, schemas,
// annotations, _meta), plus the invariants every tool must keep. After an intended change,
// regenerate and review the diff: npx tap --disable-coverage --snapshot test/mcp/tools-list.test.ts
import t from "tap";
import { Compile } from "typebox/compile";
import { TOOLS } from "../../services/mcp/registry.js";
import { listToolsInMemory } from "./_harness.js";

t.test("tools/list", async (t) => {
  const tools = await listToolsInMemory(t, "snapshot");
  t.same(
    tools.map((x) => x.name),
    TOOLS.map((x) => x.name),
    "every registry tool, in registry order",
  );

  for (const tool of tools) {
    t.test(tool.name, async (t) => {
      t.matchSnapshot(
        { title: tool.title, description: tool.description, inputSchema: tool.inputSchema, outputSchema: tool.outputSchema, annotations: tool.annotations, _meta: tool._meta },
        tool.name,
      );
      t.ok(tool.description && tool.description.length > 100, "a description written for a model");
      // Issue #19: short descriptions; at most one example, where it truly helps.
      t.ok((tool.description!.match(/Example/g) ?? []).length <= 1, "at most one example");
      t.equal(tool.inputSchema.additionalProperties, false, "unknown parameters are refused");
      t.equal(tool.outputSchema?.type, "object", "an output schema rooted at an object");
      const a = tool.annotations!;
      t.equal(a.openWorldHint, true, "talks to Telegram");
      const readOnly = ["search_messages_globally", "search_messages_in_chat", "read_messages", "find_chats", "get_chat_info", "list_chats", "download_media"].includes(tool.name);
      t.equal(a.readOnlyHint, readOnly, "readOnlyHint");
      if (readOnly) t.equal(a.idempotentHint, true);
      t.notOk(JSON.stringify(tool).includes("access_hash"));
    });
  }
  t.equal(tools.find((x) => x.name === "edit_message")!.annotations!.destructiveHint, true, "an edit overwrites the old text");
  t.equal(tools.find((x) => x.name === "send_message")!.annotations!.destructiveHint, false, "sending only adds");
  // seed defaults are in the schemas
  const props = (name: string) => (tools.find((x) => x.name === name)!.inputSchema as any).properties;
  t.equal(props("search_messages_globally").limit.default, 50);
  t.equal(props("search_messages_in_chat").limit.default, 50);
  t.equal(props("find_chats").limit.default, 20);
  t.equal(props("send_message").parse_mode.default, "auto");
  t.equal(props("edit_message").parse_mode.default, "auto");
  t.equal(props("send_message_to_phone").first_name.default, "Contact");
  t.equal(props("send_message_to_phone").last_name.default, "Name");
  t.equal(props("send_message_to_phone").remove_if_new.default, false);
});

t.test("output schemas hold the message and entity shapes once, in $defs", async (t) => {
  const tools = await listToolsInMemory(t, "defs");
  const out = (name: string) => tools.find((x) => x.name === name)!.outputSchema as any;
  for (const tool of tools) {
    const text = JSON.stringify(tool.outputSchema);
    t.ok((text.match(/Marked id, usable as chat_id/g) ?? []).length <= 1, `${tool.name}: the entity shape is written at most once`);
    for (const [, name] of text.matchAll(/"\$ref":"#\/\$defs\/(\w+)"/g)) t.ok(out(tool.name).$defs?.[name!], `${tool.name}: $ref ${name} resolves`);
  }
  t.same(out("search_messages_globally").properties.messages.items, { $ref: "#/$defs/Message" });
  t.same(out("search_messages_globally").$defs.Message.properties.chat, { $ref: "#/$defs/Entity" });
  t.same(out("search_messages_globally").$defs.Message.properties.sender, { $ref: "#/$defs/Entity" });
  t.same(out("find_chats").properties.chats.items, { $ref: "#/$defs/Entity" });
  t.same(out("get_chat_info").$defs, undefined, "no $defs where no shape recurs");
});

t.test("every output schema validates what the tool returns, with and without $defs", async (t) => {
  // A message as the tools return it, with both entities filled in.
  const entity = { id: 42, title: "Alice", type: "private", username: "alice" };
  const message = { id: 1, date: "2026-01-01T00:00:00Z", chat: entity, sender: entity, text: "hi", outgoing: false };
  const tools = await listToolsInMemory(t, "validate");
  const search = tools.find((x) => x.name === "search_messages_globally")!.outputSchema as any;
  // TypeBox resolves a local $defs/$ref like any JSON Schema validator a client uses.
  const check = Compile(search);
  t.ok(check.Check({ messages: [message], has_more: false }), "a valid result passes through the $refs");
  t.notOk(check.Check({ messages: [{ ...message, chat: { ...entity, type: "robot" } }], has_more: false }), "an invalid entity inside a message fails through the $refs");
});
