// The default AccountStore: one JSON record per account in <dir>/accounts/<id>.json.
//
// - http-auth accounts ("token" kind) keep only a verifier of their bearer token
//   (HMAC-SHA256 under <dir>/install.key) and their session string sealed with
//   AES-256-GCM under a key derived from the token (HKDF). A copy of the folder
//   opens no account; the file name is the non-secret account id.
// - The default account of stdio / http-no-auth ("default" kind) is protected by file
//   permissions, and sealed under SESSION_KEY when one is configured.
// - Records are replaced atomically (temp + fsync + rename); verifier and session live
//   in the same record, so a rotation swaps both at once.
// - A rotation is crash-safe for its owner (see prepareRotation): the new token is stored
//   beside the old one first, shown, then switched to; killed in between, the old token
//   still works, and a new token that was shown works too (its first use switches).
// - install.key is created once, whole or not at all; a damaged one stops the start-up
//   with a message that names it (never a failure of every request).
// - verifyToken() checks the record's file on every call (a stat; it re-reads the file when it
//   changed), so a revoke or rotate done by another process (the CLI) takes effect on the next
//   request.
import { promises as fs, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHmac, randomBytes } from "node:crypto";
import { cleanStaleTemps, createFileAtomic, ensurePrivateDir, writeFileAtomic } from "./atomic-file.js";
import { DecryptError, open, seal, type SealedBox } from "./crypto.js";
import { generateToken, isValidAccountId, looksLikeToken, newAccountId, tokenVerifier, verifiersMatch } from "./tokens.js";
import type { AccountSettings } from "./settings.js";
import type { Account, AccountStore } from "./types.js";

export const DEFAULT_SESSION_DIR = path.join(os.homedir(), ".config", "tgmcp");

type StoredSession = null | { enc: "none"; value: string } | { enc: "token" | "env-key"; box: SealedBox };

interface AccountRecord {
  v: 1;
  id: string;
  kind: "token" | "default";
  createdAt: string;
  updatedAt: string;
  verifier?: string;
  /** A rotation's new token until the switch (see prepareRotation). */
  next?: { verifier: string; session: StoredSession; expiresAt: string };
  label?: string;
  needsSetup?: { reason: string; since: string };
  settings?: AccountSettings;
  session: StoredSession;
}

export interface FileAccountStoreOptions {
  /** SESSION_DIR; created 0700 if missing. */
  dir: string;
  /** Id of the stdio / http-no-auth account (SESSION_NAME). Default "default". */
  defaultAccountId?: string;
  /** SESSION_KEY: when set, the default account's session is sealed under it. */
  sessionKey?: string;
}

/** A clear, structured failure of the store (never carries a secret). */
export class AccountStoreError extends Error {
  constructor(
    readonly code: "NOT_FOUND" | "BAD_TOKEN" | "NO_TOKEN" | "TOKEN_REQUIRED" | "SESSION_KEY_REQUIRED" | "DECRYPT_FAILED" | "BAD_ID" | "BAD_INSTALL_KEY",
    message: string,
  ) {
    super(message);
    this.name = "AccountStoreError";
  }
}

/** What the CLI and the wizard need beyond the core AccountStore contract. */
export interface ManagedAccountStore extends AccountStore {
  /** Creates an http-auth account; the token is returned here once and never stored. */
  createAccount(opts?: { session?: string; label?: string }): Promise<{ account: Account; token: string }>;
  getAccount(accountId: string): Promise<Account | null>;
  hasSession(accountId: string): Promise<boolean>;
  /** Deletes the account record (its session becomes unreadable with it). True if it existed. */
  revoke(accountId: string): Promise<boolean>;
  /** New token for the account, the session re-sealed under it; the old token stops. */
  rotate(accountId: string, currentToken: string): Promise<string>;
  /** Removes the default account's session (setup --overwrite). */
  clearSession(accountId: string): Promise<void>;
}

/** How long a rotation's new token waits for its switch (first use or confirmRotation) before it is dropped. */
export const NEXT_TOKEN_TTL_MS = 24 * 3600_000;

/** Which of a record's tokens a presented token is. */
type Slot = "current" | "next";

