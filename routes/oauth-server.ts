// OAuth discovery and the authorization server's endpoints (public scope; only when OAuth is on).
//
// - /.well-known/oauth-protected-resource[/mcp|/mtproto-api]: Protected Resource Metadata
//   (RFC 9728), written here: it describes this resource, which the library does not know.
// - /.well-known/openid-configuration and /.well-known/oauth-authorization-server (RFC 8414):
//   the provider's own metadata document (the second is the same document under the OAuth name).
// - /oauth/* (authorize, token, register, revoke, jwks): handed to oidc-provider's node handler
//   untouched. The hand-over happens in onRequest, before Fastify reads the body, and the reply
//   is hijacked: the library parses, answers and sets its own CORS and cache headers.
// - The endpoints anyone may call and that write state or check secrets (token, register, revoke,
//   authorize) share a per-IP limit (OAUTH_RATE_LIMIT per OAUTH_RATE_WINDOW), answered before the
//   library sees the request: 429, Retry-After and an RFC 6749-style body ("too_many_requests",
//   the code both MCP SDKs know). Discovery documents are cached and free.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { SCOPES } from "../services/oauth/scopes.js";
import { OAUTH_ROUTES, handOverKeyOf } from "../services/oauth/routes.js";

/** The limited endpoints (and the resume step after an interaction, under the authorization path). */
const LIMITED = [OAUTH_ROUTES.token, OAUTH_ROUTES.registration, OAUTH_ROUTES.revocation, OAUTH_ROUTES.authorization];

const PRM_PATHS: Record<string, string> = { "": "", "/mcp": "/mcp", "/mtproto-api": "/mtproto-api" };

const oauthServerRoutes: FastifyPluginAsync = async (fastify) => {
  const oauth = fastify.oauth;
  if (!oauth) return;

  for (const [suffix, resourcePath] of Object.entries(PRM_PATHS)) {
    fastify.get(`/.well-known/oauth-protected-resource${suffix}`, async (request, reply) => {
      const base = oauth.baseUrl(request);
      reply.header("access-control-allow-origin", "*").header("cache-control", "public, max-age=300");
      return {
        resource: `${base}${resourcePath}`,
        authorization_servers: [base],
        scopes_supported: [...SCOPES],
        bearer_methods_supported: ["header"],
        resource_name: "tgmcp (Telegram)",
        resource_documentation: "https://github.com/tgmcp/tgmcp#oauth-connectors",
      };
    });
  }

  const c = fastify.config;
  const limiter = fastify.createRateLimit({ max: c.OAUTH_RATE_LIMIT, timeWindow: c.OAUTH_RATE_WINDOW * 1000, keyGenerator: (req) => req.ip });
  const limited = (url: string) => {
    const p = url.split("?")[0]!;
    return LIMITED.some((l) => p === l || p.startsWith(`${l}/`));
  };

  /** Hands the raw request to the provider (optionally under another path) and hijacks the reply. */
  const handOver = (rewrite?: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== "OPTIONS" && limited(request.url)) {
      const r = await limiter(request);
      if (!r.isAllowed && r.isExceeded) {
        fastify.metrics.rateLimited.inc({ scope: "oauth" });
        const s = Math.max(1, Math.ceil(r.ttlInSeconds));
        return reply
          .code(429)
          .header("retry-after", String(s))
          .header("cache-control", "no-store")
          .header("access-control-allow-origin", "*")
          .header("access-control-expose-headers", "retry-after")
          .send({ error: "too_many_requests", error_description: `Too many OAuth requests from this address (limit ${r.max} per ${c.OAUTH_RATE_WINDOW} s). Retry in ${s} s.` });
      }
    }
    const provider = await oauth.providerFor(request);
    reply.hijack();
    if (rewrite) request.raw.url = rewrite + (request.raw.url!.includes("?") ? request.raw.url!.slice(request.raw.url!.indexOf("?")) : "");
    const handler = provider.callback();
    // The resume step after consent: the browser's hand-over key for the grant's first code.
    const handOverKey = handOverKeyOf(request.url, request.headers.cookie);
    await new Promise<void>((resolve) => {
      reply.raw.once("close", resolve);
      reply.raw.once("finish", resolve);
      oauth.kit.run(() => handler(request.raw, reply.raw), handOverKey);
    });
  };
  const mount = (url: string, rewrite?: string) =>
    fastify.route({ method: ["GET", "POST", "OPTIONS", "HEAD"], url, onRequest: handOver(rewrite), handler: async () => undefined });

  mount("/.well-known/openid-configuration");
  mount("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration");
  for (const path of Object.values(OAUTH_ROUTES)) mount(path);
  // The provider's resume step after an interaction (/oauth/authorize/:uid).
  mount(`${OAUTH_ROUTES.authorization}/:uid`);
};

export default oauthServerRoutes;
