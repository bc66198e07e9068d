// Threads through real gramjs: forum topics (channels.getForumTopics/ByID, posting into a topic,
// messages.getReplies and messages.search with top_msg_id, readDiscussion) and channel comments
// (linked_chat_id, replies counters, messages.getDiscussionMessage, getReplies).
import t from "tap";
import bigInt from "big-integer";
import { Api, type TelegramClient } from "telegram";
import { loginAs, rpcError, startSandbox } from "../helpers/sandbox.js";

async function channelPeer(client: TelegramClient, username: string): Promise<Api.InputPeerChannel> {
  const r = await client.invoke(new Api.contacts.ResolveUsername({ username }));
  const c = r.chats[0] as Api.Channel;
  return new Api.InputPeerChannel({ channelId: c.id, accessHash: c.accessHash! });
}
const asChannel = (p: Api.InputPeerChannel) => new Api.InputChannel({ channelId: p.channelId, accessHash: p.accessHash });
const page = { offsetId: 0, offsetDate: 0, addOffset: 0, limit: 100, maxId: 0, minId: 0, hash: bigInt(0) };

t.test("forum topics: list, by id, post, thread history, search, per-topic read", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demo = await loginAs(t, sb);
  const w = sb.world;
  const forumConv = w.convs.find((c) => c.title === "Orbit Community")!;
  const forum = await channelPeer(demo, "orbit_community");
  const ch = (await demo.invoke(new Api.channels.GetChannels({ id: [asChannel(forum)] }))).chats[0] as Api.Channel;
  t.ok(ch.forum, "the channel says forum");

  const topics = await demo.invoke(new Api.channels.GetForumTopics({ channel: asChannel(forum), offsetDate: 0, offsetId: 0, offsetTopic: 0, limit: 100 }));
  t.equal(topics.count, 4);
  const byTitle = new Map(topics.topics.map((x) => [(x as Api.ForumTopic).title, x as Api.ForumTopic]));
  t.same([...byTitle.keys()].sort(), ["Bugs", "General", "Ideas", "Releases"]);
  t.equal(byTitle.get("Bugs")!.unreadCount, 4, "unread per topic");
  t.equal(byTitle.get("Bugs")!.unreadMentionsCount, 1);
  t.equal(byTitle.get("Ideas")!.unreadCount, 2);
  t.equal(byTitle.get("Releases")!.unreadCount, 0);
  t.ok(byTitle.get("Releases")!.closed, "Releases is closed");
  const dates = topics.topics.map((x) => (topics.messages.find((m) => m.id === (x as Api.ForumTopic).topMessage) as Api.Message).date);
  t.same(dates, [...dates].sort((a, b) => b - a), "most recently active first");
  const bugs = byTitle.get("Bugs")!.id;
  const ideas = byTitle.get("Ideas")!.id;

  const two = await demo.invoke(new Api.channels.GetForumTopics({ channel: asChannel(forum), offsetDate: 0, offsetId: 0, offsetTopic: 0, limit: 2 }));
  const last = two.topics[1] as Api.ForumTopic;
  const lastMsg = two.messages.find((m) => m.id === last.topMessage) as Api.Message;
  const rest = await demo.invoke(new Api.channels.GetForumTopics({ channel: asChannel(forum), offsetDate: lastMsg.date, offsetId: lastMsg.id, offsetTopic: last.id, limit: 100 }));
  t.same([...two.topics, ...rest.topics].map((x) => x.id), topics.topics.map((x) => x.id), "paging by offset_topic");

  const byId = await demo.invoke(new Api.channels.GetForumTopicsByID({ channel: asChannel(forum), topics: [ideas, 999] }));
  t.ok(byId.topics[0] instanceof Api.ForumTopic && byId.topics[1] instanceof Api.ForumTopicDeleted, "unknown ids: forumTopicDeleted");
  const team = await demo.getDialogs({ limit: 100 }).then((d) => d.find((x) => x.title === "Northwind Team")!.inputEntity as Api.InputPeerChannel);
  t.equal(await rpcError(demo.invoke(new Api.channels.GetForumTopics({ channel: asChannel(team), offsetDate: 0, offsetId: 0, offsetTopic: 0, limit: 10 }))), "CHANNEL_FORUM_MISSING");

  const replies = (await demo.invoke(new Api.messages.GetReplies({ peer: forum, msgId: bugs, ...page }))) as Api.messages.ChannelMessages;
  t.equal(replies.count, 6);
  t.equal(replies.messages.length, w.threadRows(forumConv, bugs).length);
  for (const m of replies.messages as Api.Message[]) {
    t.ok(m.replyTo instanceof Api.MessageReplyHeader && m.replyTo.forumTopic, "forum_topic on each");
    const h = m.replyTo as Api.MessageReplyHeader;
    t.equal(h.replyToTopId ?? h.replyToMsgId, bugs, "in the Bugs topic");
  }
  const found = (await demo.invoke(new Api.messages.Search({ peer: forum, q: "sync", topMsgId: bugs, filter: new Api.InputMessagesFilterEmpty(), minDate: 0, maxDate: 0, ...page }))) as Api.messages.ChannelMessages;
  t.ok(found.messages.length >= 1 && found.messages.every((m) => /sync/i.test((m as Api.Message).message)), "search inside a topic");

  const sent = (await demo.invoke(
    new Api.messages.SendMessage({ peer: forum, message: "A dark mode toggle on the lock screen?", randomId: bigInt(501), replyTo: new Api.InputReplyToMessage({ replyToMsgId: ideas, topMsgId: ideas }) }),
  )) as Api.Updates;
  const newMsg = (sent.updates.find((u) => u instanceof Api.UpdateNewChannelMessage) as Api.UpdateNewChannelMessage).message as Api.Message;
  t.equal((newMsg.replyTo as Api.MessageReplyHeader).replyToMsgId, ideas);
  const ideasNow = (await demo.invoke(new Api.messages.GetReplies({ peer: forum, msgId: ideas, ...page }))) as Api.messages.ChannelMessages;
  t.equal(ideasNow.messages[0]!.id, newMsg.id, "posted into the topic");
  const releases = byTitle.get("Releases")!.id;
  t.equal(await rpcError(demo.invoke(new Api.messages.SendMessage({ peer: forum, message: "hi", randomId: bigInt(502), replyTo: new Api.InputReplyToMessage({ replyToMsgId: releases, topMsgId: releases }) }))), "TOPIC_CLOSED");
  t.equal(await rpcError(demo.invoke(new Api.messages.SendMessage({ peer: forum, message: "hi", randomId: bigInt(503), replyTo: new Api.InputReplyToMessage({ replyToMsgId: 1, topMsgId: 999 }) }))), "TOPIC_ID_INVALID");

  const dialogBefore = (await demo.invoke(new Api.messages.GetPeerDialogs({ peers: [new Api.InputDialogPeer({ peer: forum })] }))).dialogs[0] as Api.Dialog;
  t.equal(await demo.invoke(new Api.messages.ReadDiscussion({ peer: forum, msgId: bugs, readMaxId: replies.messages[0]!.id })), true);
  const after = await demo.invoke(new Api.channels.GetForumTopicsByID({ channel: asChannel(forum), topics: [bugs] }));
  t.equal((after.topics[0] as Api.ForumTopic).unreadCount, 0, "topic read");
  const dialogAfter = (await demo.invoke(new Api.messages.GetPeerDialogs({ peers: [new Api.InputDialogPeer({ peer: forum })] }))).dialogs[0] as Api.Dialog;
  t.equal(dialogAfter.unreadCount, dialogBefore.unreadCount - 4, "the chat's unread count drops by the topic's");
});

