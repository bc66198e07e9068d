// The pages of an OAuth authorization in progress: /oauth/interaction/:uid (oauth scope: CSRF
// cookie of its own, CSP nonce, per-IP limit). oidc-provider sends the browser here (its
// `_interaction` cookie binds the uid to this browser); tgmcp's pages then:
//
// 1. log the person in to Telegram with the wizard service (phone + code + 2FA, or QR), which
//    creates a tgmcp account; or take an existing account's token (POST only, never a URL);
// 2. when the Telegram user already has an account known to OAuth, ask for that account's token
//    (the new login's session moves to it);
// 3. show the consent (client, scopes, account), then create the grant, hand the account token
//    over to the adapter for the grant's code, and return to the provider (303).
//
// Between these steps the account token waits in the OAuth store as a pending consent (15 minutes),
// sealed under the pending id that only the page holds; then in a hand-over record sealed under a
// one-time key that only this browser holds (a cookie for the resume request). So every step
// after the Telegram login may reach another process that shares the store. (The Telegram login
// steps themselves hold a live MTProto connection: they stay in the process that started them.)
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { acceptForms, formField as Str, qrImage, qrStatusAnswer, sandboxPhoneRefusal, wizardErrorStatus as errorStatus } from "./wizard-http.js";
import { Type, type Static } from "typebox";
import type { TelegramClient } from "telegram";
import { createTelegramClient } from "../services/telegram/client-factory.js";
import { MemoryPendingLogins, type PendingLoginStore } from "../services/accounts/pending.js";
import { handOverCookie } from "../services/oauth/routes.js";
import { CodeSendLimiter } from "../services/accounts/send-limits.js";
import { LoginGuard } from "../services/accounts/login-guard.js";
import { LoginWizard, type PendingLogin, type WizardDone, type WizardOutcome } from "../services/accounts/wizard.js";
import { looksLikeToken } from "../services/accounts/tokens.js";
import type { LoggedInUser } from "../services/accounts/login.js";
import { SCOPES } from "../services/oauth/scopes.js";
import { INTERACTION_PATH, OAUTH_ROUTES } from "../services/oauth/routes.js";

export interface OAuthRoutesOptions {
  /** Wrong codes and passwords across logins (default: LoginGuard's defaults, in memory). */
  guard?: LoginGuard;
  limiter?: CodeSendLimiter;
  createClient?: () => TelegramClient;
}

/** An account proven in this authorization, waiting for consent (or a link to an existing account). */
interface PendingConsent {
  owner: string;
  uid: string;
  accountId: string;
  accountToken: string;
  who: string;
  /** A new account whose Telegram user already has one: its session moves to `link` once proven. */
  link?: string;
}

const FormBody = Type.Object(
  {
    csrf: Str(200),
    login: Str(64),
    pending: Str(64),
    phone: Str(40),
    code: Str(20),
    password: Str(256),
    token: Str(100),
    action: Str(20),
    write: Str(10),
  },
  { additionalProperties: false },
);
type Form = Static<typeof FormBody>;
const Params = Type.Object({ uid: Type.String({ pattern: "^[A-Za-z0-9_-]{1,64}$" }) });

const TITLES = {
  login: "Connect an app to Telegram",
  code: "Enter the login code",
  password: "Two-step verification",
  qr: "Scan the QR code",
  link: "This Telegram account already has a tgmcp account",
  consent: "Allow access?",
} as const;

const whoOf = (user: LoggedInUser) => (user.username ? `@${user.username}` : (user.firstName ?? `Telegram user ${user.id}`));

/** The CSP source of a redirect URI: its origin for http(s), its scheme for a native app's scheme. */
function formActionSource(uri: string): string | undefined {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return undefined;
  }
  if (u.protocol === "http:" || u.protocol === "https:") return u.origin;
  return /^[a-z][a-z0-9+.-]*:$/i.test(u.protocol) ? u.protocol : undefined;
}

