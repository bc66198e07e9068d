// The lifecycle of the accounts' sessions (AccountSession, account-session.ts): one connected
// session per account, shared by every request of that account.
// - LRU of `maxActive` sessions; the least recently used is closed beyond it.
// - Idle sessions are closed after `maxIdleMs`.
// - Creation is single-flight: concurrent first requests for an account share one session.
// - A session whose connection dropped is reconnected (or rebuilt) on the next use.
// - A session Telegram revoked marks the account as needing setup and is evicted.
// - Closing a session persists a changed session string, then always destroys the client.
// - Each session reads its account's chat policy on every call: the account record as the last
//   acquire() saw it (the auth plugin re-reads the record per request), or the POLICY_FILE's.
// What a session does per call (FloodWait policy, metrics, revocation detection) is the
// session's own business. Framework-free: metrics and logs come in through options.
import type { TelegramClient } from "telegram";
import type { Account, AccountStore } from "../accounts/types.js";
import type { ChatPolicy } from "../policy/chat-policy.js";
import type { AccountSession, SessionObserver } from "./account-session.js";
import { AccountNeedsSetupError } from "./needs-setup.js";

export type EvictionReason = "lru" | "idle" | "revoked" | "broken" | "manual" | "shutdown";

export interface PoolObserver extends SessionObserver {
  eviction?(reason: EvictionReason): void;
}

export interface PoolLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  debug?(obj: object, msg?: string): void;
}

export interface SessionPoolOptions {
  store: AccountStore;
  /** Builds a client (not yet connected) for a session string (may load gramjs first: plugins/session-pool.ts). */
  createClient(session: string, accountId: string): TelegramClient | Promise<TelegramClient>;
  /** FLOOD_SLEEP_THRESHOLD in seconds, given to every session (see AccountSession.invoke). Default 0. */
  floodSleepThreshold?: number;
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
  /**
   * POLICY_FILE (stdio, http-no-auth): when given, the chat policy of every session, read on
   * every call, instead of the account record's settings.policy.
   */
  filePolicy?: () => ChatPolicy | undefined;
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
  session: AccountSession;
  release(): void;
}

interface Entry {
  accountId: string;
  session: AccountSession;
  lastAccess: number;
  leases: number;
  /** Set once evicted: the session is closed when the last lease is released. */
  evicted: boolean;
  /** The account record as the latest acquire() got it: its settings.policy is the session's. */
  account?: Account;
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

  /** The connected session of an account. Prefer `acquire` when the session is used across awaits. */
  async get(account: Account | string, token?: string): Promise<AccountSession> {
    const lease = await this.acquire(account, token);
    lease.release();
    return lease.session;
  }

  /**
   * The connected session of an account, protected from eviction until `release()`.
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
      if (typeof account !== "string") entry.account = account;
    } else {
      let pend = this.pending.get(accountId);
      if (!pend) {
        pend = { promise: undefined as unknown as Promise<Entry>, waiters: 0 };
        pend.promise = this.create(accountId, token, pend, typeof account === "string" ? undefined : account);
        this.pending.set(accountId, pend);
      }
      pend.waiters++;
      entry = await pend.promise; // our lease was counted by create()
      if (typeof account !== "string") entry.account = account;
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
      session: entry.session,
      release: () => {
        if (released) return;
        released = true;
        this.releaseEntry(entry);
      },
    };
  }

  /**
   * Connects an account ahead of its first call, without waiting for it: a model reads the tool
   * list and thinks before it calls a tool, and that time hides the connect's round trips (TCP,
   * the key check, initConnection + help.getConfig). A failure is left to the call that needs
   * the session, which meets it again and reports it.
   */
  warm(account: Account | string, token?: string): void {
    if (this.closed) return;
    this.get(account, token).catch(() => {});
  }

  /** Runs `fn` with the account's session, released afterwards. */
  async use<T>(account: Account | string, token: string | undefined, fn: (session: AccountSession) => Promise<T>): Promise<T> {
    const lease = await this.acquire(account, token);
    try {
      return await fn(lease.session);
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
        isConnected: e.session.connected,
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

  /** Closes one account's session (e.g. after its token was revoked). */
  async remove(accountId: string): Promise<void> {
    const e = this.entries.get(accountId);
    if (e) this.evict(e, "manual");
    await this.settle();
  }

  /** Stops the sweeper, persists changed sessions and closes every session. */
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

  private async create(accountId: string, token: string | undefined, pend: { waiters: number }, account: Account | undefined): Promise<Entry> {
    try {
      return await this.createEntry(accountId, token, pend, account);
    } finally {
      if (this.pending.get(accountId) === pend) this.pending.delete(accountId);
    }
  }

  private async createEntry(accountId: string, token: string | undefined, pend: { waiters: number }, account: Account | undefined): Promise<Entry> {
    const loaded = await this.opts.store.loadSession(accountId, token);
    if (!loaded) throw new AccountNeedsSetupError(accountId, "NO_SESSION", this.setupHint);
    // onRevoked evicts exactly this entry (set just below, before the session can make a call).
    const ref: { entry?: Entry } = {};
    // The session's gramjs side is loaded with the first session, not at start (ARCHITECTURE.md, Start-up).
    const [{ AccountSession }, client] = await Promise.all([import("./account-session.js"), this.opts.createClient(loaded, accountId)]);
    const session = new AccountSession({
      accountId,
      client,
      loadedSession: loaded,
      floodSleepThreshold: this.opts.floodSleepThreshold,
      setupHint: this.setupHint,
      observer: this.opts.observer,
      logger: this.opts.logger,
      save: (str) => this.opts.store.saveSession(accountId, str, token),
      // Read on every call, so a changed record or policy file applies to the next call.
      policy: this.opts.filePolicy ?? (() => ref.entry?.account?.settings?.policy),
      onRevoked: async (reason) => {
        try {
          await this.opts.store.markNeedsSetup(accountId, reason);
        } finally {
          if (ref.entry) this.evict(ref.entry, "revoked");
        }
      },
    });
    const entry: Entry = { accountId, session, lastAccess: this.now(), leases: 0, evicted: false, disconnected: false, account };
    ref.entry = entry;
    try {
      await entry.session.connect();
    } catch (err) {
      await entry.session.destroy().catch(() => {});
      throw err;
    }
    if (this.closed) {
      await entry.session.destroy().catch(() => {});
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
    try {
      await e.session.ensureConnected();
    } catch (err) {
      // A session that cannot reconnect is replaced by a fresh one on the next request.
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
      try {
        await e.session.persist(); // a revoked session saves nothing
      } finally {
        // Even when saving failed: a client left connected would leak its socket and timers.
        await e.session.destroy();
      }
    })()
      .catch((err) => this.opts.logger?.warn({ accountId: e.accountId, err: String(err?.message ?? err) }, "telegram client disconnect failed"))
      .finally(() => this.closing.delete(p));
    this.closing.add(p);
  }
}
