// Uniform entity and message shapes (seeds: "Uniform Entity Schema", "Uniform Message Schema").
// Built only from the users/chats vectors that come back with each response: never a
// per-message look-up. access_hash never leaves the server; ids beyond 2^53 travel as strings.
// `id` of an entity is its marked id, so it can be passed back as chat_id to every tool.
import { Api } from "telegram";
import { isoDate } from "./dates.js";
import { markedIdOf } from "./entity-resolver.js";
import { neutralizeText } from "./untrusted-text.js";

// The shapes' types come from their schemas (shape-schemas.ts), which are also the tools' output schemas.
export type { EntityShape, ForwardShape, Id, MediaShape, MessageShape, PollShape, ReactionShape } from "./shape-schemas.js";
import type { EntityShape, ForwardShape, Id, MediaShape, MessageShape, PollShape, ReactionShape } from "./shape-schemas.js";

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

function peerPlaceholder(p: Api.TypePeer): EntityShape {
  const id = jsonId(markedIdOf(p));
  return { id, title: String(id), type: p instanceof Api.PeerUser ? "private" : p instanceof Api.PeerChat ? "group" : "channel" };
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

export function reactionsShape(r: Api.TypeMessageReactions | undefined): ReactionShape[] | undefined {
  if (!(r instanceof Api.MessageReactions) || !r.results.length) return undefined;
  return r.results.map((c) => {
    const s: ReactionShape = { count: c.count };
    if (c.reaction instanceof Api.ReactionEmoji) s.emoji = c.reaction.emoticon;
    else if (c.reaction instanceof Api.ReactionCustomEmoji) s.custom_emoji_id = c.reaction.documentId.toString();
    else if (c.reaction instanceof Api.ReactionPaid) s.paid = true;
    if (c.chosenOrder != null) s.chosen = true;
    return s;
  });
}

function messageLink(chat: Api.TypeUser | Api.TypeChat | undefined, id: number): string | undefined {
  if (chat instanceof Api.Channel) {
    const username = chat.username ?? chat.usernames?.find((u) => u.active)?.username;
    return username ? `https://t.me/${username}/${id}` : `https://t.me/c/${chat.id.toString()}/${id}`;
  }
  return undefined;
}

function shapeOf(idx: EntityIndex, p: Api.TypePeer): EntityShape {
  const e = idx.peer(p);
  return e ? entityShape(e) : peerPlaceholder(p);
}

/** This account as a sender: from the response's users, else its known id, else "me" (a valid chat_id). */
function selfShape(idx: EntityIndex, selfId: string | undefined): EntityShape {
  const e = idx.self() ?? (selfId ? idx.get(selfId) : undefined);
  if (e) return entityShape(e);
  const id = selfId ? jsonId(selfId) : "me";
  return { id, title: String(id), type: "private", is_self: true };
}

/** Renders one message with the entities of its response; selfId (the account's, when known) names our own sends. */
export function messageShape(m: Api.TypeMessage, idx: EntityIndex, selfId?: string): MessageShape | undefined {
  if (m instanceof Api.MessageEmpty) return undefined;
  const chatEntity = idx.peer(m.peerId);
  const s: MessageShape = {
    id: m.id,
    date: isoDate(m.date),
    chat: shapeOf(idx, m.peerId),
    text: "",
    sender: shapeOf(idx, m.fromId ?? m.peerId),
    outgoing: !!m.out,
  };
  const link = messageLink(chatEntity, m.id);
  if (link) s.link = link;
  // Every message says who wrote it. from_id when Telegram sets it; without it, a private chat's
  // message is the peer's, or ours when outgoing, and a channel post is the channel's (set above).
  if (!m.fromId && m.out && !(m.peerId instanceof Api.PeerChannel)) s.sender = selfShape(idx, selfId);
  if (m.replyTo instanceof Api.MessageReplyHeader) threadFields(s, m.replyTo);
  if (m.pinned) s.pinned = true;

  if (m instanceof Api.MessageService) {
    s.service = true;
    s.text = `[Service: ${m.action.className.replace(/^MessageAction/, "")}]`;
    return s;
  }
  s.text = neutralizeText(m.message ?? "");
  const media = mediaShape(m.media);
  if (media) s.media = media;
  const poll = pollShape(m.media);
  if (poll) s.poll = poll;
  if (m.replies?.comments && m.replies.replies > 0) s.comments = m.replies.replies;
  if (m.fwdFrom) {
    const f = m.fwdFrom;
    const fwd: ForwardShape = f.fromId ? { ...pickForward(shapeOf(idx, f.fromId)) } : { title: f.fromName ? neutralizeText(f.fromName) : "Hidden sender" };
    fwd.date = isoDate(f.date);
    s.forwarded_from = fwd;
  }
  if (m.editDate) s.edit_date = isoDate(m.editDate);
  if (m.views != null) s.views = m.views;
  if (m.forwards != null) s.forwards = m.forwards;
  const reactions = reactionsShape(m.reactions);
  if (reactions) s.reactions = reactions;
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

function pickForward(e: EntityShape): ForwardShape {
  const f: ForwardShape = { id: e.id, title: e.title, type: e.type };
  if (e.username) f.username = e.username;
  return f;
}

/** All messages of a messages.Messages-like response, in response order. */
export function messagesShape(r: { messages: Api.TypeMessage[]; users?: Api.TypeUser[]; chats?: Api.TypeChat[] }, selfId?: string): MessageShape[] {
  const idx = EntityIndex.from(r);
  const out: MessageShape[] = [];
  for (const m of r.messages) {
    const s = messageShape(m, idx, selfId);
    if (s) out.push(s);
  }
  return out;
}
