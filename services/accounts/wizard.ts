// The login wizard as a service: one step machine for every way of logging in (`tgmcp setup`,
// the /setup pages, the coming OAuth login), free of HTTP. A caller feeds a login one input at
// a time, `advance(loginId, input, ctx)`, and gets the page to show next, or "done" once the
// session is saved. Pages carry errors with a code (no HTTP status: callers map codes).
//
// It owns the pending logins (each with its LoginFlow and gramjs client, closed when the login
// ends or expires), the per-IP/per-phone limit on sending codes (when given), the guard on
// wrong codes and passwords (through LoginFlow), and where a finished login's session goes.
import type { TelegramClient } from "telegram";
import type { ManagedAccountStore } from "./file-store.js";
import { LoginError, LoginFlow, formatWait, maskPhone, normalizePhoneInput, type LoggedInUser, type LoginErrorCode, type LoginState } from "./login.js";
import type { LoginGuard } from "./login-guard.js";
import { MemoryPendingLogins, type PendingLoginStore } from "./pending.js";
import type { CodeSendLimiter } from "./send-limits.js";

/** Where a finished login's session goes. */
export type LoginTarget =
  /** A new http-auth account with a bearer token. */
  | { kind: "new"; label?: string }
  /** A named session (stdio / http-no-auth); the store's default account when no id. */
  | { kind: "session"; accountId?: string }
  /** An existing account logging in again; the token was proven when the login began. */
  | { kind: "reauth"; accountId: string; token: string };

export interface PendingLogin {
  /** Who may continue this login (the wizard's browser); undefined: anyone holding the id (the CLI). */
  owner?: string;
  target: LoginTarget;
  flow?: LoginFlow;
}

export type WizardErrorCode = LoginErrorCode | "CODE_SEND_LIMIT";

export interface WizardError {
  code: WizardErrorCode;
  message: string;
  /** Seconds to wait before trying again, when a limit or Telegram asks for it. */
  retryAfterS?: number;
  /** The flow's error, when it came from the login itself. */
  loginError?: LoginError;
}

interface PageBase {
  login: string;
  reauth: boolean;
  error?: WizardError;
}

export type WizardPage =
  /** No login: start one (after an error that ended the previous one, `error` says why). */
  | { step: "start"; error?: WizardError }
  /** The login id is unknown, expired, someone else's, or not at the step the input is for. */
  | { step: "expired" }
  /** A re-authorization waiting for its method (phone or QR). */
  | (PageBase & { step: "method"; accountId?: string })
  | (PageBase & { step: "code"; phone: string; via: "app" | "sms" | "other"; codeLength?: number })
  | (PageBase & { step: "password"; hint?: string })
  | (PageBase & { step: "qr"; url: string; expiresAt: number; refreshed: boolean });

export interface WizardDone {
  step: "done";
  accountId: string;
  /** The bearer token of the account (new ones, and re-authorized ones); none for a plain session. */
  token?: string;
  user: LoggedInUser;
  reauth: boolean;
}

export type WizardOutcome = WizardPage | WizardDone;

export type WizardInput =
  | { kind: "phone"; phone: string }
  | { kind: "code"; code: string }
  | { kind: "resend" }
  | { kind: "password"; password: string }
  /** Starts a QR login, or checks it; waitMs > 0 waits that long for the scan (the CLI). */
  | { kind: "qr"; waitMs?: number }
  /** Checks a login that has a QR code (or moved past it) without starting one. */
  | { kind: "qr-check" };

/** A QR login's live status, for a page that polls it (nothing is saved by asking). */
export type QrStatus =
  | { status: "expired" }
  | { status: "waiting" }
  /** Scanned: advance with "qr-check" to finish (or to the password step). */
  | { status: "ready" }
  | { status: "refreshed"; url: string }
  | { status: "error"; error: WizardError };

/** Who sends an input: the owner a login is bound to and the client's IP, when there is one. */
export interface WizardContext {
  owner?: string;
  ip?: string;
}

export interface LoginWizardOptions {
  accounts: ManagedAccountStore;
  /** A fresh, not logged-in client for each login. */
  createClient: () => TelegramClient;
  /** Wrong codes and passwords across logins, per phone and per IP. */
  guard?: LoginGuard;
  /** Limits on sending login codes per IP and per phone (the wizard; the CLI sends one per run). */
  limiter?: CodeSendLimiter;
  /** Where new logins (not re-authorizations) save their session. */
  target: LoginTarget;
  /** Pending logins (default: in memory, 15 minutes, their clients closed when they go). */
  pending?: PendingLoginStore<PendingLogin>;
  /** Called after a session was saved, e.g. to drop a cached client that holds the old one. */
  onSaved?: (accountId: string) => Promise<void>;
  /**
   * A reason to refuse a (normalized) phone number before any code is asked for, e.g. a real
   * number on the sandbox, which knows only test numbers. Undefined: go on.
   */
  refusePhone?: (phone: string) => string | undefined;
}

export class LoginWizard {
  private readonly pending: PendingLoginStore<PendingLogin>;

