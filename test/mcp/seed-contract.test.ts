// The seed contract (../shared/seeds/, the newest seed wins) against tools/list as a client
// sees it: every seed tool exists, with every seed parameter; required means required, a
// parameter the seed marks optional (`?`, `= default` or "(default: x)") is optional, and
// defaults are equal. Parameters tgmcp adds must be optional. A difference fails the test.
import t from "tap";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { listToolsInMemory } from "./_harness.js";

const SEEDS = fileURLToPath(new URL("../../../shared/seeds/", import.meta.url));

// The seeds live beside the repository (the team's shared/ folder, which CI lays out too).
// A clone without it skips this file; CI must not.
const haveSeeds = existsSync(SEEDS);
if (!haveSeeds && process.env.CI) t.fail(`the seed contract needs ${SEEDS}`);
const contractTest = haveSeeds ? t.test : t.skip;

/** Deliberate departures, each with its reason. Keep this list short. */
const RELAXED: Record<string, string> = {
  "invoke_mtproto.params_json":
    "the seed writes it without '?', but parameterless methods (help.GetConfig) need no params: tgmcp defaults it to \"{}\" (issue #12 lists it among the defaulted parameters)",
};

interface SeedParam {
  name: string;
  optional: boolean;
  default?: unknown;
}

function parseValue(raw: string): unknown {
  const v = raw.trim();
  if (/^-?\d+$/.test(v)) return Number(v);
  if (v === "true" || v === "false") return v === "true";
  const q = /^(['"])(.*)\1$/.exec(v);
  return q ? q[2] : v;
}

/** The tool signatures of one seed: `name(\n  param?: type = default, // comment\n)`. */
function parseSeed(text: string): Map<string, SeedParam[]> {
  const tools = new Map<string, SeedParam[]>();
  for (const m of text.matchAll(/^([a-z_]+)\(\n([\s\S]*?)\n\)/gm)) {
    const params: SeedParam[] = [];
    for (const line of m[2]!.split("\n")) {
      const p = /^\s*([a-z_]+)(\?)?\s*:\s*([^/]*?)(?:,)?\s*(?:\/\/(.*))?$/.exec(line);
      if (!p) continue;
      const [, name, q, type, comment = ""] = p;
      const inline = /=\s*(.+?)\s*,?$/.exec(type!);
      const commented = /\(default:\s*([^)]+)\)/.exec(comment);
      const def = inline?.[1] ?? commented?.[1];
      params.push({ name: name!, optional: q === "?" || def !== undefined, ...(def !== undefined && { default: parseValue(def) }) });
    }
    tools.set(m[1]!, params);
  }
  return tools;
}

/** Newest seed wins, tool by tool (seed files sort by their numeric prefix). */
function seedContract(): Map<string, SeedParam[]> {
  const out = new Map<string, SeedParam[]>();
  for (const f of readdirSync(SEEDS).filter((x) => x.endsWith(".txt")).sort()) {
    for (const [name, params] of parseSeed(readFileSync(SEEDS + f, "utf8"))) out.set(name, params);
  }
  return out;
}

contractTest("the seed parser reads what the seeds say", async (t) => {
  const seed = seedContract();
  t.same([...seed.keys()].sort(), [
    "edit_message",
    "find_chats",
    "get_chat_info",
    "invoke_mtproto",
    "read_messages",
    "search_messages_globally",
    "search_messages_in_chat",
    "send_message",
    "send_message_to_phone",
  ]);
  t.same(seed.get("find_chats"), [
    { name: "query", optional: false },
    { name: "limit", optional: true, default: 20 },
    { name: "chat_type", optional: true },
    { name: "public", optional: true },
  ]);
  t.same(seed.get("invoke_mtproto")!.find((p) => p.name === "resolve"), { name: "resolve", optional: true, default: true });
  t.same(seed.get("send_message_to_phone")!.find((p) => p.name === "first_name"), { name: "first_name", optional: true, default: "Contact" });
});

contractTest("tools/list matches the seed contract", async (t) => {
  const tools = await listToolsInMemory(t, "seed-contract");
  const byName = new Map(tools.map((x) => [x.name, x]));

  for (const [tool, params] of seedContract()) {
    const listed = byName.get(tool);
    if (!t.ok(listed, `${tool} is served`)) continue;
    const schema = listed!.inputSchema as { properties: Record<string, { default?: unknown }>; required?: string[] };
    const required = new Set(schema.required ?? []);
    for (const p of params) {
      const key = `${tool}.${p.name}`;
      const prop = schema.properties[p.name];
      if (!t.ok(prop, `${key} exists`)) continue;
      if (RELAXED[key]) {
        t.notOk(required.has(p.name), `${key} is optional (relaxed: ${RELAXED[key]})`);
        continue;
      }
      t.equal(required.has(p.name), !p.optional, `${key} is ${p.optional ? "optional" : "required"}, as in the seed`);
      t.same(prop!.default, p.default, `${key} default`);
    }
    const seedNames = new Set(params.map((p) => p.name));
    for (const extra of Object.keys(schema.properties).filter((k) => !seedNames.has(k))) {
      t.notOk(required.has(extra), `${tool}.${extra} (a tgmcp addition) is optional`);
    }
  }
});