export class FileAccountStore implements ManagedAccountStore {
  readonly dir: string;
  readonly accountsDir: string;
  readonly defaultAccountId: string;
  private readonly sessionKey?: string;
  private installKey?: Buffer;
  private ready?: Promise<void>;
  private readonly locks = new Map<string, Promise<unknown>>();
  private index = new Map<string, string>(); // verifier -> account id
  private indexDirMtime = -1;
  private indexScannedAt = 0;
  /** Records read on the request path, reused while the file is the same (inode, mtime, size). */
  private readonly recCache = new Map<string, { rec: AccountRecord; ino: number; mtimeMs: number; size: number }>();

  constructor(opts: FileAccountStoreOptions) {
    this.dir = path.resolve(opts.dir);
    this.accountsDir = path.join(this.dir, "accounts");
    this.defaultAccountId = opts.defaultAccountId ?? "default";
    if (!isValidAccountId(this.defaultAccountId)) {
      throw new AccountStoreError("BAD_ID", "session name may only contain letters, digits, '-' and '_'");
    }
    this.sessionKey = opts.sessionKey || undefined;
    // A damaged key is reported now, at start-up, not as a failure of every later request.
    readInstallKeySync(this.keyPath);
  }

  get keyPath(): string {
    return path.join(this.dir, "install.key");
  }

  /** Creates the folders (0700) and the install key; idempotent, called lazily by every method. */
  init(): Promise<void> {
    this.ready ??= (async () => {
      await ensurePrivateDir(this.dir);
      await ensurePrivateDir(this.accountsDir);
      this.installKey = await loadOrCreateKey(this.keyPath);
      await cleanStaleTemps(this.dir);
      await cleanStaleTemps(this.accountsDir);
    })();
    return this.ready;
  }

  /** A key for another purpose (e.g. naming login-failure counts), derived from install.key. */
  async derivedKey(purpose: string): Promise<Buffer> {
    await this.init();
    return createHmac("sha256", this.installKey!).update(`tgmcp derived key: ${purpose}`).digest();
  }

  recordPath(accountId: string): string {
    if (!isValidAccountId(accountId)) throw new AccountStoreError("BAD_ID", "invalid account id");
    return path.join(this.accountsDir, `${accountId}.json`);
  }

  async createAccount(opts: { session?: string; label?: string } = {}): Promise<{ account: Account; token: string }> {
    await this.init();
    const id = newAccountId();
    const token = generateToken();
    const now = new Date().toISOString();
    const rec: AccountRecord = {
      v: 1,
      id,
      kind: "token",
      createdAt: now,
      updatedAt: now,
      verifier: tokenVerifier(token, this.installKey!),
      ...(opts.label ? { label: opts.label } : {}),
      session: opts.session ? { enc: "token", box: seal(opts.session, token, id) } : null,
    };
    await this.write(rec);
    this.index.set(rec.verifier!, id);
    return { account: toAccount(rec), token };
  }

  async verifyToken(token: string): Promise<Account | null> {
    if (!looksLikeToken(token)) return null;
    await this.init();
    const verifier = tokenVerifier(token, this.installKey!);
    let id = this.index.get(verifier);
    if (!id && (await this.refreshIndex())) id = this.index.get(verifier);
    if (!id) return null;
    const rec = await this.readCached(id);
    const slot = rec ? this.slotOf(rec, token, verifier) : null;
    if (!rec || !slot) return null;
    // The first use of a rotation's new token finishes the rotation: the old token stops.
    if (slot === "next") return (await this.confirmRotation(id, token)) ? this.getAccount(id) : null;
    return toAccount(rec);
  }

  async defaultAccount(): Promise<Account> {
    await this.init();
    const id = this.defaultAccountId;
    const known = await this.readCached(id);
    if (known) return toAccount(known);
    return this.withLock(id, async () => {
      const existing = await this.read(id);
      if (existing) return toAccount(existing);
      const now = new Date().toISOString();
      const rec: AccountRecord = { v: 1, id, kind: "default", createdAt: now, updatedAt: now, session: null };
      await this.write(rec);
      return toAccount(rec);
    });
  }

  async getAccount(accountId: string): Promise<Account | null> {
    await this.init();
    const rec = await this.readCached(accountId);
    return rec ? toAccount(rec) : null;
  }

  async hasSession(accountId: string): Promise<boolean> {
    await this.init();
    const rec = await this.readCached(accountId);
    return !!rec?.session;
  }

  async loadSession(accountId: string, token?: string): Promise<string | null> {
    await this.init();
    const rec = await this.readCached(accountId);
    if (!rec) throw new AccountStoreError("NOT_FOUND", "unknown account");
    const slot = rec.kind === "token" ? this.checkToken(rec, token) : "current";
    return this.unseal(slot === "next" ? rec.next!.session : rec.session, rec, token);
  }

