// The context budget (issue #19, part 1): what a model is shown of tools/list on every turn
// (name + description + inputSchema), counted as the bench counts it (bench/lib/tools-list-chars.ts),
// for the served catalog; the server instructions, read once per session, have their own budget.
// And the compact chat_id schema refuses exactly what the anyOf form it replaced refused.
import t from "tap";
import { Type } from "typebox";
import { Compile } from "typebox/compile";
import { SEED_TOOLS, SHOWN_BUDGET, toolsListChars } from "../../bench/lib/tools-list-chars.js";
import { TOOLS } from "../../services/mcp/registry.js";
import { callTool } from "../../services/mcp/server-factory.js";
import { catalog, listToolsInMemory } from "./_harness.js";

/** The instructions of the full catalog: read once per session, so a looser budget than the tools. */
const INSTRUCTIONS_BUDGET = 2_500;

t.test("what a model is shown of tools/list stays within the budget", async (t) => {
  const tools = await listToolsInMemory(t, "budget");
  const chars = toolsListChars({ tools });
  t.equal(chars.tools, TOOLS.length, "every registry tool is counted");
  t.equal(chars.seed.tools, SEED_TOOLS.length, "the seed's 9 are all served");
  const share = Object.entries(chars.per_tool)
    .map(([name, c]) => `${name} ${c.shown}`)
    .join(", ");
  t.ok(chars.shown <= SHOWN_BUDGET.all, `all ${chars.tools} tools: ${chars.shown} <= ${SHOWN_BUDGET.all} (${share})`);
  t.ok(chars.seed.shown <= SHOWN_BUDGET.seed, `the seed's 9: ${chars.seed.shown} <= ${SHOWN_BUDGET.seed}`);
  // The arithmetic is the bench's: the sum of the per-tool shares.
  t.equal(
    chars.shown,
    Object.values(chars.per_tool).reduce((n, c) => n + c.shown, 0),
  );
  t.equal(chars.per_tool.get_chat_info!.shown, JSON.stringify({ name: "get_chat_info", description: tools.find((x) => x.name === "get_chat_info")!.description, inputSchema: tools.find((x) => x.name === "get_chat_info")!.inputSchema }).length);
});

t.test("the server instructions stay within their budget", async (t) => {
  t.ok(catalog.instructions.length <= INSTRUCTIONS_BUDGET, `${catalog.instructions.length} <= ${INSTRUCTIONS_BUDGET}`);
});

t.test("the compact chat_id schema validates exactly as the anyOf form it replaced", async (t) => {
  const before = Compile(Type.Object({ chat_id: Type.Union([Type.String({ minLength: 1, maxLength: 256 }), Type.Integer()]) }, { additionalProperties: false }));
  const tools = await listToolsInMemory(t, "chat-id");
  const values: unknown[] = ["me", "@alice", "x".repeat(256), 123456789, -1001234567890, 0, "", "x".repeat(257), 1.5, null, true, [], {}, ["me"]];
  for (const tool of tools) {
    const props = (tool.inputSchema as { properties: Record<string, unknown> }).properties;
    for (const [param, schema] of Object.entries(props)) {
      const s = schema as { type?: unknown };
      if (!Array.isArray(s.type)) continue;
      t.same(s.type, ["string", "integer"], `${tool.name}.${param}: a chat reference`);
      const served = Compile({ type: "object", properties: { chat_id: schema }, additionalProperties: false } as never);
      for (const v of values) t.equal(served.Check({ chat_id: v }), before.Check({ chat_id: v }), `${tool.name}.${param}: ${JSON.stringify(v)?.slice(0, 20)}`);
    }
  }
});

t.test("a bad chat_id is still refused with a clear InvalidParameter, before any Telegram work", async (t) => {
  const binding = {
    context: async () => {
      throw new Error("validation must refuse first");
    },
  };
  const cases: Array<[unknown, RegExp]> = [
    ["", /chat_id: must not have fewer than 1 characters/],
    ["x".repeat(257), /chat_id: must not have more than 256 characters/],
    [1.5, /chat_id: must be either string or integer/],
    [null, /chat_id: must be either string or integer/],
  ];
  for (const [chat_id, why] of cases) {
    const r = await callTool(catalog.byName.get("get_chat_info")!, { chat_id }, binding);
    t.equal(r.isError, true);
    const env = JSON.parse((r.content[0] as { text: string }).text);
    t.match(env, { ok: false, error_type: "InvalidParameter", operation: "get_chat_info" });
    t.match(env.error, why, JSON.stringify(chat_id)?.slice(0, 20));
  }
  const fwd = await callTool(catalog.byName.get("forward_messages")!, { from_chat_id: "me", message_ids: [1], to_chat_id: 2.5 }, binding);
  t.match(JSON.parse((fwd.content[0] as { text: string }).text).error, /to_chat_id: must be either string or integer/);
});
