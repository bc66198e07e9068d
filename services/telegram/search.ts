// Message search: in one chat (messages.Search) and across chats (messages.SearchGlobal).
//
// Comma-separated terms run in parallel, one Telegram call per term per page. Results are
// merged newest first, deduplicated by (chat, id), and cut at `limit`. Each term keeps its own
// offset in the opaque cursor and only advances past what was returned, so paging with
// next_cursor walks every match exactly once: no gaps, no repeats.
//
// Why the merge is gap-free: every term fetches up to `limit` items per page. An item X is
// emitted only if it is among the `limit` newest of the union; any term that still has unseen
// items newer than X would have had to fetch `limit` items all newer than X, which would push X
// off the page. So each emitted item is preceded by everything newer, in every term.
import bigInt from "big-integer";
import { Api } from "telegram";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { inRange, parseDateRange, telegramDateParams, type DateRange } from "./dates.js";
import { invalidParameter } from "./errors.js";
import { markedIdOf, resolvePeer, type ResolvedPeer } from "./entity-resolver.js";
import { EntityIndex, PeerBook, peerBookFor, jsonId, messageShape, withPeers, type Id, type MessageShape } from "./shapes.js";
import { fitted } from "./result-cap.js";
import type { SearchResult } from "./shape-schemas.js";
import type { CallOptions } from "./rpc.js";
import type { ListOptions } from "./result-cap.js";
import type { AccountSession } from "./account-session.js";
import { restrictsChats } from "../policy/chat-policy.js";
import type { MediaType } from "./media-types.js";

/** How many more pages (of MAX_PAGE per term) a global search fetches when the chat policy hid part of a page. */
export const MAX_REFILL_ROUNDS = 4;

/** Telegram's largest page for message searches. */
export const MAX_PAGE = 100;

// Wildcards (*, %), regex anchors (^x, x$), ".*" and escapes like \d: Telegram would search them literally.
const WILDCARD = /[*%]|^\^|[A-Za-z]\$$|\.\*|\\[dwsb]/;

/** More terms than this in one query are refused: each term is one Telegram call per page. */
export const MAX_TERMS = 25;

// Boolean operators, upper case as search engines write them ("salt and pepper" stays words):
// OR separates alternatives like a comma; AND joins words into one term, which Telegram
// matches only where every word occurs. NOT has no Telegram equivalent and is refused.
const OR = /\s+OR\s+/;
const AND = /\s+AND\s+/g;
const UNSUPPORTED_OPERATOR = /(^|\s)NOT\s|(^|\s)(AND|OR)(\s|$)|&&|\|\|/;

/**
 * Splits a query into distinct terms: commas and OR separate alternatives, AND joins words
 * into one term. Refuses wildcard/regex syntax, NOT and dangling operators with an explanation.
 */
export function splitTerms(query: string | undefined): string[] {
  if (query === undefined) return [];
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const raw of query.split(",").flatMap((part) => part.split(OR))) {
    const t = raw.trim().replace(/\s+/g, " ").replace(AND, " ");
    if (!t) continue;
    if (UNSUPPORTED_OPERATOR.test(t)) {
      throw invalidParameter(
        `Search term "${t}" uses an operator Telegram cannot apply. Supported: "a OR b" (or "a, b") for alternatives, "a AND b" (or just "a b") for messages with every word. NOT, &&, || and an operator without words on both sides are not supported.`,
      );
    }
    if (WILDCARD.test(t)) {
      throw invalidParameter(
        `Search term "${t}" contains wildcard or regex syntax, which Telegram does not support. Telegram already matches word prefixes: "proj" finds "project" and "projects". Use plain words, and commas for alternatives: "deadline, due".`,
      );
    }
    const key = t.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      terms.push(t);
    }
  }
  if (terms.length > MAX_TERMS) throw invalidParameter(`query has ${terms.length} comma-separated terms; at most ${MAX_TERMS} are searched at once.`);
  return terms;
}

// ------------------------------------------------------------------------- the merger

interface Item {
  shape: MessageShape;
  /** Dedup key: chat marked id + message id. */
  key: string;
  date: number;
  chatId: string;
  id: number;
  /** Shown in the results; filtered items still move the cursor. */
  visible?: boolean;
}

