// The session pool against the real sandbox: real gramjs clients over TCP.
import { createConnection, createServer, type Socket } from "node:net";
import t from "tap";
import { Api, type TelegramClient } from "telegram";
import { startSandbox } from "../helpers/sandbox.js";
import type { Sandbox } from "../../sandbox/index.js";
import { createTelegramClient } from "../../services/telegram/client-factory.js";
import { MemoryAccountStore } from "../../services/accounts/memory-store.js";
import { SessionPool, type SessionPoolOptions } from "../../services/telegram/session-pool.js";
import { AccountNeedsSetupError } from "../../services/telegram/needs-setup.js";
import type { AccountSession } from "../../services/telegram/account-session.js";

interface Teardownable {
  teardown(fn: () => unknown): void;
}

const getSelf = (s: AccountSession) => s.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));

/** A pool on the sandbox; counts the clients it builds; closed at teardown. */
function makePool(t: Teardownable, sb: Sandbox, store: MemoryAccountStore, opts: Partial<SessionPoolOptions> = {}) {
  const built: TelegramClient[] = [];
  const events = { rpc: [] as string[], flood: [] as string[], evictions: [] as string[] };
  const pool = new SessionPool({
    store,
    createClient: (session) => {
      const c = createTelegramClient({ session, backend: { kind: "sandbox", host: sb.host, port: sb.port }, connectionRetries: 3 });
      built.push(c);
      return c;
    },
    maxActive: 10,
    maxIdleMs: 0,
    setupHint: "run `tgmcp setup`",
    observer: {
      rpc: (m, o) => events.rpc.push(`${m}:${o}`),
      floodWait: (m, s) => events.flood.push(`${m}:${s}`),
      eviction: (r) => events.evictions.push(r),
    },
    ...opts,
  });
  t.teardown(async () => {
    await pool.close();
    // Clients evicted in a test are destroyed by the pool; destroy() is idempotent for the rest.
    await Promise.all(built.map((c) => c.destroy().catch(() => {})));
  });
  return { pool, built, events };
}

let phoneSeq = 0;
async function addUser(sb: Sandbox, store: MemoryAccountStore, name: string) {
  const user = sb.world.createUser({ phone: `99977${String(++phoneSeq).padStart(5, "0")}`, firstName: name });
  const account = store.add({ id: name, session: await sb.createSession(user.id) });
  return { user, account };
}

t.test("single-flight: 100 concurrent first requests build and connect exactly one client", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const store = new MemoryAccountStore();
  const { account, user } = await addUser(sb, store, "alice");
  const { pool, built } = makePool(t, sb, store);

  const clients = await Promise.all(Array.from({ length: 100 }, () => pool.get(account)));
  t.equal(built.length, 1, "one client built");
  t.ok(clients.every((c) => c === clients[0]), "every caller got the same client");
  t.equal(sb.connectionCount, 1, "one TCP connection to the sandbox");
  const [me] = (await getSelf(clients[0]!)) as Api.User[];
  t.equal(Number(me!.id), user.id, "the client is logged in as the account's user");
  t.equal(pool.stats().active, 1);
});

t.test("LRU: beyond maxActive the least recently used client is disconnected", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const store = new MemoryAccountStore();
  const a = await addUser(sb, store, "a");
  const b = await addUser(sb, store, "b");
  const c = await addUser(sb, store, "c");
  const { pool, events } = makePool(t, sb, store, { maxActive: 2 });

  const ca = await pool.get(a.account);
  const cb1 = await pool.get(b.account);
  await pool.get(a.account); // a is now more recent than b
  await pool.get(c.account); // evicts b
  await pool.settle();
  t.same(
    pool.stats().sessions.map((s) => s.accountId).sort(),
    ["a", "c"],
    "b (least recently used) was evicted",
  );
  t.same(events.evictions, ["lru"]);
  t.equal(pool.evictions, 1);
  t.ok(ca.connected, "a's client is still connected");
  t.notOk(cb1.connected, "b's client was disconnected");

  // b comes back with a fresh client, evicting a (now the least recent).
  const cb = await pool.get(b.account);
  const [me] = (await getSelf(cb)) as Api.User[];
  t.equal(Number(me!.id), b.user.id);
  await pool.settle();
  t.notOk(ca.connected, "a's client was disconnected on eviction");
});

t.test("a leased client is not disconnected by eviction until released", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const store = new MemoryAccountStore();
  const a = await addUser(sb, store, "a");
  const b = await addUser(sb, store, "b");
  const { pool } = makePool(t, sb, store, { maxActive: 1 });

  const lease = await pool.acquire(a.account);
  await pool.get(b.account); // evicts a from the LRU
  await pool.settle();
  t.notOk(pool.has("a"));
  t.ok(lease.session.connected, "still connected while leased");
  await getSelf(lease.session);
  lease.release();
  await pool.settle();
  t.notOk(lease.session.connected, "disconnected once released");
});

