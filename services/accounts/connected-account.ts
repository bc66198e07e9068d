// Which Telegram account the default session (stdio, http-no-auth) is logged in to, asked from
// Telegram: the setup wizard names it before a new login may replace it. One users.GetUsers
// through the session pool, bounded by a timeout so a slow or unreachable Telegram never holds
// the page: past it, the account is "unknown" and the wizard still asks before replacing it.
import { Api } from "telegram";
import type { ManagedAccountStore } from "./file-store.js";
import { AccountNeedsSetupError } from "../telegram/needs-setup.js";
import type { SessionPool } from "../telegram/session-pool.js";

export interface AccountName {
  firstName?: string;
  lastName?: string;
  username?: string;
}

export type ConnectedAccount =
  | { state: "none" }
  | { state: "revoked" }
  | { state: "ok"; user: AccountName }
  /** Telegram did not say in time, or failed: `reason` is for the log, never for the page. */
  | { state: "unknown"; reason?: string };

export async function connectedAccount(accounts: Pick<ManagedAccountStore, "defaultAccount" | "hasSession">, pool: SessionPool, timeoutMs: number): Promise<ConnectedAccount> {
  const account = await accounts.defaultAccount();
  if (!(await accounts.hasSession(account.id))) return { state: "none" };
  if (account.needsSetup) return { state: "revoked" };
  let timer: NodeJS.Timeout | undefined;
  try {
    const ask = pool.use(account, undefined, (s) => s.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }), AbortSignal.timeout(timeoutMs)));
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("timed out")), timeoutMs);
    });
    ask.catch(() => {}); // a late failure after the timeout is not unhandled
    const [me] = await Promise.race([ask, late]);
    if (!(me instanceof Api.User)) return { state: "unknown", reason: `Telegram answered ${me?.className ?? "nothing"}` };
    return { state: "ok", user: { firstName: me.firstName ?? undefined, lastName: me.lastName ?? undefined, username: me.username ?? undefined } };
  } catch (e) {
    if (e instanceof AccountNeedsSetupError) return { state: "revoked" };
    return { state: "unknown", reason: (e as Error)?.message ?? String(e) };
  } finally {
    clearTimeout(timer);
  }
}
