// The sandbox Telegram data center: an MTProto server real gramjs clients connect to,
// a world of users, chats and messages, and a programmatic API for tests and the demo.
import crypto from "node:crypto";
import { Api } from "telegram";
import { StringSession } from "telegram/sessions/index.js";
import { AuthKey } from "telegram/crypto/AuthKey.js";
import { MtprotoServer, type DispatchLink, type KeyRecord } from "./mtproto/server.js";
import { makeRsaKey, type RsaKey, type RsaPublicKey } from "./mtproto/crypto.js";
import { AuthState } from "./rpc/auth.js";
import { buildHandlers } from "./rpc/index.js";
import { RpcError, type HandlerMap, type RpcContext, type TlRequest } from "./rpc/types.js";
import { World } from "./world/world.js";
import { buildDemoWorld } from "./world/demo.js";
import { chargesOf, FloodLimiter, parseFloodOption, type FloodConfig } from "./flood.js";

export { RpcError } from "./rpc/types.js";
export { World } from "./world/world.js";
export type { RsaPublicKey } from "./mtproto/crypto.js";
export { SERVED_LAYERS } from "./mtproto/server.js";
export { FLOOD_DEFAULTS, FLOOD_FAMILIES, parseFloodOption, type FloodConfig, type FloodFamily, type FloodTier } from "./flood.js";

/** The main DC: the demo account's home, and where new sessions and logins start. */
export const SANDBOX_DC_ID = 2;
/** The sandbox's DCs by default, like Telegram's test DCs 1-3 (phone 99966XYYYY is homed on DC X). */
export const SANDBOX_DC_IDS: readonly number[] = [1, 2, 3];

/** One DC of a running sandbox. */
export interface SandboxDc {
  id: number;
  host: string;
  port: number;
  /** Its injected round-trip time (ms). */
  rttMs: number;
}

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
  /**
   * DC 2's port (the main DC); 0 or absent: a free one below 32768. DC X listens on this port
   * + (X - 2), so a client that knows DC 2's address knows them all (dcPort()).
   */
  port?: number;
  /** DC ids to run (default 1, 2, 3); DC 2 is always one of them. */
  dcIds?: readonly number[];
  /**
   * Flood limits (sandbox/flood.ts): on with realistic defaults when absent, `false` for none,
   * or per-family overrides. When absent, `SANDBOX_FLOOD` (parseFloodOption's text) applies.
   */
  flood?: FloodConfig | false;
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

