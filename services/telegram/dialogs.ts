// The dialog list (list_chats), folders (dialog filters, cached per session) and read marks
// (mark_read). One messages.GetDialogs per page; filters (unread, type, folder, title) apply to
// each page on our side, so a filtered page may hold fewer than `limit` chats while has_more
// says to go on. The cursor resumes after the last dialog looked at, not the last one shown.
import { restrictsChats } from "../policy/chat-policy.js";
import bigInt from "big-integer";
import { Api } from "telegram";
import type { AccountSession } from "./account-session.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { isoDate } from "./dates.js";
import { markedIdOf, resolvePeer, toInputChannel, type ResolvedPeer } from "./entity-resolver.js";
import { invalidParameter, ToolError } from "./errors.js";
import type { CallOptions } from "./rpc.js";
import { EntityIndex, entityShape, listEntityShape } from "./shapes.js";
import { fitted, type ListOptions } from "./result-cap.js";
import type { ChatListItem, ListChatsResult, MarkReadResult } from "./shape-schemas.js";
import type { ChatTypeFilter } from "./search.js";
import { neutralizeText } from "./untrusted-text.js";

// ------------------------------------------------------------------------ folders

/** A folder (dialog filter) with its peers as marked ids. */
export interface Folder {
  id: number;
  title: string;
  emoticon?: string;
  pinned: Set<string>;
  include: Set<string>;
  exclude: Set<string>;
  contacts: boolean;
  nonContacts: boolean;
  groups: boolean;
  broadcasts: boolean;
  bots: boolean;
  excludeMuted: boolean;
  excludeRead: boolean;
  excludeArchived: boolean;
}

/** What folder membership looks at in one dialog. */
export interface DialogFacts {
  markedId: string;
  entity?: Api.TypeUser | Api.TypeChat;
  muted: boolean;
  unread: boolean;
  archived: boolean;
}

/** Folders change rarely: kept this long, and dropped at once when Telegram pushes a folder change. */
const FOLDER_TTL_MS = 5 * 60_000;
const folderCache = new WeakMap<AccountSession, { at: number; folders: Promise<Folder[]> }>();
const watched = new WeakSet<AccountSession>();

function textOf(t: Api.TypeTextWithEntities | string): string {
  return typeof t === "string" ? t : t.text;
}

function folderOf(f: Api.DialogFilter | Api.DialogFilterChatlist, selfId: string | undefined): Folder {
  const ids = (peers: Api.TypeInputPeer[]) => new Set(peers.map((p) => (p instanceof Api.InputPeerSelf ? (selfId ?? "self") : markedIdOf(p))));
  const rules = f instanceof Api.DialogFilter ? f : undefined;
  const folder: Folder = {
    id: f.id,
    title: neutralizeText(textOf(f.title)),
    pinned: ids(f.pinnedPeers),
    include: ids(f.includePeers),
    exclude: ids(rules?.excludePeers ?? []),
    contacts: !!rules?.contacts,
    nonContacts: !!rules?.nonContacts,
    groups: !!rules?.groups,
    broadcasts: !!rules?.broadcasts,
    bots: !!rules?.bots,
    excludeMuted: !!rules?.excludeMuted,
    excludeRead: !!rules?.excludeRead,
    excludeArchived: !!rules?.excludeArchived,
  };
  if (f.emoticon) folder.emoticon = f.emoticon;
  return folder;
}

/** The account's folders: messages.GetDialogFilters once, then from the cache. */
export async function getFolders(session: AccountSession, opts: CallOptions = {}): Promise<Folder[]> {
  const hit = folderCache.get(session);
  if (hit && Date.now() - hit.at < FOLDER_TTL_MS) return hit.folders;
  if (!watched.has(session)) {
    watched.add(session);
    session.onUpdate((u) => {
      const updates = u instanceof Api.Updates || u instanceof Api.UpdatesCombined ? u.updates : u instanceof Api.UpdateShort ? [u.update] : [u];
      if (updates.some((x) => x instanceof Api.UpdateDialogFilter || x instanceof Api.UpdateDialogFilters || x instanceof Api.UpdateDialogFilterOrder)) folderCache.delete(session);
    });
  }
  const folders = (async () => {
    // Folder definitions name chats; they only decide which folder names a listed chat shows.
    const r = await session.invoke(new Api.messages.GetDialogFilters(), opts.signal, { filtersResults: true });
    const selfId = session.knownSelfId();
    return r.filters.filter((f) => f instanceof Api.DialogFilter || f instanceof Api.DialogFilterChatlist).map((f) => folderOf(f, selfId));
  })();
  folderCache.set(session, { at: Date.now(), folders });
  // A failed look-up is not remembered.
  folders.catch(() => folderCache.delete(session));
  return folders;
}

