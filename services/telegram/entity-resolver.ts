// chat_id resolution: every form a tool accepts becomes an InputPeer, with a per-session cache
// so a repeated chat_id costs no RPC. Entities seen in any response (users/chats vectors) are
// remembered too, so numeric ids of chats the account has seen resolve without a call.
// The MTProto bridge reuses resolveInput() to turn the same forms into InputPeer/InputUser/InputChannel.
import bigInt from "big-integer";
import { Api } from "telegram";
import type { AccountSession } from "./account-session.js";
import { ToolError, entityNotFound, invalidParameter, toToolError } from "./errors.js";
import type { CallOptions } from "./rpc.js";
import { CHAT_ID_FORMS } from "./chat-id-forms.js";
import { PeerMap } from "./peer-map.js";

/** What resolution needs of an AccountSession: its calls and its peer cache. */
export type PeerSession = Pick<AccountSession, "invoke" | "peers">;


const CHANNEL_MARK = bigInt("1000000000000");

export type ParsedChatId =
  | { kind: "self" }
  | { kind: "username"; username: string; messageId?: number }
  | { kind: "user"; id: string }
  | { kind: "chat"; id: string }
  | { kind: "channel"; id: string; messageId?: number }
  | { kind: "phone"; phone: string }
  | { kind: "invite"; hash: string };

const USERNAME = /^[A-Za-z][A-Za-z0-9_]{2,31}$/;
const LINK = /^(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)\/(.+)$/i;

function bad(input: string): ToolError {
  return invalidParameter(`chat_id "${input}" is not a form this server understands. Accepted: ${CHAT_ID_FORMS}.`);
}

/** Parses a chat_id into its form, without any network access. */
export function parseChatId(raw: string | number): ParsedChatId {
  const input = String(raw).trim();
  if (input === "") throw bad(String(raw));
  const lower = input.toLowerCase();
  if (lower === "me" || lower === "self") return { kind: "self" };
  if (/^\+[\d\s().-]{5,}$/.test(input)) {
    const digits = input.replace(/\D/g, "");
    if (digits.length < 5 || digits.length > 15) throw bad(input);
    return { kind: "phone", phone: digits };
  }
  if (/^-100\d{1,16}$/.test(input)) return { kind: "channel", id: stripZeros(input.slice(4)) };
  if (/^-\d{1,16}$/.test(input)) return { kind: "chat", id: stripZeros(input.slice(1)) };
  if (/^\d{1,16}$/.test(input)) {
    if (/^0+$/.test(input)) throw bad(input);
    return { kind: "user", id: stripZeros(input) };
  }
  const link = LINK.exec(input);
  if (link) return parseLinkPath(link[1], input);
  if (lower.startsWith("tg://")) return parseTgUrl(input);
  const name = input.startsWith("@") ? input.slice(1) : input;
  if (USERNAME.test(name)) return { kind: "username", username: name.toLowerCase() };
  throw bad(input);
}

function stripZeros(s: string): string {
  return s.replace(/^0+(?=\d)/, "");
}

