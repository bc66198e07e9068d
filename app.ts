// The composition root: buildApp(config, deps?) registers plugins/ then routes/, nothing else.
//
// Plugins (each named, with its dependencies declared):
//   config -> backend -> accounts; metrics (config, backend) -> rate-limit -> session-pool
//   (config, backend, accounts, metrics); error-handler, host-validation, view; per scope:
//   setup-security (setup), auth (account).
// Scopes (Fastify encapsulation decides what a route gets, not if-statements):
//   public    /health, /metrics                      no account, no limit
//   setup     /setup, /setup/account                 per-IP rate limit, CSRF and CSP
//   oauth     /oauth/interaction (OAuth login pages)   per-IP rate limit, CSRF (own cookie) and CSP
//   (public also holds OAuth discovery and /oauth/* of the authorization server, when OAuth is on)
//   account   /mcp, /mtproto-api                     auth (bearer token in http-auth mode,
//                                                    the default account otherwise) + per-account
//                                                    limit on Telegram-touching requests
//             /files/<token>                         the same scope, but the signed link is the
//                                                    credential (auth skips it: signedUrl)
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from "fastify";
import type { TelegramClient } from "telegram";
import type { Config } from "./services/config/schema.js";
import { loggerOptions } from "./services/config/logging.js";
import type { ManagedAccountStore } from "./services/accounts/file-store.js";
import type { Sandbox } from "./sandbox/index.js";
import configPlugin from "./plugins/config.js";
import backendPlugin from "./plugins/backend.js";
import accountsPlugin from "./plugins/accounts.js";
import viewPlugin from "./plugins/view.js";
import errorHandlerPlugin, { frameworkErrors } from "./plugins/error-handler.js";
import { OneLinePerRequest } from "./plugins/request-log.js";
import hostValidationPlugin from "./plugins/host-validation.js";
import metricsPlugin from "./plugins/metrics.js";
import rateLimitPlugin from "./plugins/rate-limit.js";
import sessionPoolPlugin from "./plugins/session-pool.js";
import setupSecurityPlugin from "./plugins/setup-security.js";
import authPlugin from "./plugins/auth.js";
import mcpPlugin from "./plugins/mcp.js";
import auditPlugin from "./plugins/audit.js";
import oauthPlugin, { type OAuthPluginOptions } from "./plugins/oauth.js";
import healthRoutes from "./routes/health.js";
import metricsRoutes from "./routes/metrics.js";
import setupRoutes from "./routes/setup.js";
import accountRoutes from "./routes/account.js";
import mtprotoApiRoutes from "./routes/mtproto-api.js";
import mcpRoutes from "./routes/mcp.js";
import filesRoutes from "./routes/files.js";
import mediaLinksPlugin from "./plugins/media-links.js";
import oauthServerRoutes from "./routes/oauth-server.js";
import oauthRoutes from "./routes/oauth.js";
import faviconRoutes from "./routes/favicon.js";

export type RouteScope = "public" | "setup" | "oauth" | "account";

export interface RouteEntry {
  name: string;
  plugin: FastifyPluginAsync<Record<string, unknown>>;
  scope: RouteScope;
  options?: Record<string, unknown>;
}

/** Every route of the service. Adding one is one line here. */
export const ROUTES: RouteEntry[] = [
  { name: "health", plugin: healthRoutes, scope: "public" },
  { name: "metrics", plugin: metricsRoutes, scope: "public" },
  { name: "favicon", plugin: faviconRoutes, scope: "public" },          // routes/favicon.ts (the pages' icon)
  { name: "setup", plugin: setupRoutes, scope: "setup" },             // routes/setup.ts (accounts & setup)
  { name: "account", plugin: accountRoutes, scope: "setup" },         // routes/account.ts (an account's limits)
  { name: "oauth-server", plugin: oauthServerRoutes, scope: "public" }, // routes/oauth-server.ts (OAuth discovery, /oauth/*)
  { name: "oauth", plugin: oauthRoutes, scope: "oauth" },             // routes/oauth.ts (OAuth login and consent pages)
  { name: "mcp", plugin: mcpRoutes, scope: "account" },                  // routes/mcp.ts (MCP tools)
  { name: "mtproto-api", plugin: mtprotoApiRoutes, scope: "account" }, // routes/mtproto-api.ts (MTProto bridge)
  { name: "files", plugin: filesRoutes, scope: "account" },             // routes/files.ts (signed media links; no bearer token)
];

