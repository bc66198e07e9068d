// Sending, editing and reading messages.
// - Sends carry a random_id: derived from idempotency_key when given (so a retried send is
//   recognised by Telegram and never posts twice), random otherwise.
// - Results are rendered from the response's own users/chats (no extra look-ups).
import { createHash, randomBytes } from "node:crypto";
import bigInt from "big-integer";
import { Api } from "telegram";
import { ToolError, invalidParameter, toToolError } from "./errors.js";
import { markedIdOf, resolvePeer, toInputUser, type ResolvedPeer } from "./entity-resolver.js";
import { formatMessage, type FormattedText, type ParseMode } from "./formatting.js";
import { EntityIndex, PeerBook, peerBookFor, entityShape, jsonId, messageShape, withPeers, type EntityShape, type MessageShape } from "./shapes.js";
import { fitted, type ListOptions } from "./result-cap.js";
import { neutralizeText } from "./untrusted-text.js";
import type { EditResult, MissingMessage, PeersShape, PhoneSendResult, SendResult } from "./shape-schemas.js";
import type { CallOptions } from "./rpc.js";
import type { AccountSession } from "./account-session.js";
import { isoDate, parseDateBound } from "./dates.js";
import { commentThread } from "./search.js";

/** What the files component (services/telegram/files) provides to send_message. */
export interface FileSender {
  /**
   * Uploads/attaches `files` (URLs, data: URIs, local paths where allowed) and sends them to `peer`
   * with `caption` (an album when several). Returns Telegram's Updates for the send, and whether
   * a caption too long for media (over 1024 characters) went as its own text message.
   * Failures are thrown as ToolError("FileError", ...).
   */
  sendFiles(req: {
    session: AccountSession;
    peer: Api.TypeInputPeer;
    files: string[];
    caption: FormattedText;
    replyToMsgId?: number;
    /** Forum topic to post into (reply_to's top_msg_id). */
    topMsgId?: number;
    /** A scheduled send: unix seconds. */
    scheduleDate?: number;
    silent?: boolean;
    /** One random_id per file, derived like text sends (idempotency). */
    randomIds: bigInt.BigInteger[];
    signal?: AbortSignal;
  }): Promise<{ updates: Api.TypeUpdates; caption_sent_separately?: boolean }>;
}

export type { SendResult } from "./shape-schemas.js";


function toInt64(buf: Buffer): bigInt.BigInteger {
  // The first 8 bytes as a signed big-endian int64. big-integer parses a decimal string with
  // the native BigInt, many times faster than its own base-16 parser.
  return bigInt(buf.readBigInt64BE(0).toString());
}

// random_ids need uniqueness, not secrecy: 8 bytes at a time from a 4 KB pool, since each
// randomBytes() call has a fixed cost far above that of its 8 bytes.
let randomPool = Buffer.alloc(0);
let randomPos = 0;
function random8(): Buffer {
  if (randomPos + 8 > randomPool.length) {
    randomPool = randomBytes(4096);
    randomPos = 0;
  }
  randomPos += 8;
  return randomPool.subarray(randomPos - 8, randomPos);
}

/** random_id for a send: deterministic from (account, idempotency_key, index), random otherwise. */
export function randomIdFor(accountId: string, idempotencyKey: string | undefined, index = 0): bigInt.BigInteger {
  if (!idempotencyKey) return toInt64(random8());
  return toInt64(createHash("sha256").update(`tgmcp:${accountId}:${idempotencyKey}:${index}`).digest());
}

