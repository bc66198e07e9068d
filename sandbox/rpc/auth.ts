// auth.* and account.GetPassword: phone login (code, sign-up), 2FA with real SRP,
// QR login (export / accept / UpdateLoginToken / success) and log-out.
import crypto from "node:crypto";
import { Api } from "telegram";
import { computeDigest } from "telegram/Password.js";
import { bigToBuf, bufToBig, modPow, sha256, toGram, fromGram } from "../mtproto/bytes.js";
import { TG_PRIME, TG_PRIME_BUF } from "../mtproto/crypto.js";
import { RpcError, type HandlerMap, type RpcContext } from "./types.js";

/** Login codes live this long, like Telegram's (a few minutes). */
export const CODE_TTL_S = 300;
export const QR_TTL_S = 30;
/** An exported authorization is for importing right away (gramjs imports it within the same second). */
export const EXPORT_TTL_S = 60;

interface SentCode {
  hash: string;
  code: string;
  expires: number;
}

interface Srp {
  algo: Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow;
  v: bigint;
  b: bigint;
  B: bigint;
  srpId: bigint;
  userId: number;
}

/** Shared login state of the whole DC (codes are per phone, QR tokens per key). */
export class AuthState {
  readonly codes = new Map<string, SentCode>();
  /** base64url QR token -> auth key id hex + expiry */
  readonly qrTokens = new Map<string, { keyIdHex: string; expires: number }>();
  /** base64url QR token handed out in auth.loginTokenMigrateTo -> who accepted it, for which DC. */
  readonly qrMigrations = new Map<string, { userId: number; dcId: number; expires: number }>();
  /** auth.exportAuthorization bytes (hex) -> user and target DC, until imported once. */
  readonly exports = new Map<string, { userId: number; dcId: number; expires: number }>();
  /** Every code sent, newest last: the test API and the log read it (codes are not secrets here). */
  lastCode(phone: string): string | undefined {
    return this.codes.get(normalizePhone(phone))?.code;
  }
}

export const normalizePhone = (p: string): string => String(p).replace(/[^\d]/g, "");

/**
 * Phone numbers follow Telegram's test-DC convention: 99966XYYYY (X = DC digit) always
 * exists and its code is X repeated five times. Every other number that starts with 999
 * is valid too, with a random code shown in the log. Anything else is PHONE_NUMBER_INVALID.
 */
export function codeFor(phone: string): string {
  const m = /^99966(\d)\d{4}$/.exec(phone);
  if (m) return m[1].repeat(5);
  return String(crypto.randomInt(0, 100000)).padStart(5, "0");
}

