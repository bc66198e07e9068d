// Uniform entity and message shapes (seeds: "Uniform Entity Schema", "Uniform Message Schema").
// Built only from the users/chats vectors that come back with each response: never a
// per-message look-up. access_hash never leaves the server; ids beyond 2^53 travel as strings.
// `id` of an entity is its marked id, so it can be passed back as chat_id to every tool.
import { Api } from "telegram";
import { isoDate } from "./dates.js";
import { markedIdOf } from "./entity-resolver.js";
import { neutralizeText } from "./untrusted-text.js";

// The shapes' types come from their schemas (shape-schemas.ts), which are also the tools' output schemas.
export type { EntityShape, ForwardShape, Id, MediaShape, MessageShape, PeerShape, PeersShape, PollShape } from "./shape-schemas.js";
import type { EntityShape, ForwardShape, Id, MediaShape, MessageShape, PeerShape, PeersShape, PollShape } from "./shape-schemas.js";

/** A JSON-safe id: a number when it fits exactly, a decimal string beyond 2^53. */
export function jsonId(id: string | number | bigint | { toString(): string }): Id {
  const s = id.toString();
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : s;
}

function toNumber(x: unknown): number | undefined {
  if (x === undefined || x === null) return undefined;
  const n = Number(x.toString());
  return Number.isFinite(n) ? n : undefined;
}

/** The users and chats of one response, by marked id. */
export class EntityIndex {
  private readonly byId = new Map<string, Api.TypeUser | Api.TypeChat>();

  constructor(users: readonly Api.TypeUser[] = [], chats: readonly Api.TypeChat[] = []) {
    for (const e of [...users, ...chats]) {
      try {
        this.byId.set(markedIdOf(e), e);
      } catch {
        // empty entities carry nothing to show
      }
    }
  }

  /** The index of a response's users/chats (callers remember them in their session's peer cache themselves). */
  static from(r: { users?: readonly Api.TypeUser[]; chats?: readonly Api.TypeChat[] }): EntityIndex {
    return new EntityIndex(r.users ?? [], r.chats ?? []);
  }

  get(markedId: string): Api.TypeUser | Api.TypeChat | undefined {
    return this.byId.get(markedId);
  }

  peer(p: Api.TypePeer | undefined): Api.TypeUser | Api.TypeChat | undefined {
    return p ? this.byId.get(markedIdOf(p)) : undefined;
  }

  /** The account's own user, if the response carried it. */
  self(): Api.User | undefined {
    for (const e of this.byId.values()) if (e instanceof Api.User && e.self) return e;
    return undefined;
  }
}

// Names, titles, message text and file names are written by other people: neutralizeText
// (untrusted-text.ts) applies to each of them here, so every tool's output gets it.
export function entityShape(e: Api.TypeUser | Api.TypeChat): EntityShape {
  const s = rawEntityShape(e);
  s.title = neutralizeText(s.title);
  if (s.first_name) s.first_name = neutralizeText(s.first_name);
  if (s.last_name) s.last_name = neutralizeText(s.last_name);
  return s;
}

/**
 * An entity in a list (find_chats, list_chats): first_name and last_name are left out where the
 * title says them exactly: the title is the first name, or "first last" with no space in the
 * first name (so the first name is the title up to its first space). Otherwise both stay.
 */
export function listEntityShape(e: Api.TypeUser | Api.TypeChat): EntityShape {
  const s = entityShape(e);
  const first = s.first_name;
  if (first === undefined) return s;
  // The title is "first last": without a space in the first name the split is the title's first space.
  if ((s.last_name === undefined && first === s.title) || (s.last_name !== undefined && !first.includes(" ") && s.title === `${first} ${s.last_name}`)) {
    delete s.first_name;
    delete s.last_name;
  }
  return s;
}

