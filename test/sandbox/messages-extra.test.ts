// Scheduled messages, polls, reactions allowed per chat, forwards (header, albums, drop_author)
// and deletions (pts, MESSAGE_DELETE_FORBIDDEN) through real gramjs.
import t from "tap";
import bigInt from "big-integer";
import { Api, type TelegramClient } from "telegram";
import { loginAs, rpcError, startSandbox } from "../helpers/sandbox.js";

async function channelPeer(client: TelegramClient, username: string): Promise<Api.InputPeerChannel> {
  const r = await client.invoke(new Api.contacts.ResolveUsername({ username }));
  const c = r.chats[0] as Api.Channel;
  return new Api.InputPeerChannel({ channelId: c.id, accessHash: c.accessHash! });
}
const page = { offsetId: 0, offsetDate: 0, addOffset: 0, limit: 100, maxId: 0, minId: 0, hash: bigInt(0) };
const now = () => Math.floor(Date.now() / 1000);

t.test("scheduled messages: kept out of history until due, then sent with from_scheduled", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demo = await loginAs(t, sb);
  const alice = await demo.getInputEntity("alice");
  const later = (await demo.invoke(new Api.messages.SendMessage({ peer: alice, message: "Tomorrow's reminder", randomId: bigInt(1), scheduleDate: now() + 86_400 }))) as Api.Updates;
  t.ok(later.updates.some((u) => u instanceof Api.UpdateNewScheduledMessage), "answer: UpdateNewScheduledMessage");
  const scheduled = (await demo.invoke(new Api.messages.GetScheduledHistory({ peer: alice, hash: bigInt(0) }))) as Api.messages.Messages;
  t.same(scheduled.messages.map((m) => (m as Api.Message).message), ["Tomorrow's reminder"]);
  const history = await demo.getMessages(alice, { limit: 5 });
  t.notOk(history.some((m) => m.message === "Tomorrow's reminder"), "not in history");
  t.equal(await rpcError(demo.invoke(new Api.messages.SendMessage({ peer: alice, message: "x", randomId: bigInt(2), scheduleDate: now() + 400 * 86_400 }))), "SCHEDULE_DATE_TOO_LATE");
  t.equal(await rpcError(demo.invoke(new Api.messages.SendMessage({ peer: alice, message: "x", randomId: bigInt(3), scheduleDate: now() - 60 }))), "SCHEDULE_DATE_INVALID");

  await demo.invoke(new Api.messages.SendMessage({ peer: alice, message: "Due in two seconds", randomId: bigInt(4), scheduleDate: now() + 2 }));
  await new Promise((r) => setTimeout(r, 3100));
  const after = await demo.getMessages(alice, { limit: 3 });
  const sent = after.find((m) => m.message === "Due in two seconds");
  t.ok(sent, "sent once due");
  t.ok(sent?.fromScheduled, "from_scheduled");
  const left = (await demo.invoke(new Api.messages.GetScheduledHistory({ peer: alice, hash: bigInt(0) }))) as Api.messages.Messages;
  t.equal(left.messages.length, 1, "only tomorrow's is left");
  await demo.invoke(new Api.messages.DeleteScheduledMessages({ peer: alice, id: [left.messages[0]!.id] }));
  t.equal(((await demo.invoke(new Api.messages.GetScheduledHistory({ peer: alice, hash: bigInt(0) }))) as Api.messages.Messages).messages.length, 0, "deleted");
});

t.test("polls and reactions allowed per chat", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demo = await loginAs(t, sb);
  const forum = await channelPeer(demo, "orbit_community");
  const history = (await demo.invoke(new Api.messages.GetHistory({ peer: forum, ...page }))) as Api.messages.ChannelMessages;
  const pollMsg = (history.messages as Api.Message[]).find((m) => m.media instanceof Api.MessageMediaPoll)!;
  const poll = pollMsg.media as Api.MessageMediaPoll;
  t.equal(poll.poll.question.text, "Which theme should Orbit ship next?");
  t.same(poll.poll.answers.map((a) => a.text.text), ["Solarized", "High contrast", "Sepia"]);
  t.equal(poll.results.totalVoters, 4);
  t.notOk(poll.results.results, "per-answer results stay hidden until one votes");

  const full = await demo.invoke(new Api.channels.GetFullChannel({ channel: new Api.InputChannel({ channelId: forum.channelId, accessHash: forum.accessHash }) }));
  const allowed = (full.fullChat as Api.ChannelFull).availableReactions as Api.ChatReactionsSome;
  t.ok(allowed instanceof Api.ChatReactionsSome);
  t.same(allowed.reactions.map((r) => (r as Api.ReactionEmoji).emoticon), ["👍", "❤", "🔥", "🎉"]);
  const react = (peer: Api.TypeInputPeer, msgId: number, emoticons: string[]) =>
    demo.invoke(new Api.messages.SendReaction({ peer, msgId, reaction: emoticons.map((emoticon) => new Api.ReactionEmoji({ emoticon })) }));
  const target = (history.messages as Api.Message[]).find((m) => m instanceof Api.Message && m.message.startsWith("A fix is in review"))!;
  await react(forum, target.id, ["🔥"]);
  const w = sb.world;
  const conv = w.convs.find((c) => c.title === "Orbit Community")!;
  t.same(w.store.reactions.get(w.findRow(conv, target.id))?.get("🔥"), [w.demoAccountId], "the reaction is in the world");
  t.equal(await rpcError(react(forum, target.id, ["😁"])), "REACTION_INVALID", "a standard emoji this chat does not allow");
  t.equal(await rpcError(react(forum, target.id, ["👍", "🔥"])), "REACTIONS_TOO_MANY", "one reaction without Premium");
  const alice = await demo.getInputEntity("alice");
  const [last] = await demo.getMessages(alice, { limit: 1 });
  await react(alice, last!.id, ["😁"]);
  t.equal(await rpcError(react(alice, last!.id, ["abc"])), "REACTION_INVALID", "not a reaction emoji");
  const fullChat = await demo.invoke(new Api.messages.GetFullChat({ chatId: bigInt(4000000000) }));
  t.ok((fullChat.fullChat as Api.ChatFull).availableReactions instanceof Api.ChatReactionsAll, "basic groups allow all by default");
});

