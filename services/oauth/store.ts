// Where the authorization server's state lives: clients, grants, codes, tokens, interactions,
// sessions (oidc-provider's models). One small key-value interface, so that a shared store
// (Redis) can replace the local ones without touching the flow (adapter.ts).
//
// Records arrive already protected: the adapter names each by a verifier of its id when the id
// is a secret, and seals the payload when it carries one. A store only keeps bytes and indexes.
import { promises as fs } from "node:fs";
import path from "node:path";
import { ensurePrivateDir, writeFileAtomic } from "../accounts/atomic-file.js";

export interface StoredRecord {
  /** The payload as the adapter hands it over (sealed or plain JSON). */
  data: unknown;
  /** Indexes the library looks records up by; none of them is a secret. */
  grantId?: string;
  uid?: string;
  userCode?: string;
  /** The tgmcp account a grant belongs to (Grant records: the account page lists them). */
  accountId?: string;
  /** When a code or refresh token was used (s since the epoch), kept beside the sealed payload. */
  consumed?: number;
  /** ms since the epoch; absent: no expiry. */
  expiresAt?: number;
}

export interface OAuthStore {
  get(kind: string, key: string): Promise<StoredRecord | undefined>;
  set(kind: string, key: string, record: StoredRecord): Promise<void>;
  delete(kind: string, key: string): Promise<void>;
  /** The key of the live record of `kind` whose `field` is `value`. */
  keyBy(kind: string, field: "uid" | "userCode", value: string): Promise<string | undefined>;
  /** The live records of `kind` whose `field` is `value`, with their keys. */
  listBy(kind: string, field: "accountId", value: string): Promise<Array<{ key: string; record: StoredRecord }>>;
  /** Deletes every record of the grant (tokens, codes, the grant itself when stored under it). */
  deleteByGrant(grantId: string): Promise<void>;
  close(): Promise<void>;
}

const live = (r: StoredRecord | undefined, now: number) => (r && (r.expiresAt === undefined || r.expiresAt > now) ? r : undefined);

/** Everything in memory: the embedded sandbox, tests, a single process that may forget on restart. */
export class MemoryOAuthStore implements OAuthStore {
  private readonly items = new Map<string, StoredRecord>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  async get(kind: string, key: string): Promise<StoredRecord | undefined> {
    const id = `${kind}:${key}`;
    const r = live(this.items.get(id), this.now());
    if (!r) this.items.delete(id);
    return r;
  }

  async set(kind: string, key: string, record: StoredRecord): Promise<void> {
    this.items.set(`${kind}:${key}`, record);
  }

  async delete(kind: string, key: string): Promise<void> {
    this.items.delete(`${kind}:${key}`);
  }

  async keyBy(kind: string, field: "uid" | "userCode", value: string): Promise<string | undefined> {
    const now = this.now();
    for (const [id, r] of this.items) {
      if (id.startsWith(`${kind}:`) && r[field] === value && live(r, now)) return id.slice(kind.length + 1);
    }
    return undefined;
  }

  async listBy(kind: string, field: "accountId", value: string): Promise<Array<{ key: string; record: StoredRecord }>> {
    const now = this.now();
    const out: Array<{ key: string; record: StoredRecord }> = [];
    for (const [id, r] of this.items) {
      if (id.startsWith(`${kind}:`) && r[field] === value && live(r, now)) out.push({ key: id.slice(kind.length + 1), record: r });
    }
    return out;
  }

  async deleteByGrant(grantId: string): Promise<void> {
    for (const [id, r] of this.items) if (r.grantId === grantId) this.items.delete(id);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.items.clear();
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, r] of this.items) if (!live(r, now)) this.items.delete(id);
  }
}

/**
 * One JSON file per record in <dir>/<kind>/<key>.json (0600, replaced atomically). Keys are
 * verifiers or non-secret ids, so file names give nothing away. Look-ups by index scan the
 * kind's folder: they are rare (revocation, logout), and grants per install are few.
 */
export class FileOAuthStore implements OAuthStore {
  constructor(
    readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  private file(kind: string, key: string): string {
    // Keys come from the adapter (base64url/hex verifiers, library ids); refuse anything else.
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(kind) || !/^[A-Za-z0-9_.~-]{1,300}$/.test(key) || key.startsWith(".")) {
      throw new Error("invalid OAuth store key");
    }
    return path.join(this.dir, kind, `${key}.json`);
  }

  async get(kind: string, key: string): Promise<StoredRecord | undefined> {
    const file = this.file(kind, key);
    let rec: StoredRecord;
    try {
      rec = JSON.parse(await fs.readFile(file, "utf8")) as StoredRecord;
    } catch {
      return undefined;
    }
    if (live(rec, this.now())) return rec;
    await fs.rm(file, { force: true });
    return undefined;
  }

  async set(kind: string, key: string, record: StoredRecord): Promise<void> {
    const file = this.file(kind, key);
    await ensurePrivateDir(this.dir);
    await ensurePrivateDir(path.dirname(file));
    await writeFileAtomic(file, JSON.stringify(record), 0o600);
  }

  async delete(kind: string, key: string): Promise<void> {
    await fs.rm(this.file(kind, key), { force: true });
  }

  async keyBy(kind: string, field: "uid" | "userCode", value: string): Promise<string | undefined> {
    for (const key of await this.keys(kind)) {
      const r = await this.get(kind, key);
      if (r?.[field] === value) return key;
    }
    return undefined;
  }

  async listBy(kind: string, field: "accountId", value: string): Promise<Array<{ key: string; record: StoredRecord }>> {
    const out: Array<{ key: string; record: StoredRecord }> = [];
    for (const key of await this.keys(kind)) {
      const record = await this.get(kind, key);
      if (record?.[field] === value) out.push({ key, record });
    }
    return out;
  }

  async deleteByGrant(grantId: string): Promise<void> {
    let kinds: string[];
    try {
      kinds = await fs.readdir(this.dir);
    } catch {
      return;
    }
    for (const kind of kinds) {
      for (const key of await this.keys(kind)) {
        const r = await this.get(kind, key);
        if (r?.grantId === grantId) await this.delete(kind, key);
      }
    }
  }

  async close(): Promise<void> {}

  private async keys(kind: string): Promise<string[]> {
    try {
      return (await fs.readdir(path.join(this.dir, kind))).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5));
    } catch {
      return [];
    }
  }
}
