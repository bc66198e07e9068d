// The peer cache's map (services/telegram/peer-map.ts): a peer seen again unchanged keeps the copy
// held (no churn for the garbage collector), any change tgmcp reads replaces it, a held copy is
// refreshed after 30 s whatever changed, and a peer in use is never the one evicted. Real
// responses from the sandbox, decoded by gramjs, for the first part.
import t from "tap";
import bigInt from "big-integer";
import { Api } from "telegram";
import { loginAs, startSandbox } from "../helpers/sandbox.js";
import { sessionOf } from "../helpers/session.js";
import { resolvePeer, type ResolvedPeer } from "../../services/telegram/entity-resolver.js";
import { PeerMap } from "../../services/telegram/peer-map.js";

t.test("responses from the sandbox: the same channel keeps its copy, a new title replaces it", async (t) => {
  const sb = await startSandbox(t);
  const session = sessionOf(await loginAs(t, sb));
  const conv = sb.world.convs.find((c) => c.kind === "channel" && c.username && c.members.has(sb.world.demoAccountId))!;
  const peer = await resolvePeer(session, "@" + conv.username);
  const fetch = async () => session.peers.rememberFrom(await session.invoke(new Api.channels.GetChannels({ id: [peer.inputPeer as Api.InputPeerChannel] })));

  await fetch();
  const held = session.peers.get(peer.markedId)!;
  t.ok(held.entity instanceof Api.Channel, "the entity is held");
  await fetch();
  t.equal(session.peers.get(peer.markedId), held, "a second, equal copy from a new response: the held one stays");

  conv.title = "Renamed for the test";
  await fetch();
  const now = session.peers.get(peer.markedId)!;
  t.not(now, held, "a changed title replaces the copy");
  t.equal((now.entity as Api.Channel).title, "Renamed for the test");
});

const user = (over: Partial<Api.User> = {}) =>
  new Api.User({ id: bigInt(42), accessHash: bigInt(7), firstName: "Ada", lastName: "L", username: "ada", contact: true, ...over } as ConstructorParameters<typeof Api.User>[0]);
const peerOf = (u: Api.User): ResolvedPeer => ({ kind: "user", markedId: u.id.toString(), inputPeer: new Api.InputPeerUser({ userId: u.id, accessHash: u.accessHash! }), entity: u });

t.test("what counts as the same peer", async (t) => {
  const m = new PeerMap(10);
  const first = peerOf(user());
  m.set("42", first);
  m.set("42", peerOf(user()));
  t.equal(m.get("42"), first, "equal copy: kept");
  m.set("42", { ...first, entity: undefined });
  t.equal(m.get("42"), first, "a resolution without the entity does not drop the one held");

  const changes: Array<[string, Partial<Api.User>]> = [
    ["first name", { firstName: "Ava" }],
    ["username", { username: "ada2" }],
    ["contact flag", { contact: false }],
    ["deleted flag", { deleted: true }],
    ["access hash", { accessHash: bigInt(8) }],
    ["usernames", { usernames: [new Api.Username({ username: "ada", active: true })] }],
  ];
  for (const [what, over] of changes) {
    const held = m.get("42")!;
    const next = peerOf(user(over));
    m.set("42", next);
    t.equal(m.get("42"), next, `${what} changed: replaced`);
    m.set("42", held); // back to the original for the next case
  }

  const other = peerOf(user({ id: bigInt(43) }));
  m.set("u:ada", first);
  m.set("u:ada", other);
  t.equal(m.get("u:ada"), other, "a username that moved to another account: replaced");

  const withoutEntity: ResolvedPeer = { kind: "user", markedId: "44", inputPeer: new Api.InputPeerUser({ userId: bigInt(44), accessHash: bigInt(1) }) };
  m.set("44", withoutEntity);
  const withEntity = peerOf(user({ id: bigInt(44), accessHash: bigInt(1) }));
  m.set("44", withEntity);
  t.equal(m.get("44"), withEntity, "an entity where none was held: stored");
});

t.test("a held copy is refreshed after 30 s even when nothing read has changed", async (t) => {
  const realNow = Date.now;
  t.teardown(() => {
    Date.now = realNow;
  });
  let now = realNow();
  Date.now = () => now;
  const m = new PeerMap(10);
  const first = peerOf(user());
  m.set("42", first);
  now += 29_000;
  m.set("42", peerOf(user()));
  t.equal(m.get("42"), first, "29 s later: kept");
  now += 2_000;
  const later = peerOf(user({ status: new Api.UserStatusRecently({}) }));
  m.set("42", later);
  t.equal(m.get("42"), later, "31 s after it was stored: the newer copy");
});

t.test("least recently used out first; a peer in use stays", async (t) => {
  const m = new PeerMap(4);
  const p = (id: number) => peerOf(user({ id: bigInt(id) }));
  for (const id of [1, 2, 3, 4]) m.set(String(id), p(id));
  m.set("1", p(1)); // used again, and in the older half: moved to the newest end
  m.set("5", p(5));
  t.ok(m.get("1"), "the peer used again stays");
  t.notOk(m.get("2"), "the least recently used one is evicted");
  t.equal(m.size, 4);
  for (const id of [6, 7]) {
    m.set("1", p(1));
    m.set(String(id), p(id));
  }
  t.ok(m.get("1"), "a peer used between every insert is never evicted");
  t.equal(m.size, 4);
  m.clear();
  t.equal(m.size, 0);
});
