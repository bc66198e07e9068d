// Resolves the account of a request.
// - http-auth: a bearer token (@fastify/bearer-auth), by AUTH_MODES: a static account token
//   (verified by the account store in constant time) and/or an OAuth access token (plugins/oauth.ts:
//   expiry, revocation and audience checked). A grant without telegram:write gives the request
//   its account with read-only settings (services/accounts/settings.ts), and `request.oauthGrant`
//   says which client and grant it is. Failures get 401 JSON with `WWW-Authenticate: Bearer`
//   (with OAuth: the resource metadata URL and the scopes, RFC 9728 §5.1); an IP with too many
//   failed attempts gets 429 before its token is even looked at.
// - http-no-auth and stdio: the default account.
// Register it inside the scope that needs an account (encapsulation): routes outside that
// scope (/health, /metrics, /setup) never see this hook.
import fp from "fastify-plugin";
import bearerAuth from "@fastify/bearer-auth";
import type { FastifyRequest } from "fastify";
import type { Account } from "../services/accounts/types.js";
import { SCOPES } from "../services/oauth/scopes.js";
import { sendRateLimited } from "./rate-limit.js";
import type { OAuthGrantInfo } from "./oauth.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The account this request acts for (set by the auth plugin in the account scope). */
    account: Account | null;
    /** The bearer token of an http-auth request (decrypts the account's session). Never log it. */
    accountToken: string | undefined;
    /** The OAuth grant of a request authorized by an access token (no secret in it); null otherwise. */
    oauthGrant: OAuthGrantInfo | null;
  }
  interface FastifyContextConfig {
    /** The route checks its own credential, a signed link (routes/files.ts): no bearer token is read. */
    signedUrl?: boolean;
  }
}

const REALM = 'Bearer realm="tgmcp"';

export default fp(
  async function authPlugin(fastify) {
    const { config, accounts } = fastify;
    fastify.decorateRequest("account", null);
    fastify.decorateRequest("accountToken", undefined);
    fastify.decorateRequest("oauthGrant", null);

    if (config.SERVER_MODE !== "http-auth") {
      fastify.addHook("onRequest", async (request) => {
        request.account = await accounts.defaultAccount();
      });
      return;
    }

    const bearerMode = config.AUTH_MODES.includes("bearer");
    const oauth = fastify.oauth;
    const wrongAudience = new WeakSet<FastifyRequest>();

    await fastify.register(bearerAuth, {
      keys: [],
      // The auth scheme is case-insensitive (RFC 7235 §2.1, RFC 6750): "bearer x" is "Bearer x".
      // The plugin calls that mode "rfc6749"; its "rfc6750" default compares case-sensitively.
      specCompliance: "rfc6749",
      addHook: false, // our own hook below adds the failure limit and the 401 body/headers
      verifyErrorLogLevel: "debug",
      auth: async (token: string, request: FastifyRequest) => {
        if (bearerMode) {
          const account = await accounts.verifyToken(token);
          if (account) {
            request.account = account;
            request.accountToken = token;
            return true;
          }
        }
        if (!oauth) return false;
        const r = await oauth.verify(token, request);
        if (!r.ok) {
          if (r.reason === "audience") wrongAudience.add(request);
          return false;
        }
        // A grant without telegram:write reads only: the account's settings say so for this request.
        const readOnly = !r.grant.scopes.includes("telegram:write");
        request.account = readOnly ? { ...r.account, settings: { ...r.account.settings, readOnly: true } } : r.account;
        request.accountToken = r.accountToken;
        request.oauthGrant = r.grant;
        return true;
      },
    });
    const verify = fastify.verifyBearerAuth!;
    const setupWhere = oauth
      ? "connect through OAuth (this server's metadata is at /.well-known/oauth-protected-resource), run `tgmcp setup` or open /setup on this server"
      : "run `tgmcp setup` or open /setup on this server";
    // RFC 9728 §5.1: where the resource's metadata is, and the scopes to ask for.
    const challenge = (request: FastifyRequest, extra = "") => {
      if (!oauth) return `${REALM}${extra}`;
      const which = request.url.startsWith("/mcp") ? "/mcp" : "";
      return `${REALM}, resource_metadata="${oauth.baseUrl(request)}/.well-known/oauth-protected-resource${which}", scope="${SCOPES.join(" ")}"${extra}`;
    };

    fastify.addHook("onRequest", async (request, reply) => {
      if (request.routeOptions.config.signedUrl === true) return;
      const blocked = await fastify.rateLimits.authFailures.blockedFor(request);
      if (blocked !== null) {
        fastify.metrics.rateLimited.inc({ scope: "auth_failures" });
        return sendRateLimited(reply, blocked, "too many failed bearer-token attempts from this address");
      }
      const err = await new Promise<Error | undefined>((resolve) => verify(request, reply, resolve));
      if (!err) return;
      const code = (err as Error & { code?: string }).code;
      if (code === "FST_BEARER_AUTH_MISSING_AUTHORIZATION_HEADER") {
        return reply
          .code(401)
          .header("www-authenticate", challenge(request))
          .send({ error: `Missing bearer token: send the header "Authorization: Bearer <token>". To get a token, ${setupWhere}.`, error_type: "Unauthorized" });
      }
      if (code === "FST_BEARER_AUTH_INVALID_AUTHORIZATION_HEADER") {
        fastify.metrics.authFailures.inc();
        await fastify.rateLimits.authFailures.record(request);
        return reply
          .code(401)
          .header(
            "www-authenticate",
            challenge(request, `, error="invalid_token", error_description="${wrongAudience.has(request) ? "The access token is for another resource" : `The bearer token is unknown${oauth ? ", expired" : ""} or revoked`}"`),
          )
          .send({
            error: wrongAudience.has(request)
              ? "Invalid bearer token: this OAuth access token was issued for another resource (audience), not this server. Ask for a token with this server's resource indicator."
              : `Invalid bearer token: it is unknown, ${oauth ? "expired, " : ""}revoked or mistyped (expected "Authorization: Bearer <token>"). To get a new token, ${setupWhere}.`,
            error_type: "Unauthorized",
          });
      }
      // The account store failed: a server error, not the client's fault.
      throw err;
    });
  },
  { name: "auth", fastify: "5.x", dependencies: ["config", "accounts", "rate-limit", "metrics", "oauth"] },
);
