// The sandbox Telegram data center: an MTProto server real gramjs clients connect to,
// a world of users, chats and messages, and a programmatic API for tests and the demo.
import crypto from "node:crypto";
import { Api } from "telegram";
import { StringSession } from "telegram/sessions/index.js";
import { AuthKey } from "telegram/crypto/AuthKey.js";
import { MtprotoServer, type KeyRecord } from "./mtproto/server.js";
import { makeRsaKey, type RsaKey, type RsaPublicKey } from "./mtproto/crypto.js";
import { AuthState } from "./rpc/auth.js";
import { buildHandlers } from "./rpc/index.js";
import { RpcError, type HandlerMap, type RpcContext } from "./rpc/types.js";
import { World } from "./world/world.js";
import { buildDemoWorld } from "./world/demo.js";

export { RpcError } from "./rpc/types.js";
export { World } from "./world/world.js";
export type { RsaPublicKey } from "./mtproto/crypto.js";

/** The DC id the sandbox claims to be; session strings carry it. */
export const SANDBOX_DC_ID = 2;

export interface SandboxLogger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  debug?(obj: object | string, msg?: string): void;
}

export interface SandboxOptions {
  /** The world to serve; the seeded demo world by default. */
  world?: World;
  host?: string;
  port?: number;
  logger?: SandboxLogger;
  /** Real DH key exchange with the sandbox's own RSA key (default true). Pre-shared keys always work. */
  rsa?: boolean;
  /**
   * Injected round-trip time in ms (default 0): every frame the sandbox sends (answers, pushes,
   * the key exchange) leaves this late. A number applies to every DC; a map gives DCs their own
   * (a DC not in it gets 0). Parse `SANDBOX_RTT_MS` / `--rtt-ms` text with parseRttMs().
   */
  rttMs?: RttMs;
}

/** One RTT for every DC, or per DC id. */
export type RttMs = number | Readonly<Record<number, number>>;

/** The RTT a DC gets from an RttMs option. */
export function rttForDc(rtt: RttMs | undefined, dcId: number): number {
  if (rtt === undefined) return 0;
  return typeof rtt === "number" ? rtt : (rtt[dcId] ?? 0);
}

/**
 * `SANDBOX_RTT_MS` / `--rtt-ms` text: "80" (every DC) or "2:80,4:150" (DC id:ms pairs).
 * Throws an Error whose message says what is wrong.
 */
export function parseRttMs(text: string): RttMs {
  const t = text.trim();
  const ms = (v: string): number => {
    if (!/^\d{1,6}$/.test(v)) throw new Error(`RTT must be whole milliseconds (0-999999), got "${v}"`);
    return Number(v);
  };
  if (!t.includes(":")) return ms(t);
  const out: Record<number, number> = {};
  for (const pair of t.split(",")) {
    const m = /^\s*(\d{1,5})\s*:\s*(\S*)\s*$/.exec(pair);
    if (!m) throw new Error(`RTT per DC is "dc:ms,dc:ms", got "${pair.trim()}"`);
    out[Number(m[1])] = ms(m[2]!);
  }
  return out;
}

export interface RpcLogEntry {
  method: string;
  userId: number | null;
  error?: string;
}

interface FaultRule {
  method: string;
  times: number;
  action: "error" | "drop";
  code?: number;
  message?: string;
}

const NOOP_LOGGER: SandboxLogger = { info() {}, warn() {}, error() {} };

/** Methods answered without a logged-in user (everything else needs one). */
const PUBLIC_PREFIXES = ["help.", "auth.SendCode", "auth.ResendCode", "auth.CancelCode", "auth.SignIn", "auth.SignUp", "auth.CheckPassword", "auth.ExportLoginToken", "auth.ImportLoginToken", "account.GetPassword", "langpack."];

export class Sandbox {
  readonly world: World;
  readonly rpcLog: RpcLogEntry[] = [];
  readonly faults: {
    floodWait(method: string, seconds: number, times?: number): void;
    error(method: string, code: number, message: string, times?: number): void;
    dropConnections(userId?: number): number;
    dropOnNext(method: string, times?: number): void;
    clear(): void;
  };
  host = "127.0.0.1";
  port = 0;
  readonly dcId = SANDBOX_DC_ID;
  /** The injected round-trip time of this DC (ms). */
  readonly rttMs: number;

