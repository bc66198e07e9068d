// tools/list as a client sees it: one snapshot per tool (name, title, description, schemas,
// annotations, _meta), plus the invariants every tool must keep. After an intended change,
// regenerate and review the diff: npx tap --disable-coverage --snapshot test/mcp/tools-list.test.ts
import t from "tap";
import { Compile } from "typebox/compile";
import { TOOLS } from "../../services/mcp/registry.js";
import { listToolsInMemory } from "./_harness.js";

/** A hint as the client reads it: absent means the MCP schema's default. */
const DEFAULT_HINTS = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };
const hints = (a: Record<string, unknown> | undefined) => ({ ...DEFAULT_HINTS, ...a });

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
      const a = hints(tool.annotations);
      t.equal(a.openWorldHint, true, "talks to Telegram");
      const readOnly = ["search_messages_globally", "search_messages_in_chat", "read_messages", "find_chats", "get_chat_info", "list_chats", "download_media"].includes(tool.name);
      t.equal(a.readOnlyHint, readOnly, "readOnlyHint");
      // Only hints that differ from the defaults are sent, and no annotations.title (the tool's title is there).
      for (const [k, v] of Object.entries(tool.annotations ?? {})) t.not(v, (DEFAULT_HINTS as Record<string, unknown>)[k], `${k} is sent only when not the default`);
      t.notOk(tool.annotations && "title" in tool.annotations, "no annotations.title");
      if (!readOnly) t.ok(tool.title, "a title");
      t.notOk(JSON.stringify(tool.outputSchema).includes('"description"'), "output schemas carry no descriptions (the tool's description explains)");
      t.notOk(JSON.stringify(tool).includes("access_hash"));
    });
  }
  t.equal(hints(tools.find((x) => x.name === "edit_message")!.annotations).destructiveHint, true, "an edit overwrites the old text");
  t.equal(hints(tools.find((x) => x.name === "send_message")!.annotations).destructiveHint, false, "sending only adds");
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

t.test("output schemas name the compact message fields, once per schema", async (t) => {
  const tools = await listToolsInMemory(t, "defs");
  const out = (name: string) => tools.find((x) => x.name === name)!.outputSchema as any;
  for (const tool of tools) {
    const text = JSON.stringify(tool.outputSchema);
    for (const [, name] of text.matchAll(/"\$ref":"#\/\$defs\/(\w+)"/g)) t.ok(out(tool.name).$defs?.[name!], `${tool.name}: $ref ${name} resolves`);
  }
  const msg = out("search_messages_globally").properties.messages.items;
  t.same(Object.keys(msg.properties), ["id", "date", "chat_id", "from_id", "text", "outgoing"], "who, where, when and what of a message");
  t.same(msg.required, ["id", "date"]);
  t.same(out("search_messages_globally").properties.peers.additionalProperties.required, ["title", "type"]);
  t.same(out("search_messages_in_chat").required, ["messages", "peers", "has_more"]);
  t.same(out("get_chat_info").$defs, undefined, "no $defs where no shape recurs");
});

t.test("every output schema validates what the tool returns, and the wire schema accepts every field", async (t) => {
  // A message as the tools return it, with details the wire schema does not list (allowed, not named).
  const message = { id: 1, date: "2026-01-01T00:00:00Z", from_id: 42, text: "hi", media: { type: "photo" }, reactions: { "👍": 2 }, my_reaction: "👍" };
  const peers = { "42": { title: "Alice", type: "private", username: "alice" }, "-100": { title: "Team", type: "group" } };
  const tools = await listToolsInMemory(t, "validate");
  const inChat = tools.find((x) => x.name === "search_messages_in_chat")!.outputSchema as any;
  const check = Compile(inChat);
  t.ok(check.Check({ chat_id: -100, messages: [message], peers, has_more: false }), "a valid result passes");
  t.notOk(check.Check({ chat_id: -100, messages: [message], peers: { "42": { title: "Alice", type: "robot" } }, has_more: false }), "an invalid peer fails");
  t.notOk(check.Check({ chat_id: -100, messages: [{ ...message, outgoing: false }], peers, has_more: false }), "outgoing is only ever true");
  t.notOk(check.Check({ chat_id: -100, messages: [{ id: 1 }], peers, has_more: false }), "a message without a date fails");
  // The server validates against the full schema: a wrong detail is caught there.
  const def = TOOLS.find((x) => x.name === "search_messages_in_chat")!;
  t.notOk(Compile(def.output).Check({ chat_id: -100, messages: [{ ...message, reactions: { "👍": "two" } }], peers, has_more: false }), "the full schema checks the details");
});