  async saveSession(accountId: string, session: string, token?: string): Promise<void> {
    await this.init();
    await this.withLock(accountId, async () => {
      let rec = await this.read(accountId);
      if (!rec) {
        if (accountId !== this.defaultAccountId) throw new AccountStoreError("NOT_FOUND", "unknown account");
        const now = new Date().toISOString();
        rec = { v: 1, id: accountId, kind: "default", createdAt: now, updatedAt: now, session: null };
      }
      if (rec.kind === "token") {
        if (this.checkToken(rec, token) === "next") this.switchToNext(rec);
        rec.session = { enc: "token", box: seal(session, token!, rec.id) };
        // A pending new token holds the session of before: drop it rather than let it revive a
        // stale session. Its owner still has the current token (the switch never happened).
        this.dropNext(rec);
      } else {
        rec.session = this.sessionKey
          ? { enc: "env-key", box: seal(session, this.sessionKey, rec.id) }
          : { enc: "none", value: session };
      }
      delete rec.needsSetup;
      rec.updatedAt = new Date().toISOString();
      await this.write(rec);
    });
  }

  async clearSession(accountId: string): Promise<void> {
    await this.init();
    await this.withLock(accountId, async () => {
      const rec = await this.read(accountId);
      if (!rec) return;
      rec.session = null;
      rec.updatedAt = new Date().toISOString();
      await this.write(rec);
    });
  }

  async markNeedsSetup(accountId: string, reason: string): Promise<void> {
    await this.init();
    await this.withLock(accountId, async () => {
      const rec = await this.read(accountId);
      if (!rec) return;
      rec.needsSetup = { reason: reason.slice(0, 200), since: new Date().toISOString() };
      rec.updatedAt = rec.needsSetup.since;
      await this.write(rec);
    });
  }

  async updateSettings(accountId: string, settings: AccountSettings | undefined): Promise<void> {
    await this.init();
    await this.withLock(accountId, async () => {
      const rec = await this.read(accountId);
      if (!rec) throw new AccountStoreError("NOT_FOUND", `no account ${accountId}`);
      if (settings) rec.settings = settings;
      else delete rec.settings;
      rec.updatedAt = new Date().toISOString();
      await this.write(rec);
    });
  }

