// Helpers shared by the world-facing handlers: input peer resolution with Telegram's access-hash
// checks and errors, result shapes (messages.Messages / MessagesSlice / ChannelMessages), and
// posting new messages (pts, random_id dedup, pushes to other participants).
import bigInt from "big-integer";
import { Api } from "telegram";
import { apiChat, apiMessage, apiScheduled, convPeer, Refs } from "../world/to-api.js";
import type { NewMessage, SConv, World } from "../world/world.js";
import { RpcError, type RpcContext } from "./types.js";

export const MAX_MESSAGE_LENGTH = 4096;
export const MAX_CAPTION_LENGTH = 1024;
/** Per-call caps, as Telegram applies them. */
export const MAX_PAGE = 100;

type Long = bigInt.BigInteger | number | bigint | string | undefined | null;

export function num(x: Long): number {
  if (x === undefined || x === null) return 0;
  return Number(typeof x === "object" ? x.toString() : x);
}

export function sameLong(a: Long, b: bigint): boolean {
  if (a === undefined || a === null) return false;
  return BigInt(typeof a === "object" ? a.toString() : a) === b;
}

export const big = (n: number | bigint) => bigInt(n.toString());

export function cap(limit: number, max = MAX_PAGE): number {
  return Math.max(0, Math.min(limit | 0, max));
}

/** A user from an InputUser, with Telegram's access-hash check (or undefined). */
export function inputUserId(world: World, viewer: number, input: unknown, allowZeroForContacts = false): number | undefined {
  if (input instanceof Api.InputUserSelf || input instanceof Api.InputPeerSelf) return viewer;
  if (input instanceof Api.InputUser || input instanceof Api.InputPeerUser) {
    const id = num(input.userId);
    if (!world.getUser(id)) return undefined;
    if (sameLong(input.accessHash, world.userAccessHash(viewer, id))) return id;
    // gramjs looks up bare ids with access_hash 0; Telegram accepts that for contacts.
    if (allowZeroForContacts && num(input.accessHash) === 0 && (id === viewer || world.isContact(viewer, id))) return id;
  }
  return undefined;
}

export function requireUserId(world: World, viewer: number, input: unknown): number {
  const id = inputUserId(world, viewer, input);
  if (id === undefined) throw new RpcError(400, "USER_ID_INVALID");
  return id;
}

/**
 * Groups two users are both in (basic groups and supergroups), newest id first: Telegram's
 * "groups in common". Broadcast channels are left out: a subscriber list is not visible.
 */
export function groupsInCommon(world: World, a: number, b: number): SConv[] {
  if (a === b) return [];
  return world.convs.filter((c) => c.kind !== "private" && !c.broadcast && c.members.has(a) && c.members.has(b)).sort((x, y) => y.id - x.id);
}

/** A channel from an InputChannel/InputPeerChannel; CHANNEL_INVALID on an unknown id or a wrong hash. */
export function resolveChannel(world: World, viewer: number, input: unknown): SConv {
  if (input instanceof Api.InputChannel || input instanceof Api.InputPeerChannel) {
    const conv = world.channelById(num(input.channelId));
    if (conv && sameLong(input.accessHash, world.channelAccessHash(viewer, conv.id))) return conv;
  }
  throw new RpcError(400, "CHANNEL_INVALID");
}

/** The conversation an InputPeer designates for this viewer (PEER_ID_INVALID/CHANNEL_INVALID otherwise). */
export function resolvePeer(world: World, viewer: number, input: unknown): SConv {
  if (input instanceof Api.InputPeerSelf) return world.privateConv(viewer, viewer);
  if (input instanceof Api.InputPeerUser) {
    const id = inputUserId(world, viewer, input);
    if (id === undefined) throw new RpcError(400, "PEER_ID_INVALID");
    return world.privateConv(viewer, id);
  }
  if (input instanceof Api.InputPeerChat) {
    const conv = world.chatById(num(input.chatId));
    if (!conv || !conv.members.has(viewer)) throw new RpcError(400, "PEER_ID_INVALID");
    return conv;
  }
  if (input instanceof Api.InputPeerChannel) return resolveChannel(world, viewer, input);
  throw new RpcError(400, "PEER_ID_INVALID");
}