  private readonly server: MtprotoServer;
  private readonly rsaKey: RsaKey | undefined;
  private readonly auth = new AuthState();
  private readonly handlers: HandlerMap;
  private readonly log: SandboxLogger;
  private faultRules: FaultRule[] = [];
  private counts = new Map<string, number>();

  private constructor(opts: SandboxOptions) {
    this.world = opts.world ?? buildDemoWorld();
    this.log = opts.logger ?? NOOP_LOGGER;
    this.rttMs = rttForDc(opts.rttMs, SANDBOX_DC_ID);
    if (!Number.isFinite(this.rttMs) || this.rttMs < 0) throw new Error(`sandbox: rttMs must be a number of ms >= 0, got ${this.rttMs}`);
    this.rsaKey = opts.rsa === false ? undefined : makeRsaKey();
    this.server = new MtprotoServer({
      rsa: this.rsaKey,
      rttMs: this.rttMs,
      dispatch: (key, req, conn) => this.dispatch(key, req, conn),
      onError: (err) => this.log.warn({ err: String(err) }, "sandbox: connection error"),
    });
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const sb = this;
    this.handlers = buildHandlers({
      // help.GetConfig reads the address at call time: the port is known only after listen().
      dc: { dcId: this.dcId, get host() { return sb.host; }, get port() { return sb.port; } },
      auth: this.auth,
    });
    this.faults = {
      floodWait: (method, seconds, times = 1) => this.faultRules.push({ method, times, action: "error", code: 420, message: `FLOOD_WAIT_${seconds}` }),
      error: (method, code, message, times = 1) => this.faultRules.push({ method, times, action: "error", code, message }),
      dropConnections: (userId) => this.server.dropConnections(userId === undefined ? undefined : (k) => k.userId === userId),
      dropOnNext: (method, times = 1) => this.faultRules.push({ method, times, action: "drop" }),
      clear: () => {
        this.faultRules = [];
      },
    };
  }

  static async start(opts: SandboxOptions = {}): Promise<Sandbox> {
    const sb = new Sandbox(opts);
    sb.host = opts.host ?? "127.0.0.1";
    sb.port = await sb.server.listen(opts.port ?? 0, sb.host);
    return sb;
  }

  /** The public half of the sandbox's RSA key, for clients that do a real DH exchange. */
  get rsaPublicKey(): RsaPublicKey | undefined {
    if (!this.rsaKey) return undefined;
    const { n, e, fingerprint } = this.rsaKey;
    return { n, e, fingerprint };
  }

  /** A gramjs StringSession string already logged in as `userId` (a pre-shared auth key). */
  async createSession(userId: number): Promise<string> {
    if (!this.world.getUser(userId)) throw new Error(`sandbox: no user ${userId}`);
    const keyBuf = crypto.randomBytes(256);
    this.server.addAuthKey(keyBuf, userId);
    return await sessionString(keyBuf, this.dcId);
  }

  /** A session string with a fresh, not-logged-in pre-shared key (skips DH in fast tests). */
  async createAnonymousSession(): Promise<string> {
    const keyBuf = crypto.randomBytes(256);
    this.server.addAuthKey(keyBuf, null);
    return await sessionString(keyBuf, this.dcId);
  }

  /** The login code most recently sent to a phone number. */
  lastCode(phone: string): string | undefined {
    return this.auth.lastCode(phone);
  }

  /** Revokes every auth key of a user (like "terminate all sessions"): calls get 401 SESSION_REVOKED. */
  revokeSessions(userId: number): number {
    let n = 0;
    for (const k of this.server.keys.values()) {
      if (k.userId === userId) {
        k.userId = null;
        k.revoked = true;
        n++;
      }
    }
    return n;
  }

  /** Pushes an Updates object to every connected session of a user (as handlers do for new messages), but one key. */
  pushToUser(userId: number, updates: Api.TypeUpdates, exceptKeyIdHex?: string): void {
    for (const k of this.liveKeysOf(userId)) if (k.idHex !== exceptKeyIdHex) this.server.push(k, updates);
  }