t.test("forwards keep the header and albums; drop_author; deletions report pts", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demo = await loginAs(t, sb);
  const channel = await channelPeer(demo, "orbit_updates");
  const posts = (await demo.invoke(new Api.messages.GetHistory({ peer: channel, ...page }))) as Api.messages.ChannelMessages;
  const album = (posts.messages as Api.Message[]).filter((m) => m.groupedId).map((m) => m.id).sort((a, b) => a - b);
  t.equal(album.length, 2, "a two-photo album in the channel");
  const saved = new Api.InputPeerSelf();
  const r = (await demo.invoke(new Api.messages.ForwardMessages({ fromPeer: channel, toPeer: saved, id: album, randomId: [bigInt(11), bigInt(12)] }))) as Api.Updates;
  const copies = r.updates.filter((u) => u instanceof Api.UpdateNewMessage).map((u) => (u as Api.UpdateNewMessage).message as Api.Message);
  t.equal(copies.length, 2);
  t.ok(copies[0]!.groupedId && copies[0]!.groupedId.eq(copies[1]!.groupedId!), "the album stays together");
  t.notOk(copies[0]!.groupedId!.eq((posts.messages.find((m) => m.id === album[0]) as Api.Message).groupedId!), "under a new grouped_id");
  t.ok(copies.every((m) => m.fwdFrom?.fromId instanceof Api.PeerChannel && m.fwdFrom.channelPost !== undefined), "header: the channel and its post id");
  t.same(copies.map((m) => m.fwdFrom!.channelPost), album);

  const alice = await demo.getInputEntity("alice");
  const again = (await demo.invoke(new Api.messages.ForwardMessages({ fromPeer: saved, toPeer: alice, id: [copies[0]!.id], randomId: [bigInt(13)] }))) as Api.Updates;
  const fwd2 = (again.updates.find((u) => u instanceof Api.UpdateNewMessage) as Api.UpdateNewMessage).message as Api.Message;
  t.equal(fwd2.fwdFrom!.channelPost, album[0], "a forward of a forward keeps the original header");
  const plain = (await demo.invoke(new Api.messages.ForwardMessages({ fromPeer: channel, toPeer: alice, id: [album[0]!], randomId: [bigInt(14)], dropAuthor: true }))) as Api.Updates;
  t.notOk(((plain.updates.find((u) => u instanceof Api.UpdateNewMessage) as Api.UpdateNewMessage).message as Api.Message).fwdFrom, "drop_author: no header");
  t.equal(await rpcError(demo.invoke(new Api.messages.ForwardMessages({ fromPeer: channel, toPeer: alice, id: [9999], randomId: [bigInt(15)] }))), "MESSAGE_ID_INVALID");

  const del = await demo.invoke(new Api.messages.DeleteMessages({ id: [fwd2.id], revoke: true }));
  t.equal(del.ptsCount, 1);
  t.equal(del.pts, sb.world.getUser(sb.world.demoAccountId)!.pts, "the account's pts after the deletion");
  t.equal(sb.world.globalMessageRow(fwd2.id), -1, "gone from the world");
  const phoenix = sb.world.convs.find((c) => c.title === "Project Phoenix")!;
  const others = Array.from(phoenix.rows.subarray(0, phoenix.count)).find((row) => sb.world.store.from[row] !== sb.world.demoAccountId)!;
  t.equal(await rpcError(demo.invoke(new Api.messages.DeleteMessages({ id: [sb.world.store.id[others]!], revoke: true }))), "MESSAGE_DELETE_FORBIDDEN", "another member's message in a basic group");

  const forum = await channelPeer(demo, "orbit_community");
  const forumChannel = new Api.InputChannel({ channelId: forum.channelId, accessHash: forum.accessHash });
  const topicId = [...sb.world.convs.find((c) => c.title === "Orbit Community")!.topics.keys()].find((id) => id > 1)!;
  t.equal(await rpcError(demo.invoke(new Api.channels.DeleteMessages({ channel: forumChannel, id: [topicId] }))), "MESSAGE_DELETE_FORBIDDEN", "a service message, not an admin");
  const ptsBefore = sb.world.convs.find((c) => c.title === "Orbit Community")!.pts;
  const mine = (await demo.invoke(new Api.messages.SendMessage({ peer: forum, message: "oops", randomId: bigInt(16) }))) as Api.Updates;
  const mineId = ((mine.updates.find((u) => u instanceof Api.UpdateNewChannelMessage) as Api.UpdateNewChannelMessage).message as Api.Message).id;
  const cdel = await demo.invoke(new Api.channels.DeleteMessages({ channel: forumChannel, id: [mineId] }));
  t.same([cdel.pts, cdel.ptsCount], [ptsBefore + 2, 1], "the channel's pts: one for the send, one for the deletion");
});
