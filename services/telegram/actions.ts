// Actions on existing messages: forward, react, pin, delete. One Telegram call each after the
// (cached) chat resolution; delete_messages first reads the messages (see deleteMessages).
import { Api } from "telegram";
import { ToolError, invalidParameter, toToolError } from "./errors.js";
import { markedIdOf, resolvePeer, toInputChannel, type ResolvedPeer } from "./entity-resolver.js";
import { messagesFromUpdates, randomIdFor } from "./messaging.js";
import { EntityIndex, peerBookFor, jsonId, messageShape, reactionsShape, withPeers, type MessageShape } from "./shapes.js";
import type { CallOptions } from "./rpc.js";
import type { AccountSession } from "./account-session.js";
import type { DeleteResult, ForwardResult, NotDeleted, PinResult, ReactionResult } from "./action-schemas.js";

export type { DeleteResult, ForwardResult, PinResult, ReactionResult } from "./action-schemas.js";

/** Distinct ids, ascending: Telegram forwards in the order given, and albums need their parts adjacent. */
function distinctAscending(ids: readonly number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** The marked id of a resolved chat, as a JSON id (Saved Messages: our own id when known). */
function chatIdOf(session: AccountSession, peer: ResolvedPeer): number | string {
  if (peer.isSelf) return jsonId(session.knownSelfId() ?? "me");
  return jsonId(peer.markedId);
}

/** Telegram errors of these actions, said for this tool; everything else as toToolError says. */
function actionError(err: unknown, what: { messageIds: readonly number[]; chat: string | number; target?: string | number }): ToolError {
  const e = toToolError(err);
  const tg = e.extra.telegramError;
  const ids = what.messageIds.join(", ");
  const target = what.target ?? what.chat;
  const invalid = (msg: string) => new ToolError("InvalidParameter", `${msg} (${tg})`, { telegramError: tg });
  switch (tg) {
    case "MESSAGE_ID_INVALID":
    case "MSG_ID_INVALID":
      return invalid(`${what.messageIds.length > 1 ? "One of messages" : "Message"} ${ids} does not exist in chat ${what.chat}, or is a service message.`);
    case "CHAT_ADMIN_REQUIRED":
      return invalid(`This needs admin rights in chat ${target}.`);
    case "CHAT_WRITE_FORBIDDEN":
      return invalid(`You cannot write in chat ${target}.`);
    case "CHAT_FORWARDS_RESTRICTED":
      return invalid(`Chat ${what.chat} does not allow forwarding its messages (protected content).`);
    case "MESSAGE_DELETE_FORBIDDEN":
      return invalid(`You may not delete message ${ids} in chat ${what.chat}.`);
    case "REACTIONS_TOO_MANY":
      return invalid("You have as many reactions on this message as Telegram allows; remove one first (reaction null).");
    case "RANDOM_ID_INVALID":
      return invalid("message_ids is empty or too long.");
    default:
      return e;
  }
}

export interface ForwardParams {
  from_chat_id: string | number;
  message_ids: number[];
  to_chat_id: string | number;
  drop_author: boolean;
  idempotency_key?: string;
}

/**
 * Forwards exactly the given messages (Telegram's semantics: parts of an album not named are not
 * added). Those of one album stay one album in the target: Telegram gives them a new common
 * grouped_id. idempotency_key -> random_ids as for sends, in their own namespace.
 */
export async function forwardMessages(session: AccountSession, p: ForwardParams, ctx: CallOptions & { accountId: string }): Promise<ForwardResult> {
  const ids = distinctAscending(p.message_ids);
  const from = await resolvePeer(session, p.from_chat_id, ctx);
  const to = await resolvePeer(session, p.to_chat_id, ctx);
  const key = p.idempotency_key ? `forward:${p.idempotency_key}` : undefined;
  let updates: Api.TypeUpdates;
  try {
    updates = await session.invoke(
      new Api.messages.ForwardMessages({
        fromPeer: from.inputPeer,
        toPeer: to.inputPeer,
        id: ids,
        randomId: ids.map((_, i) => randomIdFor(ctx.accountId, key, i)),
        dropAuthor: p.drop_author || undefined,
      }),
      ctx.signal,
    );
  } catch (err) {
    const e = actionError(err, { messageIds: ids, chat: p.from_chat_id, target: p.to_chat_id });
    if (e.extra.telegramError === "RANDOM_ID_DUPLICATE" && key) return { status: "already_forwarded", messages: [], message_ids: [] };
    throw e;
  }
  const { messages, idx } = messagesFromUpdates(updates);
  session.peers.rememberFrom(idx);
  const index = EntityIndex.from(idx);
  const book = peerBookFor(session);
  const shapes = messages
    .map((m) => messageShape(m, index, book))
    .filter((m): m is MessageShape => !!m)
    .sort((a, b) => a.id - b.id);
  // All in the target chat: named once, at the top.
  const { chat_id, messages: list, peers } = withPeers(shapes, book, jsonId(to.isSelf ? (session.knownSelfId() ?? "me") : to.markedId));
  return { status: "forwarded", chat_id, messages: list, message_ids: shapes.map((m) => m.id), peers };
}

/** What a chat allows, for the error of a refused reaction; undefined when unknown. */
async function allowedReactions(session: AccountSession, peer: ResolvedPeer, opts: CallOptions): Promise<string | undefined> {
  let available: Api.TypeChatReactions | undefined;
  if (peer.kind === "channel") {
    available = (await session.invoke(new Api.channels.GetFullChannel({ channel: toInputChannel(peer) }), opts.signal)).fullChat.availableReactions;
  } else if (peer.kind === "chat" && peer.inputPeer instanceof Api.InputPeerChat) {
    available = (await session.invoke(new Api.messages.GetFullChat({ chatId: peer.inputPeer.chatId }), opts.signal)).fullChat.availableReactions;
  } else {
    return "any standard Telegram reaction emoji";
  }
  if (available instanceof Api.ChatReactionsNone || !available) return "none: reactions are off in this chat";
  if (available instanceof Api.ChatReactionsAll) return "any standard Telegram reaction emoji";
  const list = available.reactions.map((r) => (r instanceof Api.ReactionEmoji ? r.emoticon : undefined)).filter(Boolean);
  return list.length ? list.join(" ") : "none: reactions are off in this chat";
}

/** Sets our reaction on a message (one emoji), or removes it (null). */
export async function sendReaction(session: AccountSession, chatId: string | number, p: { message_id: number; reaction: string | null }, opts: CallOptions): Promise<ReactionResult> {
  const emoji = p.reaction === null ? undefined : p.reaction.trim();
  if (emoji === "") throw invalidParameter('reaction is empty; give one emoji such as "👍", or null to remove yours.');
  const peer = await resolvePeer(session, chatId, opts);
  let updates: Api.TypeUpdates;
  try {
    updates = await session.invoke(
      new Api.messages.SendReaction({ peer: peer.inputPeer, msgId: p.message_id, reaction: emoji ? [new Api.ReactionEmoji({ emoticon: emoji })] : undefined }),
      opts.signal,
    );
  } catch (err) {
    const e = actionError(err, { messageIds: [p.message_id], chat: chatId });
    if (e.extra.telegramError !== "REACTION_INVALID") throw e;
    // One more call, on this error path only: the model can retry with an allowed emoji.
    const allowed = await allowedReactions(session, peer, opts).catch(() => undefined);
    throw new ToolError("InvalidParameter", `Reaction "${emoji}" is not allowed in chat ${chatId}${allowed ? `; allowed: ${allowed}` : ""}. (REACTION_INVALID)`, { telegramError: "REACTION_INVALID" });
  }
  let shaped: ReturnType<typeof reactionsShape> | undefined;
  if (updates instanceof Api.Updates || updates instanceof Api.UpdatesCombined) {
    session.peers.rememberFrom(updates);
    for (const u of updates.updates) if (u instanceof Api.UpdateMessageReactions && u.msgId === p.message_id) shaped = reactionsShape(u.reactions);
  }
  // Telegram answers with the message's new reactions; without them, what it accepted is what we asked.
  const ours = shaped ? (shaped.my_reaction ?? null) : (emoji ?? null);
  return { chat_id: chatIdOf(session, peer), message_id: p.message_id, reaction: ours, reactions: shaped?.reactions ?? {} };
}

/** Pins (or unpins) a message; silent pins notify nobody. */
export async function pinMessage(session: AccountSession, chatId: string | number, p: { message_id: number; unpin: boolean; silent: boolean }, opts: CallOptions): Promise<PinResult> {
  const peer = await resolvePeer(session, chatId, opts);
  try {
    const u = await session.invoke(new Api.messages.UpdatePinnedMessage({ peer: peer.inputPeer, id: p.message_id, unpin: p.unpin || undefined, silent: p.silent || undefined }), opts.signal);
    if (u instanceof Api.Updates || u instanceof Api.UpdatesCombined) session.peers.rememberFrom(u);
  } catch (err) {
    throw actionError(err, { messageIds: [p.message_id], chat: chatId });
  }
  return { chat_id: chatIdOf(session, peer), message_id: p.message_id, pinned: !p.unpin };
}

/** Whether this account may delete other people's messages (and service messages) in the chat. */
function canDeleteAny(entity: Api.TypeUser | Api.TypeChat | undefined): boolean {
  if (entity instanceof Api.Channel || entity instanceof Api.Chat) return !!entity.creator || !!entity.adminRights?.deleteMessages;
  return false;
}

/**
 * Deletes messages of one chat and says which could not be deleted and why. messages.deleteMessages
 * takes ids of any private chat or basic group at once, so the ids are first read (one
 * GetMessages): only those in this chat are deleted, and each refusal gets its reason, since
 * Telegram refuses the whole call when one id may not be deleted. Then one delete call.
 */
export async function deleteMessages(session: AccountSession, chatId: string | number, p: { message_ids: number[]; for_everyone: boolean }, opts: CallOptions): Promise<DeleteResult> {
  const ids = distinctAscending(p.message_ids);
  const peer = await resolvePeer(session, chatId, opts);
  const channel = peer.inputPeer instanceof Api.InputPeerChannel ? toInputChannel(peer) : undefined;
  const inputIds = ids.map((id) => new Api.InputMessageID({ id }));
  // messages.GetMessages and messages.DeleteMessages name no chat: the chat policy is checked
  // here (deleting needs the write right), and only this chat's ids are deleted below.
  if (!channel) session.assertRight(peer.isSelf ? "self" : peer.markedId, "write", "messages.DeleteMessages");
  let r: Api.messages.TypeMessages;
  try {
    r = channel
      ? await session.invoke(new Api.channels.GetMessages({ channel, id: inputIds }), opts.signal)
      : await session.invoke(new Api.messages.GetMessages({ id: inputIds }), opts.signal, { filtersResults: true });
  } catch (err) {
    throw actionError(err, { messageIds: ids, chat: chatId });
  }
  const found = new Map<number, Api.Message | Api.MessageService>();
  let entity: Api.TypeUser | Api.TypeChat | undefined = peer.entity;
  if (!(r instanceof Api.messages.MessagesNotModified)) {
    session.peers.rememberFrom(r);
    const index = EntityIndex.from(r);
    const chatMarked = peer.isSelf ? (index.self()?.id.toString() ?? session.knownSelfId()) : peer.markedId;
    entity = (chatMarked && index.get(chatMarked)) || entity;
    for (const m of r.messages) {
      if (m instanceof Api.MessageEmpty || markedIdOf(m.peerId) !== chatMarked) continue;
      found.set(m.id, m);
    }
  }
  const forEveryone = channel ? true : p.for_everyone;
  const admin = canDeleteAny(entity);
  const deletable: number[] = [];
  const notDeleted: NotDeleted[] = [];
  for (const id of ids) {
    const m = found.get(id);
    if (!m) {
      notDeleted.push({ id, reason: "not_found", error: "No such message in this chat (or already deleted)." });
      continue;
    }
    // Private chats: any message, for both sides. Groups and channels: one's own, or any as an admin;
    // a basic group also lets anyone delete any message for themselves only.
    const allowed = peer.kind === "user" || (peer.kind === "chat" && !forEveryone) || admin || (m.out && m instanceof Api.Message);
    if (allowed) deletable.push(id);
    else notDeleted.push({ id, reason: "not_allowed", error: m instanceof Api.MessageService ? "A service message: only admins may delete it." : "Not your message, and you lack the admin right to delete others' messages." });
  }
  if (deletable.length) {
    try {
      if (channel) await session.invoke(new Api.channels.DeleteMessages({ channel, id: deletable }), opts.signal);
      else await session.invoke(new Api.messages.DeleteMessages({ id: deletable, revoke: forEveryone || undefined }), opts.signal, { filtersResults: true });
    } catch (err) {
      const e = actionError(err, { messageIds: deletable, chat: chatId });
      if (e.errorType !== "InvalidParameter") throw e;
      // Telegram refuses the whole call (e.g. a message too old to delete for everyone): nothing was deleted.
      for (const id of deletable) notDeleted.push({ id, reason: "refused", error: e.message });
      deletable.length = 0;
    }
  }
  return { chat_id: chatIdOf(session, peer), deleted: deletable, not_deleted: notDeleted.sort((a, b) => a.id - b.id), for_everyone: forEveryone };
}