  constructor(private readonly opts: LoginWizardOptions) {
    this.pending = opts.pending ?? new MemoryPendingLogins<PendingLogin>({ ttlMs: 15 * 60_000, dispose: (p) => p.flow?.close() });
  }

  /** Begins re-authorizing an account whose token was verified; returns the method page. */
  async reauthorize(accountId: string, token: string, ctx: WizardContext = {}): Promise<WizardPage> {
    const login = await this.pending.create({ owner: ctx.owner, target: { kind: "reauth", accountId, token } });
    return { step: "method", login, reauth: true, accountId };
  }

  /** The next page of a login after one input. `loginId` undefined: a new login (phone or QR input). */
  async advance(loginId: string | undefined, input: WizardInput, ctx: WizardContext = {}): Promise<WizardOutcome> {
    const entry = loginId ? await this.entry(loginId, ctx) : undefined;
    if (loginId && !entry) return { step: "expired" };
    switch (input.kind) {
      case "phone":
        return this.phone(loginId, entry, input.phone, ctx);
      case "code":
      case "resend":
      case "password": {
        const want = input.kind === "password" ? "password" : "code";
        if (!entry?.flow || entry.flow.state.step !== want) return { step: "expired" };
        return this.secret(loginId!, entry, entry.flow, input, ctx);
      }
      case "qr":
        return this.qr(loginId, entry, input.waitMs ?? 0, ctx);
      case "qr-check": {
        if (!entry?.flow) return { step: "expired" };
        try {
          return await this.next(loginId!, entry, await entry.flow.pollQr());
        } catch (e) {
          const error = fromLoginError(e);
          await this.pending.delete(loginId!);
          return { step: "start", error };
        }
      }
    }
  }

  /**
   * The page a login is at, without advancing it: a page reloaded, or reached with Back (its URL
   * is a GET, so the browser never re-posts a form). Unknown, finished or not started: expired.
   */
  async current(loginId: string, ctx: WizardContext = {}): Promise<WizardPage> {
    const entry = await this.entry(loginId, ctx);
    if (!entry) return { step: "expired" };
    const state = entry.flow?.state;
    if (!state || state.step === "start" || state.step === "done") {
      return entry.target.kind === "reauth" ? { step: "method", login: loginId, reauth: true } : { step: "expired" };
    }
    return this.page(loginId, entry, state);
  }

  /** Polls a QR login without finishing it: the page then advances with "qr-check". */
  async qrStatus(loginId: string, ctx: WizardContext = {}): Promise<QrStatus> {
    const entry = await this.entry(loginId, ctx);
    if (!entry?.flow) return { status: "expired" };
    const before = entry.flow.state;
    try {
      const state = await entry.flow.pollQr();
      if (state.step === "done" || state.step === "password") return { status: "ready" };
      if (state.step === "qr" && before.step === "qr" && state.url !== before.url) return { status: "refreshed", url: state.url };
      return { status: "waiting" };
    } catch (e) {
      return { status: "error", error: fromLoginError(e) };
    }
  }

  /** Ends a login (its client is closed). */
  async cancel(loginId: string): Promise<void> {
    await this.pending.delete(loginId);
  }

  /** Ends every pending login (shutdown, or the end of a CLI run). */
  async close(): Promise<void> {
    await this.pending.close();
  }

  private async entry(loginId: string, ctx: WizardContext): Promise<PendingLogin | undefined> {
    const entry = await this.pending.get(loginId);
    return entry && entry.owner === ctx.owner ? entry : undefined;
  }

  private async phone(loginId: string | undefined, entry: PendingLogin | undefined, raw: string, ctx: WizardContext): Promise<WizardOutcome> {
    // Failures before a login exists leave none behind; a re-authorization stays on its method page.
    const refuse = (error: WizardError): WizardPage =>
      entry?.target.kind === "reauth" ? { step: "method", login: loginId!, reauth: true, error } : { step: "start", error };
    let phone: string;
    try {
      phone = normalizePhoneInput(raw);
    } catch (e) {
      return refuse(fromLoginError(e));
    }
    const refusal = this.opts.refusePhone?.(phone);
    if (refusal) return refuse({ code: "PHONE_NUMBER_INVALID", message: refusal });
    if (this.opts.limiter) {
      // A phone or IP backing off after wrong codes gets no new code (nor uses up a send).
      try {
        await this.opts.guard?.check(["code", "password"], { phone, ip: ctx.ip });
      } catch (e) {
        return refuse(fromLoginError(e));
      }
      const wait = this.opts.limiter.take(ctx.ip ?? "", phone);
      if (wait !== null) return refuse(sendLimit(wait));
    }
    if (!entry) {
      entry = { owner: ctx.owner, target: this.opts.target };
      loginId = await this.pending.create(entry);
    }
    const flow = await this.flowAt(entry, "code");
    try {
      return await this.next(loginId!, entry, await flow.sendCode(phone, { ip: ctx.ip }));
    } catch (e) {
      const error = fromLoginError(e);
      if (entry.target.kind === "reauth") return { step: "method", login: loginId!, reauth: true, error };
      await this.pending.delete(loginId!);
      return { step: "start", error };
    }
  }

