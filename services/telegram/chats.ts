// find_chats (contacts.Search per term, in parallel) and get_chat_info (at most two calls:
// resolving the chat_id when it is not cached, then one full-info request).
import bigInt from "big-integer";
import { Api } from "telegram";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { isoDate } from "./dates.js";
import { invalidParameter, ToolError, toToolError } from "./errors.js";
import { markedIdOf, resolvePeer, toInputChannel, toInputUser, type ResolvedPeer } from "./entity-resolver.js";
import { getFolders, inFolder, isMuted, type DialogFacts } from "./dialogs.js";
import { EntityIndex, entityShape, jsonId, listEntityShape, type EntityShape } from "./shapes.js";
import { fitted, type ListOptions } from "./result-cap.js";
import { neutralizeText } from "./untrusted-text.js";
import type { ChatInfo, FindChatsResult, ForumTopicShape } from "./shape-schemas.js";
import type { CallOptions } from "./rpc.js";
import type { AccountSession } from "./account-session.js";
import { MAX_TERMS, type ChatTypeFilter } from "./search.js";

/** contacts.Search returns at most this many per call. */
const SEARCH_LIMIT = 100;

export interface FindChatsParams {
  query: string;
  limit: number;
  chat_type?: ChatTypeFilter;
  public?: boolean;
  cursor?: string;
}

export type { FindChatsResult } from "./shape-schemas.js";

function termsOf(query: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of query.split(",")) {
    const t = raw.trim().replace(/^@/, "");
    if (t && !seen.has(t.toLowerCase())) {
      seen.add(t.toLowerCase());
      out.push(t);
    }
  }
  if (out.length > MAX_TERMS) throw invalidParameter(`query has ${out.length} comma-separated terms; at most ${MAX_TERMS} are searched at once.`);
  return out;
}

async function searchTerm(session: AccountSession, term: string, opts: CallOptions): Promise<EntityShape[]> {
  // A phone number is looked up exactly (contacts.Search does not match numbers).
  if (/^\+\d{5,15}$/.test(term.replace(/[\s().-]/g, ""))) {
    try {
      // Like contacts.Search below: the answer is filtered by the chat policy in findChats.
      const r = await session.invoke(new Api.contacts.ResolvePhone({ phone: term.replace(/\D/g, "") }), opts.signal, { filtersResults: true });
      session.peers.rememberFrom(r);
      const idx = EntityIndex.from(r);
      const e = idx.peer(r.peer);
      return e ? [listEntityShape(e)] : [];
    } catch (err) {
      if (toToolError(err).errorType === "EntityNotFound") return [];
      throw err;
    }
  }
  const r = await session.invoke(new Api.contacts.Search({ q: term, limit: SEARCH_LIMIT }), opts.signal, { filtersResults: true });
  session.peers.rememberFrom(r);
  const idx = EntityIndex.from(r);
  const out: EntityShape[] = [];
  // The account's own contacts and chats first, then global results.
  for (const p of [...r.myResults, ...r.results]) {
    const e = idx.peer(p);
    if (e) out.push(listEntityShape(e));
  }
  return out;
}

export async function findChats(session: AccountSession, p: FindChatsParams, opts: ListOptions = {}): Promise<FindChatsResult> {
  const terms = termsOf(p.query);
  if (terms.length === 0) throw invalidParameter('query is empty. Give a name, a username or a +phone; several separated by commas: "alice, bob".');
  const fingerprint = { terms: terms.map((t) => t.toLowerCase()), type: p.chat_type, pub: p.public };
  const offset = p.cursor ? decodeCursor<number>(p.cursor, "chats", fingerprint) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw invalidParameter("cursor is not valid; omit it to start over.");
  const lists = await Promise.all(terms.map((t) => searchTerm(session, t, opts)));
  // Round-robin over terms so every term is represented near the top; dedup by id.
  const seen = new Set<string>();
  const merged: EntityShape[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) {
    for (const l of lists) {
      const e = l[i];
      if (!e || seen.has(String(e.id))) continue;
      seen.add(String(e.id));
      // The chat policy: chats it hides are never found (filtered before paging, so cursors stay exact).
      if (!session.canSee(String(e.id))) continue;
      if (p.chat_type && e.type !== p.chat_type) continue;
      if (p.public !== undefined && e.type !== "private" && !!e.username !== p.public) continue;
      merged.push(e);
    }
  }
  const build = (n: number): FindChatsResult => {
    const res: FindChatsResult = { chats: merged.slice(offset, offset + n), has_more: merged.length > offset + n };
    if (res.has_more) res.next_cursor = encodeCursor("chats", fingerprint, offset + n);
    return res;
  };
  const n = Math.max(0, Math.min(p.limit, merged.length - offset));
  return fitted(n, build, opts.maxChars);
}