t.test("idle clients are disconnected after maxIdleMs", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const store = new MemoryAccountStore();
  const a = await addUser(sb, store, "a");
  const b = await addUser(sb, store, "b");
  let now = 1_000_000;
  const { pool, events } = makePool(t, sb, store, { maxIdleMs: 60_000, now: () => now });

  const ca = await pool.get(a.account);
  now += 30_000;
  await pool.get(b.account);
  now += 31_000; // a idle 61 s, b idle 31 s
  t.equal(pool.sweepIdle(), 1, "one idle client");
  await pool.settle();
  t.same(pool.stats().sessions.map((s) => s.accountId), ["b"]);
  t.notOk(ca.connected, "a was disconnected");
  t.same(events.evictions, ["idle"]);
  // Used again, a gets a new connected client.
  const again = await pool.get(a.account);
  t.not(again, ca);
  t.ok(again.connected);
});

t.test("a dropped connection is recovered: the next call succeeds", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const store = new MemoryAccountStore();
  const a = await addUser(sb, store, "a");
  const { pool, built } = makePool(t, sb, store);

  const c1 = await pool.get(a.account);
  await getSelf(c1);
  t.ok(sb.faults.dropConnections() >= 1, "the sandbox dropped the connection");
  const c2 = await pool.get(a.account);
  const [me] = (await getSelf(c2)) as Api.User[];
  t.equal(Number(me!.id), a.user.id, "works after the drop");
  t.ok(c2.connected);
  t.ok(built.length <= 2, "at most one rebuild");
});

/** A TCP relay to the sandbox that can be shut (connections cut, new ones refused). */
async function relay(t: Teardownable, sb: Sandbox) {
  const sockets = new Set<Socket>();
  const server = createServer((inbound) => {
    const outbound = createConnection(sb.port, sb.host);
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on("error", () => {});
      s.on("close", () => {
        sockets.delete(s);
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const shut = () => {
    server.close();
    for (const s of sockets) s.destroy();
  };
  t.teardown(shut);
  return { port, shut };
}

t.test("a client that cannot reconnect is replaced on the next request", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const store = new MemoryAccountStore();
  const a = await addUser(sb, store, "a");
  // The first client reaches the sandbox through a relay that is then shut: it can never reconnect.
  const path = await relay(t, sb);
  const { pool, built, events } = makePool(t, sb, store, {
    createClient: (session) => {
      const first = built.length === 0;
      const c = createTelegramClient({ session, backend: { kind: "sandbox", host: "127.0.0.1", port: first ? path.port : sb.port }, connectionRetries: 1, autoReconnect: !first });
      built.push(c);
      return c;
    },
  });

  const s1 = await pool.get(a.account);
  await getSelf(s1);
  path.shut();
  for (let i = 0; i < 200 && s1.connected; i++) await new Promise((r) => setTimeout(r, 10));
  t.notOk(s1.connected, "the relay cut the connection");
  await t.rejects(pool.get(a.account), /Not connected/, "the request that finds it broken fails cleanly");
  t.same(events.evictions, ["broken"], "the broken session was evicted");
  t.equal(built.length, 1, "no new client yet");

  const s2 = await pool.get(a.account);
  t.equal(built.length, 2, "the next request built a new client");
  t.not(s2, s1, "and a new session");
  t.ok(s2.connected, "connected");
  const [me] = (await getSelf(s2)) as Api.User[];
  t.equal(Number(me!.id), a.user.id, "works");
  t.same(events.evictions, ["broken"], "no further eviction");
});

t.test("a revoked session: structured error, account marked as needing setup, client evicted", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const store = new MemoryAccountStore();
  const a = await addUser(sb, store, "a");
  const { pool, events } = makePool(t, sb, store);

  const c = await pool.get(a.account);
  await getSelf(c);
  sb.revokeSessions(a.user.id);
  const err = await getSelf(c).then(
    () => null,
    (e) => e,
  );
  t.ok(err instanceof AccountNeedsSetupError, "AccountNeedsSetupError");
  t.equal(err.reason, "SESSION_REVOKED");
  t.equal(err.accountId, "a");
  t.match(err.message, /run `tgmcp setup`/, "says how to fix it");
  t.same(err.toJSON(), {
    error: err.message,
    error_type: "AccountNeedsSetup",
    code: "ACCOUNT_NEEDS_SETUP",
    account_id: "a",
    reason: "SESSION_REVOKED",
    fix: "run `tgmcp setup`",
  });
  const stored = await store.getAccount("a");
  t.equal(stored?.needsSetup?.reason, "SESSION_REVOKED", "markNeedsSetup was called");
  await pool.settle();
  t.notOk(pool.has("a"), "the client left the pool");
  t.ok(events.rpc.includes("users.GetUsers:needs_setup"));
  t.ok(events.evictions.includes("revoked"));

  // The account as the store now returns it is refused without touching Telegram.
  sb.resetCounters();
  await t.rejects(pool.get(stored!), { code: "ACCOUNT_NEEDS_SETUP", reason: "SESSION_REVOKED" });
  t.equal(sb.rpcLog.length, 0, "no RPC for an account that needs setup");
});

t.test("an unregistered auth key is handled the same way", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const store = new MemoryAccountStore();
  store.add({ id: "anon", session: await sb.createAnonymousSession() });
  const { pool } = makePool(t, sb, store);
  const c = await pool.get("anon");
  await t.rejects(getSelf(c), { code: "ACCOUNT_NEEDS_SETUP", reason: "AUTH_KEY_UNREGISTERED" });
  t.equal((await store.getAccount("anon"))?.needsSetup?.reason, "AUTH_KEY_UNREGISTERED");
});

t.test("an account without a session gets a structured NO_SESSION error", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const store = new MemoryAccountStore();
  store.add({ id: "empty" });
  const { pool, built } = makePool(t, sb, store);
  const err = await pool.get("empty").catch((e) => e);
  t.ok(err instanceof AccountNeedsSetupError);
  t.equal(err.reason, "NO_SESSION");
  t.match(err.message, /not logged in yet.*tgmcp setup/);
  t.equal(built.length, 0, "no client built");
});