/** The new/edited messages inside an Updates answer, with the entities to render them. */
export function messagesFromUpdates(u: Api.TypeUpdates): { messages: Api.TypeMessage[]; idx: { users: Api.TypeUser[]; chats: Api.TypeChat[] } } {
  const out: Api.TypeMessage[] = [];
  if (u instanceof Api.Updates || u instanceof Api.UpdatesCombined) {
    for (const x of u.updates) {
      if (
        x instanceof Api.UpdateNewMessage ||
        x instanceof Api.UpdateNewChannelMessage ||
        x instanceof Api.UpdateNewScheduledMessage ||
        x instanceof Api.UpdateEditMessage ||
        x instanceof Api.UpdateEditChannelMessage
      ) {
        out.push(x.message);
      }
    }
    return { messages: out, idx: { users: u.users, chats: u.chats } };
  }
  if (u instanceof Api.UpdateShort) {
    const x = u.update;
    if (x instanceof Api.UpdateNewMessage || x instanceof Api.UpdateEditMessage) out.push(x.message);
  }
  return { messages: out, idx: { users: [], chats: [] } };
}

/** The chat's entity shape from what we already know (cache), or one users.GetUsers for ourselves. */
async function knownChatShape(session: AccountSession, peer: ResolvedPeer, opts: CallOptions): Promise<EntityShape> {
  if (peer.entity) return entityShape(peer.entity);
  if (peer.isSelf) {
    const [me] = await session.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }), opts.signal);
    session.peers.remember([me], []);
    return entityShape(me);
  }
  const id = Number(peer.markedId);
  return { id: Number.isSafeInteger(id) ? id : peer.markedId, title: peer.markedId, type: peer.kind === "user" ? "private" : peer.kind === "chat" ? "group" : "channel" };
}

/** Sent or edited messages and the peers that name their chat (and a sender other than us). */
interface Rendered {
  messages: MessageShape[];
  book: PeerBook;
}

async function renderSent(session: AccountSession, u: Api.TypeUpdates, peer: ResolvedPeer, sent: FormattedText, replyTo: number | undefined, opts: CallOptions): Promise<Rendered> {
  const book = peerBookFor(session);
  if (u instanceof Api.UpdateShortSentMessage) {
    // Private chats may answer with this short form: no peer, no entities vectors.
    const chat = await knownChatShape(session, peer, opts);
    book.noteShape(String(chat.id), chat);
    const s: MessageShape = { id: u.id, date: isoDate(u.date), chat_id: chat.id, outgoing: true };
    const text = neutralizeText(sent.text);
    if (text) s.text = text;
    if (replyTo) s.reply_to_msg_id = replyTo;
    return { messages: [s], book };
  }
  const { messages, idx } = messagesFromUpdates(u);
  session.peers.rememberFrom(idx);
  const index = EntityIndex.from(idx);
  return { messages: messages.map((m) => messageShape(m, index, book)).filter((m): m is MessageShape => !!m), book };
}

/** One message's fields with the peers it names (send and edit results: no top-level chat_id). */
function withOwnPeers(m: MessageShape, book: PeerBook): MessageShape & { peers: PeersShape } {
  const { messages, peers } = withPeers([m], book);
  return { ...messages[0]!, peers };
}

function toSendResult(r: Rendered, format: FormattedText["mode"]): SendResult {
  const first = r.messages[0];
  if (!first) return { status: "sent", format };
  const { peers, ...msg } = withOwnPeers(first, r.book);
  return { ...msg, status: "sent", message_id: first.id, ...(r.messages.length > 1 ? { message_ids: r.messages.map((s) => s.id) } : {}), format, peers };
}

export interface SendParams {
  message: string;
  reply_to_msg_id?: number;
  parse_mode: ParseMode;
  files?: string | string[];
  idempotency_key?: string;
  thread_id?: number;
  schedule_date?: string | number;
  silent?: boolean;
}

/** schedule_date as unix seconds: a unix time, or an ISO date/datetime (UTC unless a zone is given). */
export function parseScheduleDate(v: string | number, now = Math.floor(Date.now() / 1000)): number {
  const t = typeof v === "number" || /^\d+$/.test(v.trim()) ? Number(v) : parseDateBound(v, "schedule_date", "min");
  if (!Number.isSafeInteger(t) || t <= now) throw invalidParameter(`schedule_date ${JSON.stringify(v)} is not in the future; give an ISO datetime like 2026-12-01T09:00:00Z or unix seconds.`);
  if (t > now + 365 * 86400) throw invalidParameter("schedule_date is more than 365 days ahead; Telegram schedules up to a year.");
  return t;
}

