// An in-memory AccountStore: used by the embedded sandbox demo (nothing touches the disk)
// and by tests. Tokens are kept only as SHA-256 digests and compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { AccountSettings } from "./settings.js";
import type { Account } from "./types.js";
import type { ManagedAccountStore } from "./file-store.js";
import { generateToken } from "./tokens.js";

interface Entry {
  account: Account;
  tokenDigest?: Buffer;
  session: string | null;
}

const digest = (token: string) => createHash("sha256").update(token, "utf8").digest();

export class MemoryAccountStore implements ManagedAccountStore {
  private readonly accounts = new Map<string, Entry>();
  private defaultId: string | undefined;

  /**
   * Adds an account. `token` makes it reachable in http-auth mode; `isDefault` makes it the
   * account of stdio / http-no-auth. Returns the (non-secret) account.
   */
  add(opts: { id?: string; token?: string; session?: string | null; label?: string; isDefault?: boolean } = {}): Account {
    const id = opts.id ?? randomBytes(12).toString("base64url");
    if (this.accounts.has(id)) throw new Error(`account ${id} already exists`);
    const account: Account = { id, createdAt: new Date().toISOString() };
    if (opts.label) account.label = opts.label;
    this.accounts.set(id, { account, tokenDigest: opts.token ? digest(opts.token) : undefined, session: opts.session ?? null });
    if (opts.isDefault) this.defaultId = id;
    return { ...account };
  }

  async verifyToken(token: string): Promise<Account | null> {
    const d = digest(token);
    let found: Account | null = null;
    // Visit every entry so the time taken does not depend on which (if any) matched.
    for (const e of this.accounts.values()) {
      if (e.tokenDigest && timingSafeEqual(e.tokenDigest, d)) found = e.account;
    }
    return found ? { ...found } : null;
  }

  async defaultAccount(): Promise<Account> {
    if (this.defaultId === undefined) this.add({ id: "default", isDefault: true });
    return { ...this.accounts.get(this.defaultId!)!.account };
  }

  async loadSession(accountId: string): Promise<string | null> {
    return this.accounts.get(accountId)?.session ?? null;
  }

  async saveSession(accountId: string, session: string): Promise<void> {
    const e = this.accounts.get(accountId);
    if (!e) throw new Error(`unknown account ${accountId}`);
    e.session = session;
    // A fresh session means the user logged in again.
    delete e.account.needsSetup;
  }

  async markNeedsSetup(accountId: string, reason: string): Promise<void> {
    const e = this.accounts.get(accountId);
    if (!e) return;
    e.account.needsSetup = { reason, since: new Date().toISOString() };
  }

  async updateSettings(accountId: string, settings: AccountSettings | undefined): Promise<void> {
    const e = this.accounts.get(accountId);
    if (!e) throw new Error(`unknown account ${accountId}`);
    if (settings) e.account.settings = structuredClone(settings);
    else delete e.account.settings;
  }

  async list(): Promise<Account[]> {
    return [...this.accounts.values()].map((e) => ({ ...e.account }));
  }

  async createAccount(opts: { session?: string; label?: string } = {}): Promise<{ account: Account; token: string }> {
    const token = generateToken();
    return { account: this.add({ token, session: opts.session ?? null, label: opts.label }), token };
  }

  async getAccount(accountId: string): Promise<Account | null> {
    const e = this.accounts.get(accountId);
    return e ? { ...e.account } : null;
  }

  async hasSession(accountId: string): Promise<boolean> {
    return Boolean(this.accounts.get(accountId)?.session);
  }

  async revoke(accountId: string): Promise<boolean> {
    return this.accounts.delete(accountId);
  }

  async rotate(accountId: string, currentToken: string): Promise<string> {
    const e = this.accounts.get(accountId);
    if (!e?.tokenDigest || !timingSafeEqual(e.tokenDigest, digest(currentToken))) throw new Error("unknown account or wrong token");
    const token = generateToken();
    e.tokenDigest = digest(token);
    return token;
  }

  async clearSession(accountId: string): Promise<void> {
    const e = this.accounts.get(accountId);
    if (e) e.session = null;
  }
}
