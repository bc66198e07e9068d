// Limits on guessing login codes and 2FA passwords, shared by every way of logging in (the
// /setup wizard, `tgmcp setup`, and any later one): framework-free, driven by LoginFlow.
//
// - Per login (LoginFlow): 5 wrong codes, or 5 wrong passwords, like Telegram's own apps;
//   then the login is void and a new code must be requested.
// - Across logins (this guard): wrong codes and wrong passwords are counted per phone number
//   and per client IP. Past a few free failures, each one starts a back-off that doubles
//   (30 s, 1 min, 2 min, ... 1 h) during which that phone or IP may not try again nor have a
//   new code sent. A right code clears the phone's code count (a right password its password
//   count); an IP's count is only forgotten, a day after its last failure, so that logging in
//   to one's own account does not buy more guesses at another's.
//
// Counts live in a FailureStore: in memory for the server, in a file for the CLI (each run
// is a new process). Keys never hold a phone number in clear on disk.
import { createHmac } from "node:crypto";
import { promises as fs } from "node:fs";
import { writeFileAtomic } from "./atomic-file.js";
import { LoginError, formatWait } from "./login.js";

/** The two secrets a login asks for. */
export type LoginSecret = "code" | "password";

/** Who is trying: the phone number when known (not for a QR login), the client IP when there is one. */
export interface AttemptSubject {
  phone?: string;
  ip?: string;
}

export interface FailureRecord {
  failures: number;
  /** No attempt before this time (ms); 0 when not backing off. */
  until: number;
  /** The record is forgotten at this time (ms). */
  expiresAt: number;
}

export interface FailureStore {
  get(key: string): Promise<FailureRecord | undefined>;
  /** Replaces the record of `key` with fn(current); undefined deletes it. */
  update(key: string, fn: (current: FailureRecord | undefined) => FailureRecord | undefined): Promise<void>;
}

export interface LoginGuardOptions {
  store?: FailureStore;
  /** Failures before the back-off starts: per phone number (default 5, one login's worth) and per IP (default 10). */
  freePerPhone?: number;
  freePerIp?: number;
  /** First back-off, doubled with each further failure (default 30 s), and its cap (default 1 h). */
  baseDelayS?: number;
  maxDelayS?: number;
  /** A count is forgotten this long after its last failure (default 24 h). */
  forgetAfterS?: number;
  now?: () => number;
}

export class LoginGuard {
  private readonly store: FailureStore;
  private readonly freePerPhone: number;
  private readonly freePerIp: number;
  private readonly baseDelayS: number;
  private readonly maxDelayS: number;
  private readonly forgetAfterMs: number;
  private readonly now: () => number;

  constructor(opts: LoginGuardOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.store = opts.store ?? new MemoryFailureStore({ now: this.now });
    this.freePerPhone = opts.freePerPhone ?? 5;
    this.freePerIp = opts.freePerIp ?? 10;
    this.baseDelayS = opts.baseDelayS ?? 30;
    this.maxDelayS = opts.maxDelayS ?? 3600;
    this.forgetAfterMs = (opts.forgetAfterS ?? 24 * 3600) * 1000;
  }

