// AccountSession against the sandbox: the update stream of a session the pool made, the call
// policy of invoke (FloodWait threshold, abort, metrics), persist(), and the peer cache being
// the session's own (filled explicitly, never shared through module state).
import t from "tap";
import bigInt from "big-integer";
import { Api } from "telegram";
import { connectClient, demoUser, loginAs, startSandbox } from "../helpers/sandbox.js";
import { sessionOf } from "../helpers/session.js";
import { until } from "../helpers/until.js";
import { createTelegramClient } from "../../services/telegram/client-factory.js";
import { MemoryAccountStore } from "../../services/accounts/memory-store.js";
import { SessionPool } from "../../services/telegram/session-pool.js";
import { resolvePeer } from "../../services/telegram/entity-resolver.js";
import { EntityIndex } from "../../services/telegram/shapes.js";
import type { SessionUpdate } from "../../services/telegram/account-session.js";

/** The text of a new-message update, whatever form Telegram chose for it. */
function newMessageText(u: SessionUpdate): string | undefined {
  if (u instanceof Api.UpdateNewMessage && u.message instanceof Api.Message) return u.message.message;
  if (u instanceof Api.UpdateShortMessage) return u.message;
  return undefined;
}

t.test("onUpdate: a message sent to the account reaches its connected session; unsubscribe stops it", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const store = new MemoryAccountStore();
  store.add({ id: "demo", session: await sb.createSession(sb.world.demoAccountId) });
  const pool = new SessionPool({
    store,
    createClient: (session) => createTelegramClient({ session, backend: { kind: "sandbox", host: sb.host, port: sb.port }, connectionRetries: 3 }),
    maxActive: 2,
    maxIdleMs: 0,
  });
  t.teardown(() => pool.close());
  const session = await pool.get("demo");

  const first: string[] = [];
  const second: string[] = [];
  const unsubscribe = session.onUpdate((u) => {
    const text = newMessageText(u);
    if (text !== undefined) first.push(text);
  });
  let arrived: (() => void) | undefined;
  session.onUpdate((u) => {
    const text = newMessageText(u);
    if (text === undefined) return;
    second.push(text);
    arrived?.();
  });
  const waitFor = (n: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no update after 5 s (got ${second.length})`)), 5000);
      arrived = () => {
        if (second.length < n) return;
        clearTimeout(timer);
        resolve();
      };
      arrived();
    });

  // Alice writes to the demo account from her own client.
  const alice = sessionOf(await loginAs(t, sb, "alice"));
  const demo = await resolvePeer(alice, "@demo");
  const send = (message: string) => alice.invoke(new Api.messages.SendMessage({ peer: demo.inputPeer, message, randomId: bigInt(Date.now()).multiply(1000).add(Math.floor(Math.random() * 1000)) }));

  await send("hello from alice");
  await waitFor(1);
  t.same(first, ["hello from alice"], "the listener got the pushed message");
  t.same(second, ["hello from alice"]);

  unsubscribe();
  await send("second message");
  await waitFor(2);
  t.same(second, ["hello from alice", "second message"], "the remaining listener still gets updates");
  t.same(first, ["hello from alice"], "the unsubscribed listener does not");
});

t.test("an update listener costs no RPC once a response showed the account: gramjs is told who it is", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demoId = sb.world.demoAccountId;
  const demo = sessionOf(await loginAs(t, sb));
  const alice = sessionOf(await loginAs(t, sb, "alice"));
  const demoPeer = await resolvePeer(alice, "@demo");
  const send = (message: string) => alice.invoke(new Api.messages.SendMessage({ peer: demoPeer.inputPeer, message, randomId: bigInt(Date.now()).multiply(1000).add(Math.floor(Math.random() * 1000)) }));
  const getUsers = () => sb.rpcLog.filter((e) => e.userId === demoId && e.method === "users.GetUsers").length;
  const listen = (s: typeof demo) =>
    new Promise<string>((resolve) => {
      const off = s.onUpdate((u) => {
        const text = newMessageText(u);
        if (text === undefined) return;
        off();
        resolve(text);
      });
    });

  // A response that shows our own user (self): an answer to any call whose users include it.
  const r = await demo.invoke(new Api.contacts.ResolveUsername({ username: "demo" }));
  demo.peers.rememberFrom(r);
  t.ok(demo.peers.self(), "the response showed the account");
  const before = getUsers();
  const got = listen(demo);
  await send("after the account was seen");
  t.equal(await got, "after the account was seen");
  t.equal(getUsers(), before, "gramjs dispatched the update without asking who the account is");

  // Without it (a fresh session that saw no response yet), gramjs asks once: what the above avoids.
  const fresh = sessionOf(await loginAs(t, sb));
  const before2 = getUsers();
  const got2 = listen(fresh);
  await send("to a session that saw nothing");
  t.equal(await got2, "to a session that saw nothing");
  await until("gramjs's getMe", () => getUsers() === before2 + 1);
  t.pass("gramjs's update dispatch asked with users.GetUsers");
});

t.test("invoke: FloodWaits up to the threshold are waited out, longer ones thrown, each attempt counted", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const client = await loginAs(t, sb);
  const rpc: string[] = [];
  const floods: number[] = [];
  const session = sessionOf(client, { floodSleepThreshold: 1, observer: { rpc: (m, o) => rpc.push(`${m}:${o}`), floodWait: (_m, s) => floods.push(s) } });
  const getSelf = (signal?: AbortSignal) => session.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }), signal);

  sb.faults.floodWait("users.GetUsers", 1);
  const [me] = await getSelf();
  t.equal(Number((me as Api.User).id), sb.world.demoAccountId, "answered after the wait");
  t.same(rpc, ["users.GetUsers:flood_wait", "users.GetUsers:ok"]);
  t.same(floods, [1]);

  sb.faults.floodWait("users.GetUsers", 30);
  t.match(await getSelf().catch((e: unknown) => e), { seconds: 30 }, "over the threshold: thrown at once");

  // A cancelled call stops waiting.
  const slow = sessionOf(client, { floodSleepThreshold: 60 });
  sb.faults.floodWait("users.GetUsers", 50);
  const ac = new AbortController();
  const started = Date.now();
  setTimeout(() => ac.abort(), 100);
  await t.rejects(slow.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }), ac.signal), { errorType: "TelegramError", message: /cancelled/ });
  t.ok(Date.now() - started < 5000, "the 50 s wait was abandoned");
});

t.test("persist: only a changed session is saved; a revoked one never", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const loaded = await sb.createSession(sb.world.demoAccountId);
  const client = await connectClient(t, sb, loaded);
  const saves: string[] = [];
  const session = sessionOf(client, { loadedSession: loaded, save: async (s) => void saves.push(s) });
  t.equal(await session.persist(), false, "unchanged: nothing to save");
  client.session.setDC(2, "10.2.0.1", 443);
  t.equal(await session.persist(), true);
  t.equal(saves.length, 1);
  t.equal(await session.persist(), false, "saved once");

  const revoked: string[] = [];
  const other = sessionOf(await loginAs(t, sb, "alice"), { save: async (s) => void saves.push(s), onRevoked: async (r) => void revoked.push(r) });
  sb.revokeSessions(demoUser(sb, "alice"));
  await t.rejects(other.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] })), { code: "ACCOUNT_NEEDS_SETUP", reason: "SESSION_REVOKED", kind: "needs_setup" });
  await t.rejects(other.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] })), { code: "ACCOUNT_NEEDS_SETUP" });
  t.same(revoked, ["SESSION_REVOKED"], "the owner is told once");
  t.ok(other.revoked);
  t.equal(await other.persist(), false, "a revoked session is not saved");
  t.equal(saves.length, 1);
});

t.test("the peer cache is the session's own and filled explicitly", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const client = await loginAs(t, sb);
  const a = sessionOf(client);
  const b = sessionOf(client);
  const alice = String(demoUser(sb, "alice"));
  const r = await a.invoke(new Api.contacts.ResolveUsername({ username: "alice" }));
  EntityIndex.from(r); // rendering a response fills no cache
  t.equal(a.peers.get(alice), undefined, "not remembered as a side effect");
  a.peers.rememberFrom(r);
  t.ok(a.peers.get(alice)?.inputPeer instanceof Api.InputPeerUser, "remembered when asked");
  t.equal(b.peers.get(alice), undefined, "another session on the same client has its own cache");
  sb.resetCounters();
  await resolvePeer(a, "@alice");
  t.equal(sb.rpcLog.length, 0, "a cached username costs no RPC");
  await resolvePeer(b, "@alice");
  t.same(sb.rpcLog.map((e) => e.method), ["contacts.ResolveUsername"], "the other session resolves it itself");
});