  /** The user's auth keys that are logged in and not revoked: its sessions ("devices"). */
  private liveKeysOf(userId: number): KeyRecord[] {
    return [...this.server.keys.values()].filter((k) => k.userId === userId && !k.revoked);
  }

  /** RPCs received (unwrapped requests), by gramjs className and optionally by user. */
  rpcCount(method?: string, userId?: number): number {
    if (method !== undefined && userId === undefined) return this.counts.get(method) ?? 0;
    return this.rpcLog.filter((e) => (method === undefined || e.method === method) && (userId === undefined || e.userId === userId)).length;
  }

  resetCounters(): void {
    this.rpcLog.length = 0;
    this.counts.clear();
  }

  /** Live TCP connections (tests check that clients close theirs). */
  get connectionCount(): number {
    return this.server.connectionCount;
  }

  async close(): Promise<void> {
    await this.server.close();
  }

  private context(key: KeyRecord): RpcContext {
    return {
      world: this.world,
      authKey: key,
      requireUser: () => {
        if (key.revoked) throw new RpcError(401, "SESSION_REVOKED");
        if (key.userId == null) throw new RpcError(401, "AUTH_KEY_UNREGISTERED");
        return key.userId;
      },
      pushToUser: (userId, updates, except) => this.pushToUser(userId, updates, except),
      keysOfUser: (userId) => this.liveKeysOf(userId),
      pushToKey: (idHex, updates) => {
        const k = this.server.keys.get(idHex);
        if (k) this.server.push(k, updates);
      },
      acceptQr: (idHex, userId) => {
        const k = this.server.keys.get(idHex);
        if (!k) return false;
        k.login.qrAcceptedBy = userId;
        this.server.push(k, new Api.UpdateShort({ update: new Api.UpdateLoginToken(), date: Math.floor(Date.now() / 1000) }));
        return true;
      },
      now: () => Math.floor(Date.now() / 1000),
      log: (msg, extra) => this.log.info({ sandbox: true, ...extra }, msg),
    };
  }

  private takeFault(method: string): FaultRule | undefined {
    const i = this.faultRules.findIndex((r) => r.method === method && r.times > 0);
    if (i < 0) return undefined;
    const rule = this.faultRules[i];
    if (--rule.times <= 0) this.faultRules.splice(i, 1);
    return rule;
  }

  private async dispatch(key: KeyRecord, req: any, conn: { drop(): void }): Promise<unknown> {
    const method: string = req.className;
    const entry: RpcLogEntry = { method, userId: key.userId };
    this.rpcLog.push(entry);
    this.counts.set(method, (this.counts.get(method) ?? 0) + 1);
    const ctx = this.context(key);
    try {
      const fault = this.takeFault(method);
      if (fault?.action === "drop") {
        conn.drop();
        entry.error = "DROPPED";
        return undefined;
      }
      if (fault) throw new RpcError(fault.code!, fault.message!);
      const handler = this.handlers[method];
      // gramjs has no request timeout: every method must get an answer, never silence.
      if (!handler) throw new RpcError(400, `METHOD_NOT_SUPPORTED_BY_SANDBOX`);
      if (!PUBLIC_PREFIXES.some((p) => method.startsWith(p))) ctx.requireUser();
      return await handler(req, ctx);
    } catch (err) {
      if (err instanceof RpcError) {
        entry.error = err.errorMessage;
        return new Api.RpcError({ errorCode: err.code, errorMessage: err.errorMessage });
      }
      this.log.error({ err: err instanceof Error ? err.stack : String(err), method }, "sandbox: handler failed");
      entry.error = "INTERNAL";
      return new Api.RpcError({ errorCode: 500, errorMessage: "INTERNAL_SERVER_ERROR" });
    }
  }
}

async function sessionString(keyBuf: Buffer, dcId: number): Promise<string> {
  const s = new StringSession("");
  // The port is ignored by the sandbox connection class; StringSession stores it as Int16.
  s.setDC(dcId, "127.0.0.1", 443);
  const ak = new AuthKey();
  await ak.setKey(keyBuf);
  s.setAuthKey(ak);
  return s.save();
}
