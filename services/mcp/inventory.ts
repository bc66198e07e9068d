// The tool inventory (after github-mcp-server's): which tools a server serves, from the
// registry and two settings. TOOLSETS keeps the named groups (toolsets.ts); READ_ONLY keeps the
// tools whose annotations say readOnlyHint, plus those with a read-only mode (invoke_mtproto,
// limited to read-class methods). What is left is the catalog: the one thing tools/list, the
// instructions and tools/call all read, so a client sees exactly what it can call.
import { VERSION } from "../config/version.js";
import { TOOLS } from "./registry.js";
import { prepareTools, type ToolCatalog } from "./server-factory.js";
import { ALL_TOOLSETS, TOOLSET_NAMES, type Toolset } from "./toolsets.js";
import type { AnyToolDefinition, ReadOnlySource } from "./types.js";

export interface CatalogOptions {
  /** Toolset names, or "all" (the default). Unknown names throw with the valid ones; an empty list serves no tool. */
  toolsets?: readonly string[];
  /** READ_ONLY: serve only what cannot change anything on Telegram. */
  readOnly?: boolean;
  /** Whose setting makes it read-only (the refusals and notes name it); default the server's. */
  readOnlySource?: ReadOnlySource;
  /** The tools to choose from (default: the registry). */
  tools?: readonly AnyToolDefinition[];
  serverInfo?: ToolCatalog["serverInfo"];
}

export const SERVER_INFO: ToolCatalog["serverInfo"] = { name: "tgmcp", version: VERSION, title: "Telegram (tgmcp)" };

/** The toolsets a TOOLSETS value names; "all" anywhere means every one. */
export function resolveToolsets(names: readonly string[] = [ALL_TOOLSETS]): ReadonlySet<Toolset> {
  const unknown = names.filter((n) => n !== ALL_TOOLSETS && !(TOOLSET_NAMES as readonly string[]).includes(n));
  if (unknown.length) throw new Error(`unknown toolset${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; valid: ${[...TOOLSET_NAMES, ALL_TOOLSETS].join(", ")}`);
  if (names.length === 0 || names.includes(ALL_TOOLSETS)) return new Set(TOOLSET_NAMES);
  return new Set(names as Toolset[]);
}

/** Read-only comes from the annotation, as clients see it; a tool with a read-only mode can be limited to it. */
export function servableReadOnly(def: AnyToolDefinition): boolean {
  return def.annotations.readOnlyHint || def.readOnlyMode !== undefined;
}

/** The definitions a server with these settings serves, in registry order. */
export function selectTools(opts: CatalogOptions = {}): AnyToolDefinition[] {
  // An account whose toolsets the server does not serve at all gets no tools (not every tool).
  if (opts.toolsets && opts.toolsets.length === 0) return [];
  const sets = resolveToolsets(opts.toolsets);
  return (opts.tools ?? TOOLS).filter((def) => sets.has(def.toolset) && (!opts.readOnly || servableReadOnly(def)));
}

/** A catalog: built once per set of settings (services/mcp/service.ts caches them), shared by every request and transport. */
export function buildCatalog(opts: CatalogOptions = {}): ToolCatalog {
  return prepareTools(selectTools(opts), opts.serverInfo ?? SERVER_INFO, { readOnly: opts.readOnly === true, readOnlySource: opts.readOnlySource });
}
