// What a person sees when they start the HTTP server in a terminal (LOG_FORMAT auto on a TTY, or
// pretty): a short banner with where to point a client, then readable log lines. Machines
// (systemd, Docker, log shippers) get pino's JSON lines, unchanged.
import type { Config } from "../services/config/schema.js";

export interface BannerFacts {
  version: string;
  url: string;
  mode: Config["SERVER_MODE"];
  /** "embedded sandbox", "sandbox at ..." or "Telegram". */
  backend: string;
}

/** Whether logs are pretty: asked for, or auto with a terminal on stdout. */
export function prettyLogs(format: Config["LOG_FORMAT"], isTTY: boolean): boolean {
  return format === "pretty" || (format === "auto" && isTTY);
}

export function startBanner(f: BannerFacts): string {
  const auth = f.mode === "http-auth" ? "bearer token per account (create one at /setup or with `tgmcp setup`)" : "none (loopback use)";
  return [
    "",
    `  tgmcp ${f.version} is ready`,
    "",
    `  MCP endpoint   ${f.url}/mcp`,
    `  Mode           ${f.mode}; auth: ${auth}`,
    `  Telegram       ${f.backend}`,
    `  Log in         ${f.url}/setup`,
    `  Health         ${f.url}/health`,
    "",
    "  Ctrl+C stops the server.",
    "",
  ].join("\n");
}