/** Where a send goes in a thread: forum topics take top_msg_id; a channel post's comments go to its discussion group. */
async function threadTarget(session: AccountSession, peer: ResolvedPeer, p: SendParams, ctx: CallOptions): Promise<{ peer: ResolvedPeer; replyTo?: number; topMsgId?: number }> {
  if (p.thread_id === undefined) return { peer, replyTo: p.reply_to_msg_id };
  const e = peer.entity;
  if (e instanceof Api.Channel && e.forum) return { peer, replyTo: p.reply_to_msg_id ?? (p.thread_id === 1 ? undefined : p.thread_id), topMsgId: p.thread_id === 1 ? undefined : p.thread_id };
  if (e instanceof Api.Channel && !e.megagroup && !e.gigagroup) {
    const t = await commentThread(session, peer, p.thread_id, ctx);
    return { peer: t.group, replyTo: p.reply_to_msg_id ?? t.top };
  }
  if (peer.kind !== "channel") throw invalidParameter("thread_id needs a forum group, a channel with comments, or a discussion group.");
  return { peer, replyTo: p.reply_to_msg_id ?? p.thread_id };
}

export interface SendContext extends CallOptions {
  accountId: string;
  files: FileSender;
}

function normalizeFiles(files: string | string[] | undefined): string[] {
  if (files === undefined) return [];
  const list = (Array.isArray(files) ? files : [files]).map((f) => f.trim()).filter(Boolean);
  if (Array.isArray(files) && files.length > 0 && list.length === 0) throw invalidParameter("files contains only empty strings.");
  if (list.length > 10) throw invalidParameter(`files has ${list.length} entries; Telegram albums hold at most 10.`);
  return list;
}

/** Sends text (or files with a caption) to an already resolved peer. */
export async function sendToPeer(session: AccountSession, peer: ResolvedPeer, p: SendParams, ctx: SendContext): Promise<SendResult> {
  const files = normalizeFiles(p.files);
  if (files.length === 0 && p.message.trim() === "") throw invalidParameter("message is empty; give the text to send (or files with an optional caption).");
  const formatted = formatMessage(p.message, p.parse_mode);
  if (files.length === 0 && formatted.text.trim() === "") throw invalidParameter("message is empty after removing the formatting markup.");
  const scheduleDate = p.schedule_date !== undefined ? parseScheduleDate(p.schedule_date) : undefined;
  // A post's comment thread moves the send to the channel's discussion group.
  const target = await threadTarget(session, peer, p, ctx);
  peer = target.peer;
  const replyTo = target.replyTo;
  const silent = p.silent || undefined;
  try {
    let updates: Api.TypeUpdates;
    let captionSeparate = false;
    if (files.length > 0) {
      const sent = await ctx.files.sendFiles({
        session,
        peer: peer.inputPeer,
        files,
        caption: formatted,
        replyToMsgId: replyTo,
        topMsgId: target.topMsgId,
        scheduleDate,
        silent,
        randomIds: files.map((_, i) => randomIdFor(ctx.accountId, p.idempotency_key, i)),
        signal: ctx.signal,
      });
      updates = sent.updates;
      captionSeparate = sent.caption_sent_separately === true;
    } else {
      updates = await session.invoke(
        new Api.messages.SendMessage({
          peer: peer.inputPeer,
          message: formatted.text,
          entities: formatted.entities.length ? formatted.entities : undefined,
          replyTo: replyTo || target.topMsgId ? new Api.InputReplyToMessage({ replyToMsgId: replyTo ?? target.topMsgId!, topMsgId: target.topMsgId }) : undefined,
          randomId: randomIdFor(ctx.accountId, p.idempotency_key),
          scheduleDate,
          silent,
        }),
        ctx.signal,
      );
    }
    const result = toSendResult(await renderSent(session, updates, peer, formatted, replyTo, ctx), formatted.mode);
    if (scheduleDate !== undefined && result.status === "sent") result.status = "scheduled";
    return captionSeparate ? { ...result, caption_sent_separately: true } : result;
  } catch (err) {
    const e = toToolError(err);
    if (e.extra.telegramError === "RANDOM_ID_DUPLICATE" && p.idempotency_key) {
      // Telegram already has a send with this key: report the earlier message instead of failing.
      return { status: "already_sent", format: formatted.mode };
    }
    // The topic stands in for the reply: name the parameter the caller gave.
    if (e.extra.telegramError === "REPLY_MESSAGE_ID_INVALID" && p.thread_id !== undefined && p.reply_to_msg_id === undefined) {
      throw new ToolError("InvalidParameter", `thread_id ${p.thread_id} is not a topic or thread of this chat (REPLY_MESSAGE_ID_INVALID).`, { telegramError: e.extra.telegramError });
    }
    throw e;
  }
}

