// The MCP side of a running server, built once at start-up (plugins/mcp.ts) and used by both
// transports: routes/mcp.ts (HTTP, a server per request) and stdio.ts (one server). It holds
// the catalog the configuration selects and the one function that builds a tool call's context.
import type { McpServer } from "@modelcontextprotocol/server";
import type { Account } from "../accounts/types.js";
import type { Config } from "../config/index.js";
import type { AccountSession } from "../telegram/account-session.js";
import type { FileSender } from "../telegram/messaging.js";
import { createToolContext } from "./tool-context.js";
import { buildCatalog } from "./inventory.js";
import { createMcpServer, type ToolBinding, type ToolCatalog } from "./server-factory.js";
import type { AnyToolDefinition, MediaLinkSigner, ToolContext, ToolLogger } from "./types.js";

/** Who the calls of one server act for; resolved lazily, since tools/list needs no Telegram. */
export interface ToolCaller {
  account(): Promise<Account>;
  /** The connected session of that account. */
  telegram(account: Account): Promise<AccountSession>;
  logger: ToolLogger;
  /** Signed /files/ links for the caller's account (HTTP). */
  mediaLinks?: MediaLinkSigner;
}

export interface McpService {
  readonly catalog: ToolCatalog;
  /** How one caller's tool calls get their context, metrics and error logging. */
  binding(caller: ToolCaller): ToolBinding;
  /** A fresh McpServer bound to one caller's binding (cheap: the catalog is shared). */
  server(binding: ToolBinding): McpServer;
}

export interface McpServiceDeps {
  config: Config;
  files: FileSender;
  metrics?: { observeTool(tool: string, outcome: string, seconds: number): void };
  /** The tools to choose from (default: the registry); READ_ONLY and TOOLSETS still apply. */
  tools?: readonly AnyToolDefinition[];
  /** A ready catalog instead (benchmarks, tests). */
  catalog?: ToolCatalog;
}

/** The context of one tool call, for HTTP and stdio alike: the one place it is built. */
async function toolContext(deps: McpServiceDeps, caller: ToolCaller, signal: AbortSignal): Promise<ToolContext> {
  const account = await caller.account();
  return createToolContext({ session: await caller.telegram(account), account, signal, logger: caller.logger, files: deps.files, config: deps.config, mediaLinks: caller.mediaLinks });
}

export function createMcpService(deps: McpServiceDeps): McpService {
  const catalog = deps.catalog ?? buildCatalog({ toolsets: deps.config.TOOLSETS, readOnly: deps.config.READ_ONLY, tools: deps.tools });
  const metrics = deps.metrics;
  return Object.freeze({
    catalog,
    binding: (caller: ToolCaller): ToolBinding => ({
      context: (signal) => toolContext(deps, caller, signal),
      observe: metrics ? (tool, outcome, seconds) => metrics.observeTool(tool, outcome, seconds) : undefined,
      onError: (tool, err) => caller.logger.error({ err, tool }, "MCP tool failed unexpectedly"),
    }),
    server: (binding: ToolBinding) => createMcpServer(catalog, binding),
  });
}
