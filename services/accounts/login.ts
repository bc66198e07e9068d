// Login flows shared by `tgmcp setup` and the /setup wizard, as a step machine a caller
// drives one request at a time:
//   phone:  sendCode(phone) -> "code" -> submitCode(code) -> "password" (2FA, with hint) -> "done"
//   QR:     startQr() -> "qr" (token as tg://login URL) -> pollQr()/waitQr() -> "password"? -> "done"
// Every Telegram failure becomes a LoginError with a clear message and how to recover,
// and the flow stays usable: a wrong code or password can simply be tried again, up to
// MAX_ATTEMPTS times each; then the login is void (see login-guard.ts for the limits
// across logins, which the flow applies when it is given a LoginGuard).
import { Api, type TelegramClient } from "telegram";
import { computeCheck } from "telegram/Password.js";
import { StringSession } from "telegram/sessions/index.js";
import { Raw } from "telegram/events/index.js";
import type { LoginGuard } from "./login-guard.js";
import { switchDataCenter } from "../telegram/gramjs-adapter.js";

/** Wrong codes, and separately wrong 2FA passwords, one login allows (Telegram's apps allow about 5). */
export const MAX_ATTEMPTS = 5;

export type LoginErrorCode =
  | "PHONE_NUMBER_INVALID"
  | "PHONE_NUMBER_BANNED"
  | "PHONE_NUMBER_UNOCCUPIED"
  | "PHONE_CODE_EMPTY"
  | "PHONE_CODE_INVALID"
  | "PHONE_CODE_EXPIRED"
  | "PASSWORD_EMPTY"
  | "PASSWORD_HASH_INVALID"
  | "TOO_MANY_ATTEMPTS"
  | "TOO_MANY_FAILURES"
  | "FLOOD_WAIT"
  | "WRONG_STEP"
  | "NETWORK"
  | "TELEGRAM_ERROR";

/** What the user should do next. */
export type Recovery = "retry" | "resend" | "restart" | "wait";

export class LoginError extends Error {
  constructor(
    readonly code: LoginErrorCode,
    message: string,
    readonly recover: Recovery,
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = "LoginError";
  }
}

export interface LoggedInUser {
  id: string;
  firstName?: string;
  username?: string;
}

export type LoginState =
  | { step: "start" }
  | { step: "code"; via: "app" | "sms" | "other"; codeLength?: number }
  | { step: "password"; hint?: string }
  | { step: "qr"; url: string; expiresAt: number }
  | { step: "done"; user: LoggedInUser };

export interface LoginFlowOptions {
  /** A fresh client on an empty session (not connected); the flow connects and owns it. */
  client: TelegramClient;
  /** Wrong codes, and separately wrong passwords, before the login is void (default MAX_ATTEMPTS). */
  maxAttempts?: number;
  /** Counts failures across logins per phone number and client IP, with a growing back-off. */
  guard?: LoginGuard;
}

/** Who makes an attempt: the client's IP address when there is one (the wizard; not the CLI). */
export interface AttemptContext {
  ip?: string;
}

/** "+1 (555) 010-99" -> "+155501099". Throws PHONE_NUMBER_INVALID unless 7..15 digits. */
export function normalizePhoneInput(raw: string): string {
  const trimmed = String(raw ?? "").trim();
  const digits = trimmed.replace(/[\s().-]/g, "").replace(/^\+/, "").replace(/^00/, "");
  if (!/^\d{7,15}$/.test(digits)) {
    throw new LoginError("PHONE_NUMBER_INVALID", "That is not a valid phone number. Use the international format, e.g. +44 7700 900123.", "retry");
  }
  return `+${digits}`;
}

/** Masks a phone number for display and logs: +4477•••••23. */
export function maskPhone(phone: string): string {
  const d = phone.replace(/\D/g, "");
  return d.length <= 4 ? "+" + "•".repeat(d.length) : `+${d.slice(0, 4)}${"•".repeat(Math.max(0, d.length - 6))}${d.slice(-2)}`;
}

export function qrUrl(token: Buffer | Uint8Array): string {
  return `tg://login?token=${Buffer.from(token).toString("base64url")}`;
}

