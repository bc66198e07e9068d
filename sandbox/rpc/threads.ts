// Threads: forum topics of supergroups (channels.getForumTopics / getForumTopicsByID) and
// comment threads of channel posts in their discussion group (messages.getDiscussionMessage,
// getReplies, readDiscussion). A thread is named by its top message id: the topic id in a forum,
// the discussion group's copy of the post for comments (or the post id, asked on the channel).
import { Api } from "telegram";
import { apiDraft, apiMessage, apiNotifySettings, Refs } from "../world/to-api.js";
import type { SConv, STopic, World } from "../world/world.js";
import { big, cap, checkRead, messagesResult, pageDesc, resolveChannel, resolvePeer } from "./common.js";
import { RpcError, type HandlerMap, type RpcContext } from "./types.js";

function requireForum(conv: SConv): void {
  if (!conv.forum) throw new RpcError(400, "CHANNEL_FORUM_MISSING");
}

/** Last message of a topic (the topic's creation message when it has no other). */
function topicTopRow(world: World, conv: SConv, t: STopic): number {
  const rows = world.threadRows(conv, t.id);
  if (rows.length) return rows[rows.length - 1]!;
  return world.findRow(conv, t.id);
}

function apiTopic(world: World, viewer: number, conv: SConv, t: STopic, topRow: number): Api.ForumTopic {
  const user = world.getUser(viewer)!;
  return new Api.ForumTopic({
    id: t.id,
    date: t.date,
    title: t.title,
    iconColor: t.iconColor,
    my: t.creatorId === viewer || undefined,
    closed: t.closed || undefined,
    pinned: t.pinned || undefined,
    topMessage: topRow >= 0 ? world.store.id[topRow]! : 0,
    readInboxMaxId: world.threadReadMaxId(conv, viewer, t.id),
    readOutboxMaxId: 0,
    unreadCount: world.threadUnread(conv, viewer, t.id),
    unreadMentionsCount: world.unreadMentionIds(conv, viewer, t.id).length,
    unreadReactionsCount: 0,
    fromId: new Api.PeerUser({ userId: big(t.creatorId) }),
    notifySettings: apiNotifySettings(user.notify.get(`${conv.idx}:${t.id}`)),
    draft: apiDraft(user.drafts.get(`${conv.idx}:${t.id}`)),
  });
}

function topicsResult(ctx: RpcContext, viewer: number, conv: SConv, topics: Array<STopic | number>, count: number): Api.messages.ForumTopics {
  const world = ctx.world;
  const refs = new Refs(world, viewer);
  refs.addConv(conv);
  const messages: Api.TypeMessage[] = [];
  const out = topics.map((t) => {
    if (typeof t === "number") return new Api.ForumTopicDeleted({ id: t });
    const row = topicTopRow(world, conv, t);
    if (row >= 0) {
      refs.addRow(row);
      messages.push(apiMessage(world, viewer, row));
    }
    refs.users.add(t.creatorId);
    return apiTopic(world, viewer, conv, t, row);
  });
  return new Api.messages.ForumTopics({ count, topics: out, messages, chats: refs.apiChats(), users: refs.apiUsers(ctx.now()), pts: conv.pts });
}

/**
 * The thread a (peer, msg_id) names: on a broadcast channel, the comment thread of that post in
 * the discussion group; in a forum, a topic; in a discussion group, the thread of that message.
 */
function resolveThread(world: World, viewer: number, peer: unknown, msgId: number): { conv: SConv; top: number } {
  const conv = resolvePeer(world, viewer, peer);
  checkRead(conv, viewer);
  if (conv.kind === "channel" && conv.broadcast) {
    const d = world.discussionOf(conv, msgId);
    if (!d) throw new RpcError(400, "MSG_ID_INVALID");
    checkRead(d.group, viewer);
    return { conv: d.group, top: d.top };
  }
  if (conv.forum) {
    if (conv.topics.has(msgId)) return { conv, top: msgId };
    const row = world.findRow(conv, msgId);
    if (row < 0) throw new RpcError(400, "MSG_ID_INVALID");
    return { conv, top: world.topicOf(conv, row) };
  }
  const row = world.findRow(conv, msgId);
  if (row < 0) throw new RpcError(400, "MSG_ID_INVALID");
  const top = world.store.threadTop.get(row) ?? msgId;
  if (!conv.threads.has(top)) throw new RpcError(400, "MSG_ID_INVALID");
  return { conv, top };
}

