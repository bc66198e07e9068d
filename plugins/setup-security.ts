// Protection of the /setup pages, registered in the setup scope only:
// - security headers on every response: a strict CSP with a per-response nonce
//   (`request.cspNonce`), no-store, a same-origin Referrer-Policy, no framing, no sniffing;
// - CSRF double-submit: an HttpOnly SameSite=Strict cookie that only this server mints, and
//   forms that carry HMAC(secret, cookie). `fastify.setupSecurity` mints, checks and derives
//   the owner id that binds a pending login to this browser.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import fp from "fastify-plugin";
import type { FastifyReply, FastifyRequest } from "fastify";

export interface SetupSecurity {
  /** This browser's wizard cookie, when the server minted it. */
  cookieOf(request: FastifyRequest): string | undefined;
  /** The wizard cookie, minted (and set on the reply) when the browser has none of ours. */
  ensureCookie(request: FastifyRequest, reply: FastifyReply): string;
  /** The CSRF value forms of this cookie carry. */
  formToken(cookie: string): string;
  /** The cookie when `csrf` is its form value, else null. */
  csrfOk(request: FastifyRequest, csrf: string | undefined): string | null;
  /** A non-secret id of this browser, to bind pending logins and results to it. */
  ownerOf(cookie: string): string;
}

declare module "fastify" {
  interface FastifyInstance {
    setupSecurity: SetupSecurity;
  }
  interface FastifyRequest {
    /** The nonce of this response's Content-Security-Policy (style and script tags carry it). */
    cspNonce: string;
  }
}

export interface SetupSecurityOptions {
  /** The cookie's name (default tgmcp_setup; the OAuth pages use their own). */
  cookie?: string;
  /** Its path over plain http (default /setup). */
  path?: string;
  /** The key of the CSRF values (default: random per process). Processes that share one (the
   * OAuth pages behind a load balancer) accept each other's forms. */
  secret?: Buffer;
}

export default fp<SetupSecurityOptions>(
  async function setupSecurityPlugin(fastify, opts) {
    const COOKIE = opts.cookie ?? "tgmcp_setup";
    // Over HTTPS: the __Host- prefix makes browsers refuse the cookie from a sibling subdomain
    // (it must be Secure, Path=/, with no Domain).
    const SECURE_COOKIE = `__Host-${COOKIE}`;
    const httpPath = opts.path ?? "/setup";
    const secret = opts.secret ?? randomBytes(32); // CSRF form values are HMACs of the cookie under it

    fastify.decorateRequest("cspNonce", "");
    fastify.addHook("onRequest", async (request, reply) => {
      const nonce = randomBytes(16).toString("base64");
      request.cspNonce = nonce;
      // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on form posts, which the
      // DNS-rebinding check rightly refuses. Our URLs never hold a secret, and no referrer ever leaves the origin.
      reply.header("referrer-policy", "same-origin");
      reply.header("cache-control", "no-store");
      reply.header("x-content-type-options", "nosniff");
      reply.header("x-frame-options", "DENY");
      reply.header(
        "content-security-policy",
        `default-src 'none'; img-src 'self' data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
      );
    });

    // The server mints every cookie (a random id and its HMAC) and replaces any value it did
    // not mint: a cookie planted in a victim's browser would otherwise be adopted, and its
    // planter could read its CSRF value off a page of their own.
    const mac = (what: string) => createHmac("sha256", secret).update(what).digest("base64url");
    const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
    const minted = (value: string) => {
      const m = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/.exec(value);
      return !!m && sameText(m[2]!, mac("cookie:" + m[1]));
    };
    const cookieName = (request: FastifyRequest) => (request.protocol === "https" ? SECURE_COOKIE : COOKIE);

    const security: SetupSecurity = {
      cookieOf(request) {
        const name = cookieName(request);
        for (const part of (request.headers.cookie ?? "").split(";")) {
          const [k, ...v] = part.trim().split("=");
          if (k === name && minted(v.join("="))) return v.join("=");
        }
        return undefined;
      },
      ensureCookie(request, reply) {
        let c = security.cookieOf(request);
        if (!c) {
          const id = randomBytes(32).toString("base64url");
          c = `${id}.${mac("cookie:" + id)}`;
          const attrs = request.protocol === "https" ? "Path=/; HttpOnly; SameSite=Strict; Secure" : `Path=${httpPath}; HttpOnly; SameSite=Strict`;
          reply.header("set-cookie", `${cookieName(request)}=${c}; ${attrs}`);
        }
        return c;
      },
      formToken: (cookie) => mac(cookie),
      csrfOk(request, csrf) {
        const c = security.cookieOf(request);
        return c && csrf && sameText(mac(c), csrf) ? c : null;
      },
      ownerOf: (cookie) => mac("owner:" + cookie),
    };
    fastify.decorate("setupSecurity", security);
  },
  { name: "setup-security", fastify: "5.x" },
);