/** A chat or sender as a message result's `peers` names it: what identifies it, flags only when true. */
export function peerShape(e: Api.TypeUser | Api.TypeChat): PeerShape {
  const full = entityShape(e);
  const p: PeerShape = { title: full.title, type: full.type };
  if (full.username) p.username = full.username;
  if (full.is_self) p.is_self = true;
  if (full.is_bot) p.is_bot = true;
  if (full.is_contact) p.is_contact = true;
  if (full.verified) p.verified = true;
  if (full.is_forum) p.is_forum = true;
  return p;
}

function rawEntityShape(e: Api.TypeUser | Api.TypeChat): EntityShape {
  const id = jsonId(markedIdOf(e));
  if (e instanceof Api.User) {
    const name = [e.firstName, e.lastName].filter(Boolean).join(" ");
    const s: EntityShape = { id, title: name || (e.username ? "@" + e.username : e.deleted ? "Deleted Account" : String(id)), type: "private" };
    const username = e.username ?? e.usernames?.find((u) => u.active)?.username;
    if (username) s.username = username;
    if (e.firstName) s.first_name = e.firstName;
    if (e.lastName) s.last_name = e.lastName;
    if (e.bot) s.is_bot = true;
    if (e.self) s.is_self = true;
    if (e.contact) s.is_contact = true;
    if (e.verified) s.verified = true;
    return s;
  }
  if (e instanceof Api.UserEmpty) return { id, title: String(id), type: "private" };
  if (e instanceof Api.Chat) {
    const s: EntityShape = { id, title: e.title, type: "group" };
    if (e.participantsCount != null) s.members_count = e.participantsCount;
    return s;
  }
  if (e instanceof Api.ChatForbidden || e instanceof Api.ChatEmpty) return { id, title: "title" in e ? e.title : String(id), type: "group" };
  if (e instanceof Api.Channel) {
    const group = !!(e.megagroup || e.gigagroup);
    const s: EntityShape = { id, title: e.title, type: group ? "group" : "channel" };
    const username = e.username ?? e.usernames?.find((u) => u.active)?.username;
    if (username) s.username = username;
    if (e.verified) s.verified = true;
    if (e.forum) s.is_forum = true;
    if (e.participantsCount != null) {
      if (group) s.members_count = e.participantsCount;
      else s.subscribers_count = e.participantsCount;
    }
    return s;
  }
  if (e instanceof Api.ChannelForbidden) return { id, title: e.title, type: e.megagroup ? "group" : "channel" };
  return { id, title: String(id), type: "private" };
}

function kindOf(p: Api.TypePeer): PeerShape["type"] {
  return p instanceof Api.PeerUser ? "private" : p instanceof Api.PeerChat ? "group" : "channel";
}

/**
 * The peers of one result: every chat and sender its messages name, by marked id, from the
 * entities of the responses it was built from (several pages or terms feed one book).
 * pick() returns only the ids the result finally names.
 */
export class PeerBook {
  private readonly byId = new Map<string, PeerShape>();
  /** Ids known only by their marked id so far: a later response's entity replaces them. */
  private readonly guessed = new Set<string>();

  /**
   * selfId: the account's id when known. known: what the session already knows of a marked id
   * (its peer cache), for ids a response carried no entity for (a send's short answer, our own chat).
   */
  constructor(
    private readonly selfId?: string,
    private readonly known?: (markedId: string) => Api.TypeUser | Api.TypeChat | undefined,
  ) {}

  /** Notes the peer of a message (its chat or sender) with the response's entity, if any. */
  note(markedId: string, p: Api.TypePeer | undefined, e: Api.TypeUser | Api.TypeChat | undefined): void {
    if (this.byId.has(markedId) && !this.guessed.has(markedId)) return;
    e ??= this.known?.(markedId);
    if (e) {
      this.byId.set(markedId, peerShape(e));
      this.guessed.delete(markedId);
    } else if (!this.byId.has(markedId)) {
      const guess: PeerShape = { title: markedId, type: p ? kindOf(p) : "private" };
      if (markedId === this.selfId) guess.is_self = true;
      this.byId.set(markedId, guess);
      this.guessed.add(markedId);
    }
  }