export async function sendMessage(session: AccountSession, chatId: string | number, p: SendParams, ctx: SendContext): Promise<SendResult> {
  const peer = await resolvePeer(session, chatId, ctx);
  return sendToPeer(session, peer, p, ctx);
}

export type { EditResult } from "./shape-schemas.js";

export async function editMessage(
  session: AccountSession,
  chatId: string | number,
  p: { message_id: number; message: string; parse_mode: ParseMode },
  opts: CallOptions,
): Promise<EditResult> {
  if (p.message.trim() === "") throw invalidParameter("message is empty; give the new text.");
  const peer = await resolvePeer(session, chatId, opts);
  const formatted = formatMessage(p.message, p.parse_mode);
  const u = await session.invoke(
    new Api.messages.EditMessage({ peer: peer.inputPeer, id: p.message_id, message: formatted.text, entities: formatted.entities }),
    opts.signal,
  );
  const { messages, idx } = messagesFromUpdates(u);
  session.peers.rememberFrom(idx);
  const index = EntityIndex.from(idx);
  const book = peerBookFor(session);
  const m = messages.find((x) => x.id === p.message_id) ?? messages[0];
  let shape = m ? messageShape(m, index, book) : undefined;
  if (!shape) {
    const chat = await knownChatShape(session, peer, opts);
    book.noteShape(String(chat.id), chat);
    shape = { id: p.message_id, date: isoDate(Math.floor(Date.now() / 1000)), chat_id: chat.id, text: neutralizeText(formatted.text), outgoing: true };
  }
  const { peers, ...msg } = withOwnPeers(shape, book);
  return { ...msg, status: "edited", message_id: shape.id, format: formatted.mode, peers };
}

export type { MissingMessage } from "./shape-schemas.js";

export interface ReadMessagesResult {
  chat_id: string | number;
  messages: (MessageShape | MissingMessage)[];
  peers: PeersShape;
  remaining_ids?: number[];
}

/**
 * Reads messages by id with one Telegram call; a missing id yields an error entry in its place.
 * Over MAX_RESULT_CHARS the result holds the first messages that fit (at least one) and lists
 * the others in remaining_ids, to read in another call: nothing is dropped unsaid.
 */