export const threadsHandlers: HandlerMap = {
  // Topics, most recently active first (pinned first); q filters by title words; paging by
  // offset_date/offset_id (the last message of the previous page's last topic) and offset_topic.
  "channels.GetForumTopics"(q: Api.channels.GetForumTopics, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const conv = resolveChannel(world, viewer, q.channel);
    checkRead(conv, viewer);
    requireForum(conv);
    const s = world.store;
    const words = (q.q ?? "").toLowerCase().split(/\s+/).filter(Boolean);
    const keyed = [...conv.topics.values()]
      .filter((t) => words.every((w) => t.title.toLowerCase().split(/\s+/).some((x) => x.startsWith(w))))
      .map((t) => {
        const row = topicTopRow(world, conv, t);
        return { t, date: row >= 0 ? s.date[row]! : t.date, id: row >= 0 ? s.id[row]! : t.id };
      })
      .sort((a, b) => Number(b.t.pinned) - Number(a.t.pinned) || b.date - a.date || b.id - a.id);
    let start = 0;
    if (q.offsetTopic || q.offsetDate || q.offsetId) {
      const at = keyed.findIndex((k) => k.t.id === q.offsetTopic);
      if (at >= 0) start = at + 1;
      else {
        const i = keyed.findIndex((k) => !k.t.pinned && (k.date < q.offsetDate || (k.date === q.offsetDate && k.id < q.offsetId)));
        start = i < 0 ? keyed.length : i;
      }
    }
    const page = keyed.slice(start, start + (cap(q.limit) || 100)).map((k) => k.t);
    return topicsResult(ctx, viewer, conv, page, keyed.length);
  },

  // One answer per id asked, in order; unknown ids are forumTopicDeleted.
  "channels.GetForumTopicsByID"(q: Api.channels.GetForumTopicsByID, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const conv = resolveChannel(world, viewer, q.channel);
    checkRead(conv, viewer);
    requireForum(conv);
    if (!q.topics.length) throw new RpcError(400, "TOPICS_EMPTY");
    const topics = q.topics.map((id) => conv.topics.get(id) ?? id);
    return topicsResult(ctx, viewer, conv, topics, topics.length);
  },

  // The thread's top message (the discussion group's copy of a post), with the thread's read state.
  "messages.GetDiscussionMessage"(q: Api.messages.GetDiscussionMessage, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const { conv, top } = resolveThread(world, viewer, q.peer, q.msgId as number);
    const topRow = world.findRow(conv, top);
    if (topRow < 0) throw new RpcError(400, "MSG_ID_INVALID");
    const rows = world.threadRows(conv, top);
    const refs = new Refs(world, viewer);
    refs.addRow(topRow);
    const member = conv.members.has(viewer);
    const s = world.store;
    let readOutbox = 0;
    for (const [key, id] of conv.threadRead) if (key.endsWith(`:${top}`) && !key.startsWith(`${viewer}:`) && id > readOutbox) readOutbox = id;
    return new Api.messages.DiscussionMessage({
      messages: [apiMessage(world, viewer, topRow)],
      maxId: rows.length ? s.id[rows[rows.length - 1]!]! : undefined,
      readInboxMaxId: member ? world.threadReadMaxId(conv, viewer, top) || undefined : undefined,
      readOutboxMaxId: member && readOutbox ? readOutbox : undefined,
      unreadCount: member ? world.threadUnread(conv, viewer, top) : 0,
      chats: refs.apiChats(),
      users: refs.apiUsers(ctx.now()),
    });
  },

  // The messages of a thread, newest first, with the history paging parameters.
  "messages.GetReplies"(q: Api.messages.GetReplies, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const { conv, top } = resolveThread(world, viewer, q.peer, q.msgId as number);
    const rows = world.threadRows(conv, top);
    const page = pageDesc(world, rows, q);
    return messagesResult(ctx, viewer, page, rows.length, { channel: conv });
  },

  // Marks a thread (forum topic or comment thread) read up to read_max_id.
  "messages.ReadDiscussion"(q: Api.messages.ReadDiscussion, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const { conv, top } = resolveThread(world, viewer, q.peer, q.msgId as number);
    if (!conv.members.has(viewer)) throw new RpcError(400, "CHANNEL_PRIVATE");
    const mark = world.markThreadRead(conv, viewer, top, q.readMaxId);
    const update = new Api.UpdateReadChannelDiscussionInbox({ channelId: big(conv.id), topMsgId: top, readMaxId: mark });
    ctx.pushToUser(viewer, new Api.UpdateShort({ update, date: ctx.now() }), ctx.authKey.idHex);
    return true;
  },
};