  /** Notes an entity shape already built (send results name the resolved chat). */
  noteShape(markedId: string, s: EntityShape): void {
    if (this.byId.has(markedId) && !this.guessed.has(markedId)) return;
    const p: PeerShape = { title: s.title, type: s.type };
    if (s.username) p.username = s.username;
    if (s.is_self) p.is_self = true;
    if (s.is_bot) p.is_bot = true;
    if (s.is_contact) p.is_contact = true;
    if (s.verified) p.verified = true;
    if (s.is_forum) p.is_forum = true;
    this.byId.set(markedId, p);
    this.guessed.delete(markedId);
  }

  /** The entries for these marked ids, in the order given. */
  pick(ids: Iterable<string>): PeersShape {
    const out: PeersShape = {};
    for (const id of ids) {
      if (id in out) continue;
      const e = this.byId.has(id) ? undefined : this.known?.(id);
      out[id] = this.byId.get(id) ?? (e ? peerShape(e) : { title: id, type: id.startsWith("-") ? "group" : "private", ...(id === this.selfId ? { is_self: true as const } : {}) });
    }
    return out;
  }
}

/** The peer book of one call: the account's id and its session's peer cache as fallbacks. */
export function peerBookFor(session: { knownSelfId(): string | undefined; peers: { get(markedId: string): { entity?: Api.TypeUser | Api.TypeChat } | undefined } }): PeerBook {
  return new PeerBook(session.knownSelfId(), (id) => session.peers.get(id)?.entity);
}

/** Ids of a result's messages may be numbers: peers is keyed by their string form. */
function key(id: Id): string {
  return String(id);
}

/**
 * A result's messages with their `peers`: each message's chat_id is left out where it is the
 * result's chat_id (copies; the messages given are not changed). chatId: the in-chat tools'
 * chat; when every message is in one other chat (a post's comments live in its discussion
 * group), that chat becomes the result's chat_id. Without chatId (global search) every message
 * keeps its own.
 */
export function withPeers<M extends object>(list: M[], book: PeerBook, chatId?: Id): { chat_id?: Id; messages: M[]; peers: PeersShape } {
  // Missing entries of read_messages ({id, error}) pass through: they name no peer.
  const messages = list as Array<M & { chat_id?: Id; from_id?: Id }>;
  let top = chatId;
  const first = messages.find((m) => m.chat_id !== undefined)?.chat_id;
  if (top !== undefined && first !== undefined && key(first) !== key(top) && messages.every((m) => m.chat_id === undefined || key(m.chat_id) === key(first))) top = first;
  const ids: string[] = [];
  if (top !== undefined) ids.push(key(top));
  const out = messages.map((m): M => {
    if (m.from_id !== undefined) ids.push(key(m.from_id));
    if (m.chat_id === undefined) return m;
    if (top === undefined || key(m.chat_id) !== key(top)) {
      ids.push(key(m.chat_id));
      return m;
    }
    const { chat_id: _same, ...rest } = m;
    return rest as M;
  });
  const peers = book.pick(ids);
  return top !== undefined ? { chat_id: top, messages: out, peers } : { messages: out, peers };
}

