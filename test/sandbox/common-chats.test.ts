// messages.getCommonChats through real gramjs: the groups two users are both in (basic groups and
// supergroups, not broadcast channels), newest id first, paged by max_id, at most 100 per call,
// and Telegram's documented errors (USER_ID_INVALID, MSG_ID_INVALID).
import t from "tap";
import bigInt from "big-integer";
import { Api } from "telegram";
import { demoUser, loginAs, rpcError, startSandbox } from "../helpers/sandbox.js";

const ids = (r: Api.messages.TypeChats) => r.chats.map((c) => Number(c.id));

t.test("groups in common with a user, newest id first, paged by max_id", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demo = await loginAs(t, sb);
  const alice = await demo.getInputEntity("alice");
  const all = await demo.invoke(new Api.messages.GetCommonChats({ userId: alice, maxId: bigInt(0), limit: 100 }));
  t.ok(all instanceof Api.messages.Chats);
  // From the demo world's table (sandbox/README.md): Project Phoenix (basic group), Launch Planning
  // and Northwind Team (supergroups); Northwind News, a channel both read, is not a group in common.
  t.same(
    all.chats.map((c) => (c as Api.Chat | Api.Channel).title),
    ["Project Phoenix", "Launch Planning", "Northwind Team"],
  );
  t.ok(all.chats[0] instanceof Api.Chat && all.chats[1] instanceof Api.Channel && (all.chats[1] as Api.Channel).megagroup);
  const full = await demo.invoke(new Api.users.GetFullUser({ id: alice }));
  t.equal(full.fullUser.commonChatsCount, all.chats.length, "users.getFullUser counts the same groups");

  const first = await demo.invoke(new Api.messages.GetCommonChats({ userId: alice, maxId: bigInt(0), limit: 1 }));
  t.same(ids(first), ids(all).slice(0, 1), "limit");
  const next = await demo.invoke(new Api.messages.GetCommonChats({ userId: alice, maxId: first.chats[0]!.id, limit: 100 }));
  t.same(ids(next), ids(all).slice(1), "max_id: the chats below it (the last id of a page asks for the next)");
  const none = await demo.invoke(new Api.messages.GetCommonChats({ userId: alice, maxId: bigInt(ids(all).at(-1)!), limit: 100 }));
  t.same(ids(none), [], "below the last one: nothing");

  const aliceSide = await loginAs(t, sb, "alice");
  const { users } = await aliceSide.invoke(new Api.contacts.ResolveUsername({ username: "demo" }));
  const demoUserObj = users[0] as Api.User;
  const demoInput = new Api.InputUser({ userId: demoUserObj.id, accessHash: demoUserObj.accessHash! });
  const back = await aliceSide.invoke(new Api.messages.GetCommonChats({ userId: demoInput, maxId: bigInt(0), limit: 100 }));
  t.same(ids(back), ids(all), "the same groups seen from the other side");

  const partner = await demo.getInputEntity("partner");
  const onlyChannel = await demo.invoke(new Api.messages.GetCommonChats({ userId: partner, maxId: bigInt(0), limit: 100 }));
  t.same(ids(onlyChannel), [], "@partner shares only a broadcast channel with @demo: no group in common");
});

t.test("at most 100 per call", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demoId = sb.world.demoAccountId;
  const bobId = demoUser(sb, "bobsmith");
  for (let i = 0; i < 120; i++) sb.world.createChat({ title: `Shared ${i}`, creatorId: demoId, members: [demoId, bobId], date: 1_700_000_000 });
  const demo = await loginAs(t, sb);
  const bob = await demo.getInputEntity("bobsmith");
  const page = await demo.invoke(new Api.messages.GetCommonChats({ userId: bob, maxId: bigInt(0), limit: 1000 }));
  t.equal(page.chats.length, 100, "a limit above 100 gets 100");
  const rest = await demo.invoke(new Api.messages.GetCommonChats({ userId: bob, maxId: page.chats.at(-1)!.id, limit: 100 }));
  const total = (await demo.invoke(new Api.users.GetFullUser({ id: bob }))).fullUser.commonChatsCount;
  t.equal(page.chats.length + rest.chats.length, total, "the second page has the rest");
  const sorted = [...ids(page), ...ids(rest)];
  t.same(sorted, [...sorted].sort((a, b) => b - a), "newest id first across pages");
  t.equal(new Set(sorted).size, sorted.length, "no chat twice");
});

t.test("Telegram's errors: USER_ID_INVALID (self, unknown user, wrong access hash), MSG_ID_INVALID", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demo = await loginAs(t, sb);
  const call = (userId: Api.TypeInputUser, maxId = 0) => demo.invoke(new Api.messages.GetCommonChats({ userId, maxId: bigInt(maxId), limit: 10 }));
  t.equal(await rpcError(call(new Api.InputUserSelf())), "USER_ID_INVALID", "oneself");
  t.equal(await rpcError(call(new Api.InputUser({ userId: bigInt(sb.world.demoAccountId), accessHash: bigInt(0) }))), "USER_ID_INVALID", "oneself by id");
  t.equal(await rpcError(call(new Api.InputUser({ userId: bigInt(987654321), accessHash: bigInt(1) }))), "USER_ID_INVALID", "an unknown user");
  t.equal(await rpcError(call(new Api.InputUser({ userId: bigInt(demoUser(sb, "alice")), accessHash: bigInt(1) }))), "USER_ID_INVALID", "a wrong access hash");
  const alice = (await demo.getInputEntity("alice")) as Api.InputPeerUser;
  t.equal(await rpcError(call(new Api.InputUser({ userId: alice.userId, accessHash: alice.accessHash }), -1)), "MSG_ID_INVALID", "a negative max_id");
});
