// The account-store contract shared by the server core (auth plugin, session pool),
// the CLI and the setup wizard. The default implementation keeps files on disk
// (services/accounts/file-store.ts); a shared one (Redis, SQL) can implement the same.
import type { AccountSettings } from "./settings.js";

/** A Telegram account known to tgmcp. `id` is non-secret: safe for logs, /health, CLI listings. */
export interface Account {
  id: string;
  createdAt: string; // ISO
  /** Set when Telegram said AUTH_KEY_UNREGISTERED / SESSION_REVOKED: the user must log in again. */
  needsSetup?: { reason: string; since: string };
  label?: string;
  /** The owner's limits on this account (settings.ts); absent: the server's settings alone. */
  settings?: AccountSettings;
}

export interface AccountStore {
  /** http-auth: the account a bearer token opens, or null. Constant-time; never logs the token. */
  verifyToken(token: string): Promise<Account | null>;
  /** stdio / http-no-auth: the single default account (created on first use). */
  defaultAccount(): Promise<Account>;
  /**
   * The decrypted gramjs session string of an account, or null if it has none yet.
   * `token` is required for http-auth accounts (their session is encrypted under it).
   */
  loadSession(accountId: string, token?: string): Promise<string | null>;
  /** Atomically replaces the session (temp file + rename). */
  saveSession(accountId: string, session: string, token?: string): Promise<void>;
  markNeedsSetup(accountId: string, reason: string): Promise<void>;
  /** Replaces the account's settings (undefined clears them); they apply from the next request. */
  updateSettings(accountId: string, settings: AccountSettings | undefined): Promise<void>;
  list(): Promise<Account[]>;
}