/** Telegram's membership rule: pinned or included, else not excluded and matching the flags. */
export function inFolder(f: Folder, d: DialogFacts): boolean {
  if (f.pinned.has(d.markedId) || f.include.has(d.markedId)) return true;
  if (f.exclude.has(d.markedId)) return false;
  if (f.excludeArchived && d.archived) return false;
  if (f.excludeMuted && d.muted) return false;
  if (f.excludeRead && !d.unread) return false;
  const e = d.entity;
  if (e instanceof Api.User) {
    if (e.bot) return f.bots;
    return e.contact || e.self ? f.contacts : f.nonContacts;
  }
  if (e instanceof Api.Channel && !e.megagroup && !e.gigagroup) return f.broadcasts;
  return e ? f.groups : false;
}

/** The folder a list_chats `folder` names: its id, or its title (case and emoji ignored). */
export function findFolder(folders: Folder[], ref: string | number): Folder {
  const key = String(ref).trim();
  const plain = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, " ").trim().toLowerCase();
  const found = /^\d+$/.test(key) ? folders.find((f) => f.id === Number(key)) : folders.find((f) => plain(f.title) === plain(key));
  if (found) return found;
  const names = folders.map((f) => `"${f.title}" (${f.id})`).join(", ");
  throw invalidParameter(`No folder "${key}". ${names ? `This account's folders: ${names}.` : "This account has no folders."}`);
}

export function isMuted(s: Api.TypePeerNotifySettings | undefined, now = Math.floor(Date.now() / 1000)): boolean {
  return s instanceof Api.PeerNotifySettings && (s.muteUntil ?? 0) > now;
}

// ---------------------------------------------------------------------- list_chats

export interface ListChatsParams {
  limit: number;
  cursor?: string;
  unread_only: boolean;
  chat_type?: ChatTypeFilter;
  folder?: string | number;
  archived: boolean;
  query?: string;
}

/** Cursor state: the offset in the unpinned part, or how many pinned dialogs to skip. */
interface ListState {
  pins?: number;
  o?: { d: number; i: number; p: string };
}

/** The state as the cursor holds it, short: [pins] or [date, id, peer]. */
function packListState(st: ListState): Array<number | string> {
  return st.o ? [st.o.d, st.o.i, st.o.p] : [st.pins ?? 0];
}

function unpackListState(x: unknown): ListState {
  if (Array.isArray(x) && x.length === 1 && Number.isInteger(x[0])) return { pins: x[0] as number };
  if (Array.isArray(x) && x.length === 3 && Number.isInteger(x[0]) && Number.isInteger(x[1]) && typeof x[2] === "string") return { o: { d: x[0] as number, i: x[1] as number, p: x[2] } };
  throw invalidParameter("cursor is not valid; omit it to start over.");
}

const PREVIEW_CHARS = 200;

function titleMatches(item: ChatListItem, words: string[]): boolean {
  if (!words.length) return true;
  const hay = `${item.title} ${item.username ?? ""}`
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter(Boolean);
  return words.every((w) => hay.some((h) => h.startsWith(w)));
}

function preview(text: string): string {
  const chars = [...text];
  return chars.length > PREVIEW_CHARS ? chars.slice(0, PREVIEW_CHARS).join("") + "…" : text;
}

function lastMessage(m: Api.TypeMessage | undefined, idx: EntityIndex): ChatListItem["last_message"] {
  if (!m || m instanceof Api.MessageEmpty) return undefined;
  const from = idx.peer(m.fromId ?? (m.out && !(m.peerId instanceof Api.PeerChannel) ? undefined : m.peerId));
  const out: NonNullable<ChatListItem["last_message"]> = { id: m.id, date: isoDate(m.date), text: "" };
  if (m.out) out.outgoing = true;
  else if (from) out.sender = entityShape(from).title;
  if (m instanceof Api.MessageService) out.text = `[Service: ${m.action.className.replace(/^MessageAction/, "")}]`;
  else {
    out.text = preview(neutralizeText(m.message ?? ""));
    if (m.media && !(m.media instanceof Api.MessageMediaEmpty)) out.media = m.media.className.replace(/^MessageMedia/, "").toLowerCase();
  }
  return out;
}

