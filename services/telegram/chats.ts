// find_chats (contacts.Search per term, in parallel) and get_chat_info (at most two calls:
// resolving the chat_id when it is not cached, then one full-info request).
import bigInt from "big-integer";
import { Api } from "telegram";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { isoDate } from "./dates.js";
import { invalidParameter, ToolError, toToolError } from "./errors.js";
import { resolvePeer, toInputChannel, toInputUser } from "./entity-resolver.js";
import { EntityIndex, entityShape, jsonId, type EntityShape } from "./shapes.js";
import { neutralizeText } from "./untrusted-text.js";
import type { ChatInfo, FindChatsResult } from "./shape-schemas.js";
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
      return e ? [entityShape(e)] : [];
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
    if (e) out.push(entityShape(e));
  }
  return out;
}

export async function findChats(session: AccountSession, p: FindChatsParams, opts: CallOptions = {}): Promise<FindChatsResult> {
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
  const page = merged.slice(offset, offset + p.limit);
  const hasMore = merged.length > offset + p.limit;
  const res: FindChatsResult = { chats: page, has_more: hasMore };
  if (hasMore) res.next_cursor = encodeCursor("chats", fingerprint, offset + p.limit);
  return res;
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

/** Profile of a user, group or channel: bio/about, status, member or subscriber counts. */
export async function getChatInfo(session: AccountSession, chatId: string | number, opts: CallOptions = {}): Promise<ChatInfo> {
  const peer = await resolvePeer(session, chatId, opts);
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
    return info;
  }
  if (peer.kind === "chat") {
    const chatIdBig = (peer.inputPeer as Api.InputPeerChat).chatId;
    const r = await session.invoke(new Api.messages.GetFullChat({ chatId: chatIdBig }), opts.signal);
    return chatInfo(session, r, peer.markedId);
  }
  const r = await session.invoke(new Api.channels.GetFullChannel({ channel: toInputChannel(peer, String(chatId)) }), opts.signal);
  return chatInfo(session, r, peer.markedId);
}

function chatInfo(session: AccountSession, r: Api.messages.ChatFull, markedId: string): ChatInfo {
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
  return info;
}