t.test("channel comments: linked group, replies counters, discussion message, replies", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demo = await loginAs(t, sb);
  const channel = await channelPeer(demo, "orbit_updates");
  const full = await demo.invoke(new Api.channels.GetFullChannel({ channel: asChannel(channel) }));
  const linkedId = (full.fullChat as Api.ChannelFull).linkedChatId!;
  const group = full.chats.find((c) => c.id.eq(linkedId)) as Api.Channel;
  t.equal(group.title, "Orbit Updates Chat", "linked_chat_id names the discussion group");

  const posts = (await demo.invoke(new Api.messages.GetHistory({ peer: channel, ...page }))) as Api.messages.ChannelMessages;
  const counts = (posts.messages as Api.Message[]).map((m) => m.replies?.replies);
  t.same(counts, [5, 0, 0, 0, 2, 3], "comments per post, newest first");
  t.ok((posts.messages as Api.Message[]).every((m) => m.replies!.comments && m.replies!.channelId!.eq(linkedId)));
  const ask = posts.messages[0] as Api.Message;

  const disc = await demo.invoke(new Api.messages.GetDiscussionMessage({ peer: channel, msgId: ask.id }));
  const top = disc.messages[0] as Api.Message;
  t.ok(top.fwdFrom?.savedFromPeer instanceof Api.PeerChannel && top.fwdFrom.savedFromMsgId === ask.id, "the group's copy of the post");
  t.equal(top.message, ask.message);
  t.equal(disc.unreadCount, 2, "two unread comments for @demo");
  const groupPeer = new Api.InputPeerChannel({ channelId: group.id, accessHash: group.accessHash! });
  const comments = (await demo.invoke(new Api.messages.GetReplies({ peer: channel, msgId: ask.id, ...page }))) as Api.messages.ChannelMessages;
  t.equal(comments.messages.length, 5);
  t.ok((comments.messages as Api.Message[]).every((m) => m.peerId instanceof Api.PeerChannel && m.peerId.channelId.eq(group.id)), "comments live in the group");
  const same = (await demo.invoke(new Api.messages.GetReplies({ peer: groupPeer, msgId: top.id, ...page }))) as Api.messages.ChannelMessages;
  t.same(same.messages.map((m) => m.id), comments.messages.map((m) => m.id), "the same thread asked on the group");

  await demo.invoke(new Api.messages.SendMessage({ peer: groupPeer, message: "Looking forward to 2.1", randomId: bigInt(601), replyTo: new Api.InputReplyToMessage({ replyToMsgId: top.id }) }));
  const again = (await demo.invoke(new Api.messages.GetHistory({ peer: channel, ...page, limit: 1 }))) as Api.messages.ChannelMessages;
  t.equal((again.messages[0] as Api.Message).replies!.replies, 6, "the counter follows a new comment");
  await demo.invoke(new Api.messages.ReadDiscussion({ peer: channel, msgId: ask.id, readMaxId: 0 }));
  t.equal((await demo.invoke(new Api.messages.GetDiscussionMessage({ peer: channel, msgId: ask.id }))).unreadCount, 0, "readDiscussion on the post");

  t.equal(await rpcError(demo.invoke(new Api.messages.GetDiscussionMessage({ peer: channel, msgId: 9999 }))), "MSG_ID_INVALID");
  const news = await channelPeer(demo, "northwind_news");
  t.equal(await rpcError(demo.invoke(new Api.messages.GetReplies({ peer: news, msgId: 1, ...page }))), "MSG_ID_INVALID", "a channel without comments");
});
