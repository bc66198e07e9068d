// The scopes and resource identifiers of tgmcp as an OAuth-protected resource (no library here:
// the auth plugin reads them on every request).

/** telegram:read: the read-only tool set and read-class raw methods; telegram:write: the rest. */
export const SCOPES = ["telegram:read", "telegram:write"] as const;
export type TelegramScope = (typeof SCOPES)[number];

/** The resource identifiers this server accepts for `base` (no trailing slash): RFC 8707 audiences. */
export function resourcesOf(base: string): string[] {
  return [`${base}/mcp`, base, `${base}/`, `${base}/mtproto-api`];
}