export function authHandlers(state: AuthState, hooks: { onLogin?(keyIdHex: string, userId: number): void } = {}): HandlerMap {
  const authorize = (ctx: RpcContext, userId: number) => {
    ctx.authKey.userId = userId;
    ctx.authKey.revoked = false;
    ctx.authKey.imported = false;
    ctx.authKey.login = {};
    hooks.onLogin?.(ctx.authKey.idHex, userId);
    return new Api.auth.Authorization({ user: ctx.world.apiUser(userId, userId) });
  };
  const checkCode = (ctx: RpcContext, phone: string, hash: string, code?: string) => {
    const c = state.codes.get(phone);
    if (!c || c.hash !== hash) throw new RpcError(400, "PHONE_CODE_EXPIRED");
    if (c.expires < ctx.now()) throw new RpcError(400, "PHONE_CODE_EXPIRED");
    if (code === undefined || code === "") throw new RpcError(400, "PHONE_CODE_EMPTY");
    if (code !== c.code) throw new RpcError(400, "PHONE_CODE_INVALID");
  };
  const sendCode = (ctx: RpcContext, rawPhone: string, resend = false) => {
    const phone = normalizePhone(rawPhone);
    if (!/^999\d{4,12}$/.test(phone)) throw new RpcError(400, "PHONE_NUMBER_INVALID");
    phoneHere(ctx, phone);
    const now = ctx.now(); // codes per phone are flood-limited by the sandbox (sandbox/flood.ts, loginCode)
    const prev = state.codes.get(phone);
    const hash = resend && prev ? prev.hash : crypto.randomBytes(8).toString("hex");
    const code = codeFor(phone);
    state.codes.set(phone, { hash, code, expires: now + CODE_TTL_S });
    // By design the sandbox shows login codes in its log: that is how a person gets them.
    ctx.log(`login code for +${phone}: ${code}`, { sandboxLoginCode: code });
    return new Api.auth.SentCode({
      type: new Api.auth.SentCodeTypeApp({ length: 5 }),
      phoneCodeHash: hash,
      nextType: new Api.auth.CodeTypeSms(),
      timeout: 60,
    });
  };

  // Telegram answers a login for a number homed on another DC with 303 PHONE_MIGRATE_X
  // (core.telegram.org/api/errors, "303 SEE_OTHER"); the client repeats it on DC X.
  const phoneHere = (ctx: RpcContext, phone: string) => {
    const dc = ctx.dcOfPhone(phone);
    if (dc !== ctx.dcId) throw new RpcError(303, `PHONE_MIGRATE_${dc}`);
  };
  /** Logs the key in once a QR login is accepted: here, or on the user's home DC via loginTokenMigrateTo. */
  const qrSuccess = (ctx: RpcContext, userId: number) => {
    const user = ctx.world.getUser(userId);
    if (user?.password) {
      ctx.authKey.login = { pendingUser: userId };
      throw new RpcError(401, "SESSION_PASSWORD_NEEDED");
    }
    return new Api.auth.LoginTokenSuccess({ authorization: authorize(ctx, userId) });
  };

  return {
    "auth.SendCode"(q: Api.auth.SendCode, ctx) {
      return sendCode(ctx, q.phoneNumber);
    },
    "auth.ResendCode"(q: Api.auth.ResendCode, ctx) {
      const phone = normalizePhone(q.phoneNumber);
      const c = state.codes.get(phone);
      if (!c || c.hash !== q.phoneCodeHash) throw new RpcError(400, "PHONE_CODE_EXPIRED");
      return sendCode(ctx, phone, true);
    },
    "auth.CancelCode"(q: Api.auth.CancelCode) {
      state.codes.delete(normalizePhone(q.phoneNumber));
      return true;
    },
    "auth.SignIn"(q: Api.auth.SignIn, ctx) {
      const phone = normalizePhone(q.phoneNumber);
      phoneHere(ctx, phone);
      checkCode(ctx, phone, q.phoneCodeHash, q.phoneCode);
      const user = ctx.world.findUserByPhone(phone);
      if (!user) {
        ctx.authKey.login.signUpPhone = phone;
        // Telegram answers an unknown number with auth.authorizationSignUpRequired
        return new Api.auth.AuthorizationSignUpRequired({});
      }
      state.codes.delete(phone);
      if (user.password) {
        ctx.authKey.login.pendingUser = user.id;
        throw new RpcError(401, "SESSION_PASSWORD_NEEDED");
      }
      return authorize(ctx, user.id);
    },
    "auth.SignUp"(q: Api.auth.SignUp, ctx) {
      const phone = normalizePhone(q.phoneNumber);
      phoneHere(ctx, phone);
      if (ctx.authKey.login.signUpPhone !== phone) {
        const c = state.codes.get(phone);
        if (!c || c.hash !== q.phoneCodeHash) throw new RpcError(400, "PHONE_CODE_EXPIRED");
      }
      if (ctx.world.findUserByPhone(phone)) throw new RpcError(400, "PHONE_NUMBER_OCCUPIED");
      const first = (q.firstName ?? "").trim();
      if (!first || first.length > 64) throw new RpcError(400, "FIRSTNAME_INVALID");
      if ((q.lastName ?? "").length > 64) throw new RpcError(400, "LASTNAME_INVALID");
      state.codes.delete(phone);
      const user = ctx.world.createUser({ phone, firstName: first, lastName: q.lastName || undefined, dcId: ctx.dcId });
      return authorize(ctx, user.id);
    },
    async "account.GetPassword"(_q, ctx) {
      const userId = (ctx.authKey.login.pendingUser as number | undefined) ?? ctx.authKey.userId;
      const user = userId != null ? ctx.world.getUser(userId) : undefined;
      const noAlgo = { newAlgo: new Api.PasswordKdfAlgoUnknown(), newSecureAlgo: new Api.SecurePasswordKdfAlgoUnknown(), secureRandom: crypto.randomBytes(32) };
      if (!user?.password) return new Api.account.Password(noAlgo);
      const algo = new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
        salt1: crypto.randomBytes(40),
        salt2: crypto.randomBytes(16),
        g: 3,
        p: TG_PRIME_BUF,
      });
      const v = bufToBig(await computeDigest(algo, user.password.password)); // verifier g^x mod p
      const g = 3n;
      const k = bufToBig(sha256(Buffer.concat([TG_PRIME_BUF, bigToBuf(g, 256)])));
      let b: bigint;
      let gb: bigint;
      do {
        b = bufToBig(crypto.randomBytes(256));
        gb = modPow(g, b, TG_PRIME);
      } while (gb.toString(2).length < 1984 || (TG_PRIME - gb).toString(2).length < 1984);
      const B = (k * v + gb) % TG_PRIME;
      const srpId = crypto.randomBytes(8).readBigInt64LE();
      const srp: Srp = { algo, v, b, B, srpId, userId: user.id };
      ctx.authKey.login.srp = srp;
      return new Api.account.Password({
        ...noAlgo,
        hasPassword: true,
        currentAlgo: algo,
        srp_B: bigToBuf(B, 256),
        srpId: toGram(srpId),
        hint: user.password.hint,
        newAlgo: algo,
      });
    },
    "auth.CheckPassword"(q: Api.auth.CheckPassword, ctx) {
      const s = ctx.authKey.login.srp as Srp | undefined;
      const pw = q.password as Api.InputCheckPasswordSRP;
      if (!s || !(pw instanceof Api.InputCheckPasswordSRP) || fromGram(pw.srpId) !== s.srpId) throw new RpcError(400, "SRP_ID_INVALID");
      const A = bufToBig(pw.A);
      const Abuf = bigToBuf(A, 256);
      const Bbuf = bigToBuf(s.B, 256);
      const u = bufToBig(sha256(Buffer.concat([Abuf, Bbuf])));
      const S = modPow((A * modPow(s.v, u, TG_PRIME)) % TG_PRIME, s.b, TG_PRIME);
      const K = sha256(bigToBuf(S, 256));
      const hp = sha256(TG_PRIME_BUF);
      const hg = sha256(bigToBuf(3n, 256));
      const xor = Buffer.from(hp.map((x, i) => x ^ hg[i]));
      const M1 = sha256(Buffer.concat([xor, sha256(s.algo.salt1), sha256(s.algo.salt2), Abuf, Bbuf, K]));
      ctx.authKey.login.srp = undefined; // an SRP id is single-use, as on Telegram
      if (!M1.equals(Buffer.from(pw.M1))) throw new RpcError(400, "PASSWORD_HASH_INVALID");
      return authorize(ctx, s.userId);
    },
    "auth.ExportLoginToken"(_q, ctx) {
      const accepted = ctx.authKey.login.qrAcceptedBy as number | undefined;
      if (accepted != null) {
        const home = ctx.homeDcOf(accepted);
        if (home !== ctx.dcId) {
          // The account lives elsewhere: the client repeats the login there with auth.importLoginToken.
          const token = crypto.randomBytes(24);
          state.qrMigrations.set(token.toString("base64url"), { userId: accepted, dcId: home, expires: ctx.now() + QR_TTL_S });
          ctx.authKey.login = {};
          return new Api.auth.LoginTokenMigrateTo({ dcId: home, token });
        }
        return qrSuccess(ctx, accepted);
      }
      const token = crypto.randomBytes(24);
      const expires = ctx.now() + QR_TTL_S;
      for (const [t, v] of state.qrTokens) if (v.keyIdHex === ctx.authKey.idHex || v.expires < ctx.now()) state.qrTokens.delete(t);
      state.qrTokens.set(token.toString("base64url"), { keyIdHex: ctx.authKey.idHex, expires });
      return new Api.auth.LoginToken({ expires, token });
    },
    "auth.ImportLoginToken"(q: Api.auth.ImportLoginToken, ctx) {
      const key = Buffer.from(q.token).toString("base64url");
      const m = state.qrMigrations.get(key);
      if (!m || m.dcId !== ctx.dcId) throw new RpcError(400, "AUTH_TOKEN_INVALID");
      state.qrMigrations.delete(key);
      if (m.expires < ctx.now()) throw new RpcError(400, "AUTH_TOKEN_EXPIRED");
      return qrSuccess(ctx, m.userId);
    },
    "auth.ExportAuthorization"(q: Api.auth.ExportAuthorization, ctx) {
      const me = ctx.requireUser();
      if (q.dcId === ctx.dcId || !ctx.dcs().some((d) => d.id === q.dcId)) throw new RpcError(400, "DC_ID_INVALID");
      const bytes = crypto.randomBytes(128);
      for (const [k, v] of state.exports) if (v.expires < ctx.now()) state.exports.delete(k);
      state.exports.set(bytes.toString("hex"), { userId: me, dcId: q.dcId, expires: ctx.now() + EXPORT_TTL_S });
      return new Api.auth.ExportedAuthorization({ id: toGram(me), bytes });
    },
    "auth.ImportAuthorization"(q: Api.auth.ImportAuthorization, ctx) {
      const hex = Buffer.from(q.bytes).toString("hex");
      const e = state.exports.get(hex);
      if (!e || e.dcId !== ctx.dcId || e.userId !== Number(fromGram(q.id)) || e.expires < ctx.now()) throw new RpcError(400, "AUTH_BYTES_INVALID");
      state.exports.delete(hex);
      const res = authorize(ctx, e.userId);
      // A copy of a login from the home DC (for files), not a device of its own.
      ctx.authKey.imported = ctx.homeDcOf(e.userId) !== ctx.dcId;
      return res;
    },
    "auth.AcceptLoginToken"(q: Api.auth.AcceptLoginToken, ctx) {
      const me = ctx.requireUser();
      const t = state.qrTokens.get(Buffer.from(q.token).toString("base64url"));
      if (!t) throw new RpcError(400, "AUTH_TOKEN_INVALID");
      if (t.expires < ctx.now()) throw new RpcError(400, "AUTH_TOKEN_EXPIRED");
      state.qrTokens.delete(Buffer.from(q.token).toString("base64url"));
      const target = ctx.acceptQr(t.keyIdHex, me);
      if (!target) throw new RpcError(400, "AUTH_TOKEN_INVALID");
      return new Api.Authorization({
        hash: toGram(0),
        deviceModel: "sandbox",
        platform: "sandbox",
        systemVersion: "1",
        apiId: 1,
        appName: "tgmcp",
        appVersion: "1",
        dateCreated: ctx.now(),
        dateActive: ctx.now(),
        ip: "127.0.0.1",
        country: "ZZ",
        region: "",
      });
    },
    "auth.LogOut"(_q, ctx) {
      ctx.requireUser();
      ctx.authKey.userId = null;
      ctx.authKey.revoked = true;
      return new Api.auth.LoggedOut({});
    },
  };
}
