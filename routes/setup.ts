// The browser setup wizard at /setup: phone -> code -> 2FA, or QR; re-authorize a token
// whose session was revoked; delete an account; download the mcp.json.
//
// This file maps the wizard service's outcomes (services/accounts/wizard.ts) to pages and
// statuses. The scope's setup-security plugin adds the CSRF cookie and the CSP nonce; the
// service binds pending logins to that cookie, limits sending codes per IP and per phone, and
// counts wrong codes and passwords (LoginGuard). Tokens travel only in POST bodies and pages.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { qrImage, qrStatusAnswer, wizardErrorStatus as errorStatus } from "./wizard-http.js";
import { Type, type Static } from "typebox";
import type { TelegramClient } from "telegram";
import { createTelegramClient } from "../services/telegram/client-factory.js";
import { MemoryPendingLogins, type PendingLoginStore } from "../services/accounts/pending.js";
import { CodeSendLimiter } from "../services/accounts/send-limits.js";
import { LoginGuard } from "../services/accounts/login-guard.js";
import { LoginWizard, type PendingLogin, type WizardDone, type WizardOutcome } from "../services/accounts/wizard.js";
import { mcpConfigText, type McpMode } from "../services/accounts/mcp-config.js";
import { looksLikeToken } from "../services/accounts/tokens.js";
import { publicUrl } from "../services/config/load.js";

export type { PendingLogin } from "../services/accounts/wizard.js";

export interface SetupRoutesOptions {
  /** Pending logins (default: in memory, 15 minutes). */
  pending?: PendingLoginStore<PendingLogin>;
  /** Finished logins whose mcp.json can still be downloaded (default: in memory, 10 minutes). */
  results?: PendingLoginStore<SetupResult>;
  /** Limits on sending login codes (default: 5 per IP and 3 per phone per 15 minutes). */
  limiter?: CodeSendLimiter;
  /** Wrong codes and passwords across logins, per phone and per IP (default: LoginGuard's defaults, in memory). */
  guard?: LoginGuard;
  /** A fresh, not logged-in client for a login (default: createTelegramClient on the configured backend). */
  createClient?: () => TelegramClient;
}

export interface SetupResult {
  owner: string;
  accountId: string;
  mcpJson: string;
}

const FORM_LIMIT = 8192;

const Str = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const FormBody = Type.Object(
  {
    csrf: Str(200),
    login: Str(64),
    result: Str(64),
    phone: Str(40),
    code: Str(20),
    password: Str(256),
    token: Str(100),
    action: Str(20),
    confirm: Str(10),
  },
  { additionalProperties: false },
);
type Form = Static<typeof FormBody>;

const TITLES = {
  start: "Connect your Telegram account",
  method: "Log in again",
  code: "Enter the login code",
  password: "Two-step verification",
  qr: "Scan the QR code",
  done: "You are connected",
} as const;


