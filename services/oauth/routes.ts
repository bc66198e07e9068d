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