export async function readMessages(session: AccountSession, chatId: string | number, ids: number[], opts: ListOptions): Promise<ReadMessagesResult> {
  const peer = await resolvePeer(session, chatId, opts);
  const wanted = [...new Set(ids)];
  const inputIds = wanted.map((id) => new Api.InputMessageID({ id }));
  // messages.GetMessages names no chat: the chat policy is checked here, and the answer is filtered below.
  if (!(peer.inputPeer instanceof Api.InputPeerChannel)) session.assertRight(peer.isSelf ? "self" : peer.markedId, "read", "messages.GetMessages");
  const r =
    peer.inputPeer instanceof Api.InputPeerChannel
      ? await session.invoke(new Api.channels.GetMessages({ channel: new Api.InputChannel({ channelId: peer.inputPeer.channelId, accessHash: peer.inputPeer.accessHash }), id: inputIds }), opts.signal)
      : await session.invoke(new Api.messages.GetMessages({ id: inputIds }), opts.signal, { filtersResults: true });
  const book = peerBookFor(session);
  if (r instanceof Api.messages.MessagesNotModified) {
    return { chat_id: jsonId(peer.isSelf ? (session.knownSelfId() ?? "me") : peer.markedId), messages: wanted.map((id) => ({ id, error: "Message not found or not accessible." })), peers: {} };
  }
  session.peers.rememberFrom(r);
  const index = EntityIndex.from(r);
  // messages.GetMessages is not scoped to a chat: keep only messages of the requested chat.
  const selfId = peer.isSelf ? (index.self()?.id.toString() ?? session.knownSelfId()) : undefined;
  const chatMarked = peer.isSelf ? selfId : peer.markedId;
  const byId = new Map<number, MessageShape>();
  for (const m of r.messages) {
    if (m instanceof Api.MessageEmpty) continue;
    if (chatMarked !== undefined && markedIdOf(m.peerId) !== chatMarked) continue;
    const s = messageShape(m, index, book);
    if (s) byId.set(m.id, s);
  }
  const all = wanted.map((id): MessageShape | MissingMessage => byId.get(id) ?? { id, error: "Message not found in this chat, deleted, or not accessible." });
  const chat = jsonId(chatMarked ?? "me");
  const build = (k: number): ReadMessagesResult => {
    const res: ReadMessagesResult = { chat_id: chat, ...withPeers(all.slice(0, k), book, chat) };
    if (k < all.length) res.remaining_ids = wanted.slice(k);
    return res;
  };
  return fitted(all.length, build, opts.maxChars);
}

export interface PhoneSendParams extends SendParams {
  phone_number: string;
  first_name: string;
  last_name: string;
  remove_if_new: boolean;
}

export type { PhoneSendResult } from "./shape-schemas.js";

/** Sends to a phone number: an existing user is used as is; otherwise the number is imported as a contact first. */
export async function sendToPhone(session: AccountSession, p: PhoneSendParams, ctx: SendContext): Promise<PhoneSendResult> {
  const digits = p.phone_number.replace(/[\s().-]/g, "");
  if (!/^\+?\d{5,15}$/.test(digits)) throw invalidParameter(`phone_number "${p.phone_number}" is not a phone number; use international format like +15551234567.`);
  const phone = digits.replace(/^\+/, "");
  let peer: ResolvedPeer | undefined;
  let wasNew = false;
  try {
    peer = await resolvePeer(session, "+" + phone, ctx);
  } catch (err) {
    if (!(err instanceof ToolError) || err.errorType !== "EntityNotFound") throw err;
  }
  // Not found, or found but not a contact: add it as a contact first (seed: auto-creates the contact).
  const isContact = peer?.entity instanceof Api.User && (peer.entity.contact || peer.entity.self);
  if (!isContact) {
    const r = await session.invoke(
      new Api.contacts.ImportContacts({
        contacts: [new Api.InputPhoneContact({ clientId: bigInt(1), phone, firstName: p.first_name, lastName: p.last_name })],
      }),
      ctx.signal,
    );
    session.peers.remember(r.users, []);
    const user = r.users.find((u): u is Api.User => u instanceof Api.User && !u.self) ?? (peer?.entity instanceof Api.User ? peer.entity : undefined);
    if (!user) {
      throw new ToolError("EntityNotFound", `No Telegram account uses the phone number ${p.phone_number}, or its privacy settings hide it.`);
    }
    wasNew = r.imported.length > 0;
    peer = { kind: "user", markedId: user.id.toString(), inputPeer: new Api.InputPeerUser({ userId: user.id, accessHash: user.accessHash ?? bigInt.zero }), entity: user };
  }
  const target: ResolvedPeer = peer!;
  const sent = await sendToPeer(session, target, p, ctx);
  let removed = false;
  if (p.remove_if_new && wasNew) {
    await session.invoke(new Api.contacts.DeleteContacts({ id: [toInputUser(target)] }), ctx.signal);
    removed = true;
  }
  return { ...sent, phone_number: p.phone_number, contact_was_new: wasNew, contact_removed: removed };
}
