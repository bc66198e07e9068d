// SERVER_MODE=stdio: the same tool catalog as HTTP (plugins/mcp.ts) over stdin/stdout, acting
// for the default account.
// The SDK's serveStdio owns the era decision (a 2026-07-28 client opens with server/discover,
// a 2025 one with initialize) and builds the server from the same factory as HTTP.
// Called by commands/serve.ts as runStdio(app) with the built (ready) app; resolves when the
// MCP client closes stdin. stdout carries only the protocol: logs go through the app's logger.
import type { Readable, Writable } from "node:stream";
import { StdioServerTransport, serveStdio } from "@modelcontextprotocol/server/stdio";
import type { JSONRPCMessage } from "@modelcontextprotocol/server";
import type { Account, AccountStore } from "../accounts/types.js";
import type { AccountSession } from "../telegram/account-session.js";
import type { McpService, ToolCaller } from "./service.js";
import type { ToolLogger } from "./types.js";

/** What the runner needs from the app (a FastifyInstance has all of it; services stay framework-free). */
export interface StdioHost {
  /** The catalog and call context, shared with HTTP (plugins/mcp.ts). */
  mcp: McpService;
  accounts: AccountStore;
  sessionPool: { get(account: Account | string, token?: string): Promise<AccountSession>; warm(account: Account | string): void };
  log: ToolLogger;
}

export interface StdioOptions {
  stdin?: Readable;
  stdout?: Writable;
}

export async function runStdio(host: StdioHost, opts: StdioOptions = {}): Promise<void> {
  // The default account's own settings narrow the server's, as in HTTP. The catalog is fixed at
  // start (an MCP client starts a stdio server per session, so a change of read-only or toolsets
  // applies from the next one); the account is looked up per tool call, so a chat policy changed
  // meanwhile (e.g. by `tgmcp policy`) applies to the next call.
  const account = await host.accounts.defaultAccount();
  const effective = host.mcp.effective(account);
  const catalog = host.mcp.catalogFor(effective);
  const caller: ToolCaller = {
    account: () => host.accounts.defaultAccount(),
    telegram: (a) => host.sessionPool.get(a),
    logger: host.log,
  };
  const binding = host.mcp.binding(caller, effective);
  const transport = new StdioServerTransport(opts.stdin ?? process.stdin, opts.stdout ?? process.stdout);
  serveStdio(() => host.mcp.server(binding, catalog), { transport, onerror: (err) => host.log.debug({ err }, "MCP stdio message rejected") });
  // Once the client has the tool list, connect the account to Telegram in the background: the
  // first tool call then costs only its own round trips (SessionPool.warm). Not before: the
  // list must never wait for Telegram, nor share the start-up's CPU with the connect.
  const send = transport.send.bind(transport);
  let warmed = false;
  transport.send = async (message: JSONRPCMessage) => {
    await send(message);
    if (!warmed && "result" in message && Array.isArray((message.result as { tools?: unknown }).tools)) {
      warmed = true;
      host.sessionPool.warm(account); // without a session yet, it simply fails; the first call says why
    }
  };
  // serveStdio has set the transport's onclose; chain ours so we know when the client went away.
  const closed = new Promise<void>((resolve) => {
    const sdkOnClose = transport.onclose;
    transport.onclose = () => {
      sdkOnClose?.();
      resolve();
    };
  });
  host.log.info({ mode: "stdio", tools: catalog.tools.length, read_only: catalog.readOnly }, "MCP server ready on stdio");
  await closed;
}
