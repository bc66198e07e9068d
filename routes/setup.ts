// The browser setup wizard at /setup: phone -> code -> 2FA, or QR; re-authorize a token
// whose session was revoked; delete an account; download the mcp.json.
//
// Protection: CSRF double-submit (HttpOnly SameSite=Strict cookie + HMAC'd form field) on
// every POST, with a cookie only the server mints; pending logins bound to that cookie and
// expiring; per-IP and per-phone limits on sending codes; 5 wrong codes or passwords per
// login and a growing back-off per phone and per IP across logins (LoginGuard); tokens only
// in POST bodies and pages (never URLs); no-store and a same-origin Referrer-Policy on every
// response; a strict CSP with per-response nonces.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import view from "@fastify/view";
import { Eta } from "eta";
import QRCode from "qrcode";
import { Type } from "typebox";
import type { TelegramClient } from "telegram";
import { createTelegramClient } from "../services/telegram/client-factory.js";
import { LoginError, LoginFlow, maskPhone, normalizePhoneInput, formatWait, type LoginState } from "../services/accounts/login.js";
import { MemoryPendingLogins, type PendingLoginStore } from "../services/accounts/pending.js";
import { CodeSendLimiter } from "../services/accounts/send-limits.js";
import { LoginGuard } from "../services/accounts/login-guard.js";
import { mcpConfigText, type McpMode } from "../services/accounts/mcp-config.js";
import { looksLikeToken } from "../services/accounts/tokens.js";
import { publicUrl } from "../services/config/load.js";
import type { ManagedAccountStore } from "../services/accounts/file-store.js";

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

export interface PendingLogin {
  owner: string;
  flow?: LoginFlow;
  /** Re-authorization of an existing account (the token was proven when this was created). */
  reauth?: { accountId: string; token: string };
}

export interface SetupResult {
  owner: string;
  accountId: string;
  mcpJson: string;
}

const COOKIE = "tgmcp_setup";
// Over HTTPS: the __Host- prefix makes browsers refuse the cookie from a sibling subdomain
// (it must be Secure, Path=/, with no Domain).
const SECURE_COOKIE = "__Host-tgmcp_setup";
const FORM_LIMIT = 8192;

function viewsDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // Source (routes/ -> ../views) and build (dist/routes/ -> ../../views).
  for (const dir of [path.join(here, "..", "views"), path.join(here, "..", "..", "views")]) {
    if (existsSync(path.join(dir, "layout.eta"))) return dir;
  }
  throw new Error("views/ not found next to routes/");
}

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
type Form = { csrf?: string; login?: string; result?: string; phone?: string; code?: string; password?: string; token?: string; action?: string; confirm?: string };

