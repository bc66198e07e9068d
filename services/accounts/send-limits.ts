// Limits on sending login codes from the wizard: per client IP and per phone number.
// Sending a code costs the operator (Telegram rate-limits its API_ID) and can be used to
// annoy a phone's owner, so both keys are limited. Sliding windows, in memory.
export interface WindowLimit {
  max: number;
  windowMs: number;
}

export interface CodeSendLimiterOptions {
  perIp?: WindowLimit;
  perPhone?: WindowLimit;
  now?: () => number;
}

export class CodeSendLimiter {
  private readonly perIp: WindowLimit;
  private readonly perPhone: WindowLimit;
  private readonly now: () => number;
  private readonly hits = new Map<string, number[]>();

  constructor(opts: CodeSendLimiterOptions = {}) {
    this.perIp = opts.perIp ?? { max: 5, windowMs: 15 * 60_000 };
    this.perPhone = opts.perPhone ?? { max: 3, windowMs: 15 * 60_000 };
    this.now = opts.now ?? Date.now;
  }

  /**
   * Records one send for this IP and phone if both are under their limits and returns null;
   * otherwise returns the seconds until a send is allowed again (and records nothing).
   */
  take(ip: string, phone: string): number | null {
    const now = this.now();
    const a = this.check(`ip:${ip}`, this.perIp, now);
    const b = this.check(`phone:${phone}`, this.perPhone, now);
    if (a !== null || b !== null) return Math.max(a ?? 0, b ?? 0);
    this.hits.get(`ip:${ip}`)!.push(now);
    this.hits.get(`phone:${phone}`)!.push(now);
    return null;
  }

  private check(key: string, limit: WindowLimit, now: number): number | null {
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - limit.windowMs);
    this.hits.set(key, recent);
    if (recent.length < limit.max) return null;
    return Math.max(1, Math.ceil((recent[0]! + limit.windowMs - now) / 1000));
  }

  /** Drops empty windows (called opportunistically so the map does not grow forever). */
  prune(): void {
    const now = this.now();
    const longest = Math.max(this.perIp.windowMs, this.perPhone.windowMs);
    for (const [k, v] of this.hits) if (!v.some((t) => t > now - longest)) this.hits.delete(k);
  }
}
