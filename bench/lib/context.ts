// The context budget (issue #19): the characters a model reads. Measured on the product as a new
// user runs it (`npm start`: the embedded sandbox and its demo world, http-no-auth), in process
// over HTTP inject: these are counts, not timings, so a separate process adds nothing.
// - tools_list_chars: the whole tools/list (compact JSON) and what hosts that show only name,
//   description and input schema put in front of a model; per tool, for the seed's 9 and for all.
// - chars_per_message: message lists' text blocks, per message: `median` of the messages
//   alone (each message's compact JSON), `mean` of the whole text block per message (so the
//   shared parts, peers and cursor, are paid for), `shared_chars` (the block minus its messages),
//   and the structuredContent beside them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../../app.js";
import { formatConfigErrors, loadConfig } from "../../services/config/load.js";
import { median, round } from "./stats.js";
import { toolsListChars, type ListedTool, type ToolsListChars } from "./tools-list-chars.js";

export { SEED_TOOLS, SHOWN_BUDGET, toolsListChars, type ToolChars, type ToolsListChars } from "./tools-list-chars.js";

export interface ContextResults {
  world: string;
  tools_list_chars: ToolsListChars;
  chars_per_message: Record<string, { messages: number; median: number; mean: number; mean_alone: number; shared_chars: number; text_chars: number; structured_chars: number }>;
}

/** Message-list scenarios on the demo world; each returns up to 50 messages. */
const SCENARIOS = (team: number): Array<{ name: string; tool: string; args: Record<string, unknown> }> => [
  { name: "search_messages_globally 1 term", tool: "search_messages_globally", args: { query: "the", limit: 50 } },
  { name: "search_messages_in_chat latest 50", tool: "search_messages_in_chat", args: { chat_id: team, limit: 50 } },
  { name: "search_messages_in_chat 1 term", tool: "search_messages_in_chat", args: { chat_id: team, query: "the", limit: 50 } },
  { name: "read_messages 3 ids", tool: "read_messages", args: { chat_id: team, message_ids: [1, 2, 3] } },
];

function size(x: unknown): number {
  return JSON.stringify(x).length;
}

export async function measureContext(): Promise<ContextResults> {
  const dir = mkdtempSync(join(tmpdir(), "tgmcp-bench-context-"));
  const loaded = loadConfig({ env: { SERVER_MODE: "http-no-auth", BACKEND: "sandbox", LOG_LEVEL: "silent", SESSION_DIR: join(dir, "sessions"), SANDBOX_FLOOD: "off" }, envFile: false, home: dir });
  if (!loaded.ok) throw new Error(formatConfigErrors(loaded.errors));
  const app = await buildApp(loaded.config, { logger: false });
  try {
    await app.ready();
    let id = 0;
    const rpc = async (method: string, params: object): Promise<Record<string, unknown>> => {
      const r = await app.inject({
        method: "POST",
        url: "/mcp",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2025-06-18" },
        payload: { jsonrpc: "2.0", id: ++id, method, params },
      });
      const body = r.json() as { result?: Record<string, unknown>; error?: unknown };
      if (!body.result) throw new Error(`${method} failed: ${r.body.slice(0, 300)}`);
      return body.result;
    };
    const list = (await rpc("tools/list", {})) as { tools: ListedTool[] };

    // The demo world's busiest group, by title, as a model would find it.
    const found = (await rpc("tools/call", { name: "find_chats", arguments: { query: "Northwind Team" } })) as { structuredContent?: { chats?: Array<{ id: number; title?: string }> } };
    const team = found.structuredContent?.chats?.find((c) => c.title === "Northwind Team")?.id;
    if (team === undefined) throw new Error("the demo world has no Northwind Team chat");
    const chars_per_message: ContextResults["chars_per_message"] = {};
    for (const s of SCENARIOS(team)) {
      const res = (await rpc("tools/call", { name: s.tool, arguments: s.args })) as { content: Array<{ type: string; text?: string }>; structuredContent?: { messages?: unknown[] }; isError?: boolean };
      if (res.isError) throw new Error(`${s.name}: ${res.content[0]?.text}`);
      const text = res.content.filter((c) => c.type === "text").map((c) => c.text ?? "").join("");
      const parsed = JSON.parse(text) as { messages?: unknown[] };
      const msgs = parsed.messages ?? [];
      const lens = msgs.map(size);
      const alone = lens.reduce((a, b) => a + b, 0);
      chars_per_message[s.name] = {
        messages: msgs.length,
        median: round(median(lens), 1),
        mean: msgs.length ? round(text.length / msgs.length, 1) : 0,
        mean_alone: msgs.length ? round(alone / msgs.length, 1) : 0,
        // peers, chat_id, has_more, next_cursor, total_count and the JSON around them
        shared_chars: text.length - alone,
        text_chars: text.length,
        structured_chars: res.structuredContent ? size(res.structuredContent) : 0,
      };
    }
    return {
      world: "demo (npm start)",
      tools_list_chars: toolsListChars(list),
      chars_per_message,
    };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// `node --import tsx bench/lib/context.ts`: this measurement alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  measureContext().then(
    (r) => process.stdout.write(JSON.stringify(r, null, 2) + "\n"),
    (err) => {
      process.stderr.write(`${(err as Error).stack ?? err}\n`);
      process.exitCode = 1;
    },
  );
}
