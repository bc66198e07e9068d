// Every chat a TL request names, as marked ids, with the right each one needs. The walk is
// explicit about what a peer is (InputPeer*, InputUser*, InputChannel*, InputDialogPeer, bare
// basic-group ids of a few messages.* methods) and goes through every other TL object and list
// of the request, so nested peers (InputReplyToMessage.replyToPeerId, a keyboard button's user,
// a privacy rule's users) are found too. The account itself is "self": always allowed.
import bigInt from "big-integer";
import { Api } from "telegram";
import type { Right } from "./chat-policy.js";

const CHANNEL_MARK = bigInt("1000000000000");

export interface RequestPeer {
  /** Marked id ("123", "-123", "-100123"), or "self" for InputPeerSelf/InputUserSelf. */
  markedId: string;
  /** Where the peer sits in the request, e.g. "toPeer", "replyTo.replyToPeerId", "id[2]". */
  path: string;
  right: Right;
}

type BigLike = { toString(): string };
const user = (id: BigLike) => id.toString();
const chat = (id: BigLike) => bigInt(id.toString()).negate().toString();
const channel = (id: BigLike) => bigInt(id.toString()).add(CHANNEL_MARK).negate().toString();

/**
 * Fields that are only read even in a write-class request (the rest of a write needs `write`).
 * Keys are gramjs field paths without list indexes; "*" matches every method.
 */
const READ_ONLY_FIELDS: Record<string, readonly string[]> = {
  // Forwarding reads the source chat and writes into the target one.
  "messages.ForwardMessages": ["fromPeer"],
  "*": [
    // A reply or quote may point into another chat (replying in another chat): that one is read.
    "replyTo.replyToPeerId",
    // The message that made a user or channel reachable (…FromMessage): its chat is only read.
    "fromMessage.peer",
  ],
};

/** messages.* methods that name a basic group by a bare id (chat_id:long, or id:Vector<long>). */
const BARE_CHAT_IDS: Record<string, string> = {
  "messages.GetChats": "id",
  "messages.GetFullChat": "chatId",
  "messages.EditChatTitle": "chatId",
  "messages.EditChatPhoto": "chatId",
  "messages.AddChatUser": "chatId",
  "messages.DeleteChatUser": "chatId",
  "messages.EditChatAdmin": "chatId",
  "messages.MigrateChat": "chatId",
  "messages.DeleteChat": "chatId",
};
/** Methods that name users by bare ids. */
const BARE_USER_IDS: Record<string, string> = {
  "contacts.EditCloseFriends": "id",
};

/**
 * Fields whose chat is neither read nor written: a pagination offset (offsetPeer) only says where
 * a list continues; the list itself is what the policy judges (unfilterable methods, filtered services).
 */
const NOT_TOUCHED = new Set(["offsetPeer"]);

// TL object fields that are gramjs bookkeeping, not request data.
const SKIP = new Set(["CONSTRUCTOR_ID", "SUBCLASS_OF_ID", "className", "classType", "originalArgs"]);

function isTl(x: unknown): x is Api.AnyRequest {
  return typeof x === "object" && x !== null && typeof (x as { CONSTRUCTOR_ID?: unknown }).CONSTRUCTOR_ID === "number";
}

/** The marked id a single TL object names, when it is a peer ("self" for the account itself). */
function peerOf(x: unknown): { id: string; inner?: unknown } | undefined {
  if (x instanceof Api.InputPeerSelf || x instanceof Api.InputUserSelf) return { id: "self" };
  if (x instanceof Api.InputPeerUser || x instanceof Api.InputUser || x instanceof Api.PeerUser) return { id: user(x.userId) };
  if (x instanceof Api.InputPeerChat || x instanceof Api.PeerChat) return { id: chat(x.chatId) };
  if (x instanceof Api.InputPeerChannel || x instanceof Api.InputChannel || x instanceof Api.PeerChannel) return { id: channel(x.channelId) };
  // Reachable through a message in another chat: the user/channel is the peer, the chat is context.
  if (x instanceof Api.InputPeerUserFromMessage || x instanceof Api.InputUserFromMessage) return { id: user(x.userId), inner: x.peer };
  if (x instanceof Api.InputPeerChannelFromMessage || x instanceof Api.InputChannelFromMessage) return { id: channel(x.channelId), inner: x.peer };
  return undefined;
}

/** The right `path` needs in a request of class `write` (read-class requests need read everywhere). */
function writeRight(method: string, path: string): Right {
  const plain = path.replace(/\[\d+\]/g, "");
  const fields = [...(READ_ONLY_FIELDS[method] ?? []), ...READ_ONLY_FIELDS["*"]!];
  return fields.some((f) => plain === f || plain.endsWith("." + f)) ? "read" : "write";
}

/**
 * Every peer of `request`. `needsWrite`: the method is of the write or dangerous class (then each
 * peer needs write, but for the read-only fields above); otherwise every peer needs read.
 */
export function requestPeers(request: Api.AnyRequest, needsWrite: boolean): RequestPeer[] {
  const method = request.className ?? "";
  const out: RequestPeer[] = [];
  const add = (markedId: string, path: string) => out.push({ markedId, path, right: needsWrite ? writeRight(method, path) : "read" });

  const walk = (x: unknown, path: string, depth: number): void => {
    if (depth > 12 || x === null || x === undefined) return;
    if (Array.isArray(x)) {
      x.forEach((v, i) => walk(v, `${path}[${i}]`, depth + 1));
      return;
    }
    if (!isTl(x)) return;
    const peer = peerOf(x);
    if (peer) {
      add(peer.id, path);
      if (peer.inner !== undefined) walk(peer.inner, `${path}.fromMessage.peer`, depth + 1);
      return;
    }
    for (const [key, value] of Object.entries(x)) {
      if (SKIP.has(key) || NOT_TOUCHED.has(key) || typeof value !== "object" || value === null) continue;
      walk(value, path ? `${path}.${key}` : key, depth + 1);
    }
  };
  walk(request, "", 0);

  const bare = (field: string | undefined, mark: (id: BigLike) => string) => {
    if (!field) return;
    const v = (request as unknown as Record<string, unknown>)[field];
    if (Array.isArray(v)) v.forEach((id, i) => add(mark(id as BigLike), `${field}[${i}]`));
    else if (v !== undefined && v !== null) add(mark(v as BigLike), field);
  };
  bare(BARE_CHAT_IDS[method], chat);
  bare(BARE_USER_IDS[method], user);
  return out;
}