export type { ChatInfo } from "./shape-schemas.js";

function userStatus(s: Api.TypeUserStatus | undefined): Pick<ChatInfo, "status" | "last_seen"> {
  if (s instanceof Api.UserStatusOnline) return { status: "online" };
  if (s instanceof Api.UserStatusOffline) return { status: "offline", last_seen: isoDate(s.wasOnline) };
  if (s instanceof Api.UserStatusRecently) return { status: "recently" };
  if (s instanceof Api.UserStatusLastWeek) return { status: "last_week" };
  if (s instanceof Api.UserStatusLastMonth) return { status: "last_month" };
  if (s instanceof Api.UserStatusEmpty) return { status: "long_ago" };
  return {};
}

/**
 * Profile of a user, group or channel: bio/about, status, member or subscriber counts; with its
 * mute state, archive and folders (from the same full-info answer and the cached folders),
 * groups in common with a user, a forum's topics. Those calls run in parallel.
 */
export async function getChatInfo(session: AccountSession, chatId: string | number, opts: CallOptions = {}): Promise<ChatInfo> {
  const peer = await resolvePeer(session, chatId, opts);
  const knownForum = peer.entity instanceof Api.Channel && !!peer.entity.forum;
  const [{ info, facts }, folders, common, topics] = await Promise.all([
    profile(session, peer, chatId, opts),
    getFolders(session, opts),
    peer.kind === "user" && !peer.isSelf ? commonChats(session, peer, opts) : undefined,
    knownForum ? forumTopics(session, peer, opts) : undefined,
  ]);
  if (facts.muted) info.muted = true;
  if (facts.archived) info.archived = true;
  // A group or channel the account is not in belongs to no folder.
  const left = (facts.entity instanceof Api.Channel || facts.entity instanceof Api.Chat) && facts.entity.left;
  const names = left ? [] : folders.filter((f) => inFolder(f, facts)).map((f) => f.title);
  if (names.length) info.folders = names;
  Object.assign(info, common, topics ?? (info.is_forum ? await forumTopics(session, peer, opts) : undefined));
  return info;
}

const COMMON_CHATS = 10;
const TOPICS = 20;

/** Folder membership facts from a full-info answer (read state is known for channels only: unknown counts as unread). */
function factsOf(markedId: string, entity: Api.TypeUser | Api.TypeChat, full: Api.UserFull | Api.TypeChatFull): DialogFacts {
  return {
    markedId,
    entity,
    muted: isMuted(full.notifySettings),
    unread: full instanceof Api.ChannelFull ? full.unreadCount > 0 : true,
    archived: full.folderId === 1,
  };
}

/** The first groups shared with a user (one more asked, to tell whether there are others). */
async function commonChats(session: AccountSession, peer: ResolvedPeer, opts: CallOptions): Promise<Partial<ChatInfo>> {
  // Groups in common can be any chat: the ones the account's chat policy hides are left out.
  const r = await session.invoke(new Api.messages.GetCommonChats({ userId: toInputUser(peer), maxId: bigInt.zero, limit: COMMON_CHATS + 1 }), opts.signal, { filtersResults: true });
  session.peers.remember([], r.chats);
  const chats = r.chats.filter((c) => session.canSee(markedIdOf(c))).map((c) => {
    const { id, title, username } = entityShape(c);
    return username ? { id, title, username } : { id, title };
  });
  if (!chats.length) return {};
  const out: Partial<ChatInfo> = { common_chats: chats.slice(0, COMMON_CHATS) };
  if (chats.length > COMMON_CHATS) out.common_chats_has_more = true;
  return out;
}

