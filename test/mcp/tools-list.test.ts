// A snapshot of tools/list as a client sees it (names, schemas, annotations), plus the
// invariants every tool must keep. Regenerate after an intended change: npx tap --snapshot test/mcp/tools-list.test.ts
import t from "tap";
import { listToolsInMemory } from "./_harness.js";

t.test("tools/list", async (t) => {
  const tools = await listToolsInMemory(t, "snapshot");

  t.matchSnapshot(
    tools.map((x) => ({ name: x.name, title: x.title, inputSchema: x.inputSchema, outputSchema: x.outputSchema, annotations: x.annotations })),
    "names, schemas and annotations",
  );

  for (const tool of tools) {
    t.ok(tool.description && tool.description.length > 200, `${tool.name}: a description written for a model`);
    t.match(tool.description, /Example/, `${tool.name}: the description has examples`);
    t.equal(tool.inputSchema.additionalProperties, false, `${tool.name}: unknown parameters are refused`);
    t.ok(tool.outputSchema, `${tool.name}: output schema`);
    const a = tool.annotations!;
    t.equal(a.openWorldHint, true, `${tool.name}: talks to Telegram`);
    const readOnly = ["search_messages_globally", "search_messages_in_chat", "read_messages", "find_chats", "get_chat_info"].includes(tool.name);
    t.equal(a.readOnlyHint, readOnly, `${tool.name}: readOnlyHint`);
    if (readOnly) t.equal(a.idempotentHint, true);
    t.notOk(JSON.stringify(tool).includes("access_hash"));
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
