// SERVER_MODE=stdio: the same tool registry over stdin/stdout, acting for the default account.
// The SDK's serveStdio owns the era decision (a 2026-07-28 client opens with server/discover,
// a 2025 one with initialize) and builds the server from the same factory as HTTP.
// Called by commands/serve.ts as runStdio(app) with the built (ready) app; resolves when the
// MCP client closes stdin. stdout carries only the protocol: logs go through the app's logger.
import type { Readable, Writable } from "node:stream";
import { StdioServerTransport, serveStdio } from "@modelcontextprotocol/server/stdio";
import type { Account, AccountStore } from "../accounts/types.js";
import type { Config } from "../config/index.js";
import type { FileSender } from "../telegram/messaging.js";
import type { AccountSession } from "../telegram/account-session.js";
import { VERSION } from "../config/version.js";
import { createFileSender, resolveOptionsFromConfig } from "../telegram/files/index.js";
import { createToolContext } from "./tool-context.js";
import { TOOLS } from "./registry.js";
import { createMcpServer, prepareTools, type ToolBinding } from "./server-factory.js";
import type { AnyToolDefinition, ToolLogger } from "./types.js";

/** What the runner needs from the app (a FastifyInstance has all of it; services stay framework-free). */
export interface StdioHost {
  config: Config;
  accounts: AccountStore;
  sessionPool: { get(account: Account | string, token?: string): Promise<AccountSession> };
  log: ToolLogger;
  metrics?: { observeTool(tool: string, outcome: string, seconds: number): void };
}

export interface StdioOptions {
  stdin?: Readable;
  stdout?: Writable;
  tools?: readonly AnyToolDefinition[];
  files?: FileSender;
}

export async function runStdio(host: StdioHost, opts: StdioOptions = {}): Promise<void> {
  const catalog = prepareTools(opts.tools ?? TOOLS, { name: "tgmcp", version: VERSION, title: "Telegram (tgmcp)" });
  const files = opts.files ?? createFileSender(resolveOptionsFromConfig(host.config));
  let account: Account | undefined;
  const binding: ToolBinding = {
    async context(signal) {
      account ??= await host.accounts.defaultAccount();
      return createToolContext({ session: await host.sessionPool.get(account), account, signal, logger: host.log, files, config: host.config });
    },
    observe: host.metrics ? (tool, outcome, seconds) => host.metrics!.observeTool(tool, outcome, seconds) : undefined,
    onError: (tool, err) => host.log.error({ err, tool }, "MCP tool failed unexpectedly"),
  };
  const transport = new StdioServerTransport(opts.stdin ?? process.stdin, opts.stdout ?? process.stdout);
  serveStdio(() => createMcpServer(catalog, binding), { transport, onerror: (err) => host.log.debug({ err }, "MCP stdio message rejected") });
  // serveStdio has set the transport's onclose; chain ours so we know when the client went away.
  const closed = new Promise<void>((resolve) => {
    const sdkOnClose = transport.onclose;
    transport.onclose = () => {
      sdkOnClose?.();
      resolve();
    };
  });
  host.log.info({ mode: "stdio", tools: catalog.tools.length }, "MCP server ready on stdio");
  await closed;
}
