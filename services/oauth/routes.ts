// The paths of the authorization server (mounted at the server's root; the issuer is its base URL).

/** oidc-provider's `routes` option: the endpoints tgmcp enables, under /oauth. */
export const OAUTH_ROUTES = {
  authorization: "/oauth/authorize",
  token: "/oauth/token",
  registration: "/oauth/register",
  revocation: "/oauth/revoke",
  jwks: "/oauth/jwks",
} as const;

/** tgmcp's own pages for an authorization in progress (routes/oauth.ts). */
export const INTERACTION_PATH = "/oauth/interaction";

/** The cookie that carries a consent's hand-over key to the resume request of interaction `uid`. */
export const handOverCookie = (uid: string) => `tgmcp_ho_${uid}`;

/** The hand-over key a resume request (/oauth/authorize/<uid>) carries, if any. */
export function handOverKeyOf(url: string, cookieHeader: string | undefined): string | undefined {
  const m = /^\/oauth\/authorize\/([A-Za-z0-9_-]{1,64})(?:[?#]|$)/.exec(url);
  if (!m || !cookieHeader) return undefined;
  const name = handOverCookie(m[1]!);
  for (const part of cookieHeader.split(";")) {
    const [k, v] = part.trim().split("=", 2);
    if (k === name && v && /^[A-Za-z0-9_-]{43}$/.test(v)) return v;
  }
  return undefined;
}