/** Reading a conversation: private channels need membership (public ones are readable by anyone). */
export function checkRead(conv: SConv, viewer: number): void {
  if (conv.kind === "channel" && !conv.username && !conv.members.has(viewer)) throw new RpcError(406, "CHANNEL_PRIVATE");
}

export function checkWrite(world: World, conv: SConv, viewer: number): void {
  checkRead(conv, viewer);
  if (conv.kind === "private") {
    const other = world.getUser(world.otherUser(conv, viewer));
    if (!other) throw new RpcError(400, "PEER_ID_INVALID");
    return;
  }
  if (!conv.members.has(viewer)) throw new RpcError(403, "CHAT_WRITE_FORBIDDEN");
  if (conv.kind === "channel" && conv.broadcast && !conv.admins.has(viewer)) throw new RpcError(403, "CHAT_WRITE_FORBIDDEN");
}

/** messages.Messages when everything fits, else MessagesSlice; channels get ChannelMessages. */
export function messagesResult(
  ctx: RpcContext,
  viewer: number,
  rows: number[],
  count: number,
  opts: { channel?: SConv; nextRate?: number; forceSlice?: boolean } = {},
): Api.messages.TypeMessages {
  const world = ctx.world;
  const refs = new Refs(world, viewer);
  for (const r of rows) refs.addRow(r);
  const messages = rows.map((r) => apiMessage(world, viewer, r));
  const users = refs.apiUsers(ctx.now());
  const chats = refs.apiChats();
  if (opts.channel) {
    return new Api.messages.ChannelMessages({ pts: opts.channel.pts, count, messages, topics: [], chats, users });
  }
  if (!opts.forceSlice && count === rows.length) return new Api.messages.Messages({ messages, chats, users });
  return new Api.messages.MessagesSlice({ count, nextRate: opts.nextRate, messages, chats, users });
}

export interface PageOpts {
  offsetId: number;
  offsetDate: number;
  addOffset: number;
  limit: number;
  maxId: number;
  minId: number;
}

/**
 * Telegram's history paging over rows ascending by id: start at the first message older than
 * offset_id (or offset_date), shift by add_offset (negative = newer), take limit, then apply
 * max_id/min_id. Returns rows newest first.
 */
export function pageDesc(world: World, asc: ArrayLike<number>, o: PageOpts): number[] {
  const s = world.store;
  const n = asc.length;
  let below: number; // how many rows are older than the offset
  // Without an offset, max_id is where the page starts (the newest messages below it).
  const offsetId = o.offsetId > 0 || o.offsetDate > 0 ? o.offsetId : o.maxId;
  if (offsetId > 0) below = lowerBound(n, (i) => s.id[asc[i]!]! < offsetId);
  else if (o.offsetDate > 0) below = lowerBound(n, (i) => s.date[asc[i]!]! < o.offsetDate);
  else below = n;
  const pos = n - below; // index (newest first) of the first row past the offset
  let start = pos + o.addOffset;
  let end = start + cap(o.limit);
  if (start < 0) start = 0;
  if (end > n) end = n;
  const out: number[] = [];
  for (let i = start; i < end; i++) {
    const row = asc[n - 1 - i]!;
    const id = s.id[row]!;
    if (o.maxId > 0 && id >= o.maxId) continue;
    if (o.minId > 0 && id <= o.minId) continue;
    out.push(row);
  }
  return out;
}

