// Pending logins of the wizard (a login started but not finished). Behind an interface
// so several instances could share them; the memory implementation keeps live objects
// (the gramjs client of a login in progress) and disposes of them when they expire.
import { randomBytes } from "node:crypto";

export interface PendingLoginStore<T> {
  /** Stores a value under a new unguessable id (base64url, 128 bits). */
  create(value: T): Promise<string>;
  /** The value, or undefined when unknown or expired. */
  get(id: string): Promise<T | undefined>;
  /** Removes (and disposes of) the value. */
  delete(id: string): Promise<void>;
  /** Disposes of everything (server shutdown). */
  close(): Promise<void>;
}

export interface MemoryPendingLoginsOptions<T> {
  /** Lifetime of a pending login from its creation (default 15 minutes). */
  ttlMs?: number;
  /** Cap on concurrent pending logins; the oldest is evicted beyond it (default 1000). */
  max?: number;
  /** Called once when a value expires, is evicted or deleted (e.g. disconnect its client). */
  dispose?: (value: T) => unknown;
  now?: () => number;
}

export class MemoryPendingLogins<T> implements PendingLoginStore<T> {
  private readonly items = new Map<string, { value: T; expiresAt: number }>();
  private readonly ttlMs: number;
  private readonly max: number;
  private readonly dispose?: (value: T) => unknown;
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(opts: MemoryPendingLoginsOptions<T> = {}) {
    this.ttlMs = opts.ttlMs ?? 15 * 60_000;
    this.max = opts.max ?? 1000;
    this.dispose = opts.dispose;
    this.now = opts.now ?? Date.now;
    this.sweeper = setInterval(() => this.sweep(), Math.min(60_000, Math.max(1000, this.ttlMs / 4)));
    this.sweeper.unref();
  }

  get size(): number {
    return this.items.size;
  }

  async create(value: T): Promise<string> {
    const id = randomBytes(16).toString("base64url");
    this.items.set(id, { value, expiresAt: this.now() + this.ttlMs });
    while (this.items.size > this.max) {
      const oldest = this.items.keys().next().value as string;
      this.drop(oldest);
    }
    return id;
  }

  async get(id: string): Promise<T | undefined> {
    const item = this.items.get(id);
    if (!item) return undefined;
    if (item.expiresAt <= this.now()) {
      this.drop(id);
      return undefined;
    }
    return item.value;
  }

  async delete(id: string): Promise<void> {
    this.drop(id);
  }

  /** Disposes of expired logins (also runs on a timer). */
  sweep(): number {
    const now = this.now();
    let n = 0;
    for (const [id, item] of this.items) {
      if (item.expiresAt <= now) {
        this.drop(id);
        n++;
      }
    }
    return n;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    const values = [...this.items.values()].map((i) => i.value);
    this.items.clear();
    // Best effort, like drop(): one failing disposal neither stops the others nor fails the close.
    await Promise.allSettled(values.map(async (v) => this.dispose?.(v)));
  }

  private drop(id: string): void {
    const item = this.items.get(id);
    if (!item) return;
    this.items.delete(id);
    try {
      const r = this.dispose?.(item.value);
      if (r && typeof (r as Promise<unknown>).catch === "function") (r as Promise<unknown>).catch(() => {});
    } catch {
      /* disposal is best effort */
    }
  }
}
