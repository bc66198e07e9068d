// The session pool as a Fastify plugin: `fastify.sessionPool`, and on each request
// `await request.telegram()`: the connected AccountSession of `request.account`, leased
// for the request (it is not evicted mid-request) and released when the response ends.
// FLOOD_SLEEP_THRESHOLD and POLICY_FILE are read here, where sessions are made, and nowhere else.
import fp from "fastify-plugin";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { TelegramClient } from "telegram";
import { SessionPool, type Lease } from "../services/telegram/session-pool.js";
import type { AccountSession } from "../services/telegram/account-session.js";
import { publicUrl } from "../services/config/load.js";
import { PolicyFile } from "../services/policy/policy-file.js";

declare module "fastify" {
  interface FastifyInstance {
    sessionPool: SessionPool;
  }
  interface FastifyRequest {
    /** The connected Telegram session of this request's account (created once per account). */
    telegram(): Promise<AccountSession>;
  }
}

export interface SessionPoolPluginOptions {
  /** Overrides how clients are built (default: createTelegramClient on the configured backend). */
  createClient?: (session: string, accountId: string) => TelegramClient;
}

export default fp<SessionPoolPluginOptions>(
  async function sessionPoolPlugin(fastify, opts) {
    const c = fastify.config;
    // No metrics on stdio (stdio-app.ts: nothing serves them), so none are recorded there.
    const metrics = fastify.hasDecorator("metrics") ? fastify.metrics : undefined;
    const gramLog = fastify.log;
    const createClient =
      opts.createClient ??
      // gramjs is loaded with the first client, not at start (ARCHITECTURE.md, Start-up).
      (async (session: string) => (await import("../services/telegram/client-factory.js")).createTelegramClient({ session, backend: fastify.telegramBackend, logger: gramLog }));

    // stdio / http-no-auth: POLICY_FILE, when set, is the policy (validated now: a bad file stops the start).
    if (c.POLICY_FILE && c.SERVER_MODE === "http-auth") {
      throw new Error("POLICY_FILE applies to stdio and http-no-auth; in http-auth each account has its own chat policy (`tgmcp policy --account ID`). Unset POLICY_FILE.");
    }
    const policyFile = c.POLICY_FILE ? new PolicyFile(c.POLICY_FILE) : undefined;
    if (policyFile) fastify.log.info({ policyFile: policyFile.file }, "chat policy from POLICY_FILE");

    const setupHint = c.SERVER_MODE === "http-auth" ? `log in again with \`tgmcp setup\` or at ${publicUrl(c)}/setup` : "log in again with `tgmcp setup`";
    const pool = new SessionPool({
      store: fastify.accounts,
      createClient,
      maxActive: c.MAX_ACTIVE_SESSIONS,
      maxIdleMs: c.MAX_IDLE_TIME * 1000,
      floodSleepThreshold: c.FLOOD_SLEEP_THRESHOLD,
      setupHint,
      ...(policyFile ? { filePolicy: () => policyFile.current() } : {}),
      logger: fastify.log.child({ component: "session-pool" }),
      ...(metrics
        ? {
            observer: {
              rpc: (m: string, o: string, s: number) => metrics.observeRpc(m, o, s),
              floodWait: (m: string, s: number) => metrics.observeFloodWait(m, s),
              eviction: (r: string) => metrics.observeEviction(r),
            },
          }
        : {}),
    });
    metrics?.setSessionSource(() => ({ active: pool.stats().active, max: c.MAX_ACTIVE_SESSIONS }));
    fastify.decorate("sessionPool", pool);

    const leases = new WeakMap<FastifyRequest, Promise<Lease>>();
    const release = (request: FastifyRequest) => {
      const p = leases.get(request);
      if (!p) return;
      leases.delete(request);
      p.then(
        (l) => l.release(),
        () => {},
      );
    };

    fastify.decorateRequest("telegram", function telegram(this: FastifyRequest): Promise<AccountSession> {
      let p = leases.get(this);
      if (!p) {
        if (!this.account) return Promise.reject(new Error("request.telegram() called outside the account scope"));
        p = pool.acquire(this.account, this.accountToken);
        leases.set(this, p);
      }
      return p.then((l) => l.session);
    });

    // Release on whichever comes first: the response is done (also for hijacked replies) or aborted.
    fastify.addHook("onRequest", async (request, reply: FastifyReply) => {
      reply.raw.once("close", () => release(request));
    });
    fastify.addHook("onResponse", async (request) => release(request));
    fastify.addHook("onRequestAbort", async (request) => release(request));

    // Persist sessions and close every session when the server closes.
    fastify.addHook("onClose", async () => {
      await pool.close();
    });
  },
  // metrics: used when registered before (app.ts); a stdio app has none (stdio-app.ts).
  { name: "session-pool", fastify: "5.x", dependencies: ["config", "backend", "accounts"] },
);
