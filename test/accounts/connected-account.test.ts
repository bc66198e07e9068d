// Which account the default session is logged in to (the /setup start page asks it), against the
// sandbox through real gramjs: named, none, unknown (a Telegram error, no answer in time), revoked.
import t from "tap";
import { startSandbox } from "../helpers/sandbox.js";
import { createTelegramClient } from "../../services/telegram/client-factory.js";
import { MemoryAccountStore } from "../../services/accounts/memory-store.js";
import { SessionPool } from "../../services/telegram/session-pool.js";
import { connectedAccount } from "../../services/accounts/connected-account.js";

t.test("the default session's account: named, unknown on an error or a timeout, revoked", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const user = sb.world.createUser({ phone: "9997712345", firstName: "Dana", lastName: "Cole", username: "dana_cole" });
  const store = new MemoryAccountStore();
  const pool = new SessionPool({
    store,
    createClient: (session) => createTelegramClient({ session, backend: { kind: "sandbox", host: sb.host, port: sb.port }, connectionRetries: 1 }),
    maxActive: 2,
    maxIdleMs: 0,
    setupHint: "run `tgmcp setup`",
  });
  t.teardown(() => pool.close());

  t.same(await connectedAccount(store, pool, 5000), { state: "none" }, "no session yet: nothing to name");

  await store.saveSession((await store.defaultAccount()).id, await sb.createSession(user.id));
  t.same(await connectedAccount(store, pool, 5000), { state: "ok", user: { firstName: "Dana", lastName: "Cole", username: "dana_cole" } });

  sb.faults.error("users.GetUsers", 500, "INTERNAL_SERVER_ERROR");
  const failed = await connectedAccount(store, pool, 5000);
  t.equal(failed.state, "unknown", "a Telegram error: unknown, and the page still asks before replacing");
  t.match(failed.state === "unknown" ? failed.reason : "", /INTERNAL/, "the reason is kept for the log");

  // The answer never comes within the time allowed (the sandbox drops the connection instead).
  sb.faults.dropOnNext("users.GetUsers");
  const t0 = Date.now();
  const late = await connectedAccount(store, pool, 300);
  t.equal(late.state, "unknown");
  t.ok(Date.now() - t0 < 5000, "the timeout bounds the wait");
  sb.faults.clear();

  sb.revokeSessions(user.id);
  t.same(await connectedAccount(store, pool, 5000), { state: "revoked" }, "a revoked session: the account needs setup");
  const asked = sb.rpcCount("users.GetUsers", user.id);
  t.same(await connectedAccount(store, pool, 5000), { state: "revoked" }, "and stays so (the store marked it)...");
  t.equal(sb.rpcCount("users.GetUsers", user.id), asked, "...without asking Telegram again");
});
