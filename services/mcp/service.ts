// The MCP side of a running server, built once at start-up (plugins/mcp.ts) and used by both
// transports: routes/mcp.ts (HTTP, a server per request) and stdio.ts (one server). It holds
// the catalogs (the server's settings narrowed per account: services/accounts/settings.ts) and the
// one function that builds a tool call's context.
import type { McpServer } from "@modelcontextprotocol/server";
import type { Account } from "../accounts/types.js";
import type { AuditSink } from "../audit/audit-log.js";
import type { Config } from "../config/index.js";
import type { AccountSession } from "../telegram/account-session.js";
import type { FileSender } from "../telegram/messaging.js";
import { createToolContext, effectiveFor, serverBounds, type Effective } from "./tool-context.js";
import { buildCatalog } from "./inventory.js";
import { createMcpServer, type ServerScope, type ToolBinding, type ToolCatalog } from "./server-factory.js";
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
  /** The catalog of the server's own settings (READ_ONLY, TOOLSETS): what an account without settings gets. */
  readonly catalog: ToolCatalog;
  /** The server's settings narrowed by an account's (cheap: call it per request). */
  effective(account: Pick<Account, "settings"> | null | undefined): Effective;
  /** The catalog for those settings: built on first use, then shared (one per read-only source and toolset set). */
  catalogFor(effective: Effective): ToolCatalog;
  /** How one caller's tool calls get their context, metrics and error logging. */
  binding(caller: ToolCaller, effective?: Effective): ToolBinding;
  /**
   * A fresh McpServer bound to one caller's binding (cheap: the catalog is shared). Default: `catalog`,
   * every tool; a stateless request binds only what it calls (`scope`, from scopeOf).
   */
  server(binding: ToolBinding, catalog?: ToolCatalog, scope?: ServerScope): McpServer;
}

export interface McpServiceDeps {
  config: Config;
  files: FileSender;
  metrics?: { observeTool(tool: string, outcome: string, seconds: number): void; observeAction?(outcome: string): void };
  /** The audit log the send gate writes to (plugins/audit.ts). */
  audit?: AuditSink;
  /** The tools to choose from (default: the registry); READ_ONLY and TOOLSETS still apply. */
  tools?: readonly AnyToolDefinition[];
  /** A ready catalog instead (benchmarks, tests); then every account gets it. */
  catalog?: ToolCatalog;
}

/** The context of one tool call, for HTTP and stdio alike: the one place it is built. */
async function toolContext(deps: McpServiceDeps, caller: ToolCaller, signal: AbortSignal, effective: Effective | undefined): Promise<ToolContext> {
  const account = await caller.account();
  return createToolContext({ session: await caller.telegram(account), account, signal, logger: caller.logger, files: deps.files, config: deps.config, effective, mediaLinks: caller.mediaLinks });
}

/** What tells two catalogs apart: read-only (and by whose setting) and the toolsets, sorted. */
function catalogKey(e: Effective): string {
  return `${e.readOnly ? (e.readOnlySource ?? "server") : "rw"}|${[...e.toolsets].sort().join(",")}`;
}

export function createMcpService(deps: McpServiceDeps): McpService {
  const bounds = serverBounds(deps.config);
  const build = (e: Effective): ToolCatalog =>
    buildCatalog({ toolsets: e.toolsets, readOnly: e.readOnly, readOnlySource: e.readOnlySource, tools: deps.tools });
  const serverEffective = effectiveFor(bounds, undefined);
  const catalog = deps.catalog ?? build(serverEffective);
  // At most 3 read-only states x 2^toolsets entries; prepareTools runs once per entry, never per request.
  const catalogs = new Map<string, ToolCatalog>([[catalogKey(serverEffective), catalog]]);
  const catalogFor = (e: Effective): ToolCatalog => {
    if (deps.catalog) return deps.catalog;
    const key = catalogKey(e);
    let c = catalogs.get(key);
    if (!c) catalogs.set(key, (c = build(e)));
    return c;
  };
  const metrics = deps.metrics;
  return Object.freeze({
    catalog,
    effective: (account: Pick<Account, "settings"> | null | undefined) => effectiveFor(bounds, account),
    catalogFor,
    binding: (caller: ToolCaller, effective?: Effective): ToolBinding => ({
      context: (signal) => toolContext(deps, caller, signal, effective),
      observe: metrics ? (tool, outcome, seconds) => metrics.observeTool(tool, outcome, seconds) : undefined,
      onError: (tool, err) => caller.logger.error({ err, tool }, "MCP tool failed unexpectedly"),
      audit: deps.audit,
      observeAction: metrics?.observeAction ? (outcome) => metrics.observeAction!(outcome) : undefined,
    }),
    server: (binding: ToolBinding, c: ToolCatalog = catalog, scope?: ServerScope) => createMcpServer(c, binding, scope),
  });
}
