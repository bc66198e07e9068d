// The ready-to-use mcp.json printed by `tgmcp setup` and offered by the /setup wizard.
export type McpMode = "stdio" | "http-no-auth" | "http-auth";

export interface McpConfigOptions {
  mode: McpMode;
  /** Base URL of the server (http modes), e.g. https://tg.example.com */
  url?: string;
  /** http-auth: the bearer token (shown once). */
  token?: string;
  /** stdio: environment the server process needs (SESSION_DIR, API_ID, ...). */
  env?: Record<string, string>;
  /** Key under mcpServers. */
  name?: string;
}

export function mcpConfig(opts: McpConfigOptions): { mcpServers: Record<string, Record<string, unknown>> } {
  const name = opts.name ?? "telegram";
  if (opts.mode === "stdio") {
    return { mcpServers: { [name]: { command: "tgmcp", args: ["serve"], env: { SERVER_MODE: "stdio", ...(opts.env ?? {}) } } } };
  }
  const url = `${(opts.url ?? "http://127.0.0.1:8000").replace(/\/+$/, "")}/mcp`;
  if (opts.mode === "http-no-auth") return { mcpServers: { [name]: { url } } };
  if (!opts.token) throw new Error("http-auth mcp.json needs a token");
  return { mcpServers: { [name]: { url, headers: { Authorization: `Bearer ${opts.token}` } } } };
}

export function mcpConfigText(opts: McpConfigOptions): string {
  return JSON.stringify(mcpConfig(opts), null, 2) + "\n";
}