  async list(): Promise<Account[]> {
    await this.init();
    const out: Account[] = [];
    for (const rec of await this.readAll()) out.push(toAccount(rec));
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /** Only the http-auth accounts (those with a bearer token), oldest first. */
  async listTokenAccounts(): Promise<Account[]> {
    await this.init();
    const recs = (await this.readAll()).filter((r) => r.kind === "token");
    return recs.map(toAccount).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async revoke(accountId: string): Promise<boolean> {
    await this.init();
    return this.withLock(accountId, async () => {
      try {
        await fs.unlink(this.recordPath(accountId));
      } catch (err) {
        if ((err as NodeJS.ErrnoException | undefined)?.code === "ENOENT") return false;
        throw err;
      }
      for (const [v, id] of this.index) if (id === accountId) this.index.delete(v);
      this.recCache.delete(accountId);
      return true;
    });
  }

  /** New token for the account; the old one stops (prepareRotation, then confirmRotation). */
  async rotate(accountId: string, currentToken: string): Promise<string> {
    const token = await this.prepareRotation(accountId, currentToken);
    await this.confirmRotation(accountId, token);
    return token;
  }

  /**
   * First half of a rotation: stores a new token beside the current one (the session sealed
   * under each) and returns it. Both work from now on. Show it to its owner, then call
   * confirmRotation; the first use of the new token switches too.
   *
   * Why two steps: a rotation killed between its write and its output used to leave an
   * account whose only valid token nobody had seen. Now, killed before the output, the old
   * token (the one its owner has) keeps working; killed after it, the new one works too.
   * The old token is never ended by a clock, since nothing can tell whether its owner saw the
   * new one; an unconfirmed new token is dropped after NEXT_TOKEN_TTL_MS unused.
   */
  async prepareRotation(accountId: string, currentToken: string): Promise<string> {
    await this.init();
    return this.withLock(accountId, async () => {
      const rec = await this.read(accountId);
      if (!rec) throw new AccountStoreError("NOT_FOUND", "unknown account");
      if (rec.kind !== "token") throw new AccountStoreError("NO_TOKEN", "this is the default session of stdio / http-no-auth mode: it has no token");
      if (this.checkToken(rec, currentToken) === "next") this.switchToNext(rec); // rotating with a pending token uses it
      const session = this.unseal(rec.session, rec, currentToken);
      const token = generateToken();
      this.dropNext(rec);
      rec.next = {
        verifier: tokenVerifier(token, this.installKey!),
        session: session === null ? null : { enc: "token", box: seal(session, token, rec.id) },
        expiresAt: new Date(Date.now() + NEXT_TOKEN_TTL_MS).toISOString(),
      };
      rec.updatedAt = new Date().toISOString();
      await this.write(rec);
      this.index.set(rec.next.verifier, rec.id);
      return token;
    });
  }

  /**
   * Second half of a rotation: `newToken` (from prepareRotation) becomes the only token and
   * the old one stops. True once newToken is the current token; false when it is unknown,
   * expired or replaced by a later rotation.
   */
  async confirmRotation(accountId: string, newToken: string): Promise<boolean> {
    await this.init();
    return this.withLock(accountId, async () => {
      const rec = await this.read(accountId);
      const slot = rec ? this.slotOf(rec, newToken) : null;
      if (!rec || !slot) return false;
      if (slot === "next") {
        this.switchToNext(rec);
        rec.updatedAt = new Date().toISOString();
        await this.write(rec);
      }
      return true;
    });
  }

  // -- internals --------------------------------------------------------------

  /** Which token of this record `token` is (an expired new token is none). */
  /** Which of the record's tokens this is; `verifier` is tokenVerifier(token) when the caller has it (one HMAC per request). */
  private slotOf(rec: AccountRecord, token: string, verifier?: string): Slot | null {
    if (rec.kind !== "token") return null;
    const presented = verifier ?? tokenVerifier(token, this.installKey!);
    if (rec.verifier && verifiersMatch(presented, rec.verifier)) return "current";
    if (rec.next && !isExpired(rec.next) && verifiersMatch(presented, rec.next.verifier)) return "next";
    return null;
  }

  private checkToken(rec: AccountRecord, token: string | undefined): Slot {
    if (!token) throw new AccountStoreError("TOKEN_REQUIRED", "this account's session is encrypted: its token is required");
    const slot = this.slotOf(rec, token);
    if (!slot) throw new AccountStoreError("BAD_TOKEN", "the token does not belong to this account");
    return slot;
  }

  /** The rotation's new token becomes the only one (in `rec`; the caller writes it). */
  private switchToNext(rec: AccountRecord): void {
    const next = rec.next!;
    if (rec.verifier) this.index.delete(rec.verifier);
    rec.verifier = next.verifier;
    rec.session = next.session;
    delete rec.next;
    this.index.set(rec.verifier, rec.id);
  }

  private dropNext(rec: AccountRecord): void {
    if (!rec.next) return;
    this.index.delete(rec.next.verifier);
    delete rec.next;
  }

  private unseal(s: StoredSession, rec: AccountRecord, token?: string): string | null {
    if (!s) return null;
    if (s.enc === "none") return s.value;
    const secret = s.enc === "token" ? token : this.sessionKey;
    if (!secret) {
      throw new AccountStoreError("SESSION_KEY_REQUIRED", "the default session is encrypted: set SESSION_KEY to the key it was saved with");
    }
    try {
      return open(s.box, secret, rec.id);
    } catch (err) {
      if (err instanceof DecryptError) {
        throw new AccountStoreError("DECRYPT_FAILED", s.enc === "env-key" ? "the session cannot be decrypted: wrong SESSION_KEY or tampered file" : "the session cannot be decrypted: tampered file");
      }
      throw err;
    }
  }

  private async read(accountId: string): Promise<AccountRecord | null> {
    let text: string;
    try {
      text = await fs.readFile(this.recordPath(accountId), "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException | undefined)?.code === "ENOENT") return null;
      throw err;
    }
    const rec = JSON.parse(text) as AccountRecord;
    if (rec?.v !== 1 || rec.id !== accountId) throw new AccountStoreError("DECRYPT_FAILED", "account record is malformed");
    return rec;
  }

  /**
   * read() for the request path (every bearer check, every http-no-auth request): one stat
   * instead of open + read + close + JSON.parse. Writers replace files by rename, so a change
   * made here or by another process (tgmcp tokens revoke/rotate) shows as a new inode at once.
   * The record returned is shared: callers must not modify it.
   */
  private async readCached(accountId: string): Promise<AccountRecord | null> {
    // statSync: a stat of a local file takes microseconds; fs.promises.stat's thread-pool
    // round trip cost more than the read it saves.
    const st = statSync(this.recordPath(accountId), { throwIfNoEntry: false });
    if (!st) {
      this.recCache.delete(accountId);
      return null;
    }
    const hit = this.recCache.get(accountId);
    if (hit && hit.ino === st.ino && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.rec;
    const rec = await this.read(accountId);
    if (rec) this.recCache.set(accountId, { rec, ino: st.ino, mtimeMs: st.mtimeMs, size: st.size });
    else this.recCache.delete(accountId);
    return rec;
  }

  private async readAll(): Promise<AccountRecord[]> {
    const names = await fs.readdir(this.accountsDir);
    const recs: AccountRecord[] = [];
    for (const name of names) {
      if (name.startsWith(".") || !name.endsWith(".json")) continue; // temp files of writers
      const id = name.slice(0, -5);
      if (!isValidAccountId(id)) continue;
      try {
        const rec = await this.read(id);
        if (rec) recs.push(rec);
      } catch {
        /* a malformed record is skipped here; loadSession reports it for that account */
      }
    }
    return recs;
  }

  /** Rebuilds verifier -> id when the folder changed (or at most every 2 s), so tokens made elsewhere are found. */
  private async refreshIndex(): Promise<boolean> {
    const st = await fs.stat(this.accountsDir);
    const now = Date.now();
    if (st.mtimeMs === this.indexDirMtime && now - this.indexScannedAt < 2000) return false;
    const next = new Map<string, string>();
    for (const rec of await this.readAll()) {
      if (rec.kind !== "token") continue;
      if (rec.verifier) next.set(rec.verifier, rec.id);
      if (rec.next && !isExpired(rec.next)) next.set(rec.next.verifier, rec.id);
    }
    this.index = next;
    this.indexDirMtime = st.mtimeMs;
    this.indexScannedAt = now;
    return true;
  }

  private async write(rec: AccountRecord): Promise<void> {
    if (rec.next && isExpired(rec.next)) this.dropNext(rec);
    await writeFileAtomic(this.recordPath(rec.id), JSON.stringify(rec, null, 2) + "\n", 0o600);
  }

  /** Serializes read-modify-write per account within this process (rename keeps other processes safe). */
  private async withLock<T>(accountId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(accountId) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => {});
    this.locks.set(accountId, tail);
    try {
      return await run;
    } finally {
      if (this.locks.get(accountId) === tail) this.locks.delete(accountId);
    }
  }
}

function isExpired(next: { expiresAt: string }): boolean {
  return Date.parse(next.expiresAt) <= Date.now();
}

function toAccount(rec: AccountRecord): Account {
  return {
    id: rec.id,
    createdAt: rec.createdAt,
    ...(rec.needsSetup ? { needsSetup: rec.needsSetup } : {}),
    ...(rec.label ? { label: rec.label } : {}),
    ...(rec.settings ? { settings: rec.settings } : {}),
  };
}

/** The install key: created once, whole or not at all (a crash must never leave it empty). */
async function loadOrCreateKey(file: string): Promise<Buffer> {
  const existing = readInstallKeySync(file);
  if (existing) return existing;
  await createFileAtomic(file, randomBytes(32).toString("base64") + "\n", 0o600);
  // Ours, or the one another process created first.
  return readInstallKeySync(file)!;
}

/** The key in `file`, null when there is none yet; a clear AccountStoreError when it is damaged. */
function readInstallKeySync(file: string): Buffer | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException | undefined)?.code === "ENOENT") return null;
    throw err;
  }
  const key = Buffer.from(text.trim(), "base64");
  if (key.length === 32 && /^[A-Za-z0-9+/]{43}=$/.test(text.trim())) return key;
  throw new AccountStoreError(
    "BAD_INSTALL_KEY",
    `the install key ${file} is malformed (${Buffer.byteLength(text)} bytes; expected 32 random bytes in base64). ` +
      "It verifies the bearer tokens of this folder. If the folder has no accounts yet (a first start was interrupted), delete the file and start again; " +
      "otherwise restore it from a backup (without it, no existing token can be verified: revoke those accounts and run tgmcp setup again).",
  );
}