/** Maps a gramjs / Telegram error to a LoginError (unknown ones keep only the Telegram code). */
export function toLoginError(err: unknown): LoginError {
  if (err instanceof LoginError) return err;
  const e = err as { errorMessage?: string; seconds?: number; message?: string; code?: number };
  const seconds = typeof e?.seconds === "number" ? e.seconds : undefined;
  const msg = e?.errorMessage ?? "";
  if (seconds !== undefined || /^FLOOD/.test(msg)) {
    const s = seconds ?? Number(/(\d+)/.exec(msg)?.[1] ?? 0);
    return new LoginError("FLOOD_WAIT", `Telegram asks to wait ${formatWait(s)} before trying again.`, "wait", s);
  }
  switch (msg) {
    case "PHONE_NUMBER_INVALID":
      return new LoginError("PHONE_NUMBER_INVALID", "Telegram does not accept this phone number. Check it and use the international format.", "retry");
    case "PHONE_NUMBER_BANNED":
      return new LoginError("PHONE_NUMBER_BANNED", "This phone number is banned from Telegram.", "restart");
    case "PHONE_CODE_EMPTY":
      return new LoginError("PHONE_CODE_EMPTY", "Enter the code Telegram sent you.", "retry");
    case "PHONE_CODE_INVALID":
      return new LoginError("PHONE_CODE_INVALID", "That code is not right. Check it and try again.", "retry");
    case "PHONE_CODE_EXPIRED":
      return new LoginError("PHONE_CODE_EXPIRED", "That code has expired. Ask for a new one.", "resend");
    case "PASSWORD_HASH_INVALID":
      return new LoginError("PASSWORD_HASH_INVALID", "That password is not right. Try again.", "retry");
    case "AUTH_TOKEN_EXPIRED":
    case "AUTH_TOKEN_INVALID":
      return new LoginError("TELEGRAM_ERROR", "The QR code expired. A new one is ready.", "retry");
  }
  if (msg) return new LoginError("TELEGRAM_ERROR", `Telegram refused the login (${msg}).`, "restart");
  return new LoginError("NETWORK", "Could not reach Telegram. Check the connection and try again.", "retry");
}

export function formatWait(s: number): string {
  if (s < 90) return `${s} second${s === 1 ? "" : "s"}`;
  if (s < 5400) return `${Math.ceil(s / 60)} minutes`;
  return `${Math.ceil(s / 3600)} hours`;
}

export class LoginFlow {
  private readonly client: TelegramClient;
  private _state: LoginState = { step: "start" };
  private phone?: string;
  private phoneCodeHash?: string;
  private connected?: Promise<void>;
  private qrAccepted = false;
  private qrWaiters: Array<() => void> = [];
  private qrHandler?: (update: unknown) => void;
  /** The builder qrHandler is registered with, so that close() can name it to gramjs. */
  private readonly qrEvents = new Raw({});
  private closed = false;
  private readonly maxAttempts: number;
  private readonly guard?: LoginGuard;
  private readonly wrong = { code: 0, password: 0 };
  /** Set once the attempts are used up: every later step throws it. */
  private voided?: LoginError;

  constructor(opts: LoginFlowOptions) {
    this.client = opts.client;
    this.maxAttempts = opts.maxAttempts ?? MAX_ATTEMPTS;
    this.guard = opts.guard;
    // The flow reports FloodWaits to the user instead of sleeping through them.
    this.client.floodSleepThreshold = 0;
  }

  get state(): LoginState {
    return this._state;
  }

  /** The phone number this flow sends codes to (normalized), if any. */
  get phoneNumber(): string | undefined {
    return this.phone;
  }

  private async ready(): Promise<void> {
    this.connected ??= this.client.connect().then(() => undefined);
    try {
      await this.connected;
    } catch (err) {
      this.connected = undefined;
      throw toLoginError(err);
    }
  }

  private expect(...steps: LoginState["step"][]): void {
    if (this.voided) throw this.voided;
    if (!steps.includes(this._state.step)) {
      throw new LoginError("WRONG_STEP", `This login is at the "${this._state.step}" step.`, "restart");
    }
  }

  async sendCode(rawPhone: string, from: AttemptContext = {}): Promise<LoginState> {
    this.expect("start", "code");
    const phone = normalizePhoneInput(rawPhone);
    // No code is sent to a phone (or from an IP) that may not try one now.
    await this.guard?.check(["code", "password"], { phone, ip: from.ip });
    await this.ready();
    try {
      const sent = await this.client.invoke(
        new Api.auth.SendCode({ phoneNumber: phone, apiId: this.client.apiId, apiHash: this.client.apiHash, settings: new Api.CodeSettings({}) }),
      );
      return this.onSentCode(phone, sent);
    } catch (err) {
      throw toLoginError(err);
    }
  }

  async resendCode(from: AttemptContext = {}): Promise<LoginState> {
    this.expect("code");
    await this.guard?.check(["code", "password"], { phone: this.phone, ip: from.ip });
    await this.ready();
    try {
      const sent = await this.client.invoke(new Api.auth.ResendCode({ phoneNumber: this.phone!, phoneCodeHash: this.phoneCodeHash! }));
      return this.onSentCode(this.phone!, sent);
    } catch (err) {
      const le = toLoginError(err);
      // The old code hash is gone: ask for a fresh code instead.
      if (le.code === "PHONE_CODE_EXPIRED") return this.sendCodeAgain();
      throw le;
    }
  }