t.test("RPC outcomes and FloodWaits reach the observer", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const store = new MemoryAccountStore();
  const a = await addUser(sb, store, "a");
  const { pool, events } = makePool(t, sb, store);
  const c = await pool.get(a.account);
  await getSelf(c);
  sb.faults.floodWait("users.GetUsers", 42);
  t.match(await getSelf(c).catch((e) => e), { seconds: 42 });
  sb.faults.error("users.GetUsers", 400, "USER_ID_INVALID");
  t.match(await getSelf(c).catch((e) => e), { errorMessage: "USER_ID_INVALID" });
  t.same(events.rpc, ["users.GetUsers:ok", "users.GetUsers:flood_wait", "users.GetUsers:error"]);
  t.same(events.flood, ["users.GetUsers:42"]);
});

t.test("close() disconnects every client and refuses new work", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const store = new MemoryAccountStore();
  const a = await addUser(sb, store, "a");
  const b = await addUser(sb, store, "b");
  const { pool, events } = makePool(t, sb, store);
  const ca = await pool.get(a.account);
  const cb = await pool.get(b.account);
  await pool.close();
  t.notOk(ca.connected);
  t.notOk(cb.connected);
  t.same(events.evictions, ["shutdown", "shutdown"]);
  t.equal(pool.stats().active, 0);
  await t.rejects(pool.get(a.account), /closed/);
});

t.test("a session gramjs changed (e.g. moved to another DC) is saved when the pool shuts down", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const store = new MemoryAccountStore();
  const a = await addUser(sb, store, "a");
  const before = await store.loadSession(a.account.id);
  const { pool, built } = makePool(t, sb, store);
  await getSelf(await pool.get(a.account));
  const c = built[0]!;
  // What a DC migration does to the session: same auth key, another data center address.
  c.session.setDC(2, "10.2.0.1", 443);
  const changed = String((c.session as unknown as { save(): string }).save());
  t.not(changed, before);
  await pool.close();
  t.equal(await store.loadSession(a.account.id), changed, "the new session string is in the store");
  const unchanged = await addUser(sb, store, "b");
  const saves: string[] = [];
  const save = store.saveSession.bind(store);
  store.saveSession = (id: string, session: string) => (saves.push(id), save(id, session));
  const { pool: second } = makePool(t, sb, store);
  await getSelf(await second.get(unchanged.account));
  await second.close();
  t.same(saves, [], "an unchanged session is not rewritten");
});

t.test("a session that cannot be saved is still disconnected (no leaked client)", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const store = new MemoryAccountStore();
  const a = await addUser(sb, store, "a");
  const { pool, built } = makePool(t, sb, store);
  const s = await pool.get(a.account);
  await getSelf(s);
  built[0]!.session.setDC(2, "10.2.0.1", 443); // a change to save
  store.saveSession = async () => {
    throw new Error("disk full");
  };
  t.equal(sb.connectionCount, 1);
  await pool.close();
  t.notOk(s.connected, "the client was destroyed although saving failed");
  t.notOk(built[0]!.connected);
  for (let i = 0; i < 200 && sb.connectionCount > 0; i++) await new Promise((r) => setTimeout(r, 10));
  t.equal(sb.connectionCount, 0, "its connection is closed");
});
