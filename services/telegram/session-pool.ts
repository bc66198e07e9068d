// One connected gramjs client per account, shared by every request of that account.
// - LRU of `maxActive` clients; the least recently used is disconnected beyond it.
// - Idle clients are disconnected after `maxIdleMs`.
// - Creation is single-flight: concurrent first requests for an account share one client.
// - A client whose connection dropped is reconnected (or rebuilt) on the next use.
// - AUTH_KEY_UNREGISTERED / SESSION_REVOKED mark the account as needing setup and become
//   an AccountNeedsSetupError telling the user how to fix it.
// Framework-free: metrics and logs come in through the observer and logger options.
import type { TelegramClient } from "telegram";
import type { Account, AccountStore } from "../accounts/types.js";
import { floodWaitSeconds } from "./rpc.js";

/** Telegram errors that mean the stored session no longer opens the account. */
export const REVOKED_ERRORS = new Set([
  "AUTH_KEY_UNREGISTERED",
  "SESSION_REVOKED",
  "SESSION_EXPIRED",
  "AUTH_KEY_INVALID",
  "AUTH_KEY_PERM_EMPTY",
  "USER_DEACTIVATED",
  "USER_DEACTIVATED_BAN",
]);

export type RpcOutcome = "ok" | "error" | "flood_wait" | "needs_setup";
export type EvictionReason = "lru" | "idle" | "revoked" | "broken" | "manual" | "shutdown";

export interface PoolObserver {
  rpc?(method: string, outcome: RpcOutcome, seconds: number): void;
  floodWait?(method: string, seconds: number): void;
  eviction?(reason: EvictionReason): void;
}

export interface PoolLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  debug?(obj: object, msg?: string): void;
}

export interface SessionPoolOptions {
  store: AccountStore;
  /** Builds a client (not yet connected) for a session string. */
  createClient(session: string, accountId: string): TelegramClient;
  maxActive: number;
  /** Idle time after which a client is disconnected, in ms; 0 disables idle disconnect. */
  maxIdleMs: number;
  /** How the user fixes an account that needs setup, e.g. "run `tgmcp setup` or open https://x/setup". */
  setupHint?: string;
  observer?: PoolObserver;
  logger?: PoolLogger;
  /** Clock (ms); tests pass their own to drive idle expiry without waiting. */
  now?: () => number;
  /** How often idle clients are looked for, in ms (default: min(maxIdleMs / 2, 60 s)). */
  sweepIntervalMs?: number;
}

/** The account's Telegram session is missing or no longer valid: the user must log in again. */
export class AccountNeedsSetupError extends Error {
  readonly code = "ACCOUNT_NEEDS_SETUP";
  readonly errorType = "AccountNeedsSetup";
  readonly statusCode = 409;
  constructor(
    readonly accountId: string,
    readonly reason: string,
    readonly fix: string,
  ) {
    super(
      reason === "NO_SESSION"
        ? `Telegram account ${accountId} is not logged in yet. To fix: ${fix}.`
        : `Telegram rejected the saved session of account ${accountId} (${reason}): it was logged out or revoked. To fix: ${fix}, then retry.`,
    );
    this.name = "AccountNeedsSetupError";
  }

  /** The structured form sent to clients. */
  toJSON() {
    return { error: this.message, error_type: this.errorType, code: this.code, account_id: this.accountId, reason: this.reason, fix: this.fix };
  }
}

export interface PoolSessionStats {
  accountId: string;
  lastAccess: Date;
  isConnected: boolean;
}

export interface PoolStats {
  active: number;
  max: number;
  sessions: PoolSessionStats[];
}

export interface Lease {
  client: TelegramClient;
  release(): void;
}

interface Entry {
  accountId: string;
  token?: string;
  client: TelegramClient;
  /** The session string the client was created from (to persist only real changes). */
  loadedSession: string;
  lastAccess: number;
  leases: number;
  /** Set once evicted: the client is disconnected when the last lease is released. */
  evicted: boolean;
  reconnecting?: Promise<void>;
  revoked: boolean;
  disconnected: boolean;
}

export class SessionPool {
  private readonly entries = new Map<string, Entry>(); // insertion order = LRU order
  /** Creations in flight; `waiters` get their lease counted before anyone can evict the entry. */
  private readonly pending = new Map<string, { promise: Promise<Entry>; waiters: number }>();
  private readonly closing = new Set<Promise<void>>();
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout | undefined;
  private closed = false;
  private evictionCount = 0;

  constructor(private readonly opts: SessionPoolOptions) {
    this.now = opts.now ?? Date.now;
    if (opts.maxIdleMs > 0) {
      const every = opts.sweepIntervalMs ?? Math.max(1000, Math.min(opts.maxIdleMs / 2, 60_000));
      this.timer = setInterval(() => this.sweepIdle(), every);
      this.timer.unref();
    }
  }

