// The browser setup wizard at /setup: phone -> code -> 2FA, or QR; re-authorize a token
// whose session was revoked; delete an account; download the mcp.json.
//
// This file maps the wizard service's outcomes (services/accounts/wizard.ts) to pages and
// statuses. The scope's setup-security plugin adds the CSRF cookie and the CSP nonce; the
// service binds pending logins to that cookie, limits sending codes per IP and per phone, and
// counts wrong codes and passwords (LoginGuard). Tokens travel only in POST bodies and pages.
//
// Navigation: every step's page also has a GET address (/setup/login/:id, the login's current
// step), and pages answering a POST swap their history entry to it, so Back and reload never
// re-post a form. A finished login redirects (303) to /setup/done/:id, which shows a new token
// once: later views of it say the token was shown and offer no download of it.
// stdio / http-no-auth: one default session. The start page names the Telegram account it is
// logged in to (asked from Telegram), and a new login needs an explicit "replace it" first.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { existsSync } from "node:fs";
import path from "node:path";
import { displayName, acceptForms, formField as Str, qrImage, qrStatusAnswer, sandboxPhoneRefusal, wizardErrorStatus as errorStatus } from "./wizard-http.js";
import { Type, type Static } from "typebox";
import type { TelegramClient } from "telegram";
import { connectedAccount } from "../services/accounts/connected-account.js";
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
  /** The done pages of finished logins, by the id in their URL (default: in memory, 10 minutes). */
  donePages?: PendingLoginStore<DonePage>;
  /** How long the start page waits for Telegram to name the connected account (default 8 s). */
  whoTimeoutMs?: number;
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
  /** The bearer token in mcpJson (http-auth), for the other configs the done page shows. */
  token?: string;
}

/** What /setup/done/:id shows; the token itself only through `result`, whose first view takes it. */
export interface DonePage {
  owner: string;
  accountId: string;
  who: string;
  reauth: boolean;
  hasToken: boolean;
  /** The SetupResult with the mcp.json (and token): deleted by the first view of a token. */
  result: string;
  /** The mcp.json with a placeholder for the token, for the views after the first. */
  publicJson: string;
}

/** The default session's Telegram account (stdio / http-no-auth), as the start page shows it. */
type Connected = { state: "none" } | { state: "revoked" } | { state: "ok"; who: string } | { state: "unknown" };
const mustConfirm = (c: Connected) => c.state === "ok" || c.state === "unknown";

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
const IdParams = Type.Object({ id: Type.String({ pattern: "^[A-Za-z0-9_-]{1,64}$" }) });
const ReplaceQuery = Type.Object({ answer: Type.Optional(Type.String({ maxLength: 10 })) });

const TITLES = {
  start: "Connect your Telegram account",
  method: "Log in again",
  code: "Enter the login code",
  password: "Two-step verification",
  qr: "Log in with the Telegram app",
  done: "You are connected",
  connected: "Telegram is connected",
} as const;

const TOKEN_PLACEHOLDER = "<your token>";


