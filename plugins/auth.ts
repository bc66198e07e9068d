// Resolves the account of a request.
// - http-auth: a bearer token (@fastify/bearer-auth, verified by the account store in
//   constant time). Failures get 401 JSON with `WWW-Authenticate: Bearer`; an IP with too
//   many failed attempts gets 429 before its token is even looked at.
// - http-no-auth and stdio: the default account.
// Register it inside the scope that needs an account (encapsulation): routes outside that
// scope (/health, /metrics, /setup) never see this hook.
import fp from "fastify-plugin";
import bearerAuth from "@fastify/bearer-auth";
import type { FastifyRequest } from "fastify";
import type { Account } from "../services/accounts/types.js";
import { sendRateLimited } from "./rate-limit.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The account this request acts for (set by the auth plugin in the account scope). */
    account: Account | null;
    /** The bearer token of an http-auth request (decrypts the account's session). Never log it. */
    accountToken: string | undefined;
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

    if (config.SERVER_MODE !== "http-auth") {
      fastify.addHook("onRequest", async (request) => {
        request.account = await accounts.defaultAccount();
      });
      return;
    }

    await fastify.register(bearerAuth, {
      keys: [],
      // The auth scheme is case-insensitive (RFC 7235 §2.1, RFC 6750): "bearer x" is "Bearer x".
      // The plugin calls that mode "rfc6749"; its "rfc6750" default compares case-sensitively.
      specCompliance: "rfc6749",
      addHook: false, // our own hook below adds the failure limit and the 401 body/headers
      verifyErrorLogLevel: "debug",
      auth: async (token: string, request: FastifyRequest) => {
        const account = await accounts.verifyToken(token);
        if (!account) return false;
        request.account = account;
        request.accountToken = token;
        return true;
      },
    });
    const verify = fastify.verifyBearerAuth!;
    const setupWhere = "run `tgmcp setup` or open /setup on this server";

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
          .header("www-authenticate", REALM)
          .send({ error: `Missing bearer token: send the header "Authorization: Bearer <token>". To get a token, ${setupWhere}.`, error_type: "Unauthorized" });
      }
      if (code === "FST_BEARER_AUTH_INVALID_AUTHORIZATION_HEADER") {
        fastify.metrics.authFailures.inc();
        await fastify.rateLimits.authFailures.record(request);
        return reply
          .code(401)
          .header("www-authenticate", `${REALM}, error="invalid_token", error_description="The bearer token is unknown or revoked"`)
          .send({
            error: `Invalid bearer token: it is unknown, revoked or mistyped (expected "Authorization: Bearer <token>"). To get a new token, ${setupWhere}.`,
            error_type: "Unauthorized",
          });
      }
      // The account store failed: a server error, not the client's fault.
      throw err;
    });
  },
  { name: "auth", fastify: "5.x", dependencies: ["config", "accounts", "rate-limit", "metrics"] },
);
