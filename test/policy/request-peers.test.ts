// The peer walker and the unfilterable list, on gramjs's own request classes.
import t from "tap";
import bigInt from "big-integer";
import { Api } from "telegram";
import { requestPeers } from "../../services/policy/request-peers.js";
import { UNFILTERABLE_METHODS, enforcePolicy, isUnfilterable } from "../../services/policy/enforce.js";
import { lookupMethod } from "../../services/mtproto/names.js";

const user = (id: number) => new Api.InputPeerUser({ userId: bigInt(id), accessHash: bigInt(1) });
const group = (id: number) => new Api.InputPeerChat({ chatId: bigInt(id) });
const channel = (id: number) => new Api.InputPeerChannel({ channelId: bigInt(id), accessHash: bigInt(1) });
const summary = (req: Api.AnyRequest, write: boolean) => requestPeers(req, write).map((p) => `${p.path}=${p.markedId}:${p.right}`);

t.test("forward: the source is read, the target written", async (t) => {
  const req = new Api.messages.ForwardMessages({ fromPeer: group(7), id: [1, 2], randomId: [bigInt(1), bigInt(2)], toPeer: channel(9) });
  t.same(summary(req, true), ["fromPeer=-7:read", "toPeer=-1000000000009:write"]);
});

t.test("nested and listed peers, self, bare basic-group ids", async (t) => {
  const send = new Api.messages.SendMessage({
    peer: user(5),
    message: "x",
    randomId: bigInt(1),
    replyTo: new Api.InputReplyToMessage({ replyToMsgId: 3, replyToPeerId: group(8) }),
  });
  t.same(summary(send, true), ["peer=5:write", "replyTo.replyToPeerId=-8:read"], "a reply into another chat only reads it");
  const dialogs = new Api.messages.GetPeerDialogs({ peers: [new Api.InputDialogPeer({ peer: new Api.InputPeerSelf() }), new Api.InputDialogPeer({ peer: channel(4) })] });
  t.same(summary(dialogs, false), ["peers[0].peer=self:read", "peers[1].peer=-1000000000004:read"]);
  const users = new Api.users.GetUsers({ id: [new Api.InputUserSelf(), new Api.InputUser({ userId: bigInt(6), accessHash: bigInt(0) })] });
  t.same(summary(users, false), ["id[0]=self:read", "id[1]=6:read"]);
  t.same(summary(new Api.messages.GetChats({ id: [bigInt(11), bigInt(12)] }), false), ["id[0]=-11:read", "id[1]=-12:read"]);
  t.same(summary(new Api.messages.AddChatUser({ chatId: bigInt(11), userId: new Api.InputUserSelf(), fwdLimit: 0 }), true), ["userId=self:write", "chatId=-11:write"]);
  const fromMessage = new Api.users.GetFullUser({ id: new Api.InputUserFromMessage({ peer: group(3), msgId: 1, userId: bigInt(77) }) });
  t.same(summary(fromMessage, false), ["id=77:read", "id.fromMessage.peer=-3:read"]);
  const offset = new Api.messages.SearchGlobal({ q: "x", filter: new Api.InputMessagesFilterEmpty(), minDate: 0, maxDate: 0, offsetRate: 0, offsetPeer: user(9), offsetId: 0, limit: 1 });
  t.same(summary(offset, false), [], "a pagination offset touches no chat");
});

t.test("every unfilterable method is a real method of the layer", async (t) => {
  for (const name of UNFILTERABLE_METHODS) t.ok(lookupMethod(name).ok, name);
  t.ok(isUnfilterable(new Api.messages.GetDialogs({ offsetPeer: new Api.InputPeerEmpty(), limit: 1, offsetDate: 0, offsetId: 0, hash: bigInt(0) })));
  const search = (peer: Api.TypeInputPeer) => new Api.messages.Search({ peer, q: "x", filter: new Api.InputMessagesFilterEmpty(), minDate: 0, maxDate: 0, offsetId: 0, addOffset: 0, limit: 1, maxId: 0, minId: 0, hash: bigInt(0) });
  t.ok(isUnfilterable(search(new Api.InputPeerEmpty())), "messages.search without a chat");
  t.notOk(isUnfilterable(search(group(1))), "messages.search in a chat");
});

t.test("enforcePolicy: unknown methods need write; the account's own id is always allowed", async (t) => {
  const ctx = { selfId: "42", title: () => undefined };
  const deny = { default: "deny" as const, chats: { "-7": { read: true, write: false } } };
  t.doesNotThrow(() => enforcePolicy(new Api.messages.GetHistory({ peer: group(7), offsetId: 0, offsetDate: 0, addOffset: 0, limit: 1, maxId: 0, minId: 0, hash: bigInt(0) }), deny, ctx));
  try {
    enforcePolicy(new Api.messages.ReadHistory({ peer: group(7), maxId: 1 }), deny, ctx);
    t.fail("a write to a read-only chat must throw");
  } catch (err) {
    t.match(err, { errorType: "Forbidden", kind: "forbidden", chat: { id: "-7", right: "write" } });
  }
  t.doesNotThrow(() => enforcePolicy(new Api.messages.SendMessage({ peer: user(42), message: "x", randomId: bigInt(1) }), deny, ctx), "Saved Messages by id");
  t.throws(() => enforcePolicy(new Api.messages.GetDialogs({ offsetPeer: new Api.InputPeerEmpty(), limit: 1, offsetDate: 0, offsetId: 0, hash: bigInt(0) }), deny, ctx), { code: "CHAT_FORBIDDEN" });
  t.doesNotThrow(() => enforcePolicy(new Api.messages.GetDialogs({ offsetPeer: new Api.InputPeerEmpty(), limit: 1, offsetDate: 0, offsetId: 0, hash: bigInt(0) }), deny, ctx, { filtersResults: true }));
});

t.test("the README lists every refused raw method", async (t) => {
  const { readFileSync } = await import("node:fs");
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("### Per-chat rights"), readme.indexOf("\n### ", readme.indexOf("### Per-chat rights") + 5));
  for (const name of UNFILTERABLE_METHODS) t.ok(section.includes(`\`${name}\``), name);
});