function mediaShape(m: Api.TypeMessageMedia | undefined): MediaShape | undefined {
  if (!m || m instanceof Api.MessageMediaEmpty) return undefined;
  if (m instanceof Api.MessageMediaPhoto) {
    const s: MediaShape = { type: "photo", mime_type: "image/jpeg" };
    if (m.photo instanceof Api.Photo) {
      let best = 0;
      for (const size of m.photo.sizes) {
        if (!(size instanceof Api.PhotoSize || size instanceof Api.PhotoSizeProgressive)) continue;
        const bytes = size instanceof Api.PhotoSize ? size.size : Math.max(...size.sizes);
        if (bytes >= best) {
          best = bytes;
          s.width = size.w;
          s.height = size.h;
        }
      }
      if (best > 0) s.approx_size_bytes = best;
    }
    return s;
  }
  if (m instanceof Api.MessageMediaDocument) {
    const d = m.document;
    const s: MediaShape = { type: "document" };
    if (d instanceof Api.Document) {
      s.mime_type = d.mimeType;
      const size = toNumber(d.size);
      if (size !== undefined) s.approx_size_bytes = size;
      for (const a of d.attributes) {
        if (a instanceof Api.DocumentAttributeFilename) s.filename = neutralizeText(a.fileName);
        else if (a instanceof Api.DocumentAttributeAudio) {
          s.type = a.voice ? "voice" : "audio";
          s.duration_seconds = a.duration;
        } else if (a instanceof Api.DocumentAttributeVideo) {
          s.type = a.roundMessage ? "round_video" : "video";
          s.duration_seconds = a.duration;
          if (a.w && a.h) [s.width, s.height] = [a.w, a.h];
        } else if (a instanceof Api.DocumentAttributeImageSize && a.w && a.h) [s.width, s.height] = [a.w, a.h]; else if (a instanceof Api.DocumentAttributeSticker) s.type = "sticker";
        else if (a instanceof Api.DocumentAttributeAnimated && s.type === "document") s.type = "animation";
      }
    }
    return s;
  }
  if (m instanceof Api.MessageMediaGeo || m instanceof Api.MessageMediaGeoLive || m instanceof Api.MessageMediaVenue) return { type: "location" };
  if (m instanceof Api.MessageMediaContact) return { type: "contact" };
  if (m instanceof Api.MessageMediaPoll) return { type: "poll" };
  if (m instanceof Api.MessageMediaWebPage) return { type: "webpage" };
  if (m instanceof Api.MessageMediaDice) return { type: "dice" };
  return { type: m.className.replace(/^MessageMedia/, "").toLowerCase() || "unknown" };
}

/** A poll's question, options and, once Telegram shows them (voted or closed), the counts. */
function pollShape(m: Api.TypeMessageMedia | undefined): PollShape | undefined {
  if (!(m instanceof Api.MessageMediaPoll)) return undefined;
  const p = m.poll;
  const s: PollShape = { question: neutralizeText(p.question.text), options: p.answers.map((a) => neutralizeText(a.text.text)), total_voters: m.results.totalVoters ?? 0 };
  const results = m.results.results;
  if (results?.length) {
    const byOption = new Map(results.map((r) => [Buffer.from(r.option).toString("hex"), r.voters]));
    s.votes = p.answers.map((a) => byOption.get(Buffer.from(a.option).toString("hex")) ?? 0);
  }
  if (p.closed) s.closed = true;
  return s;
}

/** Reactions as emoji -> count (custom:<document id> for custom emoji, paid for paid ones), and ours. */
export function reactionsShape(r: Api.TypeMessageReactions | undefined): { reactions?: Record<string, number>; my_reaction?: string } {
  if (!(r instanceof Api.MessageReactions) || !r.results.length) return {};
  const reactions: Record<string, number> = {};
  const mine: Array<[number, string]> = [];
  for (const c of r.results) {
    const k =
      c.reaction instanceof Api.ReactionEmoji ? c.reaction.emoticon : c.reaction instanceof Api.ReactionCustomEmoji ? `custom:${c.reaction.documentId.toString()}` : c.reaction instanceof Api.ReactionPaid ? "paid" : "other";
    reactions[k] = (reactions[k] ?? 0) + c.count;
    if (c.chosenOrder != null) mine.push([c.chosenOrder, k]);
  }
  const out: { reactions?: Record<string, number>; my_reaction?: string } = { reactions };
  if (mine.length) out.my_reaction = mine.sort((a, b) => a[0] - b[0]).map(([, k]) => k).join(" ");
  return out;
}

function messageLink(chat: Api.TypeUser | Api.TypeChat | undefined, id: number): string | undefined {
  if (chat instanceof Api.Channel) {
    const username = chat.username ?? chat.usernames?.find((u) => u.active)?.username;
    return username ? `https://t.me/${username}/${id}` : `https://t.me/c/${chat.id.toString()}/${id}`;
  }
  return undefined;
}