export async function listChats(session: AccountSession, p: ListChatsParams, opts: ListOptions = {}): Promise<ListChatsResult> {
  const words = (p.query ?? "").toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
  // Folders are needed for every chat's `folders`; cached, so this costs a call once per session.
  const folders = await getFolders(session, opts);
  const folder = p.folder !== undefined && String(p.folder).trim() !== "" ? findFolder(folders, p.folder) : undefined;
  // The archive when asked; a folder spans both lists unless it excludes archived chats.
  const folderId = p.archived ? 1 : folder && !folder.excludeArchived ? undefined : 0;
  const fingerprint = { u: p.unread_only, t: p.chat_type, f: folder?.id, a: p.archived, q: words };
  const st: ListState = p.cursor ? unpackListState(decodeCursor<unknown>(p.cursor, "dialogs", fingerprint)) : {};
  // A chat policy that hides chats filters too: the page is then filled from a full page of 100.
  const filtered = p.unread_only || !!p.chat_type || !!folder || words.length > 0 || restrictsChats(session.policy());
  // Unfiltered pages ask for exactly `limit`; filtered ones look at a full page of 100.
  const skip = st.o ? 0 : (st.pins ?? 0);
  const want = Math.min(100, (filtered ? 100 : p.limit) + skip);
  const r = await session.invoke(
    new Api.messages.GetDialogs({
      excludePinned: st.o ? true : undefined,
      folderId,
      offsetDate: st.o?.d ?? 0,
      offsetId: st.o?.i ?? 0,
      offsetPeer: st.o ? (session.peers.get(st.o.p)?.inputPeer ?? new Api.InputPeerEmpty()) : new Api.InputPeerEmpty(),
      limit: want,
      hash: bigInt.zero,
    }),
    opts.signal,
    // The dialog list can carry any chat: it is filtered below, chat by chat (canSee).
    { filtersResults: true },
  );
  if (r instanceof Api.messages.DialogsNotModified) return { chats: [], has_more: false };
  session.peers.rememberFrom(r);
  const idx = EntityIndex.from(r);
  const topOf = new Map(r.messages.filter((m) => m.peerId).map((m) => [`${markedIdOf(m.peerId!)}:${m.id}`, m] as const));
  const now = Math.floor(Date.now() / 1000);

  const chats: ChatListItem[] = [];
  /** Where a next page starts after each chat shown (the result cap may end the page there). */
  const after: ListState[] = [];
  const resumeAfter = (d: Api.Dialog, top: Api.TypeMessage | undefined, consumedSoFar: number): ListState =>
    // Pinned dialogs lead the first page and have no date order: resume by counting them.
    d.pinned && !st.o ? { pins: consumedSoFar } : { o: { d: top && "date" in top ? top.date : 0, i: d.topMessage, p: markedIdOf(d.peer) } };
  let consumed = skip;
  let last: { d: Api.Dialog; top?: Api.TypeMessage } | undefined;
  for (let i = skip; i < r.dialogs.length && chats.length < p.limit; i++) {
    const d = r.dialogs[i]!;
    consumed = i + 1;
    if (!(d instanceof Api.Dialog)) continue;
    const markedId = markedIdOf(d.peer);
    const top = topOf.get(`${markedId}:${d.topMessage}`);
    last = { d, top };
    const entity = idx.get(markedId);
    if (!entity) continue;
    // The one place list_chats drops the chats the account's chat policy hides.
    if (!session.canSee(markedId)) continue;
    const facts: DialogFacts = { markedId, entity, muted: isMuted(d.notifySettings, now), unread: d.unreadCount > 0 || !!d.unreadMark || d.unreadMentionsCount > 0, archived: d.folderId === 1 };
    if (folder && !inFolder(folder, facts)) continue;
    if (p.unread_only && !(d.unreadCount > 0 || d.unreadMark)) continue;
    const item: ChatListItem = listEntityShape(entity);
    if (p.chat_type && item.type !== p.chat_type) continue;
    if (!titleMatches(item, words)) continue;
    if (d.unreadCount > 0) item.unread_count = d.unreadCount;
    if (d.unreadMark) item.marked_unread = true;
    if (d.unreadMentionsCount > 0) item.unread_mentions_count = d.unreadMentionsCount;
    const lm = lastMessage(top, idx);
    if (lm) item.last_message = lm;
    if (d.pinned) item.pinned = true;
    if (facts.muted) item.muted = true;
    if (facts.archived && !p.archived) item.archived = true; // said once by the request when listing the archive
    const names = folders.filter((f) => inFolder(f, facts)).map((f) => f.title);
    if (names.length) item.folders = names;
    if (d.draft instanceof Api.DraftMessage && d.draft.message) item.draft = preview(neutralizeText(d.draft.message));
    chats.push(item);
    after.push(resumeAfter(d, top, consumed));
  }

  const rest = r.dialogs.length - consumed;
  // A full slice may have more behind it (Telegram's count does not say whether pinned ones are in it).
  const sliceMore = r instanceof Api.messages.DialogsSlice && r.dialogs.length >= want;
  const res: ListChatsResult = { chats, has_more: rest > 0 || sliceMore };
  if (res.has_more && last) res.next_cursor = encodeCursor("dialogs", fingerprint, packListState(resumeAfter(last.d, last.top, consumed)));
  else res.has_more = false;
  if (!opts.maxChars || chats.length <= 1) return res;
  // Over the cap: fewer chats, and the next page starts right after the last one shown.
  const build = (n: number): ListChatsResult => (n === chats.length ? res : { chats: chats.slice(0, n), has_more: true, next_cursor: encodeCursor("dialogs", fingerprint, packListState(after[n - 1]!)) });
  return fitted(chats.length, build, opts.maxChars);
}