const setupRoutes: FastifyPluginAsyncTypebox<SetupRoutesOptions> = async (fastify, opts) => {
  const config = fastify.config;
  const accounts = fastify.accounts;
  const security = fastify.setupSecurity;
  const backend = fastify.telegramBackend;
  const isSandbox = backend.kind === "sandbox";
  const mode: McpMode = config.SERVER_MODE;
  const sessionMode = mode !== "http-auth";
  const oauthOn = mode === "http-auth" && config.AUTH_MODES.includes("oauth");
  const wizard = new LoginWizard({
    accounts,
    createClient: opts.createClient ?? (() => createTelegramClient({ session: "", backend, autoReconnect: false })),
    guard: opts.guard ?? new LoginGuard(),
    limiter: opts.limiter ?? new CodeSendLimiter(),
    target: sessionMode ? { kind: "session" } : { kind: "new" },
    pending: opts.pending ?? new MemoryPendingLogins<PendingLogin>({ ttlMs: 15 * 60_000, dispose: (p) => p.flow?.close() }),
    // A cached client of this account holds the old (revoked) session: drop it.
    onSaved: (accountId) => fastify.sessionPool.remove(accountId).catch(() => {}),
    ...(isSandbox ? { refusePhone: sandboxPhoneRefusal } : {}),
  });
  const results = opts.results ?? new MemoryPendingLogins<SetupResult>({ ttlMs: 10 * 60_000 });
  const donePages = opts.donePages ?? new MemoryPendingLogins<DonePage>({ ttlMs: 10 * 60_000 });
  const whoTimeoutMs = opts.whoTimeoutMs ?? 8000;
  fastify.addHook("onClose", async () => {
    await wizard.close();
    await results.close();
    await donePages.close();
  });

  acceptForms(fastify);

  // --- rendering ---
  const baseUrl = (request: FastifyRequest) => (config.PUBLIC_URL || config.DOMAIN ? publicUrl(config) : `${request.protocol}://${request.host}`);
  const common = (request: FastifyRequest, cookie: string) => ({
    csrf: security.formToken(cookie),
    nonce: request.cspNonce,
    sandbox: isSandbox,
    mode,
    // "Your token is shown once" only where logging in issues a token.
    noTokenNote: sessionMode,
  });
  /**
   * Renders a page. `here`: the GET address of what the page shows; a page answering a POST puts
   * it in place of its history entry (layout.eta), so Back and reload do not re-post the form.
   */
  const render = (request: FastifyRequest, reply: FastifyReply, page: string, data: Record<string, unknown>, status = 200, here?: string) =>
    reply
      .code(status)
      .type("text/html; charset=utf-8")
      .view(page, { ...data, here: request.method === "POST" ? here : undefined });

  /** The default session's account, named by Telegram (services/accounts/connected-account.ts). */
  async function connected(request: FastifyRequest): Promise<Connected> {
    if (!sessionMode) return { state: "none" };
    const c = await connectedAccount(accounts, fastify.sessionPool, whoTimeoutMs);
    if (c.state === "ok") return { state: "ok", who: displayName(c.user) };
    if (c.state === "unknown") request.log.warn({ err: c.reason }, "setup: could not ask Telegram for the connected account");
    return c.state === "unknown" ? { state: "unknown" } : c;
  }

  interface StartOptions {
    error?: string;
    status?: number;
    /** What the person typed, kept after an error. */
    phone?: string;
    /** The connected account, when already known. */
    current?: Connected;
    /** The person chose to replace the connected account. */
    replace?: boolean;
  }
  async function startPage(request: FastifyRequest, reply: FastifyReply, cookie: string, o: StartOptions = {}) {
    const current = o.current ?? (await connected(request));
    const base = { ...common(request, cookie), error: o.error, phone: o.phone };
    if (mustConfirm(current) && !o.replace) {
      return render(request, reply, "setup-connected", { ...base, title: TITLES.connected, who: current.state === "ok" ? current.who : undefined }, o.status ?? 200, "/setup");
    }
    return render(
      request,
      reply,
      "start",
      { ...base, title: TITLES.start, confirm: mustConfirm(current) ? "replace" : undefined, current: current.state === "ok" ? current.who : undefined, revoked: current.state === "revoked" },
      o.status ?? 200,
      "/setup",
    );
  }
  const expired = (request: FastifyRequest, reply: FastifyReply, cookie: string) =>
    startPage(request, reply, cookie, { error: "This login has expired or was already finished. Please start again.", status: 410 });

  /** The page of an outcome; `note` replaces a missing error (a hint that is not a failure). */
  async function show(request: FastifyRequest, reply: FastifyReply, cookie: string, outcome: WizardOutcome, note?: string, phone?: string) {
    if (outcome.step === "expired") return expired(request, reply, cookie);
    if (outcome.step === "done") return finish(request, reply, cookie, outcome);
    const error = outcome.error;
    if (error?.retryAfterS) reply.header("retry-after", String(error.retryAfterS));
    const status = error ? errorStatus(error) : 200;
    // A failed first step: the start page again, with the number as typed (and the choice to replace).
    if (outcome.step === "start") return startPage(request, reply, cookie, { error: error?.message, status, phone, replace: true });
    const here = `/setup/login/${outcome.login}`;
    const base = { ...common(request, cookie), login: outcome.login, error: error?.message ?? note, reauth: outcome.reauth };
    switch (outcome.step) {
      case "code":
        return render(request, reply, "code", { ...base, title: TITLES.code, phone: outcome.phone, via: outcome.via, codeLength: outcome.codeLength }, status, here);
      case "password":
        return render(request, reply, "password", { ...base, title: TITLES.password, hint: outcome.hint }, status, here);
      case "qr":
        return render(
          request,
          reply,
          "qr",
          { ...base, title: TITLES.qr, image: await qrImage(outcome.url), link: outcome.url, expiresIn: Math.max(0, Math.round((outcome.expiresAt - Date.now()) / 1000)) },
          status,
          here,
        );
      case "method":
        return render(request, reply, "method", { ...base, title: TITLES.method, phone }, status, here);
    }
  }

  // Post/redirect/get: the result is a GET page, so Back and reload never re-post the last step.
  async function finish(request: FastifyRequest, reply: FastifyReply, cookie: string, done: WizardDone) {
    const url = baseUrl(request);
    const mcpJson = mode === "stdio" ? mcpConfigText({ mode }) : mcpConfigText({ mode, url, token: done.token });
    const publicJson = mode === "stdio" || !done.token ? mcpJson : mcpConfigText({ mode, url, token: TOKEN_PLACEHOLDER });
    const owner = security.ownerOf(cookie);
    const result = await results.create({ owner, accountId: done.accountId, mcpJson, ...(done.token ? { token: done.token } : {}) });
    const page = await donePages.create({
      owner,
      accountId: done.accountId,
      who: displayName(done.user),
      reauth: done.reauth,
      hasToken: !!done.token,
      result,
      publicJson,
    });
    request.log.info({ accountId: done.accountId, reauth: done.reauth }, "setup: login completed");
    return reply.redirect(`/setup/done/${page}`, 303);
  }

  /** How each kind of client connects to this server (the done page). */
  function clientHints(request: FastifyRequest, token?: string) {
    const mcpUrl = `${baseUrl(request).replace(/\/+$/, "")}/mcp`;
    const json = (o: unknown) => JSON.stringify(o, null, 2);
    const bridge = (header?: string) =>
      json({
        mcpServers: {
          telegram: header
            ? { command: "npx", args: ["-y", "mcp-remote", mcpUrl, "--header", "Authorization:${TGMCP_AUTH}"], env: { TGMCP_AUTH: header } }
            : { command: "npx", args: ["-y", "mcp-remote", mcpUrl] },
        },
      });
    const stdioEnv = { SERVER_MODE: "stdio", SESSION_DIR: config.SESSION_DIR, ...(isSandbox ? {} : { API_ID: "<your api id>", API_HASH: "<your api hash>" }) };
    return { mcpUrl, oauthOn, bridge: mode === "http-auth" ? bridge(`Bearer ${token ?? TOKEN_PLACEHOLDER}`) : bridge(), stdio: json({ mcpServers: { telegram: { command: "tgmcp", args: ["serve"], env: stdioEnv } } }), cli: cliPath() };
  }

  /** Common prologue of every POST: schema + CSRF. Returns the cookie, or null after replying. */
  async function guard(request: FastifyRequest, reply: FastifyReply, form: Form | undefined): Promise<string | null> {
    if (request.validationError) {
      const cookie = security.ensureCookie(request, reply);
      await startPage(request, reply, cookie, { error: "The form was not valid. Please try again.", status: 400 });
      return null;
    }
    const cookie = security.csrfOk(request, form?.csrf);
    if (!cookie) {
      const fresh = security.ensureCookie(request, reply);
      await startPage(request, reply, fresh, { error: "Your session with this page expired (or the form came from another site). Please try again.", status: 403 });
      return null;
    }
    return cookie;
  }

  /** stdio / http-no-auth: a new login replaces the connected account only once the person said so. */
  async function replacing(request: FastifyRequest, reply: FastifyReply, cookie: string, form: Form): Promise<boolean> {
    if (!sessionMode || form.login || form.confirm === "replace") return true;
    const current = await connected(request);
    if (!mustConfirm(current)) return true;
    await startPage(request, reply, cookie, { current, status: 409, error: "An account is already connected. Choose first whether to replace it." });
    return false;
  }

  const post = { schema: { body: FormBody }, attachValidation: true };
  const ctx = (request: FastifyRequest, cookie: string) => ({ owner: security.ownerOf(cookie), ip: request.ip });

  fastify.get("/setup", async (request, reply) => {
    const cookie = security.ensureCookie(request, reply);
    return startPage(request, reply, cookie);
  });

  // The answer to "replace the connected account?" (a GET: choosing changes nothing yet).
  fastify.get("/setup/replace", { schema: { querystring: ReplaceQuery } }, async (request, reply) => {
    const cookie = security.ensureCookie(request, reply);
    const current = await connected(request);
    if (request.query.answer !== "yes" && mustConfirm(current)) {
      return render(request, reply, "setup-connected", { ...common(request, cookie), title: TITLES.connected, who: current.state === "ok" ? current.who : undefined, kept: true });
    }
    return startPage(request, reply, cookie, { current, replace: true });
  });

  // The current step of a login in this browser (reload, Back); finished or unknown: the start page.
  fastify.get("/setup/login/:id", { schema: { params: IdParams } }, async (request, reply) => {
    const cookie = security.ensureCookie(request, reply);
    return show(request, reply, cookie, await wizard.current(request.params.id, ctx(request, cookie)));
  });

  // A finished login. A token is shown by the first view only; the later ones say so.
  fastify.get("/setup/done/:id", { schema: { params: IdParams } }, async (request, reply) => {
    const cookie = security.ensureCookie(request, reply);
    const owner = security.ownerOf(cookie);
    const page = await donePages.get(request.params.id);
    if (!page || page.owner !== owner) {
      return startPage(request, reply, cookie, { error: "This page has expired. Its result was shown once, when the login finished.", status: 410 });
    }
    const first = await results.get(page.result);
    let mcpJson = page.publicJson;
    let download: string | undefined;
    let token: string | undefined;
    if (first && first.owner === owner) {
      mcpJson = first.mcpJson;
      if (page.hasToken) {
        // Taken: the download of this view gets an id of its own, never shown by a reload.
        await results.delete(page.result);
        download = await results.create(first);
        token = first.token;
      } else {
        download = page.result;
      }
    }
    return render(request, reply, "done", {
      ...common(request, cookie),
      title: TITLES.done,
      who: page.who,
      accountId: page.accountId,
      reauth: page.reauth,
      mcpJson,
      result: download,
      hasToken: page.hasToken && !!token,
      tokenWasShown: page.hasToken && !token,
      clients: clientHints(request, token),
    });
  });

  fastify.post("/setup/phone", post, async (request, reply) => {
    const cookie = await guard(request, reply, request.body);
    if (!cookie) return reply;
    if (!(await replacing(request, reply, cookie, request.body))) return reply;
    const { login, phone } = request.body;
    return show(request, reply, cookie, await wizard.advance(login, { kind: "phone", phone: phone ?? "" }, ctx(request, cookie)), undefined, phone);
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
    if (!(await replacing(request, reply, cookie, request.body))) return reply;
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
    const notYet = outcome.step === "qr" ? "Not accepted yet: open the link in Telegram, or scan the code (Settings > Devices > Link Desktop Device), then continue." : undefined;
    return show(request, reply, cookie, outcome, notYet);
  });

  fastify.post("/setup/reauthorize", post, async (request, reply) => {
    const cookie = await guard(request, reply, request.body);
    if (!cookie) return reply;
    const token = (request.body.token ?? "").trim();
    const account = looksLikeToken(token) ? await accounts.verifyToken(token) : null;
    if (!account) return startPage(request, reply, cookie, { error: "That token is unknown or was revoked. Check it, or create a new account below.", status: 400 });
    const page = await wizard.reauthorize(account.id, token, ctx(request, cookie));
    const note = account.needsSetup ? undefined : "This account's session still seems to work; logging in again replaces it.";
    const login = page.step === "method" ? page.login : undefined;
    return render(
      request,
      reply,
      "method",
      { ...common(request, cookie), title: TITLES.method, login, reauth: true, accountId: account.id, note },
      200,
      login ? `/setup/login/${login}` : "/setup",
    );
  });

  fastify.post("/setup/delete", post, async (request, reply) => {
    const cookie = await guard(request, reply, request.body);
    if (!cookie) return reply;
    const token = (request.body.token ?? "").trim();
    const account = looksLikeToken(token) ? await accounts.verifyToken(token) : null;
    if (!account) return startPage(request, reply, cookie, { error: "That token is unknown or was already revoked.", status: 400 });
    if (request.body.confirm !== "yes") return startPage(request, reply, cookie, { error: "Tick the box to confirm the deletion.", status: 400 });
    await fastify.sessionPool.remove(account.id).catch(() => {});
    await accounts.revoke(account.id);
    request.log.info({ accountId: account.id }, "setup: account deleted");
    return render(request, reply, "deleted", { ...common(request, cookie), title: "Account deleted", accountId: account.id }, 200, "/setup");
  });

  // The mcp.json of a login that just finished in this browser (never an arbitrary token).
  fastify.post("/setup/download", post, async (request, reply) => {
    const cookie = await guard(request, reply, request.body);
    if (!cookie) return reply;
    const r = request.body.result ? await results.get(request.body.result) : undefined;
    if (!r || r.owner !== security.ownerOf(cookie)) {
      return startPage(request, reply, cookie, { error: "This download has expired. Your token was shown once; create a new account or rotate the token.", status: 410 });
    }
    return reply.type("application/json; charset=utf-8").header("content-disposition", 'attachment; filename="mcp.json"').send(r.mcpJson);
  });
};

/** This checkout's dist/cli.js (for a stdio config that runs it with node), when there is one. */
function cliPath(): string | undefined {
  // routes/ in the sources, dist/routes/ in the build: the checkout is one or two levels up.
  for (const root of [path.resolve(import.meta.dirname, ".."), path.resolve(import.meta.dirname, "..", "..")]) {
    if (existsSync(path.join(root, "package.json")) && existsSync(path.join(root, "dist", "cli.js"))) return path.join(root, "dist", "cli.js");
  }
  return undefined;
}

export default setupRoutes;