export interface AppDeps {
  /** The account store (default: the file store in SESSION_DIR, or an in-memory demo store on the embedded sandbox). */
  accountStore?: ManagedAccountStore;
  /** Use this running sandbox as the backend (the caller closes it). */
  sandbox?: Sandbox;
  /** Overrides how gramjs clients are built. */
  createClient?: (session: string, accountId: string) => TelegramClient;
  /** Fastify logger settings (default: pino at LOG_LEVEL with secrets redacted). */
  logger?: FastifyServerOptions["logger"];
  loggerInstance?: FastifyServerOptions["loggerInstance"];
  /** Routes registered after ROUTES (tests, embedders). */
  routes?: RouteEntry[];
  /** The OAuth authorization server's store and CIMD fetch settings (tests). */
  oauth?: OAuthPluginOptions;
  /** Process metrics in /metrics (default true). */
  defaultMetrics?: boolean;
}

// REDACT_PATHS and loggerOptions live in services/config/logging.ts (a stdio start needs them
// without this module); re-exported here for embedders and tests.
export { REDACT_PATHS, loggerOptions } from "./services/config/logging.js";

/**
 * Fastify's trustProxy from TRUST_PROXY. A list goes as is: only those peers' X-Forwarded-For is
 * read. A hop count becomes a function, because Fastify 5 ignores numbers (it fails closed since
 * it cannot check the peer); the operator who sets one says the port is reachable through the
 * proxies alone. Either way request.ip is the rightmost untrusted entry, never one the client wrote.
 */
export function trustProxyOption(setting: Config["TRUST_PROXY"]): FastifyServerOptions["trustProxy"] {
  if (Array.isArray(setting)) return [...setting];
  if (setting === 0) return false;
  return (_address: string, hop: number) => hop < setting;
}

export async function buildApp(config: Config, deps: AppDeps = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.loggerInstance ? { loggerInstance: deps.loggerInstance } : { logger: deps.logger ?? loggerOptions(config) }),
    bodyLimit: config.BODY_LIMIT,
    trustProxy: trustProxyOption(config.TRUST_PROXY),
    return503OnClosing: true,
    logController: new OneLinePerRequest(), // one log line per request, with its outcome
    frameworkErrors, // malformed paths: a JSON 400 that does not echo the URL
  });

  try {
    await app.register(configPlugin, { config });
    await app.register(errorHandlerPlugin);
    await app.register(hostValidationPlugin, { host: config.HOST, allowedHosts: [...config.ALLOWED_HOSTS, ...(config.DOMAIN ? [config.DOMAIN] : [])] });
    await app.register(backendPlugin, { sandbox: deps.sandbox });
    await app.register(accountsPlugin, { store: deps.accountStore });
    await app.register(metricsPlugin, { defaultMetrics: deps.defaultMetrics });
    await app.register(auditPlugin);
    await app.register(rateLimitPlugin);
    await app.register(sessionPoolPlugin, { createClient: deps.createClient });
    await app.register(mcpPlugin);
    await app.register(mediaLinksPlugin);
    await app.register(oauthPlugin, deps.oauth ?? {});
    await app.register(viewPlugin);
    await registerRoutes(app, [...ROUTES, ...(deps.routes ?? [])]);
  } catch (err) {
    // What started before the failure (an embedded sandbox, say) stops with the app.
    await app.close().catch(() => {});
    throw err;
  }
  return app;
}

async function registerRoutes(app: FastifyInstance, routes: RouteEntry[]): Promise<void> {
  const inScope = (scope: RouteScope) => routes.filter((r) => r.scope === scope);

  for (const r of inScope("public")) await app.register(r.plugin, r.options ?? {});

  await app.register(async function setupScope(scope) {
    scope.addHook("onRequest", scope.rateLimits.setup);
    await scope.register(setupSecurityPlugin);
    for (const r of inScope("setup")) await scope.register(r.plugin, r.options ?? {});
  });

  await app.register(async function oauthScope(scope) {
    if (!scope.oauth) return;
    scope.addHook("onRequest", scope.rateLimits.setup);
    // Its own CSRF cookie (path /oauth): the wizard's is scoped to /setup. Its key is the install's,
    // so that instances sharing SESSION_DIR accept each other's forms.
    await scope.register(setupSecurityPlugin, { cookie: "tgmcp_oauth", path: "/oauth", secret: scope.oauth.pagesKey });
    for (const r of inScope("oauth")) await scope.register(r.plugin, r.options ?? {});
  });

  await app.register(async function accountScope(scope) {
    await scope.register(authPlugin);
    scope.addHook("preHandler", scope.rateLimits.account);
    for (const r of inScope("account")) await scope.register(r.plugin, r.options ?? {});
  });
}
