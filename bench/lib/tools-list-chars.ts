// tools_list_chars (issue #19): the characters of tools/list a model reads, per tool and summed.
// Kept apart from context.ts (which boots the app) so tests import the same arithmetic cheaply.

/** The seed's tools (../shared/seeds): the budget's first target is stated for these. */
export const SEED_TOOLS = ["search_messages_globally", "search_messages_in_chat", "read_messages", "send_message", "edit_message", "find_chats", "get_chat_info", "send_message_to_phone", "invoke_mtproto"] as const;

export interface ToolChars {
  /** name + description + inputSchema: what many hosts show a model. */
  shown: number;
  /** The tool's whole entry in tools/list. */
  all: number;
}

/** Issue #19's targets for what a model is shown (name + description + inputSchema), in characters. */
export const SHOWN_BUDGET = { all: 20_000, seed: 10_000 } as const;

export interface ToolsListChars {
  total: number;
  shown: number;
  seed: { total: number; shown: number; tools: number };
  tools: number;
  per_tool: Record<string, ToolChars>;
}

/** A tools/list entry as a client receives it. */
export interface ListedTool {
  name: string;
  description?: string;
  inputSchema: unknown;
}

/**
 * The tools_list_chars arithmetic, shared by the bench and test/mcp/context-budget.test.ts:
 * compact JSON of each tool, of what hosts show (name, description, inputSchema), summed for
 * every tool and for the seed's 9.
 */
export function toolsListChars(list: { tools: ListedTool[] }): ToolsListChars {
  const per_tool: Record<string, ToolChars> = {};
  for (const t of list.tools) per_tool[t.name] = { shown: size({ name: t.name, description: t.description, inputSchema: t.inputSchema }), all: size(t) };
  const seed = list.tools.filter((t) => (SEED_TOOLS as readonly string[]).includes(t.name));
  const sum = (tools: ListedTool[], k: keyof ToolChars) => tools.reduce((n, t) => n + per_tool[t.name]![k], 0);
  return { total: size(list), shown: sum(list.tools, "shown"), seed: { total: sum(seed, "all"), shown: sum(seed, "shown"), tools: seed.length }, tools: list.tools.length, per_tool };
}

function size(x: unknown): number {
  return JSON.stringify(x).length;
}