/**
 * Renders one message with the entities of its response, noting its chat and sender in `book`.
 * chat_id is always set here; withPeers() drops it where the result's chat_id says it.
 * from_id: the sender, left out when we sent it (outgoing) or the chat itself did (private
 * chats, channel posts, an anonymous group admin).
 */
export function messageShape(m: Api.TypeMessage, idx: EntityIndex, book: PeerBook): MessageShape | undefined {
  if (m instanceof Api.MessageEmpty) return undefined;
  // One big-integer conversion per peer: the marked id is the index's key too.
  const chatId = markedIdOf(m.peerId);
  const chatEntity = idx.get(chatId);
  book.note(chatId, m.peerId, chatEntity);
  const s: MessageShape = { id: m.id, date: isoDate(m.date), chat_id: jsonId(chatId) };
  if (m.out) s.outgoing = true;
  else if (m.fromId) {
    const from = markedIdOf(m.fromId);
    if (from !== chatId) {
      s.from_id = jsonId(from);
      book.note(from, m.fromId, idx.get(from));
    }
  }
  // Who, where, when, then what: the text before the details.
  if (m instanceof Api.MessageService) s.text = `[Service: ${m.action.className.replace(/^MessageAction/, "")}]`;
  else if (m.message) s.text = neutralizeText(m.message);
  const link = messageLink(chatEntity, m.id);
  if (link) s.link = link;
  if (m.replyTo instanceof Api.MessageReplyHeader) threadFields(s, m.replyTo);
  if (m.pinned) s.pinned = true;
  if (m instanceof Api.MessageService) {
    s.service = true;
    return s;
  }
  const media = mediaShape(m.media);
  if (media) s.media = media;
  const poll = pollShape(m.media);
  if (poll) s.poll = poll;
  if (m.replies?.comments && m.replies.replies > 0) s.comments = m.replies.replies;
  if (m.fwdFrom) {
    const f = m.fwdFrom;
    const e = f.fromId ? idx.peer(f.fromId) : undefined;
    const fwd: ForwardShape = f.fromId
      ? { id: jsonId(markedIdOf(f.fromId)), title: e ? entityShape(e).title : markedIdOf(f.fromId) }
      : { title: f.fromName ? neutralizeText(f.fromName) : "Hidden sender" };
    if (f.date) fwd.date = isoDate(f.date);
    s.forwarded_from = fwd;
  }
  if (m.editDate) s.edit_date = isoDate(m.editDate);
  if (m.views) s.views = m.views;
  if (m.forwards) s.forwards = m.forwards;
  const r = reactionsShape(m.reactions);
  if (r.reactions) s.reactions = r.reactions;
  if (r.my_reaction) s.my_reaction = r.my_reaction;
  if (m.groupedId) s.grouped_id = jsonId(m.groupedId);
  return s;
}

/**
 * Reply and thread ids. A forum topic message points at its topic (reply_to_msg_id is the topic
 * itself unless it answers a message in it), so it gets thread_id and no reply_to_msg_id then.
 */
function threadFields(s: MessageShape, h: Api.MessageReplyHeader): void {
  const to = h.replyToMsgId;
  if (h.forumTopic) {
    const topic = h.replyToTopId ?? to;
    if (topic) s.thread_id = topic;
    if (to && to !== topic) s.reply_to_msg_id = to;
    return;
  }
  if (to) s.reply_to_msg_id = to;
  if (h.replyToTopId && h.replyToTopId !== to) s.reply_to_top_id = h.replyToTopId;
}

/** All messages of a messages.Messages-like response, in response order, noted in `book`. */
export function messagesShape(r: { messages: Api.TypeMessage[]; users?: Api.TypeUser[]; chats?: Api.TypeChat[] }, book: PeerBook): MessageShape[] {
  const idx = EntityIndex.from(r);
  const out: MessageShape[] = [];
  for (const m of r.messages) {
    const s = messageShape(m, idx, book);
    if (s) out.push(s);
  }
  return out;
}