/** One term's page: the raw items in server order and whether the term has nothing beyond them. */
interface TermPage<S> {
  items: Item[];
  exhausted: boolean;
  /** Offset state that continues right after a given item. */
  after(item: Item): S;
  total?: number;
}

/** Per-term cursor state: the offset to continue from, or done. */
type TermCursor<S> = { s?: S; done?: true };

/**
 * Term states as the cursor holds them, short: 0 done, null not started, else the state's
 * values in the order of `keys` ({o: 12} -> [12]).
 */
type Packed = 0 | null | Array<string | number>;

function packStates<S extends Record<string, string | number>>(states: TermCursor<S>[], keys: ReadonlyArray<keyof S>): Packed[] {
  return states.map((c) => (c.done ? 0 : c.s === undefined ? null : keys.map((k) => c.s![k]!)));
}

function unpackStates<S extends Record<string, string | number>>(cursor: string, kind: string, fingerprint: Record<string, unknown>, keys: ReadonlyArray<keyof S>, terms: number): TermCursor<S>[] {
  const packed = decodeCursor<unknown>(cursor, kind, fingerprint);
  if (!Array.isArray(packed) || packed.length !== terms) throw invalidParameter("cursor does not match this query; omit it to start over.");
  return packed.map((x): TermCursor<S> => {
    if (x === 0) return { done: true };
    if (x === null) return {};
    if (!Array.isArray(x) || x.length !== keys.length || !x.every((v) => typeof v === "number" || typeof v === "string")) throw invalidParameter("cursor is not valid; omit it to start over.");
    return { s: Object.fromEntries(keys.map((k, i) => [k, x[i]])) as S };
  });
}

const STATE_KEYS = { chat: ["o"], thread: ["o"], global: ["r", "p", "i"] } as const;

interface MergeResult<S> {
  items: Item[];
  states: TermCursor<S>[];
  hasMore: boolean;
  totals: (number | undefined)[];
  /** The same merge as if only the first n items had been emitted (the result cap): states continue right after them. */
  cut(n: number): MergeResult<S>;
}

/** Newest first; ties by chat and id so the order is total and stable. */
function newerFirst(a: Item, b: Item): number {
  return b.date - a.date || (a.chatId < b.chatId ? 1 : a.chatId > b.chatId ? -1 : 0) || b.id - a.id;
}

async function mergePages<S>(
  terms: string[],
  cursors: TermCursor<S>[],
  limit: number,
  fetch: (term: string, state: S | undefined) => Promise<TermPage<S>>,
  order: (a: Item, b: Item) => number,
  /**
   * Count only visible items towards `limit` (the chat policy's filtered search). The merge then
   * stops as soon as a term that has more runs out of fetched items: past that point an item of
   * another term could be older than that term's unseen ones.
   */
  countVisibleOnly = false,
): Promise<MergeResult<S>> {
  const pages = await Promise.all(terms.map((t, i) => (cursors[i].done ? Promise.resolve(undefined) : fetch(t, cursors[i].s))));
  const pos = terms.map(() => 0);
  const out: Item[] = [];
  const emitted = new Set<string>();
  let counted = 0;
  merge: while (counted < limit) {
    let best: Item | undefined;
    for (let i = 0; i < terms.length; i++) {
      const p = pages[i];
      // Skip items already emitted through another term.
      while (p && pos[i] < p.items.length && emitted.has(p.items[pos[i]].key)) pos[i]++;
      const head = p && pos[i] < p.items.length ? p.items[pos[i]] : undefined;
      if (countVisibleOnly && p && !head && !p.exhausted) break merge;
      if (head && (!best || order(head, best) < 0)) best = head;
    }
    if (!best) break;
    out.push(best);
    emitted.add(best.key);
    if (!countVisibleOnly || best.visible) counted++;
  }
  // Advance every term past what it contributed (including duplicates of emitted items).
  const settle = (kept: Item[]): MergeResult<S> => {
    const seen = new Set(kept.map((i) => i.key));
    const states: TermCursor<S>[] = [];
    let hasMore = false;
    for (let i = 0; i < terms.length; i++) {
      const p = pages[i];
      if (!p) {
        states.push(cursors[i]);
        continue;
      }
      let consumed = 0;
      while (consumed < p.items.length && seen.has(p.items[consumed].key)) consumed++;
      const rest = p.items.length - consumed;
      const done = p.exhausted && rest === 0;
      if (!done) hasMore = true;
      states.push(done ? { done: true } : { s: consumed > 0 ? p.after(p.items[consumed - 1]) : cursors[i].s });
    }
    return { items: kept, states, hasMore, totals: pages.map((p) => p?.total), cut: (n) => settle(kept.slice(0, n)) };
  };
  return settle(out);
}

