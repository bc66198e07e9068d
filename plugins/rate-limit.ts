// Rate limits on top of @fastify/rate-limit (its stores and counting; our keys and replies):
// - per account (= per token) on Telegram-touching work: `fastify.rateLimits.account`, a
//   preHandler that counts only requests whose route says they reach Telegram
//   (`config.telegramWork`: tool calls on /mcp, every /mtproto-api call). Protocol chatter
//   (initialize, tools/list, ping, notifications, 405s) is free: one mcp-remote connect alone
//   costs 10-16 requests, and counting those tripped ordinary clients on a local server;
// - per IP on /setup: `fastify.rateLimits.setup` hook;
// - per IP on failed bearer-token attempts: `fastify.rateLimits.authFailures`.
// A refused request gets 429, Retry-After and a JSON body.
import fp from "fastify-plugin";
import rateLimit from "@fastify/rate-limit";
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler, preHandlerAsyncHookHandler } from "fastify";

export interface AuthFailureLimiter {
  /** Seconds until this IP may try again, or null when it is not blocked. Does not count. */
  blockedFor(request: FastifyRequest): Promise<number | null>;
  /** Counts one failed attempt of this IP. */
  record(request: FastifyRequest): Promise<void>;
}

export interface RateLimits {
  account: preHandlerAsyncHookHandler;
  setup: onRequestAsyncHookHandler;
  authFailures: AuthFailureLimiter;
}

declare module "fastify" {
  interface FastifyInstance {
    rateLimits: RateLimits;
  }
  interface FastifyContextConfig {
    /** Whether this request reaches Telegram and so counts against the per-account limit (default: no). */
    telegramWork?: (request: FastifyRequest) => boolean;
  }
}

/** Sends the 429 every limit uses. */
export function sendRateLimited(reply: FastifyReply, retryAfterS: number, what: string): FastifyReply {
  const s = Math.max(1, Math.ceil(retryAfterS));
  return reply
    .code(429)
    .header("retry-after", String(s))
    .send({ error: `Too many requests: ${what}. Retry in ${s} s.`, error_type: "RateLimited", retry_after_s: s });
}

export default fp(
  async function rateLimitPlugin(fastify) {
    const c = fastify.config;
    // global: false: nothing is limited unless a scope adds one of the hooks below.
    await fastify.register(rateLimit, { global: false });

    // Worded for the mode: only http-auth has tokens; the other modes act for one account.
    const accountScope = c.SERVER_MODE === "http-auth" ? "for this token" : "on this server";
    const accountLimiter = fastify.createRateLimit({
      max: c.RATE_LIMIT_MAX,
      timeWindow: c.RATE_LIMIT_WINDOW * 1000,
      // Per account, i.e. per token in http-auth mode; the IP only if auth set no account.
      keyGenerator: (req) => (req.account ? `account:${req.account.id}` : `ip:${req.ip}`),
    });
    const setupLimiter = fastify.createRateLimit({ max: c.SETUP_RATE_LIMIT, timeWindow: c.SETUP_RATE_WINDOW * 1000, keyGenerator: (req) => req.ip });
    const authFailLimiter = fastify.createRateLimit({ max: c.AUTH_FAIL_LIMIT, timeWindow: c.AUTH_FAIL_WINDOW * 1000, keyGenerator: (req) => req.ip });

    const limits: RateLimits = {
      async account(request, reply) {
        if (!request.routeOptions.config.telegramWork?.(request)) return;
        const r = await accountLimiter(request);
        if (r.isAllowed) return;
        void reply.header("x-ratelimit-limit", String(r.max)).header("x-ratelimit-remaining", String(r.remaining));
        if (r.isExceeded) {
          fastify.metrics.rateLimited.inc({ scope: "account" });
          return sendRateLimited(reply, r.ttlInSeconds, `limit of ${r.max} Telegram calls (tool calls and /mtproto-api requests) per ${c.RATE_LIMIT_WINDOW} s ${accountScope} reached (RATE_LIMIT_MAX)`);
        }
      },
      async setup(request, reply) {
        const r = await setupLimiter(request);
        if (!r.isAllowed && r.isExceeded) {
          fastify.metrics.rateLimited.inc({ scope: "setup" });
          return sendRateLimited(reply, r.ttlInSeconds, `limit of ${r.max} setup requests per ${c.SETUP_RATE_WINDOW} s from this address reached`);
        }
      },
      authFailures: {
        async blockedFor(request) {
          const r = await authFailLimiter(request, { increment: false });
          if (r.isAllowed) return null;
          return r.remaining === 0 ? Math.max(1, r.ttlInSeconds) : null;
        },
        async record(request) {
          await authFailLimiter(request);
        },
      },
    };
    fastify.decorate("rateLimits", limits);
  },
  { name: "rate-limit", fastify: "5.x", dependencies: ["config", "metrics"] },
);
