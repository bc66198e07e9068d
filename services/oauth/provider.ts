// tgmcp's authorization server: oidc-provider (a certified OpenID/OAuth implementation) set up
// for MCP connectors. The library does the protocol (metadata, DCR, PKCE, codes, tokens,
// rotation, revocation, resource indicators, RFC 9207 `iss`); this file only chooses:
//
// - authorization code + PKCE S256 only, public or confidential clients, DCR open, CIMD on;
// - resources: this server (its /mcp URL, or its origin), scopes telegram:read / telegram:write;
//   access tokens are opaque and stored (so revocation is immediate), audience = the resource;
// - refresh tokens always issued to clients that may use them, rotated on every use; the library
//   revokes the whole grant when a used one comes back (reuse detection);
// - every authorization asks the person to log in (the grant must carry the account's token,
//   which only a login or the token itself gives); the pages are tgmcp's (routes/oauth.ts).
import { generateKeyPair, exportJWK } from "jose";
import Provider, { errors, interactionPolicy, type KoaContextLike } from "oidc-provider";
import type { OAuthAdapterKit } from "./adapter.js";

import { SCOPES, resourcesOf } from "./scopes.js";
import { INTERACTION_PATH, OAUTH_ROUTES } from "./routes.js";

export interface OAuthProviderOptions {
  /** The issuer: the server's public base URL, no trailing slash. */
  issuer: string;
  kit: OAuthAdapterKit;
  /** Keys that sign the provider's cookies (derived from the install key). */
  cookieKeys: string[];
  accessTokenTtlS: number;
  refreshTokenTtlS: number;
  /** Whether an account id still exists (a deleted account's grants stop working). */
  accountExists: (accountId: string) => Promise<boolean>;
  /** Behind TRUST_PROXY: read X-Forwarded-Proto/Host. */
  proxy: boolean;
  /** Client ID Metadata Documents supported (announced in the metadata). */
  cimd: boolean;
}

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function createOAuthProvider(opts: OAuthProviderOptions): Promise<Provider> {
  const { issuer } = opts;
  const resources = new Set(resourcesOf(issuer));
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  // ID tokens (only for clients that ask for `openid`) are signed with a key of this process.
  const jwk = { ...(await exportJWK(privateKey)), alg: "ES256", use: "sig" };

  const policy = interactionPolicy.base();
  policy.get("login")!.checks.push(
    new interactionPolicy.Check("tgmcp_account", "each grant needs the account proven in this authorization", (ctx: KoaContextLike) =>
      ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
    ),
  );

  const provider = new Provider(issuer, {
    adapter: opts.kit.Adapter,
    clients: [],
    jwks: { keys: [jwk] },
    cookies: { keys: opts.cookieKeys, long: { signed: true, httpOnly: true, sameSite: "lax" }, short: { signed: true, httpOnly: true, sameSite: "lax" } },
    findAccount: async (_ctx: unknown, sub: string) => ((await opts.accountExists(sub)) ? { accountId: sub, claims: async () => ({ sub }) } : undefined),
    // telegram:* are listed for registration and discovery; what a token may do is its resource scope.
    scopes: ["openid", "offline_access", ...SCOPES],
    claims: { openid: ["sub"] },
    responseTypes: ["code"],
    pkce: { methods: ["S256"], required: () => true },
    clientDefaults: { grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], token_endpoint_auth_method: "none", id_token_signed_response_alg: "ES256" },
    clientAuthMethods: ["none", "client_secret_basic", "client_secret_post"],
    routes: OAUTH_ROUTES,
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `${INTERACTION_PATH}/${interaction.uid}`, policy },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx: unknown, _client: unknown, oneOf?: string[]) => oneOf ?? `${issuer}/mcp`,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, resource: string) => {
          if (!resources.has(resource)) throw new errors.InvalidTarget(`this server is the resource ${issuer}/mcp`);
          return { scope: SCOPES.join(" "), audience: resource, accessTokenFormat: "opaque", accessTokenTTL: opts.accessTokenTtlS };
        },
      },
    },
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) => client.grantTypeAllowed("refresh_token"),
    ttl: {
      AccessToken: opts.accessTokenTtlS,
      AuthorizationCode: 60,
      RefreshToken: opts.refreshTokenTtlS,
      Grant: opts.refreshTokenTtlS,
      Interaction: 15 * 60,
      Session: 15 * 60,
      IdToken: 3600,
    },
    discovery: opts.cimd ? { client_id_metadata_document_supported: true } : {},
    // The library's pages are replaced by tgmcp's; its error page is plain and escaped.
    renderError: async (ctx: KoaContextLike, out: Record<string, unknown>) => {
      ctx.type = "html";
      ctx.body = `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Authorization failed · tgmcp</title><main style="font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem"><h1>Authorization failed</h1><p><code>${esc(out.error)}</code>: ${esc(out.error_description)}</p><p>Go back to the app that sent you here and connect again.</p></main>`;
    },
  });
  provider.proxy = opts.proxy;
  return provider;
}