/** Two merges in a row (a refill round after a thinned page) as one. */
function chain<S>(a: MergeResult<S>, b: MergeResult<S>): MergeResult<S> {
  return {
    items: [...a.items, ...b.items],
    states: b.states,
    hasMore: b.hasMore,
    totals: a.totals,
    cut: (n) => (n <= a.items.length ? a.cut(n) : chain(a, b.cut(n - a.items.length))),
  };
}

function toItems(session: AccountSession, r: Api.messages.TypeMessages, range: DateRange, book: PeerBook, accept?: (chatId: string, peer: Api.TypePeer, chat: Api.TypeUser | Api.TypeChat | undefined) => boolean) {
  if (r instanceof Api.messages.MessagesNotModified) return { items: [] as Item[], raw: 0, total: r.count, belowMin: false };
  session.peers.rememberFrom(r);
  const idx = EntityIndex.from(r);
  const items: Item[] = [];
  let belowMin = false;
  for (const m of r.messages) {
    if (m instanceof Api.MessageEmpty) continue;
    if (range.min !== undefined && m.date < range.min) {
      belowMin = true;
      continue;
    }
    // Filtered items still count as seen: the cursor moves past them.
    const shape = messageShape(m, idx, book)!;
    // The shape's chat_id is the marked id (a number where it is exact): no second conversion.
    const chatId = String(shape.chat_id);
    const visible = inRange(m.date, range) && (!accept || accept(chatId, m.peerId, idx.get(chatId)));
    const item: Item = { shape, key: `${chatId}:${m.id}`, date: m.date, chatId, id: m.id, visible };
    items.push(item);
  }
  const total = r instanceof Api.messages.MessagesSlice || r instanceof Api.messages.ChannelMessages ? r.count : r.messages.length;
  return { items, raw: r.messages.length, total, belowMin };
}

// ------------------------------------------------------------------- search in a chat

export interface ChatSearchParams {
  chat_id: string | number;
  query?: string;
  limit: number;
  min_date?: string;
  max_date?: string;
  cursor?: string;
  from_user?: string | number;
  thread_id?: number;
  around_message_id?: number;
  context?: number;
  media_type?: MediaType;
}

export type { SearchResult } from "./shape-schemas.js";

type ChatState = { o: number };

export async function searchInChat(session: AccountSession, p: ChatSearchParams, opts: ListOptions = {}): Promise<SearchResult> {
  if (p.around_message_id !== undefined) return contextAround(session, p, opts);
  const terms = splitTerms(p.query);
  const range = parseDateRange(p.min_date, p.max_date);
  const termList = terms.length ? terms : [""];
  const peer = await resolvePeer(session, p.chat_id, opts);
  if (p.thread_id !== undefined && !terms.length && p.from_user === undefined && !p.media_type) return threadHistory(session, peer, p, range, opts);
  const x = await searchScope(session, peer, p, opts);
  // Bound to the resolved chat, so "@alice", "alice" and her numeric id share cursors.
  const fingerprint = { chat: peer.markedId, terms: terms.map((t) => t.toLowerCase()), min: range.min, max: range.max, ...x.fingerprint };
  const cursors: TermCursor<ChatState>[] = p.cursor ? unpackStates<ChatState>(p.cursor, "chat", fingerprint, STATE_KEYS.chat, termList.length) : termList.map(() => ({}));
  const perTerm = Math.min(p.limit, MAX_PAGE);
  const dates = telegramDateParams(range);
  const book = peerBookFor(session);

  const merged = await mergePages<ChatState>(
    termList,
    cursors,
    p.limit,
    async (term, state) => {
      const r = await session.invoke(
        new Api.messages.Search({
          peer: x.peer,
          q: term,
          fromId: x.fromId,
          topMsgId: x.topMsgId,
          filter: x.filter,
          minDate: dates.minDate ?? 0,
          maxDate: dates.maxDate ?? 0,
          offsetId: state?.o ?? 0,
          addOffset: 0,
          limit: perTerm,
          maxId: 0,
          minId: 0,
          hash: bigInt.zero,
        }),
        opts.signal,
      );
      const { items, raw, total, belowMin } = toItems(session, r, range, book);
      return { items, exhausted: raw < perTerm || belowMin, after: (it) => ({ o: it.id }), total };
    },
    // One chat: Telegram pages by message id, newest first.
    (a, b) => b.id - a.id,
  );
  return finish(merged, { kind: "chat", fingerprint, total: termList.length === 1 ? merged.totals[0] : undefined, firstPage: !p.cursor, book, chatId: chatIdOf(session, peer), maxChars: opts.maxChars });
}