  private async sendCodeAgain(): Promise<LoginState> {
    const phone = this.phone!;
    try {
      const sent = await this.client.invoke(
        new Api.auth.SendCode({ phoneNumber: phone, apiId: this.client.apiId, apiHash: this.client.apiHash, settings: new Api.CodeSettings({}) }),
      );
      return this.onSentCode(phone, sent);
    } catch (err) {
      throw toLoginError(err);
    }
  }

  private onSentCode(phone: string, sent: Api.auth.TypeSentCode): LoginState {
    if (!(sent instanceof Api.auth.SentCode)) {
      throw new LoginError("TELEGRAM_ERROR", "Telegram answered the code request unexpectedly.", "restart");
    }
    this.phone = phone;
    this.phoneCodeHash = sent.phoneCodeHash;
    const t = sent.type;
    const via = t instanceof Api.auth.SentCodeTypeApp ? "app" : t instanceof Api.auth.SentCodeTypeSms ? "sms" : "other";
    const codeLength = (t as { length?: number }).length;
    this._state = { step: "code", via, ...(codeLength ? { codeLength } : {}) };
    return this._state;
  }

  async submitCode(rawCode: string, from: AttemptContext = {}): Promise<LoginState> {
    this.expect("code");
    const code = String(rawCode ?? "").replace(/\s|-/g, "");
    if (!code) throw toLoginError({ errorMessage: "PHONE_CODE_EMPTY" });
    const subject = { phone: this.phone, ip: from.ip };
    await this.guard?.check(["code"], subject);
    await this.ready();
    let res: Api.auth.TypeAuthorization;
    try {
      res = await this.client.invoke(new Api.auth.SignIn({ phoneNumber: this.phone!, phoneCodeHash: this.phoneCodeHash!, phoneCode: code }));
    } catch (err) {
      const passwordNeeded = (err as { errorMessage?: string })?.errorMessage === "SESSION_PASSWORD_NEEDED";
      const le = passwordNeeded ? undefined : toLoginError(err);
      if (le?.code === "PHONE_CODE_INVALID") throw await this.wrongAttempt("code", subject);
      if (le) throw le;
      await this.guard?.succeeded("code", subject);
      return this.toPassword();
    }
    await this.guard?.succeeded("code", subject);
    if (res instanceof Api.auth.AuthorizationSignUpRequired) {
      throw new LoginError("PHONE_NUMBER_UNOCCUPIED", "This phone number has no Telegram account yet. Sign up in a Telegram app first, then come back.", "restart");
    }
    return this.done(res.user);
  }

  /**
   * Counts a wrong code or password (here and in the guard) and returns the error to throw:
   * how many tries are left, or, after the last one, that the login is void.
   */
  private async wrongAttempt(secret: "code" | "password", subject: { phone?: string; ip?: string }): Promise<LoginError> {
    const n = ++this.wrong[secret];
    await this.guard?.failed(secret, subject);
    const left = this.maxAttempts - n;
    const what = secret === "code" ? "code" : "password";
    if (left > 0) {
      const again = secret === "code" ? "Check it and try again" : "Try again";
      const code = secret === "code" ? "PHONE_CODE_INVALID" : "PASSWORD_HASH_INVALID";
      return new LoginError(code, `That ${what} is not right. ${again} (${left} ${left === 1 ? "try" : "tries"} left).`, "retry");
    }
    this.voided = new LoginError(
      "TOO_MANY_ATTEMPTS",
      `That ${what} is not right either: ${n} wrong ${what}s, so this login is cancelled. Start again and ask for a new login code.`,
      "restart",
    );
    if (secret === "code") {
      // Telegram forgets the code too (best effort): it can no longer be guessed anywhere.
      await this.client.invoke(new Api.auth.CancelCode({ phoneNumber: this.phone!, phoneCodeHash: this.phoneCodeHash! })).catch(() => {});
    }
    return this.voided;
  }

  private async toPassword(): Promise<LoginState> {
    try {
      const pw = await this.client.invoke(new Api.account.GetPassword());
      this._state = { step: "password", ...(pw.hint ? { hint: pw.hint } : {}) };
      return this._state;
    } catch (err) {
      throw toLoginError(err);
    }
  }