/** The port of DC `dcId` of a sandbox whose DC 2 listens on `mainPort`. */
export function dcPort(mainPort: number, dcId: number): number {
  return mainPort + dcId - SANDBOX_DC_ID;
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
  /** The DC it arrived at. */
  dc: number;
  error?: string;
  /** performance.now() when the request was dispatched, and when its answer was ready (it leaves RTT later): the bench counts sequential round trips from these. */
  at: number;
  doneAt?: number;
  /** When the answer was serialized, encrypted and written (before the injected RTT): the sandbox's own time is sentAt - at. */
  sentAt?: number;
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
const PUBLIC_PREFIXES = ["help.", "auth.SendCode", "auth.ResendCode", "auth.CancelCode", "auth.SignIn", "auth.SignUp", "auth.CheckPassword", "auth.ExportLoginToken", "auth.ImportLoginToken", "auth.ImportAuthorization", "account.GetPassword", "langpack."];
/**
 * What a login may do on a DC that is not its user's home (an imported authorization, as
 * gramjs's download senders make): files and the protocol's own calls. Anything else answers
 * 303 USER_MIGRATE_X, pointing at the home DC.
 */
const ANYWHERE_PREFIXES = ["upload.", "help.", "auth.", "langpack."];

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
  /** DC 2's address (the main DC: the demo account's home); `dcs` lists every DC. */
  host = "127.0.0.1";
  port = 0;
  readonly dcId = SANDBOX_DC_ID;
  /** The injected round-trip time of DC 2 (ms). */
  readonly rttMs: number;
  /** Every DC, by id (addresses are known once started). */
  readonly dcs: SandboxDc[];
  readonly flood: FloodLimiter;

  private readonly servers = new Map<number, MtprotoServer>();
  private readonly rsaKey: RsaKey | undefined;
  private readonly auth = new AuthState();
  private readonly handlers: HandlerMap;
  private readonly log: SandboxLogger;
  private faultRules: FaultRule[] = [];
  private counts = new Map<string, number>();

  private constructor(opts: SandboxOptions, world: World, rsaKey: RsaKey | undefined) {
    this.world = world;
    this.log = opts.logger ?? NOOP_LOGGER;
    const ids = [...new Set(opts.dcIds ?? SANDBOX_DC_IDS)].sort((a, b) => a - b);
    if (!ids.includes(SANDBOX_DC_ID)) throw new Error(`sandbox: dcIds must include DC ${SANDBOX_DC_ID} (the demo account's home), got ${ids.join(",")}`);
    if (ids.some((id) => !Number.isInteger(id) || id < 1 || id > 9)) throw new Error(`sandbox: DC ids are 1-9 (the test phones' DC digit), got ${ids.join(",")}`);
    this.dcs = ids.map((id) => {
      const rttMs = rttForDc(opts.rttMs, id);
      if (!Number.isFinite(rttMs) || rttMs < 0) throw new Error(`sandbox: rttMs must be a number of ms >= 0, got ${rttMs}`);
      return { id, host: opts.host ?? "127.0.0.1", port: 0, rttMs };
    });
    this.rttMs = this.dcs.find((d) => d.id === SANDBOX_DC_ID)!.rttMs;
    const flood = opts.flood !== undefined ? opts.flood : process.env.SANDBOX_FLOOD ? floodFromEnv(process.env.SANDBOX_FLOOD) : undefined;
    this.flood = new FloodLimiter(flood);
    this.rsaKey = rsaKey;
    for (const dc of this.dcs) {
      this.servers.set(
        dc.id,
        new MtprotoServer({
          dcId: dc.id,
          // One RSA key for every DC, as Telegram's public keys are the same on all of its DCs.
          rsa: this.rsaKey,
          rttMs: dc.rttMs,
          dispatch: (key, req, conn) => this.dispatch(key, req, conn),
          onError: (err) => this.log.warn({ err: String(err), dc: dc.id }, "sandbox: connection error"),
        }),
      );
    }
    this.handlers = buildHandlers({ auth: this.auth });
    this.faults = {
      floodWait: (method, seconds, times = 1) => this.faultRules.push({ method, times, action: "error", code: 420, message: `FLOOD_WAIT_${seconds}` }),
      error: (method, code, message, times = 1) => this.faultRules.push({ method, times, action: "error", code, message }),
      dropConnections: (userId) => {
        let n = 0;
        for (const s of this.servers.values()) n += s.dropConnections(userId === undefined ? undefined : (k) => k.userId === userId);
        return n;
      },
      dropOnNext: (method, times = 1) => this.faultRules.push({ method, times, action: "drop" }),
      clear: () => {
        this.faultRules = [];
      },
    };
  }

  static async start(opts: SandboxOptions = {}): Promise<Sandbox> {
    // The RSA key is made on the thread pool while the world is built here: on two cores the
    // start takes the longer of the two, not their sum (issue #19: npm start's start-up).
    const rsaKey = opts.rsa === false ? undefined : makeRsaKey();
    rsaKey?.catch(() => {}); // awaited below; this keeps a failure seen while the world is built from going unhandled
    const world = opts.world ?? buildDemoWorld();
    const sb = new Sandbox(opts, world, await rsaKey);
    const fixed = opts.port ?? 0;
    const lo = Math.min(...sb.dcs.map((d) => d.id)) - SANDBOX_DC_ID;
    const hi = Math.max(...sb.dcs.map((d) => d.id)) - SANDBOX_DC_ID;
    if (fixed !== 0 && (fixed + lo < 1 || fixed + hi > 65535)) throw new Error(`sandbox: port ${fixed} leaves no room for DCs ${sb.dcs.map((d) => d.id).join(",")} (DC X listens on port + X - 2)`);
    for (let attempt = 0; ; attempt++) {
      // Below 32768 when free to choose: gramjs's StringSession stores a port as a signed 16-bit int.
      const base = fixed || crypto.randomInt(20_000 - lo, 32_768 - hi);
      try {
        for (const dc of sb.dcs) dc.port = await sb.servers.get(dc.id)!.listen(dcPort(base, dc.id), dc.host);
        break;
      } catch (err) {
        await sb.close();
        if (fixed || (err as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt >= 50) throw err;
      }
    }
    const main = sb.dc(SANDBOX_DC_ID);
    sb.host = main.host;
    sb.port = main.port;
    return sb;
  }

  /** A DC by id (throws for a DC the sandbox does not run: a caller's bug). */
  dc(id: number): SandboxDc {
    const dc = this.dcs.find((d) => d.id === id);
    if (!dc) throw new Error(`sandbox: no DC ${id} (DCs: ${this.dcs.map((d) => d.id).join(", ")})`);
    return dc;
  }

  /**
   * The DC a user is homed on: set on the user, else the test-phone convention 99966XYYYY
   * (DC X, when the sandbox runs it), else DC 2.
   */
  homeDcOf(userId: number): number {
    const u = this.world.getUser(userId);
    if (!u) return SANDBOX_DC_ID;
    if (u.dcId !== undefined && this.dcs.some((d) => d.id === u.dcId)) return u.dcId;
    return this.dcOfNewPhone(u.phone);
  }

  /** Where a phone logs in: its user's home, or where an account for it would be made. */
  dcOfPhone(phone: string): number {
    const u = this.world.findUserByPhone(phone);
    return u ? this.homeDcOf(u.id) : this.dcOfNewPhone(phone);
  }

  private dcOfNewPhone(phone: string): number {
    const m = /^99966(\d)\d{4}$/.exec(phone.replace(/\D/g, ""));
    const x = m ? Number(m[1]) : SANDBOX_DC_ID;
    return this.dcs.some((d) => d.id === x) ? x : SANDBOX_DC_ID;
  }

  /** The public half of the sandbox's RSA key, for clients that do a real DH exchange. */
  get rsaPublicKey(): RsaPublicKey | undefined {
    if (!this.rsaKey) return undefined;
    const { n, e, fingerprint } = this.rsaKey;
    return { n, e, fingerprint };
  }

  /**
   * A gramjs StringSession string already logged in as `userId` (a pre-shared auth key), on the
   * user's home DC (the session carries that DC's id and address).
   */
  async createSession(userId: number): Promise<string> {
    if (!this.world.getUser(userId)) throw new Error(`sandbox: no user ${userId}`);
    const dc = this.dc(this.homeDcOf(userId));
    const keyBuf = crypto.randomBytes(256);
    this.servers.get(dc.id)!.addAuthKey(keyBuf, userId);
    return await sessionString(keyBuf, dc);
  }

  /** A session string with a fresh, not-logged-in pre-shared key on a DC (2 by default; skips DH in fast tests). */
  async createAnonymousSession(dcId: number = SANDBOX_DC_ID): Promise<string> {
    const dc = this.dc(dcId);
    const keyBuf = crypto.randomBytes(256);
    this.servers.get(dc.id)!.addAuthKey(keyBuf, null);
    return await sessionString(keyBuf, dc);
  }

  /** The login code most recently sent to a phone number. */
  lastCode(phone: string): string | undefined {
    return this.auth.lastCode(phone);
  }

  /** Revokes every auth key of a user (like "terminate all sessions"): calls get 401 SESSION_REVOKED. */
  revokeSessions(userId: number): number {
    let n = 0;
    for (const k of this.allKeys()) {
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
    for (const k of this.liveKeysOf(userId)) if (k.idHex !== exceptKeyIdHex) this.servers.get(k.dcId)!.push(k, updates);
  }

  /** The user's auth keys that are logged in and not revoked: its sessions ("devices"); imported copies are not. */
  private liveKeysOf(userId: number): KeyRecord[] {
    return this.allKeys().filter((k) => k.userId === userId && !k.revoked && !k.imported);
  }

  private allKeys(): KeyRecord[] {
    return [...this.servers.values()].flatMap((s) => [...s.keys.values()]);
  }

  private keyByHex(idHex: string): KeyRecord | undefined {
    for (const s of this.servers.values()) {
      const k = s.keys.get(idHex);
      if (k) return k;
    }
    return undefined;
  }

  /** The layers auth keys declared in invokeWithLayer, by key id (hex); keys that declared none are left out. */
  declaredLayers(userId?: number): Map<string, number> {
    const out = new Map<string, number>();
    for (const k of this.allKeys()) if (k.layer !== undefined && (userId === undefined || k.userId === userId)) out.set(k.idHex, k.layer);
    return out;
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
    let n = 0;
    for (const s of this.servers.values()) n += s.connectionCount;
    return n;
  }

  async close(): Promise<void> {
    await Promise.all([...this.servers.values()].map((s) => s.close()));
  }

  private context(key: KeyRecord): RpcContext {
    return {
      world: this.world,
      dcId: key.dcId,
      dcs: () => this.dcs.map(({ id, host, port }) => ({ id, host, port })),
      homeDcOf: (userId) => this.homeDcOf(userId),
      dcOfPhone: (phone) => this.dcOfPhone(phone),
      authKey: key,
      requireUser: () => {
        if (key.revoked) throw new RpcError(401, "SESSION_REVOKED");
        if (key.userId == null) throw new RpcError(401, "AUTH_KEY_UNREGISTERED");
        return key.userId;
      },
      pushToUser: (userId, updates, except) => this.pushToUser(userId, updates, except),
      keysOfUser: (userId) => this.liveKeysOf(userId),
      pushToKey: (idHex, updates) => {
        const k = this.keyByHex(idHex);
        if (k) this.servers.get(k.dcId)!.push(k, updates);
      },
      acceptQr: (idHex, userId) => {
        const k = this.keyByHex(idHex);
        if (!k) return false;
        k.login.qrAcceptedBy = userId;
        this.servers.get(k.dcId)!.push(k, new Api.UpdateShort({ update: new Api.UpdateLoginToken(), date: Math.floor(Date.now() / 1000) }));
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

  private async dispatch(key: KeyRecord, req: TlRequest, conn: DispatchLink): Promise<unknown> {
    const method: string = req.className;
    const entry: RpcLogEntry = { method, userId: key.userId, dc: key.dcId, at: performance.now() };
    conn.sent = () => (entry.sentAt = performance.now());
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
      if (key.userId != null && !key.revoked && !ANYWHERE_PREFIXES.some((p) => method.startsWith(p))) {
        const home = this.homeDcOf(key.userId);
        if (home !== key.dcId) throw new RpcError(303, `USER_MIGRATE_${home}`);
      }
      const charges = chargesOf(method, req, key.userId);
      const wait = this.flood.wait(charges);
      if (wait > 0) throw new RpcError(420, `FLOOD_WAIT_${wait}`);
      const result = await handler(req, ctx);
      this.flood.record(charges);
      return result;
    } catch (err) {
      if (err instanceof RpcError) {
        entry.error = err.errorMessage;
        return new Api.RpcError({ errorCode: err.code, errorMessage: err.errorMessage });
      }
      this.log.error({ err: err instanceof Error ? err.stack : String(err), method }, "sandbox: handler failed");
      entry.error = "INTERNAL";
      return new Api.RpcError({ errorCode: 500, errorMessage: "INTERNAL_SERVER_ERROR" });
    } finally {
      entry.doneAt = performance.now();
    }
  }
}

function floodFromEnv(text: string): FloodConfig | false {
  try {
    return parseFloodOption(text);
  } catch (err) {
    throw new Error(`SANDBOX_FLOOD: ${(err as Error).message}`, { cause: err });
  }
}

async function sessionString(keyBuf: Buffer, dc: SandboxDc): Promise<string> {
  const s = new StringSession("");
  // The DC's real address: a client that knows no other (services/telegram/client-factory.ts) connects there.
  // (443, a placeholder, for a port StringSession cannot store: the client must then know the address.)
  s.setDC(dc.id, dc.host, dc.port <= 32_767 ? dc.port : 443);
  const ak = new AuthKey();
  await ak.setKey(keyBuf);
  s.setAuthKey(ak);
  return s.save();
}