/** Number of leading indexes i in [0, n) for which pred holds (pred must be monotonic true...false). */
function lowerBound(n: number, pred: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The Update announcing a new message in a conversation. */
function newMessageUpdate(world: World, viewer: number, row: number, pts: number): Api.TypeUpdate {
  const conv = world.convs[world.store.conv[row]!]!;
  const message = apiMessage(world, viewer, row);
  return conv.kind === "channel"
    ? new Api.UpdateNewChannelMessage({ message, pts, ptsCount: 1 })
    : new Api.UpdateNewMessage({ message, pts, ptsCount: 1 });
}

export function updatesFor(ctx: RpcContext, viewer: number, updates: Api.TypeUpdate[], refRows: number[], extraConvs: SConv[] = []): Api.Updates {
  const refs = new Refs(ctx.world, viewer);
  for (const r of refRows) refs.addRow(r);
  for (const c of extraConvs) refs.addConv(c);
  return new Api.Updates({ updates, users: refs.apiUsers(ctx.now()), chats: refs.apiChats(), date: ctx.now(), seq: 0 });
}

/** Other users who should get a conversation's events pushed (modelled members, not the actor). */
export function otherParticipants(conv: SConv, actor: number): number[] {
  return [...conv.members].filter((u) => u !== actor);
}

/**
 * Posts messages from `viewer` (deduplicating by random_id per account, like Telegram: a retry
 * returns the original), records pts, pushes them to the other participants, and returns the
 * sender's Updates (UpdateMessageID + UpdateNew(Channel)Message per message).
 */
export function postMessages(ctx: RpcContext, viewer: number, conv: SConv, items: Array<{ m: NewMessage; randomId: Long }>, opts: { pushToActor?: boolean } = {}): Api.Updates {
  const world = ctx.world;
  const user = world.getUser(viewer)!;
  const updates: Api.TypeUpdate[] = [];
  const rows: number[] = [];
  const fresh: Array<{ row: number; pts: Map<number, number> }> = [];
  for (const { m, randomId } of items) {
    const key = randomId === undefined || randomId === null ? undefined : String(typeof randomId === "object" ? randomId.toString() : randomId);
    const dup = key !== undefined ? user.randomIds.get(key) : undefined;
    let row: number;
    let senderPts: number;
    if (dup !== undefined && !world.isDeleted(dup[0]!)) {
      row = dup[0]!;
      senderPts = conv.kind === "channel" ? conv.pts : user.pts;
    } else {
      row = world.addMessage(conv.idx, m);
      if (key !== undefined) user.randomIds.set(key, [row]);
      // A channel post is copied into the linked discussion group, where its comments go.
      if (conv.broadcast && conv.linked >= 0) world.addDiscussionCopy(row);
      // A new message brings an archived chat back to the main list unless it is muted (as on Telegram).
      for (const u of conv.members) {
        const member = world.getUser(u);
        if (u !== viewer && member?.archived.has(conv.idx) && !world.isMuted(u, conv, ctx.now())) member.archived.delete(conv.idx);
      }
      const pts = new Map<number, number>();
      if (conv.kind === "channel") {
        conv.pts++;
        for (const u of conv.members) pts.set(u, conv.pts);
      } else {
        for (const u of conv.members) pts.set(u, world.logUpdate(u, { kind: "new", conv: conv.idx, row }));
      }
      senderPts = pts.get(viewer) ?? conv.pts;
      fresh.push({ row, pts });
    }
    rows.push(row);
    if (key !== undefined) updates.push(new Api.UpdateMessageID({ id: world.store.id[row]!, randomId: bigInt(key) }));
    updates.push(newMessageUpdate(world, viewer, row, senderPts));
  }
  // The sender's other sessions (devices) see their own new messages too, as on Telegram.
  const own = fresh.filter((f) => f.pts.has(viewer));
  if (own.length) {
    ctx.pushToUser(
      viewer,
      updatesFor(
        ctx,
        viewer,
        own.map((f) => newMessageUpdate(world, viewer, f.row, f.pts.get(viewer)!)),
        own.map((f) => f.row),
      ),
      opts.pushToActor ? undefined : ctx.authKey.idHex,
    );
  }
  for (const u of otherParticipants(conv, viewer)) {
    const mine = fresh.filter((f) => f.pts.has(u));
    if (!mine.length) continue;
    ctx.pushToUser(
      u,
      updatesFor(
        ctx,
        u,
        mine.map((f) => newMessageUpdate(world, u, f.row, f.pts.get(u)!)),
        mine.map((f) => f.row),
      ),
    );
  }
  return updatesFor(ctx, viewer, updates, rows);
}

/** Converts request entities (InputMessageEntityMentionName) to stored message entities. */
export function storeEntities(world: World, viewer: number, entities: Api.TypeMessageEntity[] | undefined): Api.TypeMessageEntity[] | undefined {
  if (!entities) return undefined;
  const out: Api.TypeMessageEntity[] = [];
  for (const e of entities) {
    if (e instanceof Api.InputMessageEntityMentionName) {
      const id = inputUserId(world, viewer, e.userId);
      if (id !== undefined) out.push(new Api.MessageEntityMentionName({ offset: e.offset, length: e.length, userId: big(id) }));
    } else out.push(e);
  }
  return out;
}

export function checkText(text: string, isCaption: boolean): void {
  if (isCaption) {
    if (text.length > MAX_CAPTION_LENGTH) throw new RpcError(400, "MEDIA_CAPTION_TOO_LONG");
  } else {
    if (!text.trim()) throw new RpcError(400, "MESSAGE_EMPTY");
    if (text.length > MAX_MESSAGE_LENGTH) throw new RpcError(400, "MESSAGE_TOO_LONG");
  }
}

/**
 * Where a message goes from an InputReplyTo: the message it replies to and the thread it joins.
 * Forums: reply_to_msg_id / top_msg_id name the topic (General, id 1, has no header);
 * discussion groups: a reply joins the comment thread of the message it answers.
 */
export function replyInfo(world: World, conv: SConv, viewer: number, replyTo: unknown, topMsgId?: number): { replyTo?: number; threadTop?: number } {
  const r = replyTo instanceof Api.InputReplyToMessage ? replyTo : undefined;
  const id = r?.replyToMsgId || 0;
  const top = topMsgId || r?.topMsgId || 0;
  let row = -1;
  if (id && !(conv.forum && id === 1)) {
    row = world.findRow(conv, id);
    if (row < 0) throw new RpcError(400, "REPLY_MESSAGE_ID_INVALID");
  }
  if (conv.forum) {
    let topic = top || (id ? (conv.topics.has(id) ? id : world.topicOf(conv, row)) : 1);
    const t = conv.topics.get(topic);
    if (!t) throw new RpcError(400, "TOPIC_ID_INVALID");
    if (t.closed && !conv.admins.has(viewer)) throw new RpcError(400, "TOPIC_CLOSED");
    if (topic === 1) topic = 0;
    return { replyTo: id && id !== 1 ? id : undefined, threadTop: topic || undefined };
  }
  if (top) throw new RpcError(400, "TOPIC_ID_INVALID");
  if (row < 0) return {};
  if (conv.linked >= 0 && !conv.broadcast) {
    const threadTop = world.store.threadTop.get(row) ?? (conv.threads.has(id) ? id : undefined);
    return { replyTo: id, threadTop };
  }
  return { replyTo: id };
}

/** Telegram's free reaction emoji (messages.getAvailableReactions), without variation selectors. */
const STANDARD_REACTIONS = new Set(
  [..."👍👎🔥🥰👏😁🤔🤯😱🤬😢🎉🤩🤮💩🙏👌🕊🤡🥱🥴😍🐳🌚🌭💯🤣⚡🍌🏆💔🤨😐🍓🍾💋🖕😈😴😭🤓👻👀🎃🙈😇😨🤝✍🤗🫡🎅🎄☃💅🤪🗿🆒💘🙉🦄😘💊🙊😎👾😡"].concat(["❤", "❤‍🔥", "👨‍💻", "🤷‍♂", "🤷", "🤷‍♀"]),
);

const bare = (emoji: string) => emoji.replace(/\uFE0F/g, "");

/**
 * A reaction request against the chat's available_reactions: REACTION_INVALID for anything but a
 * standard emoji the chat allows; REACTIONS_TOO_MANY beyond one per user (no Premium here).
 */
export function checkReactions(conv: SConv, wanted: unknown[]): string[] {
  if (wanted.length > 1) throw new RpcError(400, "REACTIONS_TOO_MANY");
  return wanted.map((r) => {
    if (!(r instanceof Api.ReactionEmoji) || !STANDARD_REACTIONS.has(bare(r.emoticon))) throw new RpcError(400, "REACTION_INVALID");
    const allowed = conv.reactions;
    if (allowed === "none" || (allowed !== "all" && !allowed.some((e) => bare(e) === bare(r.emoticon)))) throw new RpcError(400, "REACTION_INVALID");
    return r.emoticon;
  });
}

export function apiChatReactions(conv: SConv): Api.TypeChatReactions {
  if (conv.reactions === "all") return new Api.ChatReactionsAll({});
  if (conv.reactions === "none") return new Api.ChatReactionsNone();
  return new Api.ChatReactionsSome({ reactions: conv.reactions.map((emoticon) => new Api.ReactionEmoji({ emoticon })) });
}

/** Schedule limits (Telegram: up to 365 days ahead, 100 scheduled messages per chat). */
export const MAX_SCHEDULE_AHEAD = 365 * 86_400;
export const MAX_SCHEDULED = 100;

export function checkSchedule(conv: SConv, date: number, now: number, adding = 1): void {
  if (date <= now) throw new RpcError(400, "SCHEDULE_DATE_INVALID");
  if (date > now + MAX_SCHEDULE_AHEAD) throw new RpcError(400, "SCHEDULE_DATE_TOO_LATE");
  if (conv.scheduled.length + adding > MAX_SCHEDULED) throw new RpcError(400, "SCHEDULE_TOO_MUCH");
}

/**
 * Stores messages for later (messages.sendMessage etc. with schedule_date): the answer is
 * UpdateMessageID + UpdateNewScheduledMessage; nothing reaches the history or the others yet.
 */
export function scheduleMessages(ctx: RpcContext, viewer: number, conv: SConv, date: number, items: Array<{ m: NewMessage; randomId: Long }>): Api.Updates {
  const world = ctx.world;
  checkSchedule(conv, date, ctx.now(), items.length);
  const updates: Api.TypeUpdate[] = [];
  for (const { m, randomId } of items) {
    const sm = world.schedule(conv, viewer, date, m);
    if (randomId !== undefined && randomId !== null) updates.push(new Api.UpdateMessageID({ id: sm.id, randomId: bigInt(String(typeof randomId === "object" ? randomId.toString() : randomId)) }));
    updates.push(new Api.UpdateNewScheduledMessage({ message: apiScheduled(world, viewer, conv, sm) }));
  }
  const own = updates.filter((u) => u instanceof Api.UpdateNewScheduledMessage);
  ctx.pushToUser(viewer, updatesFor(ctx, viewer, own, [], [conv]), ctx.authKey.idHex);
  return updatesFor(ctx, viewer, updates, [], [conv]);
}

/**
 * Sends the scheduled messages that are due (called before every request: the sandbox has no
 * timer of its own). Each goes out as a normal message with from_scheduled, pushed to everyone
 * (the author's sessions too), and leaves the scheduled list (UpdateDeleteScheduledMessages).
 */
export function releaseDueScheduled(ctx: RpcContext): void {
  const world = ctx.world;
  for (const { conv, sm } of world.takeDueScheduled(ctx.now())) {
    if (!conv.members.has(sm.from) && conv.kind !== "private") continue;
    const m: NewMessage = { ...sm.m, date: sm.date, fromScheduled: true };
    postMessages(ctx, sm.from, conv, [{ m, randomId: undefined }], { pushToActor: true });
    ctx.pushToUser(sm.from, updatesFor(ctx, sm.from, [new Api.UpdateDeleteScheduledMessages({ peer: convPeer(world, conv, sm.from), messages: [sm.id] })], [], [conv]));
  }
}

export function peerChats(ctx: RpcContext, viewer: number, convs: SConv[]): Api.TypeChat[] {
  return convs.filter((c) => c.kind !== "private").map((c) => apiChat(ctx.world, viewer, c));
}