  async submitPassword(password: string, from: AttemptContext = {}): Promise<LoginState> {
    this.expect("password");
    if (!password) throw new LoginError("PASSWORD_EMPTY", "Enter your two-step verification password.", "retry");
    // After a QR login the phone number is unknown: the IP and this login's own count remain.
    const subject = { phone: this.phone, ip: from.ip };
    await this.guard?.check(["password"], subject);
    await this.ready();
    let res: Api.auth.TypeAuthorization;
    try {
      // A fresh SRP challenge per attempt: Telegram's srp_id is single-use.
      const pw = await this.client.invoke(new Api.account.GetPassword());
      const check = await computeCheck(pw, password);
      res = await this.client.invoke(new Api.auth.CheckPassword({ password: check }));
    } catch (err) {
      const le = toLoginError(err);
      if (le.code === "PASSWORD_HASH_INVALID") throw await this.wrongAttempt("password", subject);
      throw le;
    }
    if (!(res instanceof Api.auth.Authorization)) {
      throw new LoginError("TELEGRAM_ERROR", "Telegram answered the password check unexpectedly.", "restart");
    }
    await this.guard?.succeeded("password", subject);
    return this.done(res.user);
  }

  /** Starts (or restarts) a QR login; the token is valid until expiresAt (ms). */
  async startQr(): Promise<LoginState> {
    this.expect("start", "qr");
    await this.ready();
    if (!this.qrHandler) {
      this.qrHandler = (update: unknown) => {
        if (update instanceof Api.UpdateLoginToken) {
          this.qrAccepted = true;
          for (const w of this.qrWaiters.splice(0)) w();
        }
      };
      this.client.addEventHandler(this.qrHandler, this.qrEvents);
    }
    return this.exportQr();
  }

  private async exportQr(): Promise<LoginState> {
    try {
      const res = await this.client.invoke(new Api.auth.ExportLoginToken({ apiId: this.client.apiId, apiHash: this.client.apiHash, exceptIds: [] }));
      if (res instanceof Api.auth.LoginToken) {
        this._state = { step: "qr", url: qrUrl(res.token), expiresAt: res.expires * 1000 };
        return this._state;
      }
      if (res instanceof Api.auth.LoginTokenSuccess && res.authorization instanceof Api.auth.Authorization) {
        return this.done(res.authorization.user);
      }
      if (res instanceof Api.auth.LoginTokenMigrateTo) {
        await switchDataCenter(this.client, res.dcId);
        const imported = await this.client.invoke(new Api.auth.ImportLoginToken({ token: res.token }));
        if (imported instanceof Api.auth.LoginTokenSuccess && imported.authorization instanceof Api.auth.Authorization) {
          return this.done(imported.authorization.user);
        }
      }
      throw new LoginError("TELEGRAM_ERROR", "Telegram answered the QR login unexpectedly.", "restart");
    } catch (err) {
      if ((err as { errorMessage?: string })?.errorMessage === "SESSION_PASSWORD_NEEDED") return this.toPassword();
      throw toLoginError(err);
    }
  }

  /**
   * Non-blocking QR check: "done"/"password" once another device accepted the token,
   * a fresh token once the old one expired, otherwise the current QR state unchanged.
   */
  async pollQr(now = Date.now()): Promise<LoginState> {
    if (this._state.step !== "qr") return this._state;
    if (this.qrAccepted) {
      this.qrAccepted = false;
      return this.exportQr();
    }
    if (now >= this._state.expiresAt) return this.exportQr();
    return this._state;
  }

  /** Waits until the QR is accepted or expires (then refreshes it), at most timeoutMs. */
  async waitQr(timeoutMs: number): Promise<LoginState> {
    if (this._state.step !== "qr") return this._state;
    if (!this.qrAccepted) {
      const until = Math.min(timeoutMs, Math.max(0, this._state.expiresAt - Date.now()));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, until);
        const waiter = () => done();
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.qrWaiters.push(waiter);
      });
    }
    return this.pollQr();
  }

  private done(user: Api.TypeUser): LoginState {
    const u = user as Api.User;
    this._state = {
      step: "done",
      user: { id: String(u.id), ...(u.firstName ? { firstName: u.firstName } : {}), ...(u.username ? { username: u.username } : {}) },
    };
    return this._state;
  }

  /** The logged-in gramjs session string (only after "done"). */
  sessionString(): string {
    if (this._state.step !== "done") throw new LoginError("WRONG_STEP", "The login is not finished.", "restart");
    return (this.client.session as StringSession).save();
  }

  /** Disconnects and drops the client. Safe to call more than once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.qrWaiters.splice(0)) w();
    if (this.qrHandler) this.client.removeEventHandler(this.qrHandler, this.qrEvents);
    try {
      await this.client.destroy();
    } catch {
      /* already gone */
    }
  }
}