/** The chat as results name it: "me" is the account's own id once known. */
function chatIdOf(session: AccountSession, peer: ResolvedPeer): Id {
  return jsonId(peer.isSelf ? (session.knownSelfId() ?? "me") : peer.markedId);
}

interface Finish {
  kind: keyof typeof STATE_KEYS;
  fingerprint: Record<string, unknown>;
  total: number | undefined;
  firstPage: boolean;
  book: PeerBook;
  /** In-chat results: the chat of their messages. */
  chatId?: Id;
  maxChars?: number;
}

/**
 * The result of a merge. Over MAX_RESULT_CHARS it holds fewer messages (at least one) and its
 * cursor continues right after the last one shown: the cap pages, it never truncates.
 */
function finish<S>(merged: MergeResult<S>, f: Finish): SearchResult {
  const build = (m: MergeResult<S>): SearchResult => {
    const shown = m.items.filter((i) => i.visible).map((i) => i.shape);
    const res: SearchResult = { ...withPeers(shown, f.book, f.chatId), has_more: m.hasMore };
    if (m.hasMore) res.next_cursor = encodeCursor(f.kind, f.fingerprint, packStates(m.states as TermCursor<Record<string, string | number>>[], STATE_KEYS[f.kind]));
    // Telegram's count is exact only when nothing is filtered on our side.
    if (f.total !== undefined && f.firstPage) res.total_count = f.total;
    return res;
  };
  // Cut points: right after each shown message (hidden ones before it are passed over with it).
  const ends: number[] = [];
  merged.items.forEach((it, i) => {
    if (it.visible) ends.push(i + 1);
  });
  return fitted(ends.length, (k) => (k === ends.length ? build(merged) : build(merged.cut(ends[k - 1]!))), f.maxChars);
}

// ------------------------------------------- search in a chat: sender, thread, media, context


function mediaFilter(t: MediaType | undefined): Api.TypeMessagesFilter {
  switch (t) {
    case "photo":
      return new Api.InputMessagesFilterPhotos();
    case "video":
      return new Api.InputMessagesFilterVideo();
    case "document":
      return new Api.InputMessagesFilterDocument();
    case "audio":
      return new Api.InputMessagesFilterMusic();
    case "voice":
      return new Api.InputMessagesFilterVoice();
    case "link":
      return new Api.InputMessagesFilterUrl();
    default:
      return new Api.InputMessagesFilterEmpty();
  }
}

function isBroadcast(peer: ResolvedPeer): boolean {
  return peer.entity instanceof Api.Channel && !peer.entity.megagroup && !peer.entity.gigagroup;
}

/**
 * What messages.Search gets besides the words: the sender, the media filter, and the thread.
 * A post's comments live in the channel's discussion group: one GetDiscussionMessage finds the
 * group and the post's copy there, which is the thread to search.
 */
async function searchScope(session: AccountSession, peer: ResolvedPeer, p: ChatSearchParams, opts: CallOptions) {
  let fromId: Api.TypeInputPeer | undefined;
  let from: string | undefined;
  if (p.from_user !== undefined) {
    const sender = await resolvePeer(session, p.from_user, opts);
    fromId = sender.inputPeer;
    from = sender.markedId;
  }
  let target = peer.inputPeer;
  let topMsgId = p.thread_id;
  if (topMsgId !== undefined && isBroadcast(peer)) {
    const t = await commentThread(session, peer, topMsgId, opts);
    target = t.group.inputPeer;
    topMsgId = t.top;
  }
  return { peer: target, fromId, topMsgId, filter: mediaFilter(p.media_type), fingerprint: { from, thread: p.thread_id, media: p.media_type } };
}