const oauthRoutes: FastifyPluginAsyncTypebox<OAuthRoutesOptions> = async (fastify, opts) => {
  const oauth = fastify.oauth;
  if (!oauth) return;
  const accounts = fastify.accounts;
  const security = fastify.setupSecurity;
  const backend = fastify.telegramBackend;
  const isSandbox = backend.kind === "sandbox";
  const wizard = new LoginWizard({
    accounts,
    createClient: opts.createClient ?? (() => createTelegramClient({ session: "", backend, autoReconnect: false })),
    guard: opts.guard ?? new LoginGuard(),
    limiter: opts.limiter ?? new CodeSendLimiter(),
    target: { kind: "new", label: "OAuth" },
    pending: new MemoryPendingLogins<PendingLogin>({ ttlMs: 15 * 60_000, dispose: (p) => p.flow?.close() }),
    onSaved: (accountId) => fastify.sessionPool.remove(accountId).catch(() => {}),
    ...(isSandbox ? { refusePhone: sandboxPhoneRefusal } : {}),
  });
  const consents: PendingLoginStore<PendingConsent> = oauth.kit.sealedPending<PendingConsent>("PendingConsent", 15 * 60_000);
  fastify.addHook("onClose", async () => {
    await wizard.close();
    await consents.close();
  });

  acceptForms(fastify);

  const render = (reply: FastifyReply, page: string, data: Record<string, unknown>, status = 200) =>
    reply.code(status).type("text/html; charset=utf-8").view(page, { noTokenNote: true, sandbox: isSandbox, ...data });
  const baseOf = (uid: string) => `${INTERACTION_PATH}/${uid}`;
  const common = (request: FastifyRequest, cookie: string, uid: string) => ({ csrf: security.formToken(cookie), nonce: request.cspNonce, base: baseOf(uid), startOver: baseOf(uid) });
  const ctx = (request: FastifyRequest, cookie: string) => ({ owner: security.ownerOf(cookie), ip: request.ip });

  /** The interaction of this browser (the provider checks its cookie), or null after an error page. */
  async function interaction(request: FastifyRequest, reply: FastifyReply, uid: string) {
    const provider = await oauth!.providerFor(request);
    try {
      const details = await provider.interactionDetails(request.raw, reply.raw);
      if (details.uid !== uid) throw new Error("uid mismatch");
      const clientId = String(details.params.client_id ?? "");
      const client = await provider.Client.find(clientId);
      if (!client) throw new Error("unknown client");
      return { provider, details, client, clientName: client.clientName || new URL(client.redirectUris[0] ?? "about:blank").host || clientId };
    } catch {
      await render(reply, "oauth-error", { nonce: request.cspNonce, title: "This authorization has expired", message: "This authorization request has expired, was already finished, or was started in another browser." }, 410);
      return null;
    }
  }

  async function loginPage(request: FastifyRequest, reply: FastifyReply, cookie: string, uid: string, clientName: string, error?: string, status = 200, phone?: string) {
    return render(reply, "oauth-login", { ...common(request, cookie, uid), title: TITLES.login, clientName, error, phone }, status);
  }

  /** Schema + CSRF + the interaction: the cookie and the interaction, or null after replying. */
  async function guard(request: FastifyRequest<{ Params: { uid: string }; Body: Form }>, reply: FastifyReply) {
    const { uid } = request.params;
    const it = await interaction(request, reply, uid);
    if (!it) return null;
    const cookie = request.validationError ? null : security.csrfOk(request, request.body?.csrf);
    if (!cookie) {
      const fresh = security.ensureCookie(request, reply);
      await loginPage(request, reply, fresh, uid, it.clientName, "Your session with this page expired (or the form came from another site). Please try again.", 403);
      return null;
    }
    return { cookie, uid, ...it };
  }

  type Guarded = NonNullable<Awaited<ReturnType<typeof guard>>>;

  async function show(request: FastifyRequest, reply: FastifyReply, g: Guarded, outcome: WizardOutcome, note?: string, phone?: string) {
    if (outcome.step === "expired") return loginPage(request, reply, g.cookie, g.uid, g.clientName, "This login has expired or was already finished. Please start again.", 410);
    if (outcome.step === "done") return afterLogin(request, reply, g, outcome);
    const error = outcome.error;
    if (error?.retryAfterS) reply.header("retry-after", String(error.retryAfterS));
    const status = error ? errorStatus(error) : 200;
    if (outcome.step === "start" || outcome.step === "method") return loginPage(request, reply, g.cookie, g.uid, g.clientName, error?.message, status, phone);
    const base = { ...common(request, g.cookie, g.uid), login: outcome.login, error: error?.message ?? note };
    switch (outcome.step) {
      case "code":
        return render(reply, "code", { ...base, title: TITLES.code, phone: outcome.phone, via: outcome.via, codeLength: outcome.codeLength }, status);
      case "password":
        return render(reply, "password", { ...base, title: TITLES.password, hint: outcome.hint }, status);
      case "qr":
        return render(reply, "qr", { ...base, title: TITLES.qr, image: await qrImage(outcome.url), link: outcome.url }, status);
    }
  }

  /** A finished Telegram login: consent, or first the token of the account this user already has. */
  async function afterLogin(request: FastifyRequest, reply: FastifyReply, g: Guarded, done: WizardDone) {
    const owner = security.ownerOf(g.cookie);
    const ref = oauth!.telegramUserRef(done.user.id);
    const known = await oauth!.store.get("TelegramUser", ref);
    const knownId = (known?.data as { accountId?: string } | undefined)?.accountId;
    const who = whoOf(done.user);
    request.log.info({ accountId: done.accountId }, "oauth: Telegram login completed");
    if (knownId && knownId !== done.accountId && (await accounts.getAccount(knownId))) {
      const pending = await consents.create({ owner, uid: g.uid, accountId: done.accountId, accountToken: done.token!, who, link: knownId });
      return render(reply, "oauth-link", { ...common(request, g.cookie, g.uid), title: TITLES.link, who, accountId: knownId, clientName: g.clientName, pending });
    }
    await oauth!.store.set("TelegramUser", ref, { data: { accountId: done.accountId } });
    const pending = await consents.create({ owner, uid: g.uid, accountId: done.accountId, accountToken: done.token!, who });
    // The new account's token, shown once: it proves the account on a later authorization
    // (and opens /setup, the CLI and static-bearer clients).
    return consentPage(request, reply, g, pending, who, done.accountId, undefined, done.token);
  }

  async function consentPage(request: FastifyRequest, reply: FastifyReply, g: Guarded, pending: string, who: string, accountId: string, error?: string, newToken?: string) {
    const requested = String(g.details.params.scope ?? "").split(" ");
    const asksTelegram = requested.some((s) => (SCOPES as readonly string[]).includes(s));
    const redirect = String(g.details.params.redirect_uri ?? "");
    let redirectHost = redirect;
    try {
      redirectHost = new URL(redirect).host || redirect;
    } catch {
      /* shown as given */
    }
    // Browsers apply form-action to the redirects after a form post too: the consent form ends at
    // the client's redirect URI (through the provider), so that origin (or scheme) is allowed here.
    const target = formActionSource(redirect);
    const csp = reply.getHeader("content-security-policy");
    if (target && typeof csp === "string") reply.header("content-security-policy", csp.replace("form-action 'self'", `form-action 'self' ${target}`));
    return render(reply, "oauth-consent", {
      ...common(request, g.cookie, g.uid),
      title: TITLES.consent,
      clientName: g.clientName,
      who,
      accountId,
      pending,
      redirectHost,
      error,
      newToken,
      canWrite: !asksTelegram || requested.includes("telegram:write"),
      writeRequested: !asksTelegram || requested.includes("telegram:write"),
    });
  }

  const post = { schema: { body: FormBody, params: Params }, attachValidation: true };

  fastify.get<{ Params: { uid: string } }>(`${INTERACTION_PATH}/:uid`, { schema: { params: Params } }, async (request, reply) => {
    const it = await interaction(request, reply, request.params.uid);
    if (!it) return reply;
    request.log.debug({ prompt: it.details.prompt.name, reasons: it.details.prompt.reasons, details: it.details.prompt.details }, "oauth: interaction");
    const cookie = security.ensureCookie(request, reply);
    return loginPage(request, reply, cookie, request.params.uid, it.clientName);
  });

  fastify.post<{ Params: { uid: string }; Body: Form }>(`${INTERACTION_PATH}/:uid/phone`, post, async (request, reply) => {
    const g = await guard(request, reply);
    if (!g) return reply;
    const { login, phone } = request.body;
    return show(request, reply, g, await wizard.advance(login, { kind: "phone", phone: phone ?? "" }, ctx(request, g.cookie)), undefined, phone);
  });

  fastify.post<{ Params: { uid: string }; Body: Form }>(`${INTERACTION_PATH}/:uid/code`, post, async (request, reply) => {
    const g = await guard(request, reply);
    if (!g) return reply;
    const { login, code, action } = request.body;
    if (!login) return show(request, reply, g, { step: "expired" });
    const input = action === "resend" ? ({ kind: "resend" } as const) : ({ kind: "code", code: code ?? "" } as const);
    return show(request, reply, g, await wizard.advance(login, input, ctx(request, g.cookie)));
  });

  fastify.post<{ Params: { uid: string }; Body: Form }>(`${INTERACTION_PATH}/:uid/password`, post, async (request, reply) => {
    const g = await guard(request, reply);
    if (!g) return reply;
    const { login, password } = request.body;
    if (!login) return show(request, reply, g, { step: "expired" });
    return show(request, reply, g, await wizard.advance(login, { kind: "password", password: password ?? "" }, ctx(request, g.cookie)));
  });

  fastify.post<{ Params: { uid: string }; Body: Form }>(`${INTERACTION_PATH}/:uid/qr`, post, async (request, reply) => {
    const g = await guard(request, reply);
    if (!g) return reply;
    return show(request, reply, g, await wizard.advance(request.body.login, { kind: "qr" }, ctx(request, g.cookie)));
  });

  fastify.post<{ Params: { uid: string }; Body: Form }>(`${INTERACTION_PATH}/:uid/qr/status`, post, async (request, reply) => {
    const cookie = request.validationError ? null : security.csrfOk(request, request.body?.csrf);
    if (!cookie) return reply.code(403).send({ status: "error", message: "Reload the page." });
    return qrStatusAnswer(wizard, request.body.login, ctx(request, cookie), reply);
  });

  fastify.post<{ Params: { uid: string }; Body: Form }>(`${INTERACTION_PATH}/:uid/qr/continue`, post, async (request, reply) => {
    const g = await guard(request, reply);
    if (!g) return reply;
    const { login } = request.body;
    if (!login) return show(request, reply, g, { step: "expired" });
    const outcome = await wizard.advance(login, { kind: "qr-check" }, ctx(request, g.cookie));
    const notYet = outcome.step === "qr" ? "Not scanned yet: scan the code in Telegram (Settings > Devices > Link Desktop Device), then continue." : undefined;
    return show(request, reply, g, outcome, notYet);
  });

  // An existing tgmcp account, proven by its token (failed attempts count like bearer failures).
  fastify.post<{ Params: { uid: string }; Body: Form }>(`${INTERACTION_PATH}/:uid/token`, post, async (request, reply) => {
    const g = await guard(request, reply);
    if (!g) return reply;
    const blocked = await fastify.rateLimits.authFailures.blockedFor(request);
    if (blocked !== null) return loginPage(request, reply, g.cookie, g.uid, g.clientName, "Too many wrong tokens from this network. Wait, then try again.", 429);
    const token = (request.body.token ?? "").trim();
    const account = looksLikeToken(token) ? await accounts.verifyToken(token) : null;
    if (!account) {
      await fastify.rateLimits.authFailures.record(request);
      return loginPage(request, reply, g.cookie, g.uid, g.clientName, "That token is unknown or was revoked.", 400);
    }
    const who = account.label ? `${account.label}` : `account ${account.id}`;
    const pending = await consents.create({ owner: security.ownerOf(g.cookie), uid: g.uid, accountId: account.id, accountToken: token, who });
    return consentPage(request, reply, g, pending, who, account.id);
  });

  // The Telegram user already had an account: its token moves this login's session to it.
  fastify.post<{ Params: { uid: string }; Body: Form }>(`${INTERACTION_PATH}/:uid/link`, post, async (request, reply) => {
    const g = await guard(request, reply);
    if (!g) return reply;
    const p = request.body.pending ? await consents.get(request.body.pending) : undefined;
    if (!p || p.owner !== security.ownerOf(g.cookie) || p.uid !== g.uid || !p.link) {
      return loginPage(request, reply, g.cookie, g.uid, g.clientName, "This login has expired. Please start again.", 410);
    }
    const blocked = await fastify.rateLimits.authFailures.blockedFor(request);
    if (blocked !== null) return loginPage(request, reply, g.cookie, g.uid, g.clientName, "Too many wrong tokens from this network. Wait, then try again.", 429);
    const token = (request.body.token ?? "").trim();
    const account = looksLikeToken(token) ? await accounts.verifyToken(token) : null;
    if (!account || account.id !== p.link) {
      await fastify.rateLimits.authFailures.record(request);
      return render(reply, "oauth-link", { ...common(request, g.cookie, g.uid), title: TITLES.link, who: p.who, accountId: p.link, clientName: g.clientName, pending: request.body.pending, error: "That is not this account's token." }, 400);
    }
    const session = await accounts.loadSession(p.accountId, p.accountToken);
    if (session) await accounts.saveSession(account.id, session, token);
    await fastify.sessionPool.remove(account.id).catch(() => {});
    await accounts.revoke(p.accountId);
    await consents.delete(request.body.pending!);
    const pending = await consents.create({ owner: p.owner, uid: g.uid, accountId: account.id, accountToken: token, who: p.who });
    return consentPage(request, reply, g, pending, p.who, account.id);
  });

  fastify.post<{ Params: { uid: string }; Body: Form }>(`${INTERACTION_PATH}/:uid/consent`, post, async (request, reply) => {
    const g = await guard(request, reply);
    if (!g) return reply;
    const p = request.body.pending ? await consents.get(request.body.pending) : undefined;
    if (!p || p.owner !== security.ownerOf(g.cookie) || p.uid !== g.uid || p.link) {
      return loginPage(request, reply, g.cookie, g.uid, g.clientName, "This login has expired. Please start again.", 410);
    }
    await consents.delete(request.body.pending!);
    if (request.body.action !== "allow") {
      const to = await g.provider.interactionResult(request.raw, reply.raw, { error: "access_denied", error_description: "The person declined the request." }, { mergeWithLastSubmission: false });
      return reply.redirect(to, 303);
    }
    const requested = String(g.details.params.scope ?? "").split(" ").filter(Boolean);
    const asksTelegram = requested.some((s) => (SCOPES as readonly string[]).includes(s));
    const write = request.body.write === "yes" && (!asksTelegram || requested.includes("telegram:write"));
    const scope = write ? SCOPES.join(" ") : "telegram:read";
    const raw = g.details.params.resource;
    const resources = (Array.isArray(raw) ? raw : raw ? [raw] : [`${oauth.baseUrl(request)}/mcp`]).map(String);
    const grant = new g.provider.Grant({ accountId: p.accountId, clientId: g.client.clientId });
    for (const r of resources) {
      grant.addResourceScope(r, scope);
      if (!write) grant.rejectResourceScope(r, "telegram:write"); // declined: no second consent prompt for it
    }
    // The library also counts requested scopes as OIDC scopes: grant (or reject) them there too.
    const granted = requested.filter((s) => ["openid", "offline_access", "telegram:read", ...(write ? ["telegram:write"] : [])].includes(s));
    if (granted.length) grant.addOIDCScope(granted.join(" "));
    if (!write && requested.includes("telegram:write")) grant.rejectOIDCScope("telegram:write");
    const grantId = await grant.save();
    const handOverKey = await oauth.kit.handOver(grantId, p.accountToken);
    // For the resume request only (its path), gone in 10 minutes; the record it opens is single-use.
    reply.header("set-cookie", `${handOverCookie(g.uid)}=${handOverKey}; Path=${OAUTH_ROUTES.authorization}/${g.uid}; Max-Age=600; HttpOnly; SameSite=Lax${request.protocol === "https" ? "; Secure" : ""}`);
    request.log.info({ accountId: p.accountId, clientId: g.client.clientId, grantId, scope }, "oauth: consent given");
    const to = await g.provider.interactionResult(request.raw, reply.raw, { login: { accountId: p.accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
    return reply.redirect(to, 303);
  });
};

export default oauthRoutes;