// ----------------------------------------------------------------------- mark_read

export interface MarkReadParams {
  chat_id: string | number;
  up_to_message_id?: number;
  thread_id?: number;
}

/**
 * Marks a chat, or one thread of it (a forum topic, a post's comments), read up to a message or
 * entirely: one call. What stays unread is 0 after a full read; after a partial one a second call
 * asks Telegram.
 */
export async function markRead(session: AccountSession, p: MarkReadParams, opts: CallOptions = {}): Promise<MarkReadResult> {
  const peer = await resolvePeer(session, p.chat_id, opts);
  const upTo = p.up_to_message_id ?? 0;
  const res: MarkReadResult = { status: "read", chat_id: peer.isSelf ? (session.knownSelfId() ?? "me") : peer.markedId, unread_count: 0 };
  if (p.thread_id !== undefined) {
    if (peer.kind !== "channel") throw invalidParameter(`thread_id needs a forum group or a channel with comments; "${p.chat_id}" is a ${peer.kind === "user" ? "private chat" : "basic group"}.`);
    await session.invoke(new Api.messages.ReadDiscussion({ peer: peer.inputPeer, msgId: p.thread_id, readMaxId: upTo }), opts.signal);
    res.thread_id = p.thread_id;
    if (upTo) {
      const d = await session.invoke(new Api.messages.GetDiscussionMessage({ peer: peer.inputPeer, msgId: p.thread_id }), opts.signal);
      res.unread_count = d.unreadCount;
    }
  } else {
    if (peer.kind === "channel") await session.invoke(new Api.channels.ReadHistory({ channel: toInputChannel(peer, String(p.chat_id)), maxId: upTo }), opts.signal);
    else await session.invoke(new Api.messages.ReadHistory({ peer: peer.inputPeer, maxId: upTo }), opts.signal);
    if (upTo) res.unread_count = await dialogUnread(session, peer, opts);
  }
  if (upTo) res.up_to_message_id = upTo;
  return res;
}

async function dialogUnread(session: AccountSession, peer: ResolvedPeer, opts: CallOptions): Promise<number> {
  const r = await session.invoke(new Api.messages.GetPeerDialogs({ peers: [new Api.InputDialogPeer({ peer: peer.inputPeer })] }), opts.signal);
  const d = r.dialogs[0];
  if (!(d instanceof Api.Dialog)) throw new ToolError("TelegramError", "Telegram's answer did not include the chat.");
  return d.unreadCount;
}