/** The comment thread of a channel post: its discussion group and the post's copy there (one call). */
export async function commentThread(session: AccountSession, channel: ResolvedPeer, postId: number, opts: CallOptions): Promise<{ group: ResolvedPeer; top: number }> {
  const d = await session.invoke(new Api.messages.GetDiscussionMessage({ peer: channel.inputPeer, msgId: postId }), opts.signal);
  session.peers.rememberFrom(d);
  const copy = d.messages[0];
  const group = copy?.peerId ? session.peers.get(markedIdOf(copy.peerId)) : undefined;
  if (!copy || !group) throw invalidParameter(`Post ${postId} has no comment thread.`);
  return { group, top: copy.id };
}

type ThreadState = { o: number };

/** A thread's messages, newest first: a forum topic, or the comments of a post (messages.GetReplies). */
async function threadHistory(session: AccountSession, peer: ResolvedPeer, p: ChatSearchParams, range: DateRange, opts: ListOptions): Promise<SearchResult> {
  const fingerprint = { chat: peer.markedId, thread: p.thread_id, min: range.min, max: range.max };
  const cursors: TermCursor<ThreadState>[] = p.cursor ? unpackStates<ThreadState>(p.cursor, "thread", fingerprint, STATE_KEYS.thread, 1) : [{}];
  const limit = Math.min(p.limit, MAX_PAGE);
  const book = peerBookFor(session);
  const merged = await mergePages<ThreadState>(
    [""],
    cursors,
    p.limit,
    async (_term, state) => {
      const r = await session.invoke(
        new Api.messages.GetReplies({ peer: peer.inputPeer, msgId: p.thread_id!, offsetId: state?.o ?? 0, offsetDate: 0, addOffset: 0, limit, maxId: 0, minId: 0, hash: bigInt.zero }),
        opts.signal,
      );
      const { items, raw, total, belowMin } = toItems(session, r, range, book);
      return { items, exhausted: raw < limit || belowMin, after: (it) => ({ o: it.id }), total };
    },
    (a, b) => b.id - a.id,
  );
  return finish(merged, { kind: "thread", fingerprint, total: merged.totals[0], firstPage: !p.cursor, book, chatId: chatIdOf(session, peer), maxChars: opts.maxChars });
}

/** The messages around one message, `context` before and after it, in one call. */
async function contextAround(session: AccountSession, p: ChatSearchParams, opts: CallOptions): Promise<SearchResult> {
  const conflicting = (["query", "from_user", "media_type", "cursor", "min_date", "max_date"] as const).filter((k) => p[k] !== undefined && p[k] !== "");
  if (conflicting.length) throw invalidParameter(`around_message_id reads the messages around one message; it does not combine with ${conflicting.join(", ")}.`);
  const n = p.context ?? 5;
  const peer = await resolvePeer(session, p.chat_id, opts);
  // offset_id X with add_offset -(n+1): n messages newer than X, X itself, then n older.
  const page = { offsetId: p.around_message_id!, offsetDate: 0, addOffset: -(n + 1), limit: 2 * n + 1, maxId: 0, minId: 0, hash: bigInt.zero };
  const r =
    p.thread_id !== undefined
      ? await session.invoke(new Api.messages.GetReplies({ peer: peer.inputPeer, msgId: p.thread_id, ...page }), opts.signal)
      : await session.invoke(new Api.messages.GetHistory({ peer: peer.inputPeer, ...page }), opts.signal);
  // Not capped: at most 101 messages (context <= 50 each side), asked for as one piece.
  const book = peerBookFor(session);
  const { items } = toItems(session, r, {}, book);
  const shown = items.map((i) => i.shape);
  return { ...withPeers(shown, book, chatIdOf(session, peer)), has_more: false };
}

// -------------------------------------------------------------------- global search

/** private, group or channel, as the chat_type filter means them. */
function chatKind(peer: Api.TypePeer, chat: Api.TypeUser | Api.TypeChat | undefined): ChatTypeFilter {
  if (peer instanceof Api.PeerUser) return "private";
  if (peer instanceof Api.PeerChat) return "group";
  return chat instanceof Api.Channel && !chat.megagroup && !chat.gigagroup ? "channel" : chat instanceof Api.ChannelForbidden && !chat.megagroup ? "channel" : chat ? "group" : "channel";
}

