// An AccountSession around a test's own gramjs client (the pool makes them in production).
import type { TelegramClient } from "telegram";
import { AccountSession, type AccountSessionOptions } from "../../services/telegram/account-session.js";

/** The session of `client` (its teardown stays with whoever made the client: destroy is idempotent). */
export function sessionOf(client: TelegramClient, opts: Partial<AccountSessionOptions> = {}): AccountSession {
  return new AccountSession({ accountId: "test-account", client, ...opts });
}
