// Shared by the policy tests: the tools called through callTool (the MCP server's path) with a
// session that reads its chat policy on every call, like the pool's, on a real gramjs client
// logged in to the sandbox. `policy.current` can be changed between calls.
import type { TelegramClient } from "telegram";
import type { Sandbox } from "../../sandbox/index.js";
import { makeConfig } from "../helpers/config.js";
import { sessionOf } from "../helpers/session.js";
import { TOOLS } from "../../services/mcp/registry.js";
import { callTool, prepareTools, type ToolBinding } from "../../services/mcp/server-factory.js";
import { createToolContext } from "../../services/mcp/tool-context.js";
import { createFileSender, resolveOptionsFromConfig } from "../../services/telegram/files/index.js";
import type { ChatPolicy } from "../../services/policy/chat-policy.js";
import type { AccountSession } from "../../services/telegram/account-session.js";

export const catalog = prepareTools(TOOLS);
const quiet = { info() {}, warn() {}, error() {}, debug() {} };

/** Marked ids of the demo world (sandbox/README.md). */
export const CHATS = {
  phoenix: "-4000000000", // basic group
  family: "-4000000001", // basic group, @demo is its creator
  team: "-1002000000000", // Northwind Team, supergroup
  launch: "-1002000000001", // Launch Planning, supergroup
  news: "-1002000000004", // @northwind_news, channel
} as const;

export interface PolicyCaller {
  (name: string, args: unknown): Promise<{ ok: boolean; data: any; rpc: string[] }>;
  session: AccountSession;
  policy: { current: ChatPolicy | undefined };
}

export function policyCaller(sb: Sandbox, client: TelegramClient, initial?: ChatPolicy): PolicyCaller {
  const config = makeConfig({ FLOOD_SLEEP_THRESHOLD: 3 });
  const policy = { current: initial };
  const session = sessionOf(client, { floodSleepThreshold: 3, policy: () => policy.current });
  const files = createFileSender(resolveOptionsFromConfig(config));
  const account = { id: "test-account", createdAt: "2026-01-01T00:00:00Z" };
  const binding: ToolBinding = { context: async (signal) => createToolContext({ session, account, config, signal, logger: quiet, files }) };
  const call = (async (name: string, args: unknown) => {
    const tool = catalog.byName.get(name);
    if (!tool) throw new Error(`no tool ${name}`);
    sb.resetCounters();
    const r = await callTool(tool, args, binding);
    const text = (r.content[0] as { text: string }).text;
    return { ok: !r.isError, data: r.isError ? JSON.parse(text) : r.structuredContent, rpc: sb.rpcLog.map((e) => e.method) };
  }) as PolicyCaller;
  call.session = session;
  call.policy = policy;
  return call;
}