export type ChatTypeFilter = "private" | "group" | "channel";

export interface GlobalSearchParams {
  query: string;
  limit: number;
  chat_type?: ChatTypeFilter;
  public?: boolean;
  min_date?: string;
  max_date?: string;
  cursor?: string;
}

type GlobalState = { r: number; p: string; i: number };

export async function searchGlobal(session: AccountSession, p: GlobalSearchParams, opts: ListOptions = {}): Promise<SearchResult> {
  const terms = splitTerms(p.query);
  if (terms.length === 0) throw invalidParameter('query is empty. Give at least one word, or several separated by commas: "deadline, meeting".');
  const range = parseDateRange(p.min_date, p.max_date);
  const fingerprint = { terms: terms.map((t) => t.toLowerCase()), type: p.chat_type, pub: p.public, min: range.min, max: range.max };
  const cursors: TermCursor<GlobalState>[] = p.cursor ? unpackStates<GlobalState>(p.cursor, "global", fingerprint, STATE_KEYS.global, terms.length) : terms.map(() => ({}));
  const perTerm = Math.min(p.limit, MAX_PAGE);
  const dates = telegramDateParams(range);

  const book = peerBookFor(session);
  const accept = (chatId: string, peer: Api.TypePeer, chat: Api.TypeUser | Api.TypeChat | undefined): boolean => {
    // The chat policy: a hidden chat's messages never come back (they still move the cursor).
    if (!session.canSee(chatId)) return false;
    const type = chatKind(peer, chat);
    if (p.chat_type && type !== p.chat_type) return false;
    // public: has a username. Never applies to private chats (seed).
    if (p.public !== undefined && type !== "private") {
      const hasUsername = !!(chat && "username" in chat && chat.username);
      if (hasUsername !== p.public) return false;
    }
    return true;
  };

  const fetchTerm = async (term: string, state: GlobalState | undefined, pageSize = perTerm): Promise<TermPage<GlobalState>> => {
      const offsetPeer = state ? (session.peers.get(state.p)?.inputPeer ?? new Api.InputPeerEmpty()) : new Api.InputPeerEmpty();
      const r = await session.invoke(
        new Api.messages.SearchGlobal({
          q: term,
          filter: new Api.InputMessagesFilterEmpty(),
          minDate: dates.minDate ?? 0,
          maxDate: dates.maxDate ?? 0,
          offsetRate: state?.r ?? 0,
          offsetPeer,
          offsetId: state?.i ?? 0,
          limit: pageSize,
          usersOnly: p.chat_type === "private" || undefined,
          groupsOnly: p.chat_type === "group" || undefined,
          broadcastsOnly: p.chat_type === "channel" || undefined,
        }),
        opts.signal,
        // Global search shows every chat: its answer is filtered by the chat policy in accept().
        { filtersResults: true },
      );
      const { items, raw, total, belowMin } = toItems(session, r, range, book, accept);
      return { items, exhausted: raw < pageSize || belowMin, after: (it) => ({ r: it.date, p: it.chatId, i: it.id }), total };
  };
  // Under a policy that hides chats, a page it thinned out is filled up from the following
  // results (full pages, a bounded number of rounds), so `limit` stays honest; the cursor
  // continues after the last item looked at, hidden ones included.
  const filtered = restrictsChats(session.policy());
  let merged = await mergePages<GlobalState>(terms, cursors, p.limit, fetchTerm, newerFirst, filtered);
  if (filtered) {
    for (let round = 0; round < MAX_REFILL_ROUNDS && merged.hasMore; round++) {
      const shown = merged.items.filter((i) => i.visible).length;
      if (shown >= p.limit) break;
      const more = await mergePages<GlobalState>(terms, merged.states, p.limit - shown, (term, state) => fetchTerm(term, state, MAX_PAGE), newerFirst, true);
      merged = chain(merged, more);
    }
  }
  return finish(merged, { kind: "global", fingerprint, total: undefined, firstPage: !p.cursor, book, maxChars: opts.maxChars });
}
