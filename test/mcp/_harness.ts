// Shared test harness: the tool registry prepared once, called through callTool (the same path
// the MCP server uses) with a real gramjs client logged in to the sandbox.
import type { TelegramClient } from "telegram";
import type { Sandbox } from "../../sandbox/index.js";
import { makeConfig } from "../helpers/config.js";
import { TOOLS } from "../../services/mcp/registry.js";
import { callTool, createMcpServer, prepareTools, type ToolBinding } from "../../services/mcp/server-factory.js";
import type { ToolContext } from "../../services/mcp/types.js";
import { createToolContext } from "../../services/mcp/tool-context.js";
import { createFileSender, resolveOptionsFromConfig } from "../../services/telegram/files/index.js";
import { sessionOf } from "../helpers/session.js";
import { Client } from "@modelcontextprotocol/client";
import { InMemoryTransport } from "@modelcontextprotocol/server";

export const catalog = prepareTools(TOOLS);

const quiet = { info() {}, warn() {}, error() {}, debug() {} };

export interface Caller {
  (name: string, args: unknown): Promise<{ ok: boolean; data: any; text: string; rpc: string[] }>;
}

/**
 * A caller that resets the sandbox counters before each call and reports the RPCs it made.
 * The client gets a session as the pool would make it (FLOOD_SLEEP_THRESHOLD from the config).
 */
export function caller(sb: Sandbox, client: TelegramClient, extra: Partial<ToolContext> = {}, configOverrides: Record<string, string | number | boolean> = {}): Caller {
  const config = makeConfig({ FLOOD_SLEEP_THRESHOLD: 3, ...configOverrides });
  const session = sessionOf(client, { floodSleepThreshold: config.FLOOD_SLEEP_THRESHOLD });
  const files = createFileSender(resolveOptionsFromConfig(config));
  const account = { id: "test-account", createdAt: "2026-01-01T00:00:00Z" };
  const binding: ToolBinding = {
    context: async (signal) => ({ ...createToolContext({ session, account, config, signal, logger: quiet, files }), ...extra }),
  };
  return async (name, args) => {
    const tool = catalog.byName.get(name);
    if (!tool) throw new Error(`no tool ${name}`);
    sb.resetCounters();
    const r = await callTool(tool, args, binding);
    const text = (r.content[0] as { text: string }).text;
    // Error results carry the envelope as text only (no structuredContent: SDK 1.x clients would reject it).
    return { ok: !r.isError, data: r.isError ? JSON.parse(text) : r.structuredContent, text, rpc: sb.rpcLog.map((e) => e.method) };
  };
}

/** tools/list as a client sees it, over an in-memory transport; a tool call would fail (no Telegram). */
export async function listToolsInMemory(t: { teardown(fn: () => unknown): void }, clientName: string) {
  const server = createMcpServer(catalog, {
    context: async () => {
      throw new Error("tools/list must not need Telegram");
    },
  });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new Client({ name: clientName, version: "1" });
  await client.connect(b as any);
  t.teardown(async () => {
    await client.close();
    await server.close();
  });
  return (await client.listTools()).tools;
}