const setupRoutes: FastifyPluginAsyncTypebox<SetupRoutesOptions> = async (fastify, opts) => {
  const config = fastify.config;
  const accounts = fastify.accounts;
  const security = fastify.setupSecurity;
  const backend = fastify.telegramBackend;
  const isSandbox = backend.kind === "sandbox";
  const mode: McpMode = config.SERVER_MODE;
  const wizard = new LoginWizard({
    accounts,
    createClient: opts.createClient ?? (() => createTelegramClient({ session: "", backend, autoReconnect: false })),
    guard: opts.guard ?? new LoginGuard(),
    limiter: opts.limiter ?? new CodeSendLimiter(),
    target: mode === "http-auth" ? { kind: "new" } : { kind: "session" },
    pending: opts.pending ?? new MemoryPendingLogins<PendingLogin>({ ttlMs: 15 * 60_000, dispose: (p) => p.flow?.close() }),
    // A cached client of this account holds the old (revoked) session: drop it.
    onSaved: (accountId) => fastify.sessionPool.remove(accountId).catch(() => {}),
  });
  const results = opts.results ?? new MemoryPendingLogins<SetupResult>({ ttlMs: 10 * 60_000 });
  fastify.addHook("onClose", async () => {
    await wizard.close();
    await results.close();
  });

  // Forms post urlencoded bodies; parse them here (no extra dependency), size-capped.
  fastify.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: FORM_LIMIT }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body.toString())));
  });

  // --- rendering ---
  const baseUrl = (request: FastifyRequest) => (config.PUBLIC_URL || config.DOMAIN ? publicUrl(config) : `${request.protocol}://${request.host}`);
  const common = (request: FastifyRequest, cookie: string) => ({
    csrf: security.formToken(cookie),
    nonce: request.cspNonce,
    sandbox: isSandbox,
    mode,
  });
  const render = (reply: FastifyReply, page: string, data: Record<string, unknown>, status = 200) =>
    reply.code(status).type("text/html; charset=utf-8").view(page, data);
  const startPage = (request: FastifyRequest, reply: FastifyReply, cookie: string, error?: string, status = 200) =>
    render(reply, "start", { ...common(request, cookie), title: TITLES.start, error }, status);
  const expired = (request: FastifyRequest, reply: FastifyReply, cookie: string) =>
    startPage(request, reply, cookie, "This login has expired or was already finished. Please start again.", 410);

  /** The page of an outcome; `note` replaces a missing error (a hint that is not a failure). */
  async function show(request: FastifyRequest, reply: FastifyReply, cookie: string, outcome: WizardOutcome, note?: string) {
    if (outcome.step === "expired") return expired(request, reply, cookie);
    if (outcome.step === "done") return finish(request, reply, cookie, outcome);
    const error = outcome.error;
    if (error?.retryAfterS) reply.header("retry-after", String(error.retryAfterS));
    const status = error ? errorStatus(error) : 200;
    if (outcome.step === "start") return startPage(request, reply, cookie, error?.message, status);
    const base = { ...common(request, cookie), login: outcome.login, error: error?.message ?? note, reauth: outcome.reauth };
    switch (outcome.step) {
      case "code":
        return render(reply, "code", { ...base, title: TITLES.code, phone: outcome.phone, via: outcome.via, codeLength: outcome.codeLength }, status);
      case "password":
        return render(reply, "password", { ...base, title: TITLES.password, hint: outcome.hint }, status);
      case "qr":
        return render(
          reply,
          "qr",
          { ...base, title: TITLES.qr, image: await qrImage(outcome.url), link: outcome.url, expiresIn: Math.max(0, Math.round((outcome.expiresAt - Date.now()) / 1000)) },
          status,
        );
      case "method":
        return render(reply, "method", { ...base, title: TITLES.method }, status);
    }
  }

  async function finish(request: FastifyRequest, reply: FastifyReply, cookie: string, done: WizardDone) {
    const mcpJson = mode === "stdio" ? mcpConfigText({ mode }) : mcpConfigText({ mode, url: baseUrl(request), token: done.token });
    const resultId = await results.create({ owner: security.ownerOf(cookie), accountId: done.accountId, mcpJson });
    request.log.info({ accountId: done.accountId, reauth: done.reauth }, "setup: login completed");
    const who = done.user.username ? `@${done.user.username}` : (done.user.firstName ?? "your account");
    return render(reply, "done", {
      ...common(request, cookie),
      title: TITLES.done,
      who,
      accountId: done.accountId,
      mcpJson,
      result: resultId,
      reauth: done.reauth,
      hasToken: !!done.token,
    });
  }

  /** Common prologue of every POST: schema + CSRF. Returns the cookie, or null after replying. */
  async function guard(request: FastifyRequest, reply: FastifyReply, form: Form | undefined): Promise<string | null> {
    if (request.validationError) {
      const cookie = security.ensureCookie(request, reply);
      await startPage(request, reply, cookie, "The form was not valid. Please try again.", 400);
      return null;
    }
    const cookie = security.csrfOk(request, form?.csrf);
    if (!cookie) {
      const fresh = security.ensureCookie(request, reply);
      await startPage(request, reply, fresh, "Your session with this page expired (or the form came from another site). Please try again.", 403);
      return null;
    }
    return cookie;
  }

  const post = { schema: { body: FormBody }, attachValidation: true };
  const ctx = (request: FastifyRequest, cookie: string) => ({ owner: security.ownerOf(cookie), ip: request.ip });

  fastify.get("/setup", async (request, reply) => {
    const cookie = security.ensureCookie(request, reply);
    return startPage(request, reply, cookie);
  });

  fastify.post("/setup/phone", post, async (request, reply) => {
    const cookie = await guard(request, reply, request.body);
    if (!cookie) return reply;
    const { login, phone } = request.body;
    return show(request, reply, cookie, await wizard.advance(login, { kind: "phone", phone: phone ?? "" }, ctx(request, cookie)));
  });

  fastify.post("/setup/code", post, async (request, reply) => {
    const cookie = await guard(request, reply, request.body);
    if (!cookie) return reply;
    const { login, code, action } = request.body;
    if (!login) return expired(request, reply, cookie);
    const input = action === "resend" ? ({ kind: "resend" } as const) : ({ kind: "code", code: code ?? "" } as const);
    return show(request, reply, cookie, await wizard.advance(login, input, ctx(request, cookie)));
  });

  fastify.post("/setup/password", post, async (request, reply) => {
    const cookie = await guard(request, reply, request.body);
    if (!cookie) return reply;
    const { login, password } = request.body;
    if (!login) return expired(request, reply, cookie);
    return show(request, reply, cookie, await wizard.advance(login, { kind: "password", password: password ?? "" }, ctx(request, cookie)));
  });

  fastify.post("/setup/qr", post, async (request, reply) => {
    const cookie = await guard(request, reply, request.body);
    if (!cookie) return reply;
    return show(request, reply, cookie, await wizard.advance(request.body.login, { kind: "qr" }, ctx(request, cookie)));
  });

  // Live status of a QR login, polled by the page's script (JSON).
  fastify.post("/setup/qr/status", post, async (request, reply) => {
    const cookie = request.validationError ? null : security.csrfOk(request, request.body?.csrf);
    if (!cookie) return reply.code(403).send({ status: "error", message: "Reload the page." });
    return qrStatusAnswer(wizard, request.body.login, ctx(request, cookie), reply);
  });

  // After the QR was accepted (the script submits this; without script, the user does).
  fastify.post("/setup/qr/continue", post, async (request, reply) => {
    const cookie = await guard(request, reply, request.body);
    if (!cookie) return reply;
    const { login } = request.body;
    if (!login) return expired(request, reply, cookie);
    const outcome = await wizard.advance(login, { kind: "qr-check" }, ctx(request, cookie));
    const notYet = outcome.step === "qr" ? "Not scanned yet: scan the code in Telegram (Settings > Devices > Link Desktop Device), then continue." : undefined;
    return show(request, reply, cookie, outcome, notYet);
  });

  fastify.post("/setup/reauthorize", post, async (request, reply) => {
    const cookie = await guard(request, reply, request.body);
    if (!cookie) return reply;
    const token = (request.body.token ?? "").trim();
    const account = looksLikeToken(token) ? await accounts.verifyToken(token) : null;
    if (!account) return startPage(request, reply, cookie, "That token is unknown or was revoked. Check it, or create a new account below.", 400);
    const page = await wizard.reauthorize(account.id, token, ctx(request, cookie));
    const note = account.needsSetup ? undefined : "This account's session still seems to work; logging in again replaces it.";
    return render(reply, "method", { ...common(request, cookie), title: TITLES.method, login: page.step === "method" ? page.login : undefined, reauth: true, accountId: account.id, note });
  });

  fastify.post("/setup/delete", post, async (request, reply) => {
    const cookie = await guard(request, reply, request.body);
    if (!cookie) return reply;
    const token = (request.body.token ?? "").trim();
    const account = looksLikeToken(token) ? await accounts.verifyToken(token) : null;
    if (!account) return startPage(request, reply, cookie, "That token is unknown or was already revoked.", 400);
    if (request.body.confirm !== "yes") return startPage(request, reply, cookie, "Tick the box to confirm the deletion.", 400);
    await fastify.sessionPool.remove(account.id).catch(() => {});
    await accounts.revoke(account.id);
    request.log.info({ accountId: account.id }, "setup: account deleted");
    return render(reply, "deleted", { ...common(request, cookie), title: "Account deleted", accountId: account.id });
  });

  // The mcp.json of a login that just finished in this browser (never an arbitrary token).
  fastify.post("/setup/download", post, async (request, reply) => {
    const cookie = await guard(request, reply, request.body);
    if (!cookie) return reply;
    const r = request.body.result ? await results.get(request.body.result) : undefined;
    if (!r || r.owner !== security.ownerOf(cookie)) return startPage(request, reply, cookie, "This download has expired. Your token was shown once; create a new account or rotate the token.", 410);
    return reply.type("application/json; charset=utf-8").header("content-disposition", 'attachment; filename="mcp.json"').send(r.mcpJson);
  });
};

export default setupRoutes;