/** A forum's topics, most recently active first, with their unread counts. */
async function forumTopics(session: AccountSession, peer: ResolvedPeer, opts: CallOptions): Promise<Partial<ChatInfo>> {
  const r = await session.invoke(new Api.channels.GetForumTopics({ channel: toInputChannel(peer), offsetDate: 0, offsetId: 0, offsetTopic: 0, limit: TOPICS }), opts.signal);
  const topics: ForumTopicShape[] = [];
  for (const t of r.topics) {
    if (!(t instanceof Api.ForumTopic)) continue;
    const s: ForumTopicShape = { id: t.id, title: neutralizeText(t.title) };
    if (t.unreadCount > 0) s.unread_count = t.unreadCount;
    if (t.unreadMentionsCount > 0) s.unread_mentions_count = t.unreadMentionsCount;
    if (t.closed) s.closed = true;
    if (t.pinned) s.pinned = true;
    if (t.topMessage) s.last_message_id = t.topMessage;
    topics.push(s);
  }
  return { topics, topics_count: r.count };
}

async function profile(session: AccountSession, peer: ResolvedPeer, chatId: string | number, opts: CallOptions): Promise<{ info: ChatInfo; facts: DialogFacts }> {
  if (peer.kind === "user") {
    const r = await session.invoke(new Api.users.GetFullUser({ id: toInputUser(peer, String(chatId)) }), opts.signal);
    session.peers.rememberFrom(r);
    const idx = EntityIndex.from(r);
    const full = r.fullUser;
    const user = idx.get(full.id.toString());
    if (!(user instanceof Api.User)) throw new ToolError("TelegramError", "Telegram's answer did not include the user.");
    const info: ChatInfo = { ...entityShape(user), ...userStatus(user.status) };
    if (full.about) info.bio = neutralizeText(full.about);
    if (user.phone) info.phone = "+" + user.phone;
    info.common_chats_count = full.commonChatsCount;
    if (full.pinnedMsgId) info.pinned_msg_id = full.pinnedMsgId;
    return { info, facts: factsOf(user.id.toString(), user, full) };
  }
  if (peer.kind === "chat") {
    const chatIdBig = (peer.inputPeer as Api.InputPeerChat).chatId;
    const r = await session.invoke(new Api.messages.GetFullChat({ chatId: chatIdBig }), opts.signal);
    return chatInfo(session, r, peer.markedId);
  }
  const r = await session.invoke(new Api.channels.GetFullChannel({ channel: toInputChannel(peer, String(chatId)) }), opts.signal);
  return chatInfo(session, r, peer.markedId);
}

function chatInfo(session: AccountSession, r: Api.messages.ChatFull, markedId: string): { info: ChatInfo; facts: DialogFacts } {
  session.peers.rememberFrom(r);
  const idx = EntityIndex.from(r);
  const chat = idx.get(markedId);
  if (!chat) throw new ToolError("TelegramError", "Telegram's answer did not include the chat.");
  const info: ChatInfo = entityShape(chat);
  const full = r.fullChat;
  if (full.about) info.about = neutralizeText(full.about);
  if (full instanceof Api.ChatFull) {
    if (full.participants instanceof Api.ChatParticipants) info.members_count = full.participants.participants.length;
    else if (chat instanceof Api.Chat) info.members_count = chat.participantsCount;
  } else if (full instanceof Api.ChannelFull) {
    if (full.participantsCount != null) {
      if (info.type === "channel") info.subscribers_count = full.participantsCount;
      else info.members_count = full.participantsCount;
    }
    if (full.onlineCount != null) info.online_count = full.onlineCount;
    if (full.linkedChatId) info.linked_chat_id = jsonId(bigInt(full.linkedChatId.toString()).add(bigInt("1000000000000")).negate());
  }
  if (full.pinnedMsgId) info.pinned_msg_id = full.pinnedMsgId;
  return { info, facts: factsOf(markedId, chat, full) };
}