export default async function setupRoutes(fastify: FastifyInstance, opts: SetupRoutesOptions) {
  const config = fastify.config;
  const accounts = fastify.accounts as ManagedAccountStore;
  const backend = fastify.telegramBackend;
  const isSandbox = backend.kind === "sandbox";
  const mode = config.SERVER_MODE as McpMode;
  const secret = randomBytes(32); // per process: CSRF form values are HMACs of the cookie under it
  const createClient = opts.createClient ?? (() => createTelegramClient({ session: "", backend, autoReconnect: false }));
  const pending =
    opts.pending ?? new MemoryPendingLogins<PendingLogin>({ ttlMs: 15 * 60_000, dispose: (p) => p.flow?.close() });
  const results = opts.results ?? new MemoryPendingLogins<SetupResult>({ ttlMs: 10 * 60_000 });
  const limiter = opts.limiter ?? new CodeSendLimiter();
  const loginGuard = opts.guard ?? new LoginGuard();
  const newFlow = () => new LoginFlow({ client: createClient(), guard: loginGuard });
  fastify.addHook("onClose", async () => {
    await pending.close();
    await results.close();
  });

  await fastify.register(view, {
    engine: { eta: new Eta({ views: viewsDir(), autoEscape: true, cache: true }) },
    root: viewsDir(),
    viewExt: "eta",
  });

  // Forms post urlencoded bodies; parse them here (no extra dependency), size-capped.
  fastify.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: FORM_LIMIT }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  // Security headers on every /setup response.
  fastify.addHook("onRequest", async (request, reply) => {
    const nonce = randomBytes(16).toString("base64");
    (request as any).cspNonce = nonce;
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

  // --- CSRF: a random cookie per browser; forms carry HMAC(secret, cookie) ---
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
  /** This browser's wizard cookie, when the server minted it. */
  const cookieOf = (request: FastifyRequest): string | undefined => {
    const name = cookieName(request);
    for (const part of (request.headers.cookie ?? "").split(";")) {
      const [k, ...v] = part.trim().split("=");
      if (k === name && minted(v.join("="))) return v.join("=");
    }
    return undefined;
  };
  const formToken = (cookie: string) => mac(cookie);
  const ownerOf = (cookie: string) => mac("owner:" + cookie);
  const ensureCookie = (request: FastifyRequest, reply: FastifyReply): string => {
    let c = cookieOf(request);
    if (!c) {
      const id = randomBytes(32).toString("base64url");
      c = `${id}.${mac("cookie:" + id)}`;
      const attrs = request.protocol === "https" ? "Path=/; HttpOnly; SameSite=Strict; Secure" : "Path=/setup; HttpOnly; SameSite=Strict";
      reply.header("set-cookie", `${cookieName(request)}=${c}; ${attrs}`);
    }
    return c;
  };
  const csrfOk = (request: FastifyRequest, form: Form): string | null => {
    const c = cookieOf(request);
    return c && form.csrf && sameText(formToken(c), form.csrf) ? c : null;
  };

  // --- rendering ---
  const baseUrl = (request: FastifyRequest) => (config.PUBLIC_URL || config.DOMAIN ? publicUrl(config) : `${request.protocol}://${request.host}`);
  const common = (request: FastifyRequest, cookie: string) => ({
    csrf: formToken(cookie),
    nonce: (request as any).cspNonce as string,
    sandbox: isSandbox,
    mode,
    error: undefined as string | undefined,
  });
  const render = (reply: FastifyReply, page: string, data: Record<string, unknown>, status = 200) =>
    reply.code(status).type("text/html; charset=utf-8").view(page, data);

  const startPage = (request: FastifyRequest, reply: FastifyReply, cookie: string, error?: string, status = 200) =>
    render(reply, "start", { ...common(request, cookie), title: "Connect your Telegram account", error }, status);

  async function qrImage(url: string): Promise<string> {
    return QRCode.toDataURL(url, { margin: 1, width: 240, errorCorrectionLevel: "M" });
  }

  /** Renders the page of a login's current step (or finishes it). */
  async function stepPage(request: FastifyRequest, reply: FastifyReply, cookie: string, loginId: string, entry: PendingLogin, state: LoginState, error?: string, status = 200) {
    const base = { ...common(request, cookie), login: loginId, error, reauth: !!entry.reauth };
    switch (state.step) {
      case "code":
        return render(reply, "code", { ...base, title: "Enter the login code", phone: maskPhone(entry.flow!.phoneNumber ?? ""), via: state.via, codeLength: state.codeLength }, status);
      case "password":
        return render(reply, "password", { ...base, title: "Two-step verification", hint: state.hint }, status);
      case "qr":
        return render(reply, "qr", { ...base, title: "Scan the QR code", image: await qrImage(state.url), link: state.url, expiresIn: Math.max(0, Math.round((state.expiresAt - Date.now()) / 1000)) }, status);
      case "done":
        return finish(request, reply, cookie, loginId, entry);
      default:
        return render(reply, "method", { ...base, title: "Log in again" }, status);
    }
  }

  async function finish(request: FastifyRequest, reply: FastifyReply, cookie: string, loginId: string, entry: PendingLogin) {
    const flow = entry.flow!;
    const state = flow.state as Extract<LoginState, { step: "done" }>;
    const session = flow.sessionString();
    let accountId: string;
    let token: string | undefined;
    if (entry.reauth) {
      accountId = entry.reauth.accountId;
      token = entry.reauth.token;
      await accounts.saveSession(accountId, session, token);
    } else if (mode === "http-auth") {
      const created = await accounts.createAccount({ session });
      accountId = created.account.id;
      token = created.token;
    } else {
      accountId = (await accounts.defaultAccount()).id;
      await accounts.saveSession(accountId, session);
    }
    // A cached client of this account holds the old (revoked) session: drop it.
    await fastify.sessionPool?.remove(accountId).catch(() => {});
    await pending.delete(loginId); // also closes the login's client
    const mcpJson = mode === "stdio" ? mcpConfigText({ mode }) : mcpConfigText({ mode, url: baseUrl(request), token });
    const resultId = await results.create({ owner: ownerOf(cookie), accountId, mcpJson });
    request.log.info({ accountId, reauth: !!entry.reauth }, "setup: login completed");
    const who = state.user.username ? `@${state.user.username}` : (state.user.firstName ?? "your account");
    return render(reply, "done", { ...common(request, cookie), title: "You are connected", who, accountId, mcpJson, result: resultId, reauth: !!entry.reauth, hasToken: !!token });
  }

  /** The pending login of this form, if it exists, has not expired and belongs to this browser. */
  async function pendingOf(cookie: string, form: Form): Promise<PendingLogin | undefined> {
    if (!form.login) return undefined;
    const entry = await pending.get(form.login);
    if (!entry || entry.owner !== ownerOf(cookie)) return undefined;
    return entry;
  }

  /** The status of a failed login step; a wait (Telegram's, or the guard's back-off) also gets Retry-After. */
  const loginErrorStatus = (e: LoginError, reply?: FastifyReply) => {
    if (e.retryAfterS) reply?.header("retry-after", String(e.retryAfterS));
    return e.code === "FLOOD_WAIT" || e.code === "TOO_MANY_FAILURES" ? 429 : 400;
  };
  const expired = (request: FastifyRequest, reply: FastifyReply, cookie: string) =>
    startPage(request, reply, cookie, "This login has expired or was already finished. Please start again.", 410);

  /** Common prologue of every POST: schema + CSRF. Returns the cookie, or null after replying. */
  async function guard(request: FastifyRequest, reply: FastifyReply): Promise<string | null> {
    const form = (request.body ?? {}) as Form;
    if ((request as any).validationError) {
      const cookie = ensureCookie(request, reply);
      await startPage(request, reply, cookie, "The form was not valid. Please try again.", 400);
      return null;
    }
    const cookie = csrfOk(request, form);
    if (!cookie) {
      const fresh = ensureCookie(request, reply);
      await startPage(request, reply, fresh, "Your session with this page expired (or the form came from another site). Please try again.", 403);
      return null;
    }
    return cookie;
  }

  const post = { schema: { body: FormBody }, attachValidation: true } as const;

  fastify.get("/setup", async (request, reply) => {
    const cookie = ensureCookie(request, reply);
    return startPage(request, reply, cookie);
  });

  fastify.post("/setup/phone", post, async (request, reply) => {
    const cookie = await guard(request, reply);
    if (!cookie) return reply;
    const form = request.body as Form;
    let loginId = form.login;
    let entry = loginId ? await pendingOf(cookie, form) : undefined;
    if (loginId && !entry) return expired(request, reply, cookie);
    let phone: string;
    try {
      phone = normalizePhoneInput(form.phone ?? "");
    } catch (e) {
      return entry
        ? render(reply, "method", { ...common(request, cookie), title: "Log in again", login: loginId, reauth: true, error: (e as LoginError).message }, 400)
        : startPage(request, reply, cookie, (e as LoginError).message, 400);
    }
    const refuse = (msg: string, status: number) =>
      entry ? render(reply, "method", { ...common(request, cookie), title: "Log in again", login: loginId, reauth: true, error: msg }, status) : startPage(request, reply, cookie, msg, status);
    // A phone or IP backing off after wrong codes gets no new code (nor uses up a send).
    try {
      await loginGuard.check(["code", "password"], { phone, ip: request.ip });
    } catch (e) {
      if (!(e instanceof LoginError)) throw e;
      return refuse(e.message, loginErrorStatus(e, reply));
    }
    const wait = limiter.take(request.ip, phone);
    if (wait !== null) {
      reply.header("retry-after", String(wait));
      return refuse(`Too many login codes were requested. Try again in ${formatWait(wait)}.`, 429);
    }
    if (!entry) {
      entry = { owner: ownerOf(cookie) };
      loginId = await pending.create(entry);
    }
    if (entry.flow && entry.flow.state.step !== "start" && entry.flow.state.step !== "code") {
      await entry.flow.close();
      entry.flow = undefined;
    }
    entry.flow ??= newFlow();
    try {
      const state = await entry.flow.sendCode(phone, { ip: request.ip });
      return stepPage(request, reply, cookie, loginId!, entry, state);
    } catch (e) {
      if (!(e instanceof LoginError)) throw e;
      const msg = e.message;
      if (entry.reauth) return render(reply, "method", { ...common(request, cookie), title: "Log in again", login: loginId, reauth: true, error: msg }, loginErrorStatus(e, reply));
      await pending.delete(loginId!);
      return startPage(request, reply, cookie, msg, loginErrorStatus(e, reply));
    }
  });

  fastify.post("/setup/code", post, async (request, reply) => {
    const cookie = await guard(request, reply);
    if (!cookie) return reply;
    const form = request.body as Form;
    const entry = await pendingOf(cookie, form);
    if (!entry?.flow || entry.flow.state.step !== "code") return expired(request, reply, cookie);
    const flow = entry.flow;
    try {
      if (form.action === "resend") {
        const wait = limiter.take(request.ip, flow.phoneNumber!);
        if (wait !== null) {
          reply.header("retry-after", String(wait));
          return stepPage(request, reply, cookie, form.login!, entry, flow.state, `Too many login codes were requested. Try again in ${formatWait(wait)}.`, 429);
        }
        const state = await flow.resendCode({ ip: request.ip });
        return stepPage(request, reply, cookie, form.login!, entry, state, undefined);
      }
      const state = await flow.submitCode(form.code ?? "", { ip: request.ip });
      return stepPage(request, reply, cookie, form.login!, entry, state);
    } catch (e) {
      if (!(e instanceof LoginError)) throw e;
      if (e.recover === "restart") {
        // Also after the last wrong code: the login is void, a new code must be requested.
        await pending.delete(form.login!);
        return startPage(request, reply, cookie, e.message, 400);
      }
      return stepPage(request, reply, cookie, form.login!, entry, flow.state, e.message, loginErrorStatus(e, reply));
    }
  });

  fastify.post("/setup/password", post, async (request, reply) => {
    const cookie = await guard(request, reply);
    if (!cookie) return reply;
    const form = request.body as Form;
    const entry = await pendingOf(cookie, form);
    if (!entry?.flow || entry.flow.state.step !== "password") return expired(request, reply, cookie);
    try {
      const state = await entry.flow.submitPassword(form.password ?? "", { ip: request.ip });
      return stepPage(request, reply, cookie, form.login!, entry, state);
    } catch (e) {
      if (!(e instanceof LoginError)) throw e;
      if (e.recover === "restart") {
        await pending.delete(form.login!);
        return startPage(request, reply, cookie, e.message, 400);
      }
      return stepPage(request, reply, cookie, form.login!, entry, entry.flow.state, e.message, loginErrorStatus(e, reply));
    }
  });

  fastify.post("/setup/qr", post, async (request, reply) => {
    const cookie = await guard(request, reply);
    if (!cookie) return reply;
    const form = request.body as Form;
    let loginId = form.login;
    let entry = loginId ? await pendingOf(cookie, form) : undefined;
    if (loginId && !entry) return expired(request, reply, cookie);
    if (!entry) {
      entry = { owner: ownerOf(cookie) };
      loginId = await pending.create(entry);
    }
    if (entry.flow && entry.flow.state.step !== "start" && entry.flow.state.step !== "qr") {
      await entry.flow.close();
      entry.flow = undefined;
    }
    entry.flow ??= newFlow();
    try {
      const state = entry.flow.state.step === "qr" ? await entry.flow.pollQr() : await entry.flow.startQr();
      return stepPage(request, reply, cookie, loginId!, entry, state);
    } catch (e) {
      if (!(e instanceof LoginError)) throw e;
      await pending.delete(loginId!);
      return startPage(request, reply, cookie, e.message, loginErrorStatus(e, reply));
    }
  });

  // Live status of a QR login, polled by the page's script (JSON).
  fastify.post("/setup/qr/status", post, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    if ((request as any).validationError || !csrfOk(request, form)) return reply.code(403).send({ status: "error", message: "Reload the page." });
    const entry = await pendingOf(cookieOf(request)!, form);
    if (!entry?.flow) return reply.code(410).send({ status: "expired", message: "This login has expired. Start again." });
    const before = entry.flow.state;
    try {
      const state = await entry.flow.pollQr();
      if (state.step === "done" || state.step === "password") return { status: "ready" };
      if (state.step === "qr" && before.step === "qr" && state.url !== before.url) {
        return { status: "refreshed", image: await qrImage(state.url), link: state.url };
      }
      return { status: "waiting" };
    } catch (e) {
      if (!(e instanceof LoginError)) throw e;
      return reply.code(loginErrorStatus(e, reply)).send({ status: "error", message: e.message });
    }
  });

  // After the QR was accepted (the script submits this; without script, the user does).
  fastify.post("/setup/qr/continue", post, async (request, reply) => {
    const cookie = await guard(request, reply);
    if (!cookie) return reply;
    const form = request.body as Form;
    const entry = await pendingOf(cookie, form);
    if (!entry?.flow) return expired(request, reply, cookie);
    try {
      const state = await entry.flow.pollQr();
      const notYet = state.step === "qr" ? "Not scanned yet: scan the code in Telegram (Settings > Devices > Link Desktop Device), then continue." : undefined;
      return stepPage(request, reply, cookie, form.login!, entry, state, notYet);
    } catch (e) {
      if (!(e instanceof LoginError)) throw e;
      await pending.delete(form.login!);
      return startPage(request, reply, cookie, e.message, loginErrorStatus(e, reply));
    }
  });

  fastify.post("/setup/reauthorize", post, async (request, reply) => {
    const cookie = await guard(request, reply);
    if (!cookie) return reply;
    const form = request.body as Form;
    const token = (form.token ?? "").trim();
    const account = looksLikeToken(token) ? await accounts.verifyToken(token) : null;
    if (!account) return startPage(request, reply, cookie, "That token is unknown or was revoked. Check it, or create a new account below.", 400);
    const loginId = await pending.create({ owner: ownerOf(cookie), reauth: { accountId: account.id, token } });
    const note = account.needsSetup ? undefined : "This account's session still seems to work; logging in again replaces it.";
    return render(reply, "method", { ...common(request, cookie), title: "Log in again", login: loginId, reauth: true, accountId: account.id, note });
  });

  fastify.post("/setup/delete", post, async (request, reply) => {
    const cookie = await guard(request, reply);
    if (!cookie) return reply;
    const form = request.body as Form;
    const token = (form.token ?? "").trim();
    const account = looksLikeToken(token) ? await accounts.verifyToken(token) : null;
    if (!account) return startPage(request, reply, cookie, "That token is unknown or was already revoked.", 400);
    if (form.confirm !== "yes") return startPage(request, reply, cookie, "Tick the box to confirm the deletion.", 400);
    await fastify.sessionPool?.remove(account.id).catch(() => {});
    await accounts.revoke(account.id);
    request.log.info({ accountId: account.id }, "setup: account deleted");
    return render(reply, "deleted", { ...common(request, cookie), title: "Account deleted", accountId: account.id });
  });

  // The mcp.json of a login that just finished in this browser (never an arbitrary token).
  fastify.post("/setup/download", post, async (request, reply) => {
    const cookie = await guard(request, reply);
    if (!cookie) return reply;
    const form = request.body as Form;
    const r = form.result ? await results.get(form.result) : undefined;
    if (!r || r.owner !== ownerOf(cookie)) return startPage(request, reply, cookie, "This download has expired. Your token was shown once; create a new account or rotate the token.", 410);
    return reply.type("application/json; charset=utf-8").header("content-disposition", 'attachment; filename="mcp.json"').send(r.mcpJson);
  });
}
