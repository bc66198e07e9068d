// The layer translation (sandbox/tl) on the demo world's real answers: each answer gramjs gets
// (layer 198) for the methods mtcute's login and reads use is re-written in layer 227 and back,
// byte for byte; fields 227 adds carry their defaults, a field whose type changed is dropped,
// and a 227 request is read in 198 with the fields 198 lacks left out.
import t from "tap";
import bigInt from "big-integer";
import { Api } from "telegram";
import { tlBytes } from "../../sandbox/mtproto/bytes.js";
import { readInLayer, requestFromLayer, translateAnswer, updatesToLayer, writeInLayer } from "../../sandbox/tl/layers.js";
import type { TlObject, TlValue } from "../../sandbox/tl/codec.js";
import { loginAs, startSandbox } from "../helpers/sandbox.js";

const obj = (v: TlValue | undefined) => v as TlObject;
const list = (v: TlValue | undefined) => v as TlValue[];

t.test("the demo world's answers, in layer 227 and back to 198, byte for byte", async (t) => {
  const sb = await startSandbox(t, { rsa: false, flood: false });
  const g = await loginAs(t, sb);
  const alice = (await g.invoke(new Api.contacts.ResolveUsername({ username: "alice" }))).users[0] as Api.User;
  const alicePeer = new Api.InputPeerUser({ userId: alice.id, accessHash: alice.accessHash! });
  const calls: Array<[string, Api.AnyRequest]> = [
    ["help.getConfig", new Api.help.GetConfig()],
    ["users.getUsers", new Api.users.GetUsers({ id: [new Api.InputUserSelf()] })],
    ["users.getFullUser", new Api.users.GetFullUser({ id: new Api.InputUserSelf() })],
    ["updates.getState", new Api.updates.GetState()],
    ["account.getPassword", new Api.account.GetPassword()],
    ["contacts.resolveUsername", new Api.contacts.ResolveUsername({ username: "alice" })],
    ["messages.getDialogs", new Api.messages.GetDialogs({ offsetPeer: new Api.InputPeerEmpty(), limit: 50 })],
    ["messages.getPeerDialogs", new Api.messages.GetPeerDialogs({ peers: [new Api.InputDialogPeer({ peer: alicePeer })] })],
    ["messages.getHistory", new Api.messages.GetHistory({ peer: alicePeer, limit: 50 })],
    ["messages.search", new Api.messages.Search({ peer: alicePeer, q: "budget", filter: new Api.InputMessagesFilterEmpty(), limit: 20 })],
    ["messages.searchGlobal", new Api.messages.SearchGlobal({ q: "budget", filter: new Api.InputMessagesFilterEmpty(), offsetPeer: new Api.InputPeerEmpty(), limit: 20 })],
  ];
  const in227 = new Map<string, TlObject>();
  for (const [method, req] of calls) {
    const native = tlBytes(await g.invoke(req as never));
    const moved = translateAnswer(method, 198, 227, native);
    t.ok(translateAnswer(method, 227, 198, moved).equals(native), `${method}: 198 -> 227 -> 198 is the same bytes`);
    const a = readInLayer(198, native, method);
    const b = readInLayer(227, moved, method);
    if (!Array.isArray(a)) {
      t.equal(obj(b)._, obj(a)._, `${method}: the same constructor (${obj(a)._})`);
      in227.set(method, obj(b));
    }
  }

  // Fields layer 227 adds get their defaults.
  const dialogs = in227.get("messages.getDialogs")!;
  t.ok(list(dialogs.dialogs).length > 10);
  t.ok(
    list(dialogs.dialogs).every((d) => obj(d).unread_poll_votes_count === 0),
    "dialog.unread_poll_votes_count (required in 227, not in 198): 0",
  );
  const history = in227.get("messages.getHistory")!;
  t.same(history.topics, [], "messages.messages.topics (required in 227): empty");
  t.ok(
    list(history.messages).every((m) => obj(m).paid_message_stars === undefined),
    "message.paid_message_stars (flags2.6 in 227): unset",
  );
  t.equal(obj(list(in227.get("contacts.resolveUsername")!.users)[0]).first_name?.toString(), "Alice");
});

t.test("a field whose type changed between layers is dropped; an answer's constructor 227 lacks is left out of its vector", async (t) => {
  // user.stories_max_id is an int in 198 and a RecentStory in 227.
  const u = new Api.User({ id: bigInt(5), accessHash: bigInt(7), firstName: "Ann", storiesMaxId: 3, contact: true });
  const moved = readInLayer(227, translateAnswer("users.getUsers", 198, 227, tlBytes([u])), "users.getUsers") as TlObject[];
  t.equal(moved[0]!._, "user");
  t.equal(moved[0]!.stories_max_id, undefined, "dropped, not garbled");
  t.equal(moved[0]!.contact, true, "the other flags kept");
  t.equal(moved[0]!.first_name?.toString(), "Ann");

  // updateBroadcastRevenueTransactions is gone in 227: left out of the vector, the rest kept.
  const updates = new Api.Updates({
    updates: [
      new Api.UpdateBroadcastRevenueTransactions({ peer: new Api.PeerUser({ userId: bigInt(5) }), balances: new Api.BroadcastRevenueBalances({ currentBalance: bigInt(0), availableBalance: bigInt(0), overallRevenue: bigInt(0) }) }),
      new Api.UpdateConfig(),
    ],
    users: [],
    chats: [],
    date: 1,
    seq: 0,
  });
  const pushed = readInLayer(227, updatesToLayer(227, updates.getBytes())) as TlObject;
  t.same(
    list(pushed.updates).map((x) => obj(x)._),
    ["updateConfig"],
  );
});

t.test("a layer-227 request is read in 198: the fields 198 lacks are left out", async (t) => {
  const body = writeInLayer(227, {
    _: "messages.sendMessage",
    peer: { _: "inputPeerSelf" },
    message: Buffer.from("hi"),
    random_id: 42n,
    allow_paid_stars: 10n, // layer 227 only
    silent: true,
  });
  const tr = requestFromLayer(227, body);
  if ("error" in tr) throw new Error(tr.error);
  const read = readInLayer(198, tr.body) as TlObject;
  t.equal(read._, "messages.sendMessage");
  t.equal(read.allow_paid_stars, undefined);
  t.equal(read.silent, true);
  t.equal(read.message?.toString(), "hi");
  t.equal(read.random_id, 42n);
  t.equal(tr.call.client.name, "messages.sendMessage");

  const only227 = writeInLayer(227, { _: "messages.getSavedDialogsByID", ids: [] });
  const refused = requestFromLayer(227, only227);
  t.match(refused, { error: /^INPUT_METHOD_INVALID_\d+_0$/ }, "a method 198 lacks: the method's error");
  const truncated = requestFromLayer(227, body.subarray(0, body.length - 6));
  t.same(truncated, { error: "INPUT_FETCH_ERROR" });
});
