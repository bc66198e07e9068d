// The OAuth 2.1 authorization server (services/oauth/) as a Fastify resource: its state store,
// the provider of this server's public URL, and the access-token check the auth plugin uses.
// Active in http-auth with "oauth" in AUTH_MODES; elsewhere `fastify.oauth` is null.
//
// The issuer is PUBLIC_URL (or https://DOMAIN); without either, the URL the request came in by
// (its Host is checked by host-validation first), one provider per such base URL.
import path from "node:path";
import { createHmac, randomBytes } from "node:crypto";
import fp from "fastify-plugin";
import type { FastifyRequest } from "fastify";
import type Provider from "oidc-provider";
import { publicUrl } from "../services/config/load.js";
import type { Account } from "../services/accounts/types.js";
import { FileAccountStore } from "../services/accounts/file-store.js";
import { createAdapterKit, type OAuthAdapterKit, type Payload } from "../services/oauth/adapter.js";
import { FileOAuthStore, MemoryOAuthStore, type OAuthStore } from "../services/oauth/store.js";
import { resourcesOf, type TelegramScope } from "../services/oauth/scopes.js";
import { createCimdResolver, type CimdOptions } from "../services/oauth/cimd.js";

/** What an OAuth access token stands for (for logs and metrics: no secret in it). */
export interface OAuthGrantInfo {
  clientId: string;
  grantId: string;
  scopes: TelegramScope[];
}

export type OAuthVerifyResult =
  | { ok: true; account: Account; accountToken: string; grant: OAuthGrantInfo }
  | { ok: false; reason: "unknown" | "audience" };

export interface OAuthService {
  /** The provider whose issuer is this request's base URL. */
  providerFor(request: FastifyRequest): Promise<Provider>;
  /** The server's public base URL for this request (no trailing slash). */
  baseUrl(request: FastifyRequest): string;
  /** Checks an access token presented to this server (expiry, revocation, audience, account). */
  verify(token: string, request: FastifyRequest): Promise<OAuthVerifyResult>;
  /** The store key of a Telegram user id (a keyed hash: the store names no user in clear). */
  telegramUserRef(userId: string): string;
  readonly kit: OAuthAdapterKit;
  readonly store: OAuthStore;
  /** The CSRF key of the OAuth pages: derived from the install key, shared by the instances of an install. */
  readonly pagesKey: Buffer;
}

declare module "fastify" {
  interface FastifyInstance {
    /** The authorization server, or null when OAuth is off (not http-auth, or not in AUTH_MODES). */
    oauth: OAuthService | null;
  }
}

export interface OAuthPluginOptions {
  /** State store (default: files in SESSION_DIR/oauth for a file account store, else memory). */
  store?: OAuthStore;
  /** CIMD fetch settings (tests point it at a local https server). */
  cimd?: CimdOptions;
}

export default fp<OAuthPluginOptions>(
  async function oauthPlugin(fastify, opts) {
    const { config, accounts } = fastify;
    if (config.SERVER_MODE !== "http-auth" || !config.AUTH_MODES.includes("oauth")) {
      fastify.decorate("oauth", null);
      return;
    }
    const file = accounts instanceof FileAccountStore ? accounts : null;
    // Keys from install.key when there is one (they survive restarts), else per process.
    const key = file ? await file.derivedKey("oauth store") : randomBytes(32);
    const store = opts.store ?? (file ? new FileOAuthStore(path.join(file.dir, "oauth")) : new MemoryOAuthStore());
    const cimd = createCimdResolver({ ...opts.cimd, onRefused: (url, reason) => fastify.log.info({ client: url, reason }, "oauth: client metadata document refused") });
    const kit = createAdapterKit(store, key, { clientMetadataDocument: (url) => cimd(url) as Promise<Payload | undefined> });
    const cookieKeys = [createHmac("sha256", key).update("oauth cookies").digest("base64url")];
    const providers = new Map<string, Promise<Provider>>();
    const fixedBase = config.PUBLIC_URL || config.DOMAIN ? publicUrl(config) : undefined;

    const baseUrl = (request: FastifyRequest) => fixedBase ?? `${request.protocol}://${request.host}`;
    const providerOf = (base: string) => {
      let p = providers.get(base);
      if (!p) {
        if (providers.size >= 8) providers.delete(providers.keys().next().value as string);
        // Loaded on first use: stdio and bearer-only servers never load the library.
        p = import("../services/oauth/provider.js").then(({ createOAuthProvider }) => createOAuthProvider({
          issuer: base,
          kit,
          cookieKeys,
          accessTokenTtlS: config.OAUTH_ACCESS_TOKEN_TTL,
          refreshTokenTtlS: config.OAUTH_REFRESH_TOKEN_TTL,
          accountExists: async (id) => !!(await accounts.getAccount(id)),
          proxy: config.TRUST_PROXY !== 0,
          cimd: true,
        })).then((provider) => {
          provider.on("server_error", (_ctx, err) => fastify.log.error({ err }, "oauth: provider error"));
          provider.on("grant.revoked", (_ctx, grantId) => fastify.log.info({ grantId }, "oauth: grant revoked"));
          return provider;
        });
        providers.set(base, p);
      }
      return p;
    };

    const service: OAuthService = {
      kit,
      store,
      pagesKey: createHmac("sha256", key).update("oauth pages csrf").digest(),
      baseUrl,
      telegramUserRef: (userId) => createHmac("sha256", key).update(`telegram user:${userId}`).digest("base64url"),
      providerFor: (request) => providerOf(baseUrl(request)),
      async verify(token, request) {
        const base = baseUrl(request);
        const provider = await providerOf(base);
        return kit.run(async (): Promise<OAuthVerifyResult> => {
          const at = await provider.AccessToken.find(token);
          if (!at) return { ok: false, reason: "unknown" };
          const aud = Array.isArray(at.aud) ? at.aud : at.aud ? [at.aud] : [];
          const mine = new Set(resourcesOf(base));
          if (!aud.some((a) => mine.has(a))) return { ok: false, reason: "audience" };
          const accountToken = kit.accountTokenOf(at.grantId);
          const account = accountToken ? await accounts.verifyToken(accountToken) : null;
          if (!account || account.id !== at.accountId) return { ok: false, reason: "unknown" };
          void kit.touch(at.grantId, config.OAUTH_REFRESH_TOKEN_TTL * 1000).catch((err: unknown) => request.log.warn({ err }, "oauth: last use not saved"));
          const scopes = (at.scope ?? "").split(" ").filter((s): s is TelegramScope => s === "telegram:read" || s === "telegram:write");
          return { ok: true, account, accountToken: accountToken!, grant: { clientId: at.clientId, grantId: at.grantId, scopes } };
        });
      },
    };
    fastify.decorate("oauth", service);
    fastify.addHook("onClose", async () => {
      await store.close();
    });
  },
  { name: "oauth", fastify: "5.x", dependencies: ["config", "accounts"] },
);