function parseLinkPath(path: string, input: string): ParsedChatId {
  const clean = path.split(/[?#]/)[0].replace(/\/+$/, "");
  const parts = clean.split("/");
  const msg = (s: string | undefined) => (s && /^\d+$/.test(s) ? Number(s) : undefined);
  if (parts[0] === "c" && parts[1] && /^\d+$/.test(parts[1])) return { kind: "channel", id: stripZeros(parts[1]), messageId: msg(parts[2]) };
  if (parts[0].startsWith("+") && parts[0].length > 1) {
    const rest = parts[0].slice(1);
    if (/^\d{5,15}$/.test(rest)) return { kind: "phone", phone: rest };
    return { kind: "invite", hash: rest };
  }
  if (parts[0] === "joinchat" && parts[1]) return { kind: "invite", hash: parts[1] };
  const name = parts[0] === "s" ? parts[1] : parts[0];
  if (name && USERNAME.test(name)) return { kind: "username", username: name.toLowerCase(), messageId: msg(parts[0] === "s" ? parts[2] : parts[1]) };
  throw bad(input);
}

function parseTgUrl(input: string): ParsedChatId {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw bad(input);
  }
  const q = url.searchParams;
  const host = url.hostname || url.pathname.replace(/^\/+/, "");
  if (host === "resolve" && q.get("domain") && USERNAME.test(q.get("domain")!)) return { kind: "username", username: q.get("domain")!.toLowerCase() };
  if (host === "user" && /^\d+$/.test(q.get("id") ?? "")) return { kind: "user", id: q.get("id")! };
  if (host === "openmessage" && /^\d+$/.test(q.get("user_id") ?? "")) return { kind: "user", id: q.get("user_id")! };
  if (host === "privatepost" && /^\d+$/.test(q.get("channel") ?? "")) return { kind: "channel", id: q.get("channel")! };
  if (host === "join" && q.get("invite")) return { kind: "invite", hash: q.get("invite")! };
  throw bad(input);
}

// ------------------------------------------------------------------------------ resolution

export type PeerKind = "user" | "chat" | "channel";

export interface ResolvedPeer {
  kind: PeerKind;
  /** Marked id (users > 0, basic groups -id, channels -100id) as a decimal string; "self" before the id is known. */
  markedId: string;
  inputPeer: Api.TypeInputPeer;
  isSelf?: boolean;
  /** The full entity when a response carried it. */
  entity?: Api.User | Api.Chat | Api.Channel | Api.ChatForbidden | Api.ChannelForbidden;
}

const MAX_CACHED = 5000;

/**
 * One account session's peer cache (AccountSession.peers): chat_id forms and marked ids it has
 * resolved or seen in a response. Services fill it explicitly with remember() for the
 * users/chats of the responses they render. Bounded (LRU per map, peer-map.ts).
 */
export class PeerCache {
  /** chat_id cache key -> peer */
  readonly byKey = new PeerMap(MAX_CACHED);
  /** marked id -> peer (from every response's users/chats) */
  readonly byId = new PeerMap(MAX_CACHED);
  /** Whether the account's dialogs were looked over already (the last resort for unknown ids). */
  dialogsScanned = false;

  /**
   * `fallback` looks a marked id up in gramjs's own cache (gramjs-adapter.ts), for ids we never saw;
   * `onSelf` hears of the account's own user when a response shows it.
   */
  constructor(
    private readonly fallback: (markedId: string) => Api.TypeInputPeer | undefined = () => undefined,
    private readonly onSelf: (me: Api.User) => void = () => {},
  ) {}

  /** Records the users/chats of a response so later chat_ids (numeric ids, usernames) resolve without an RPC. */
  remember(users: readonly Api.TypeUser[] = [], chats: readonly Api.TypeChat[] = []): void {
    for (const e of [...users, ...chats]) {
      if (e instanceof Api.User && e.min) continue;
      const p = peerFromEntity(e);
      if (!p) continue;
      this.byId.set(p.markedId, p);
      if (p.isSelf) {
        this.byKey.set("self", p);
        this.onSelf(e as Api.User);
      }
      const username = (e as { username?: string }).username;
      if (username) this.byKey.set("u:" + username.toLowerCase(), p);
    }
  }

  /** remember() for a response object carrying users/chats vectors. */
  rememberFrom(r: { users?: readonly Api.TypeUser[]; chats?: readonly Api.TypeChat[] }): void {
    this.remember(r.users ?? [], r.chats ?? []);
  }

  /** The cached peer for a marked id, if any response has shown it. */
  get(markedId: string): ResolvedPeer | undefined {
    return this.byId.get(markedId);
  }

  /** The account's own user, once a response carried it. */
  self(): ResolvedPeer | undefined {
    return this.byKey.get("self");
  }

  /** What gramjs itself cached for a marked id of the given kind. */
  fromGramjs(markedId: string, kind: PeerKind): ResolvedPeer | undefined {
    const ip = this.fallback(markedId);
    if (kind === "user" && ip instanceof Api.InputPeerUser) return { kind, markedId, inputPeer: ip };
    if (kind === "channel" && ip instanceof Api.InputPeerChannel) return { kind, markedId, inputPeer: ip };
    if (kind === "chat" && ip instanceof Api.InputPeerChat) return { kind, markedId, inputPeer: ip };
    return undefined;
  }

  /** Forgets every cached resolution (tests; account switches). */
  clear(): void {
    this.byKey.clear();
    this.byId.clear();
    this.dialogsScanned = false;
  }

  /** Caches a resolution under its chat_id key (and its marked id). */
  store(key: string, peer: ResolvedPeer): void {
    this.byKey.set(key, peer);
    if (peer.markedId !== "self") this.byId.set(peer.markedId, peer);
  }
}

/** Marked id of a Peer/InputPeer/entity. */
export function markedIdOf(x: Api.TypePeer | Api.TypeInputPeer | Api.TypeUser | Api.TypeChat): string {
  if (x instanceof Api.PeerUser || x instanceof Api.InputPeerUser) return x.userId.toString();
  if (x instanceof Api.PeerChat || x instanceof Api.InputPeerChat) return x.chatId.negate().toString();
  if (x instanceof Api.PeerChannel || x instanceof Api.InputPeerChannel) return x.channelId.add(CHANNEL_MARK).negate().toString();
  if (x instanceof Api.User || x instanceof Api.UserEmpty) return x.id.toString();
  if (x instanceof Api.Chat || x instanceof Api.ChatForbidden || x instanceof Api.ChatEmpty) return x.id.negate().toString();
  if (x instanceof Api.Channel || x instanceof Api.ChannelForbidden) return x.id.add(CHANNEL_MARK).negate().toString();
  throw new Error(`not a peer: ${x?.className}`);
}

function peerFromEntity(e: Api.TypeUser | Api.TypeChat): ResolvedPeer | undefined {
  if (e instanceof Api.User) {
    return {
      kind: "user",
      markedId: e.id.toString(),
      inputPeer: e.self ? new Api.InputPeerSelf() : new Api.InputPeerUser({ userId: e.id, accessHash: e.accessHash ?? bigInt.zero }),
      isSelf: e.self || undefined,
      entity: e,
    };
  }
  if (e instanceof Api.Chat || e instanceof Api.ChatForbidden) {
    return { kind: "chat", markedId: markedIdOf(e), inputPeer: new Api.InputPeerChat({ chatId: e.id }), entity: e };
  }
  if (e instanceof Api.Channel || e instanceof Api.ChannelForbidden) {
    // "min" channels carry no usable access hash for us; keep a previously known one.
    if (e instanceof Api.Channel && e.min) return undefined;
    return { kind: "channel", markedId: markedIdOf(e), inputPeer: new Api.InputPeerChannel({ channelId: e.id, accessHash: e.accessHash ?? bigInt.zero }), entity: e };
  }
  return undefined;
}

function keyOf(p: ParsedChatId): string {
  switch (p.kind) {
    case "self":
      return "self";
    case "username":
      return "u:" + p.username;
    case "phone":
      return "p:" + p.phone;
    case "invite":
      return "i:" + p.hash;
    case "user":
      return "id:" + p.id;
    case "chat":
      return "id:-" + p.id;
    case "channel":
      return "id:" + bigInt(p.id).add(CHANNEL_MARK).negate().toString();
  }
}

function fromResolved(session: PeerSession, peer: Api.TypePeer, users: Api.TypeUser[], chats: Api.TypeChat[]): ResolvedPeer | undefined {
  session.peers.remember(users, chats);
  return session.peers.get(markedIdOf(peer));
}

function notFound(input: string, why: string): ToolError {
  return entityNotFound(`No chat or user found for chat_id "${input}" (${why}). Accepted forms: ${CHAT_ID_FORMS}. To look a chat up by name, use find_chats first.`);
}

/**
 * Resolution only fills the peer cache; nothing of these answers reaches the caller but the one
 * chat asked for, whose own calls the chat policy then checks. So the policy lets them through
 * (services/policy/enforce.ts).
 */
const RESOLVING = { filtersResults: true } as const;

/** Looks the account's dialogs over once per session: the last resort for numeric ids never seen before. */
async function scanDialogs(session: PeerSession, opts: CallOptions): Promise<void> {
  const s = session.peers;
  if (s.dialogsScanned) return;
  let offsetDate = 0;
  let offsetId = 0;
  let offsetPeer: Api.TypeInputPeer = new Api.InputPeerEmpty();
  for (let page = 0; page < 5; page++) {
    const r: Api.messages.TypeDialogs = await session.invoke(new Api.messages.GetDialogs({ offsetDate, offsetId, offsetPeer, limit: 100, hash: bigInt.zero }), opts.signal, RESOLVING);
    if (r instanceof Api.messages.DialogsNotModified) break;
    session.peers.remember(r.users, r.chats);
    if (!(r instanceof Api.messages.DialogsSlice) || r.dialogs.length < 100) break;
    const last = r.messages.at(-1);
    const lastDialog: Api.TypeDialog | undefined = r.dialogs.at(-1);
    if (!last || !lastDialog || !("date" in last)) break;
    offsetDate = last.date;
    offsetId = last.id;
    offsetPeer = session.peers.get(markedIdOf(lastDialog.peer))?.inputPeer ?? new Api.InputPeerEmpty();
  }
  s.dialogsScanned = true;
}

async function resolveUncached(session: PeerSession, p: ParsedChatId, input: string, opts: CallOptions): Promise<ResolvedPeer> {
  const s = session.peers;
  switch (p.kind) {
    case "self":
      return { kind: "user", markedId: "self", inputPeer: new Api.InputPeerSelf(), isSelf: true };
    case "username": {
      try {
        const r = await session.invoke(new Api.contacts.ResolveUsername({ username: p.username }), opts.signal, RESOLVING);
        const peer = fromResolved(session, r.peer, r.users, r.chats);
        if (peer) return peer;
      } catch (err) {
        const e = toToolError(err);
        if (e.errorType !== "EntityNotFound") throw e;
      }
      throw notFound(input, `no user, group or channel has the username @${p.username}`);
    }
    case "phone": {
      try {
        const r = await session.invoke(new Api.contacts.ResolvePhone({ phone: p.phone }), opts.signal, RESOLVING);
        const peer = fromResolved(session, r.peer, r.users, r.chats);
        if (peer) return peer;
      } catch (err) {
        const e = toToolError(err);
        if (e.errorType !== "EntityNotFound") throw e;
      }
      throw notFound(input, "no Telegram user with that phone number is visible to this account; send_message_to_phone can add them as a contact");
    }
    case "invite": {
      let r: Api.TypeChatInvite;
      try {
        r = await session.invoke(new Api.messages.CheckChatInvite({ hash: p.hash }), opts.signal, RESOLVING);
      } catch (err) {
        const e = toToolError(err);
        if (e.errorType !== "EntityNotFound") throw e;
        throw notFound(input, "the invite link is invalid or expired");
      }
      if (r instanceof Api.ChatInviteAlready || r instanceof Api.ChatInvitePeek) {
        const peer = peerFromEntity(r.chat);
        if (peer) {
          session.peers.remember([], [r.chat]);
          return peer;
        }
      }
      throw notFound(input, "this account is not a member of the chat behind that invite link; join it first");
    }
    case "user":
    case "chat":
    case "channel": {
      const key = keyOf(p).slice(3);
      const known = s.get(key) ?? s.fromGramjs(key, p.kind);
      if (known) return known;
      if (p.kind === "chat") {
        // Basic groups need no access hash; one call confirms the group exists and fills the cache.
        try {
          const r = await session.invoke(new Api.messages.GetChats({ id: [bigInt(p.id)] }), opts.signal);
          session.peers.remember([], r.chats);
          const peer = s.byId.get(key);
          if (peer) return peer;
        } catch (err) {
          const e = toToolError(err);
          if (e.errorType !== "EntityNotFound") throw e;
        }
        throw notFound(input, "no basic group with this id is visible to this account");
      }
      await scanDialogs(session, opts);
      const found = s.byId.get(key);
      if (found) return found;
      throw notFound(
        input,
        p.kind === "user"
          ? "this account has not seen a user with this id (Telegram needs a username, phone, shared chat or contact to reach a user by id)"
          : "this account has not seen a channel or supergroup with this id",
      );
    }
  }
}

/** Resolves any accepted chat_id form to a peer; cached per session, so a repeat costs no RPC. */
export async function resolvePeer(session: PeerSession, chatId: string | number, opts: CallOptions = {}): Promise<ResolvedPeer> {
  const parsed = parseChatId(chatId);
  const s = session.peers;
  const key = keyOf(parsed);
  const hit = s.byKey.get(key) ?? (key.startsWith("id:") ? s.byId.get(key.slice(3)) : undefined);
  if (hit) return hit;
  const peer = await resolveUncached(session, parsed, String(chatId), opts);
  s.store(key, peer);
  return peer;
}

export function toInputUser(peer: ResolvedPeer, input = peer.markedId): Api.TypeInputUser {
  const ip = peer.inputPeer;
  if (ip instanceof Api.InputPeerSelf) return new Api.InputUserSelf();
  if (ip instanceof Api.InputPeerUser) return new Api.InputUser({ userId: ip.userId, accessHash: ip.accessHash });
  throw invalidParameter(`"${input}" is a ${peer.kind === "chat" ? "group" : "channel"}, but a user is needed here.`);
}

export function toInputChannel(peer: ResolvedPeer, input = peer.markedId): Api.TypeInputChannel {
  const ip = peer.inputPeer;
  if (ip instanceof Api.InputPeerChannel) return new Api.InputChannel({ channelId: ip.channelId, accessHash: ip.accessHash });
  throw invalidParameter(`"${input}" is not a channel or supergroup.`);
}

/**
 * For the MTProto bridge: turns a chat_id form into the input type a TL field expects.
 * "peer" gives an InputPeer, "user" an InputUser, "channel" an InputChannel.
 */
export async function resolveInput(
  session: PeerSession,
  value: string | number,
  want: "peer" | "user" | "channel",
  opts: CallOptions = {},
): Promise<Api.TypeInputPeer | Api.TypeInputUser | Api.TypeInputChannel> {
  const peer = await resolvePeer(session, value, opts);
  if (want === "user") return toInputUser(peer, String(value));
  if (want === "channel") return toInputChannel(peer, String(value));
  return peer.inputPeer;
}