  private async secret(
    loginId: string,
    entry: PendingLogin,
    flow: LoginFlow,
    input: { kind: "code"; code: string } | { kind: "resend" } | { kind: "password"; password: string },
    ctx: WizardContext,
  ): Promise<WizardOutcome> {
    try {
      if (input.kind === "resend") {
        const wait = this.opts.limiter?.take(ctx.ip ?? "", flow.phoneNumber!) ?? null;
        if (wait !== null) return this.page(loginId, entry, flow.state, sendLimit(wait));
        return await this.next(loginId, entry, await flow.resendCode({ ip: ctx.ip }));
      }
      const state = input.kind === "code" ? await flow.submitCode(input.code, { ip: ctx.ip }) : await flow.submitPassword(input.password, { ip: ctx.ip });
      return await this.next(loginId, entry, state);
    } catch (e) {
      const error = fromLoginError(e);
      if (error.loginError?.recover === "restart") {
        // Also after the last wrong code or password: the login is void, a new code must be requested.
        await this.pending.delete(loginId);
        return { step: "start", error };
      }
      return this.page(loginId, entry, flow.state, error);
    }
  }

  private async qr(loginId: string | undefined, entry: PendingLogin | undefined, waitMs: number, ctx: WizardContext): Promise<WizardOutcome> {
    if (!entry) {
      entry = { owner: ctx.owner, target: this.opts.target };
      loginId = await this.pending.create(entry);
    }
    const flow = await this.flowAt(entry, "qr");
    const before = flow.state;
    try {
      const state = before.step !== "qr" ? await flow.startQr() : waitMs > 0 ? await flow.waitQr(waitMs) : await flow.pollQr();
      const refreshed = before.step === "qr" && state.step === "qr" && state.url !== before.url;
      return await this.next(loginId!, entry, state, refreshed);
    } catch (e) {
      await this.pending.delete(loginId!);
      return { step: "start", error: fromLoginError(e) };
    }
  }

  /** The entry's flow, new unless the current one is at its start or at `step` already. */
  private async flowAt(entry: PendingLogin, step: "code" | "qr"): Promise<LoginFlow> {
    if (entry.flow && entry.flow.state.step !== "start" && entry.flow.state.step !== step) {
      await entry.flow.close();
      entry.flow = undefined;
    }
    entry.flow ??= new LoginFlow({ client: this.opts.createClient(), guard: this.opts.guard });
    return entry.flow;
  }

  /** The page of `state`, or, once the login is done, its saved result. */
  private async next(loginId: string, entry: PendingLogin, state: LoginState, refreshed = false): Promise<WizardOutcome> {
    if (state.step !== "done") return this.page(loginId, entry, state, undefined, refreshed);
    const session = entry.flow!.sessionString();
    const target = entry.target;
    let accountId: string;
    let token: string | undefined;
    if (target.kind === "reauth") {
      ({ accountId, token } = target);
      await this.opts.accounts.saveSession(accountId, session, token);
    } else if (target.kind === "new") {
      const created = await this.opts.accounts.createAccount({ session, ...(target.label ? { label: target.label } : {}) });
      accountId = created.account.id;
      token = created.token;
    } else {
      accountId = target.accountId ?? (await this.opts.accounts.defaultAccount()).id;
      await this.opts.accounts.saveSession(accountId, session);
    }
    await this.opts.onSaved?.(accountId);
    await entry.flow!.close(); // the login's client is done: disconnect it now, not in the background
    await this.pending.delete(loginId);
    return { step: "done", accountId, ...(token ? { token } : {}), user: state.user, reauth: target.kind === "reauth" };
  }

  private page(login: string, entry: PendingLogin, state: LoginState, error?: WizardError, refreshed = false): WizardPage {
    const base = { login, reauth: entry.target.kind === "reauth", ...(error ? { error } : {}) };
    switch (state.step) {
      case "code":
        return { ...base, step: "code", phone: maskPhone(entry.flow?.phoneNumber ?? ""), via: state.via, ...(state.codeLength ? { codeLength: state.codeLength } : {}) };
      case "password":
        return { ...base, step: "password", ...(state.hint ? { hint: state.hint } : {}) };
      case "qr":
        return { ...base, step: "qr", url: state.url, expiresAt: state.expiresAt, refreshed };
      default:
        return { ...base, step: "method" };
    }
  }
}

function fromLoginError(e: unknown): WizardError {
  if (!(e instanceof LoginError)) throw e;
  return { code: e.code, message: e.message, ...(e.retryAfterS ? { retryAfterS: e.retryAfterS } : {}), loginError: e };
}

function sendLimit(waitS: number): WizardError {
  return { code: "CODE_SEND_LIMIT", message: `Too many login codes were requested. Try again in ${formatWait(waitS)}.`, retryAfterS: waitS };
}