  /** Seconds until `subject` may try `secrets` again (0: now). */
  async waitFor(secrets: LoginSecret[], subject: AttemptSubject): Promise<number> {
    const now = this.now();
    let until = 0;
    for (const key of this.keys(secrets, subject)) {
      const rec = await this.store.get(key);
      if (rec && rec.expiresAt > now) until = Math.max(until, rec.until);
    }
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  /** Throws TOO_MANY_FAILURES (recover "wait", with the seconds) while `subject` is backing off. */
  async check(secrets: LoginSecret[], subject: AttemptSubject): Promise<void> {
    const wait = await this.waitFor(secrets, subject);
    if (wait > 0) {
      throw new LoginError(
        "TOO_MANY_FAILURES",
        `Too many wrong login codes or passwords were entered for this phone number or from this network. Wait ${formatWait(wait)}, then try again.`,
        "wait",
        wait,
      );
    }
  }

  /** Counts a wrong code or password against the phone and the IP. */
  async failed(secret: LoginSecret, subject: AttemptSubject): Promise<void> {
    const now = this.now();
    for (const [key, free] of this.keyLimits(secret, subject)) {
      await this.store.update(key, (cur) => {
        const failures = (cur && cur.expiresAt > now ? cur.failures : 0) + 1;
        const delayS = failures >= free ? Math.min(this.maxDelayS, this.baseDelayS * 2 ** (failures - free)) : 0;
        return { failures, until: delayS ? now + delayS * 1000 : 0, expiresAt: now + this.forgetAfterMs };
      });
    }
  }

  /** A right code (or password) clears the phone's count for it; the IP's count stays. */
  async succeeded(secret: LoginSecret, subject: AttemptSubject): Promise<void> {
    if (subject.phone) await this.store.update(`${secret}:phone:${subject.phone}`, () => undefined);
  }

  private keyLimits(secret: LoginSecret, subject: AttemptSubject): Array<[string, number]> {
    const out: Array<[string, number]> = [];
    if (subject.phone) out.push([`${secret}:phone:${subject.phone}`, this.freePerPhone]);
    if (subject.ip) out.push([`${secret}:ip:${subject.ip}`, this.freePerIp]);
    return out;
  }

  private keys(secrets: LoginSecret[], subject: AttemptSubject): string[] {
    return secrets.flatMap((s) => this.keyLimits(s, subject).map(([k]) => k));
  }
}

/** Failure counts in memory (the server). At most `max` keys; the oldest go first beyond it. */
export class MemoryFailureStore implements FailureStore {
  private readonly items = new Map<string, FailureRecord>();
  private readonly max: number;
  private readonly now: () => number;

  constructor(opts: { max?: number; now?: () => number } = {}) {
    this.max = opts.max ?? 100_000;
    this.now = opts.now ?? Date.now;
  }

  get size(): number {
    return this.items.size;
  }

  async get(key: string): Promise<FailureRecord | undefined> {
    const rec = this.items.get(key);
    if (rec && rec.expiresAt <= this.now()) {
      this.items.delete(key);
      return undefined;
    }
    return rec;
  }

  async update(key: string, fn: (current: FailureRecord | undefined) => FailureRecord | undefined): Promise<void> {
    const next = fn(await this.get(key));
    this.items.delete(key); // re-inserted last: the Map's order is the eviction order
    if (next) this.items.set(key, next);
    if (this.items.size > this.max) {
      const now = this.now();
      for (const [k, r] of this.items) if (r.expiresAt <= now) this.items.delete(k);
      while (this.items.size > this.max) this.items.delete(this.items.keys().next().value as string);
    }
  }
}

/**
 * Failure counts in a JSON file (the CLI, whose every run is a new process). Keys are HMACs
 * under `secret`, so the file names no phone number. Two processes updating at the same moment
 * may lose one count; each run must also get a code sent, which Telegram limits per number.
 */
export class FileFailureStore implements FailureStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly secret: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<FailureRecord | undefined> {
    return (await this.load())[this.name(key)];
  }

  update(key: string, fn: (current: FailureRecord | undefined) => FailureRecord | undefined): Promise<void> {
    const run = this.queue.then(async () => {
      const all = await this.load();
      const name = this.name(key);
      const next = fn(all[name]);
      if (next) all[name] = next;
      else delete all[name];
      await writeFileAtomic(this.file, JSON.stringify({ v: 1, failures: all }) + "\n", 0o600);
    });
    this.queue = run.catch(() => {});
    return run;
  }

  private name(key: string): string {
    return createHmac("sha256", this.secret).update(key).digest("base64url");
  }

  /** The live records; a missing or unreadable file counts as none (it only ever holds counts). */
  private async load(): Promise<Record<string, FailureRecord>> {
    let parsed: { failures?: Record<string, FailureRecord> } | null;
    try {
      parsed = JSON.parse(await fs.readFile(this.file, "utf8")) as { failures?: Record<string, FailureRecord> } | null;
    } catch {
      return {};
    }
    const now = this.now();
    const out: Record<string, FailureRecord> = {};
    for (const [k, r] of Object.entries(parsed?.failures ?? {})) {
      if (Number.isFinite(r?.failures) && Number.isFinite(r?.until) && Number.isFinite(r?.expiresAt) && r.expiresAt > now) out[k] = r;
    }
    return out;
  }
}
