// The account's session is gone, and the Telegram errors that say so. Apart from
// account-session.ts (which re-exports both) so that the modules a start loads (the session
// pool, the error mappers) can name them without loading gramjs (services/telegram/gramjs.ts).
import type { ErrorKind } from "./errors.js";

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

/** The account's Telegram session is missing or no longer valid: the user must log in again. */
export class AccountNeedsSetupError extends Error {
  readonly kind: ErrorKind = "needs_setup";
  readonly code = "ACCOUNT_NEEDS_SETUP";
  readonly errorType = "AccountNeedsSetup";
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