  get setupHint(): string {
    return this.opts.setupHint ?? "run `tgmcp setup`";
  }

  /** The connected client of an account. Prefer `acquire` when the client is used across awaits. */
  async get(account: Account | string, token?: string): Promise<TelegramClient> {
    const lease = await this.acquire(account, token);
    lease.release();
    return lease.client;
  }

  /**
   * The connected client of an account, protected from eviction until `release()`.
   * `token` is needed for http-auth accounts (their session is encrypted under it).
   */
  async acquire(account: Account | string, token?: string): Promise<Lease> {
    if (this.closed) throw new Error("session pool is closed");
    const accountId = typeof account === "string" ? account : account.id;
    if (typeof account !== "string" && account.needsSetup) {
      throw new AccountNeedsSetupError(accountId, account.needsSetup.reason, this.setupHint);
    }
    let entry = this.entries.get(accountId);
    if (entry) {
      entry.leases++;
    } else {
      let pend = this.pending.get(accountId);
      if (!pend) {
        pend = { promise: undefined as unknown as Promise<Entry>, waiters: 0 };
        pend.promise = this.create(accountId, token, pend);
        this.pending.set(accountId, pend);
      }
      pend.waiters++;
      entry = await pend.promise; // our lease was counted by create()
    }
    try {
      this.touch(entry);
      await this.ensureConnected(entry);
    } catch (err) {
      this.releaseEntry(entry);
      throw err;
    }
    let released = false;
    return {
      client: entry.client,
      release: () => {
        if (released) return;
        released = true;
        this.releaseEntry(entry);
      },
    };
  }

  /** Runs `fn` with the account's client, released afterwards. */
  async use<T>(account: Account | string, token: string | undefined, fn: (client: TelegramClient) => Promise<T>): Promise<T> {
    const lease = await this.acquire(account, token);
    try {
      return await fn(lease.client);
    } finally {
      lease.release();
    }
  }

  has(accountId: string): boolean {
    return this.entries.has(accountId);
  }

  get evictions(): number {
    return this.evictionCount;
  }

  stats(): PoolStats {
    return {
      active: this.entries.size,
      max: this.opts.maxActive,
      sessions: [...this.entries.values()].map((e) => ({
        accountId: e.accountId,
        lastAccess: new Date(e.lastAccess),
        isConnected: Boolean(e.client.connected),
      })),
    };
  }

  /** Disconnects clients idle for longer than maxIdleMs. Returns how many were evicted. */
  sweepIdle(): number {
    if (this.opts.maxIdleMs <= 0) return 0;
    const limit = this.now() - this.opts.maxIdleMs;
    let n = 0;
    for (const e of [...this.entries.values()]) {
      if (e.lastAccess <= limit && e.leases === 0) {
        this.evict(e, "idle");
        n++;
      }
    }
    return n;
  }

  /** Disconnects one account's client (e.g. after its token was revoked). */
  async remove(accountId: string): Promise<void> {
    const e = this.entries.get(accountId);
    if (e) this.evict(e, "manual");
    await this.settle();
  }

  /** Stops the sweeper, persists changed sessions and disconnects every client. */
  async close(): Promise<void> {
    if (this.closed) return this.settle();
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.pending.values()].map((p) => p.promise));
    for (const e of [...this.entries.values()]) {
      e.leases = 0; // shutting down: in-flight work has had its grace period already
      this.evict(e, "shutdown");
    }
    await this.settle();
  }

  /** Waits for disconnects in progress. */
  async settle(): Promise<void> {
    while (this.closing.size > 0) await Promise.allSettled([...this.closing]);
  }

  // --- internals ---

  private async create(accountId: string, token: string | undefined, pend: { waiters: number }): Promise<Entry> {
    try {
      return await this.createEntry(accountId, token, pend);
    } finally {
      if (this.pending.get(accountId) === pend) this.pending.delete(accountId);
    }
  }

  private async createEntry(accountId: string, token: string | undefined, pend: { waiters: number }): Promise<Entry> {
    const session = await this.opts.store.loadSession(accountId, token);
    if (!session) throw new AccountNeedsSetupError(accountId, "NO_SESSION", this.setupHint);
    const client = this.opts.createClient(session, accountId);
    const entry: Entry = {
      accountId,
      token,
      client,
      loadedSession: session,
      lastAccess: this.now(),
      leases: 0,
      evicted: false,
      revoked: false,
      disconnected: false,
    };
    this.instrument(entry);
    try {
      await client.connect();
    } catch (err) {
      await client.destroy().catch(() => {});
      throw err;
    }
    if (this.closed) {
      await client.destroy().catch(() => {});
      throw new Error("session pool is closed");
    }
    // Synchronously: count the waiters' leases, publish the entry, stop accepting waiters.
    entry.leases = pend.waiters;
    this.pending.delete(accountId);
    this.entries.set(accountId, entry);
    this.opts.logger?.info({ accountId, active: this.entries.size }, "telegram client connected");
    this.enforceLimit();
    return entry;
  }

  private touch(e: Entry): void {
    e.lastAccess = this.now();
    // Move to the most-recently-used end.
    if (this.entries.get(e.accountId) === e) {
      this.entries.delete(e.accountId);
      this.entries.set(e.accountId, e);
    }
  }

  private enforceLimit(): void {
    while (this.entries.size > this.opts.maxActive) {
      // The least recently used entry is the first one in insertion order.
      const oldest = this.entries.values().next().value as Entry;
      this.evict(oldest, "lru");
    }
  }

  private async ensureConnected(e: Entry): Promise<void> {
    if (e.client.connected) return;
    if (!e.reconnecting) {
      e.reconnecting = (async () => {
        const sender: any = (e.client as any)._sender;
        // gramjs reconnects by itself after a drop; wait for it rather than racing it.
        if (sender?.isReconnecting) {
          for (let i = 0; i < 100 && sender.isReconnecting && !e.client.connected; i++) await sleep(50);
          if (e.client.connected) return;
        }
        this.opts.logger?.info({ accountId: e.accountId }, "telegram client reconnecting");
        await e.client.connect();
      })().finally(() => {
        e.reconnecting = undefined;
      });
    }
    try {
      await e.reconnecting;
    } catch (err) {
      // A client that cannot reconnect is replaced by a fresh one on the next request.
      this.evict(e, "broken");
      throw err;
    }
  }

  private releaseEntry(e: Entry): void {
    e.leases = Math.max(0, e.leases - 1);
    if (e.evicted && e.leases === 0) this.disconnect(e);
  }

  private evict(e: Entry, reason: EvictionReason): void {
    if (e.evicted) return;
    e.evicted = true;
    if (this.entries.get(e.accountId) === e) this.entries.delete(e.accountId);
    this.evictionCount++;
    this.opts.observer?.eviction?.(reason);
    this.opts.logger?.info({ accountId: e.accountId, reason, active: this.entries.size }, "telegram client evicted");
    if (e.leases === 0) this.disconnect(e);
  }

  private disconnect(e: Entry): void {
    if (e.disconnected) return;
    e.disconnected = true;
    const p = (async () => {
      if (!e.revoked) await this.persist(e);
      await e.client.destroy();
    })()
      .catch((err) => this.opts.logger?.warn({ accountId: e.accountId, err: String(err?.message ?? err) }, "telegram client disconnect failed"))
      .finally(() => this.closing.delete(p));
    this.closing.add(p);
  }

  /** Saves the session when gramjs changed it (e.g. after a DC migration). */
  private async persist(e: Entry): Promise<void> {
    let current: string;
    try {
      current = String((e.client.session as any).save());
    } catch {
      return;
    }
    if (current && current !== e.loadedSession) {
      await this.opts.store.saveSession(e.accountId, current, e.token);
      e.loadedSession = current;
    }
  }

  /** Wraps client.invoke: RPC metrics, FloodWait counts and revoked-session handling. */
  private instrument(e: Entry): void {
    const client = e.client as any;
    const original = client.invoke.bind(client);
    const obs = this.opts.observer;
    client.invoke = async (request: any, ...rest: unknown[]) => {
      const method: string = request?.className ?? "unknown";
      const t0 = performance.now();
      try {
        const result = await original(request, ...rest);
        obs?.rpc?.(method, "ok", (performance.now() - t0) / 1000);
        return result;
      } catch (err: any) {
        const seconds = (performance.now() - t0) / 1000;
        const msg: string | undefined = err?.errorMessage;
        if (msg && REVOKED_ERRORS.has(msg)) {
          obs?.rpc?.(method, "needs_setup", seconds);
          await this.onRevoked(e, msg);
          throw new AccountNeedsSetupError(e.accountId, msg, this.setupHint);
        }
        const wait = floodWaitSeconds(err);
        if (wait !== undefined) {
          obs?.rpc?.(method, "flood_wait", seconds);
          obs?.floodWait?.(method, wait);
        } else {
          obs?.rpc?.(method, "error", seconds);
        }
        throw err;
      }
    };
  }

  private async onRevoked(e: Entry, reason: string): Promise<void> {
    if (e.revoked) return;
    e.revoked = true;
    this.opts.logger?.warn({ accountId: e.accountId, reason }, "telegram session revoked: account needs setup");
    try {
      await this.opts.store.markNeedsSetup(e.accountId, reason);
    } finally {
      this.evict(e, "revoked");
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
