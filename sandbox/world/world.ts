// The sandbox Telegram's world: users, contacts, conversations (private chats, basic groups,
// channels), messages, media, read state, per-account update state, and the search index.
// Handlers in sandbox/rpc/* read and change it; sandbox/world/to-api.ts renders it as gramjs Api
// objects for one viewer (flags, access hashes and peers depend on who is looking).
import type { Api } from "telegram";
import { hash64 } from "./prng.js";
import { SearchIndex, textMatches } from "./search-index.js";
import { CHANNEL_MARK, F_DELETED, F_FROM_SCHEDULED, F_PINNED, F_REINDEXED, MessageStore, type FwdInfo } from "./store.js";
import { apiUser } from "./to-api.js";

export { CHANNEL_MARK, type FwdInfo } from "./store.js";

export type ConvKind = "private" | "chat" | "channel";

export interface UserStatus {
  kind: "online" | "offline" | "recently" | "lastWeek" | "lastMonth";
  /** unix seconds, for "offline" */
  wasOnline?: number;
}

/** One entry of a user's update log (read by updates.GetDifference). */
export interface UpdateLogEntry {
  pts: number;
  /** read: the other side read up to maxId (outbox); readInbox: this user read; other: counted only. */
  kind: "new" | "edit" | "delete" | "read" | "readInbox" | "other";
  conv: number;
  row?: number;
  ids?: number[];
  maxId?: number;
}

export interface SUser {
  readonly id: number;
  phone: string;
  firstName: string;
  lastName: string;
  username?: string;
  bio?: string;
  bot?: boolean;
  verified?: boolean;
  status: UserStatus;
  /** Home DC when set; otherwise the sandbox derives it from the phone (99966XYYYY: DC X). */
  dcId?: number;
  /** 2FA password (checked with SRP by the auth handlers). */
  password?: { password: string; hint?: string };
  /** Contacts of this user: user id -> the names this user saved them under. */
  readonly contacts: Map<number, { firstName: string; lastName: string }>;
  /** Conversations shown in this user's dialog list. */
  readonly dialogs: Set<number>;
  /** Per-account update sequence (private chats and basic groups share it, as in Telegram). */
  pts: number;
  readonly updateLog: UpdateLogEntry[];
  /** random_id of sends -> rows created, for deduplication of retries. */
  readonly randomIds: Map<string, number[]>;
  /** Cache of the sorted dialog list, valid while world.version is unchanged. */
  dialogCache?: { version: number; list: number[] };
  /** Conversations in the archive (folder 1); the rest are in folder 0. */
  readonly archived: Set<number>;
  /** Pinned dialogs per folder (0: main list, 1: archive), in pin order. */
  readonly pinnedDialogs: [number[], number[]];
  /** Per-peer notification settings (`conv idx` or `conv idx:topic id`) and the three defaults. */
  readonly notify: Map<string, NotifySettings>;
  /** Dialog filters ("folders"), in order. */
  filters: SDialogFilter[];
  /** Drafts by `conv idx:top msg id` (0 for the chat itself). */
  readonly drafts: Map<string, SDraft>;
  /** Unread mentions (and replies to this user's messages): conv idx -> message ids. */
  readonly unreadMentions: Map<number, Set<number>>;
  /** Rows this user deleted "for me" (private chats, basic groups): gone from its view only. */
  hidden?: Set<number>;
}

export interface NotifySettings {
  muteUntil?: number;
  silent?: boolean;
  showPreviews?: boolean;
}

/** A dialog filter (folder) as Telegram defines it: flags, then explicit peers (conv idxs). */
export interface SDialogFilter {
  id: number;
  title: string;
  emoticon?: string;
  color?: number;
  contacts?: boolean;
  nonContacts?: boolean;
  groups?: boolean;
  broadcasts?: boolean;
  bots?: boolean;
  excludeMuted?: boolean;
  excludeRead?: boolean;
  excludeArchived?: boolean;
  pinned: number[];
  include: number[];
  exclude: number[];
}

export interface SDraft {
  text: string;
  date: number;
  replyTo?: number;
  topMsgId?: number;
  entities?: Api.TypeMessageEntity[];
  noWebpage?: boolean;
}

/** A forum topic of a supergroup; its id is the id of the service message that created it. */
export interface STopic {
  readonly id: number;
  title: string;
  iconColor: number;
  date: number;
  creatorId: number;
  closed: boolean;
  pinned: boolean;
}

/** A message waiting for its schedule_date (not in history until then). */
export interface SScheduled {
  readonly id: number;
  readonly date: number;
  readonly m: NewMessage;
  readonly from: number;
}

export interface SConv {
  readonly idx: number;
  readonly kind: ConvKind;
  /** Chat or channel id (bare, as in Telegram); 0 for private chats. */
  readonly id: number;
  /** Private chats: the two users (a <= b; a === b for Saved Messages). */
  readonly a: number;
  readonly b: number;
  title: string;
  username?: string;
  about: string;
  broadcast: boolean;
  megagroup: boolean;
  creatorId: number;
  readonly admins: Set<number>;
  readonly members: Set<number>;
  /** Audience beyond the modelled members (subscriber counts of big public channels). */
  extraMembers: number;
  date: number;
  /** Rows of the messages, ascending by id (so also by row). */
  rows: Int32Array;
  count: number;
  /** Channels: next message id and the channel's pts. */
  nextMsgId: number;
  pts: number;
  /** Pinned message ids. */
  readonly pinned: Set<number>;
  /** user id -> highest message id read by that user. */
  readonly readInbox: Map<number, number>;
  /** Supergroups with topics (forums): topic id -> topic. */
  forum: boolean;
  readonly topics: Map<number, STopic>;
  /** Threads (forum topics and comment threads): top message id -> rows, ascending. */
  readonly threads: Map<number, number[]>;
  /** `user:top id` -> highest id read in that thread (messages.readDiscussion). */
  readonly threadRead: Map<string, number>;
  /** Broadcast channel <-> its discussion group (conv idx), -1 when none. */
  linked: number;
  /** Reactions members may use: all, none, or these emoji. */
  reactions: "all" | "none" | string[];
  /** Protected content: its messages cannot be forwarded (CHAT_FORWARDS_RESTRICTED). */
  noforwards: boolean;
  /** Scheduled messages (own id sequence per chat). */
  readonly scheduled: SScheduled[];
  nextScheduledId: number;
}

export interface SPoll {
  question: string;
  answers: string[];
  closed?: boolean;
  multiple?: boolean;
  quiz?: boolean;
  /** Index of the right answer of a quiz. */
  correct?: number;
  /** user id -> chosen answer indexes. */
  votes: Map<number, number[]>;
}

export interface SMedia {
  readonly id: number;
  readonly kind: "photo" | "document" | "poll";
  readonly poll?: SPoll;
  readonly date: number;
  readonly size: number;
  readonly mime: string;
  readonly fileName?: string;
  readonly w?: number;
  readonly h?: number;
  /** The DC the file lives on (its uploader's home DC); 2 when unset (every seeded file). */
  readonly dcId?: number;
  /** Real bytes for uploaded files; synthetic worlds have none (bytes are generated on read). */
  readonly content?: Buffer;
}

export interface NewMessage {
  /** Author user id (0: anonymous channel post). */
  from: number;
  text: string;
  date: number;
  replyTo?: number;
  entities?: Api.TypeMessageEntity[];
  mediaId?: number;
  fwd?: FwdInfo;
  views?: number;
  groupedId?: bigint;
  pinned?: boolean;
  editDate?: number;
  /** Thread (forum topic or comment thread) this message belongs to: the top message id. */
  threadTop?: number;
  /** A service message (e.g. messageActionTopicCreate) instead of text. */
  action?: Api.TypeMessageAction;
  /** Sent by the scheduler (from_scheduled). */
  fromScheduled?: boolean;
}


export function normalizePhone(phone: string): string {
  return phone.replace(/\D/g, "");
}

export class World {
  readonly users = new Map<number, SUser>();
  readonly convs: SConv[] = [];
  readonly store = new MessageStore();
  readonly index = new SearchIndex();
  readonly media = new Map<number, SMedia>();
  /** The account the embedded demo logs in as (0 when the world has none). */
  demoAccountId = 0;
  /** Bumped on every change that affects dialog order or message lists. */
  version = 0;
  /** Secret mixed into access hashes, so hashes differ between worlds. */
  readonly secret: number;

  private readonly byPhone = new Map<string, number>();
  private readonly byUsername = new Map<string, { kind: "user" | "conv"; id: number }>();
  private readonly privateConvs = new Map<string, number>();
  private readonly chatsById = new Map<number, number>();
  private readonly channelsById = new Map<number, number>();
  /** Global message id -> row for private chats and basic groups (one shared id sequence). */
  private globalRow = new Int32Array(1024).fill(-1);
  private nextGlobalId = 1;
  private nextUserId = 7_000_000_000;
  private nextChatId = 4_000_000_000;
  private nextChannelId = 2_000_000_000;
  private nextMediaId = 1;
  /** Uploaded file parts: `${userId}:${fileId}` -> parts. */
  readonly uploads = new Map<string, { parts: Buffer[]; totalParts?: number }>();

  constructor(opts: { secret?: number } = {}) {
    this.secret = opts.secret ?? 0x5eed;
  }

  // ---------------------------------------------------------------- users

  createUser(u: {
    phone: string;
    firstName: string;
    lastName?: string;
    id?: number;
    username?: string;
    bio?: string;
    bot?: boolean;
    verified?: boolean;
    status?: UserStatus;
    dcId?: number;
  }): SUser {
    const id = u.id ?? this.nextUserId++;
    if (this.users.has(id)) throw new Error(`user ${id} exists`);
    const phone = normalizePhone(u.phone);
    const user: SUser = {
      id,
      phone,
      firstName: u.firstName,
      lastName: u.lastName ?? "",
      username: u.username,
      bio: u.bio,
      bot: u.bot,
      verified: u.verified,
      status: u.status ?? { kind: "recently" },
      dcId: u.dcId,
      contacts: new Map(),
      dialogs: new Set(),
      pts: 1,
      updateLog: [],
      randomIds: new Map(),
      archived: new Set(),
      pinnedDialogs: [[], []],
      notify: new Map(),
      filters: [],
      drafts: new Map(),
      unreadMentions: new Map(),
    };
    this.users.set(id, user);
    if (phone) this.byPhone.set(phone, id);
    if (u.username) this.claimUsername(u.username, { kind: "user", id });
    return user;
  }

  getUser(id: number): SUser | undefined {
    return this.users.get(id);
  }

  findUserByPhone(phone: string): SUser | undefined {
    const id = this.byPhone.get(normalizePhone(phone));
    return id === undefined ? undefined : this.users.get(id);
  }

  private claimUsername(name: string, target: { kind: "user" | "conv"; id: number }): void {
    const key = name.toLowerCase();
    if (this.byUsername.has(key)) throw new Error(`username ${name} taken`);
    this.byUsername.set(key, target);
  }

  /** Resolves a username (case-insensitive) to a user or a conversation. */
  resolveUsername(name: string): { user?: SUser; conv?: SConv } | undefined {
    const t = this.byUsername.get(name.toLowerCase());
    if (!t) return undefined;
    return t.kind === "user" ? { user: this.users.get(t.id) } : { conv: this.convs[t.id] };
  }

  addContact(owner: number, contact: number, names?: { firstName: string; lastName: string }): void {
    const c = this.users.get(contact)!;
    this.users.get(owner)!.contacts.set(contact, names ?? { firstName: c.firstName, lastName: c.lastName });
  }

  isContact(owner: number, other: number): boolean {
    return this.users.get(owner)?.contacts.has(other) ?? false;
  }

  /** The user as `viewerId` sees it (self/contact flags, access hash, status, phone if visible). */
  apiUser(viewerId: number, userId: number, now?: number): Api.TypeUser {
    return apiUser(this, viewerId, userId, now);
  }

  // ---------------------------------------------------------- access hashes

  /** The access hash a viewer must present for a user (per viewer, as in Telegram). */
  userAccessHash(viewer: number, userId: number): bigint {
    return hash64(this.secret, 1, viewer, userId);
  }

  channelAccessHash(viewer: number, channelId: number): bigint {
    return hash64(this.secret, 2, viewer, channelId);
  }

  mediaAccessHash(mediaId: number): bigint {
    return hash64(this.secret, 3, mediaId);
  }

  // -------------------------------------------------------- conversations

  private newConv(c: Omit<
    SConv,
    "idx" | "rows" | "count" | "nextMsgId" | "pts" | "pinned" | "readInbox" | "admins" | "members" | "extraMembers" | "forum" | "topics" | "threads" | "threadRead" | "linked" | "reactions" | "noforwards" | "scheduled" | "nextScheduledId"
  > & {
    members: Iterable<number>;
    admins?: Iterable<number>;
    extraMembers?: number;
  }): SConv {
    // One literal with every field in a fixed order: a single hidden class for all conversations
    // keeps the hot paths (appending, paging) fast.
    const conv: SConv = {
      idx: this.convs.length,
      kind: c.kind,
      id: c.id,
      a: c.a,
      b: c.b,
      title: c.title,
      username: c.username,
      about: c.about,
      broadcast: c.broadcast,
      megagroup: c.megagroup,
      creatorId: c.creatorId,
      admins: new Set(c.admins ?? []),
      members: new Set(c.members),
      extraMembers: c.extraMembers ?? 0,
      date: c.date,
      rows: new Int32Array(8),
      count: 0,
      nextMsgId: 1,
      pts: 1,
      pinned: new Set(),
      readInbox: new Map(),
      forum: false,
      topics: new Map(),
      threads: new Map(),
      threadRead: new Map(),
      linked: -1,
      reactions: "all",
      noforwards: false,
      scheduled: [],
      nextScheduledId: 1,
    };
    this.convs.push(conv);
    return conv;
  }

  /** The private chat between two users (Saved Messages when a === b), created on first use. */
  privateConv(x: number, y: number): SConv {
    const a = Math.min(x, y);
    const b = Math.max(x, y);
    const key = `${a}:${b}`;
    const idx = this.privateConvs.get(key);
    if (idx !== undefined) return this.convs[idx]!;
    const conv = this.newConv({
      kind: "private",
      id: 0,
      a,
      b,
      title: "",
      about: "",
      broadcast: false,
      megagroup: false,
      creatorId: a,
      date: 0,
      members: a === b ? [a] : [a, b],
    });
    this.privateConvs.set(key, conv.idx);
    return conv;
  }

  findPrivateConv(x: number, y: number): SConv | undefined {
    const idx = this.privateConvs.get(`${Math.min(x, y)}:${Math.max(x, y)}`);
    return idx === undefined ? undefined : this.convs[idx];
  }

  createChat(c: { title: string; creatorId: number; members: number[]; date: number; about?: string; id?: number }): SConv {
    const id = c.id ?? this.nextChatId++;
    const conv = this.newConv({
      kind: "chat",
      id,
      a: 0,
      b: 0,
      title: c.title,
      about: c.about ?? "",
      broadcast: false,
      megagroup: false,
      creatorId: c.creatorId,
      date: c.date,
      members: new Set([c.creatorId, ...c.members]),
      admins: [c.creatorId],
    });
    this.chatsById.set(id, conv.idx);
    for (const m of conv.members) this.users.get(m)?.dialogs.add(conv.idx);
    this.version++;
    return conv;
  }

  createChannel(c: {
    title: string;
    creatorId: number;
    members: number[];
    date: number;
    broadcast: boolean;
    username?: string;
    about?: string;
    admins?: number[];
    extraMembers?: number;
    id?: number;
  }): SConv {
    const id = c.id ?? this.nextChannelId++;
    const conv = this.newConv({
      kind: "channel",
      id,
      a: 0,
      b: 0,
      title: c.title,
      username: c.username,
      about: c.about ?? "",
      broadcast: c.broadcast,
      megagroup: !c.broadcast,
      creatorId: c.creatorId,
      date: c.date,
      members: new Set([c.creatorId, ...c.members]),
      admins: [c.creatorId, ...(c.admins ?? [])],
      extraMembers: c.extraMembers,
    });
    this.channelsById.set(id, conv.idx);
    if (c.username) this.claimUsername(c.username, { kind: "conv", id: conv.idx });
    for (const m of conv.members) this.users.get(m)?.dialogs.add(conv.idx);
    this.version++;
    return conv;
  }

  chatById(id: number): SConv | undefined {
    const idx = this.chatsById.get(id);
    return idx === undefined ? undefined : this.convs[idx];
  }

  channelById(id: number): SConv | undefined {
    const idx = this.channelsById.get(id);
    return idx === undefined ? undefined : this.convs[idx];
  }

  isMember(userId: number, conv: SConv): boolean {
    return conv.members.has(userId);
  }

  /** Participants count as shown to clients. */
  participantsCount(conv: SConv): number {
    return conv.members.size + conv.extraMembers;
  }

  /** The other user of a private chat, seen from `viewer` (the viewer for Saved Messages). */
  otherUser(conv: SConv, viewer: number): number {
    return conv.a === viewer ? conv.b : conv.a;
  }

  /** Marked peer id of a conversation seen from `viewer`. */
  peerKey(conv: SConv, viewer: number): number {
    if (conv.kind === "private") return this.otherUser(conv, viewer);
    if (conv.kind === "chat") return -conv.id;
    return -(CHANNEL_MARK + conv.id);
  }

  /** Users who see a conversation's messages (channels: the modelled members). */
  participants(conv: SConv): Iterable<number> {
    return conv.members;
  }

  // ------------------------------------------------------------- messages

  /**
   * Appends a message. Ids: a per-channel sequence for channels, one global sequence for private
   * chats and basic groups (a documented simplification of Telegram's per-account boxes).
   * Does not touch pts or push anything: see logUpdate() and the handlers.
   */
  addMessage(convIdx: number, m: NewMessage, opts: { index?: boolean } = {}): number {
    const conv = this.convs[convIdx]!;
    const id = conv.kind === "channel" ? conv.nextMsgId++ : this.nextGlobalId++;
    const s = this.store;
    const row = s.append(convIdx, id, m.date, m.from, m.text);
    if (conv.kind !== "channel") {
      if (id >= this.globalRow.length) {
        let size = this.globalRow.length * 2;
        while (size <= id) size *= 2;
        const g = new Int32Array(size).fill(-1);
        g.set(this.globalRow);
        this.globalRow = g;
      }
      this.globalRow[id] = row;
    }
    if (m.replyTo) s.replyTo[row] = m.replyTo;
    if (m.views) s.views[row] = m.views;
    if (m.editDate) s.editDate[row] = m.editDate;
    if (m.entities?.length) s.entities.set(row, m.entities);
    if (m.mediaId) s.media.set(row, m.mediaId);
    if (m.fwd) s.fwd.set(row, m.fwd);
    if (m.groupedId !== undefined) s.groupedId.set(row, m.groupedId);
    if (m.action) s.actions.set(row, m.action);
    if (m.fromScheduled) s.flags[row]! |= F_FROM_SCHEDULED;
    if (m.threadTop) {
      s.threadTop.set(row, m.threadTop);
      const t = conv.threads.get(m.threadTop);
      if (t) t.push(row);
      else conv.threads.set(m.threadTop, [row]);
    }
    this.noteMentions(conv, row, id, m);
    if (m.pinned) {
      s.flags[row]! |= F_PINNED;
      conv.pinned.add(id);
    }
    if (conv.count === conv.rows.length) {
      const r = new Int32Array(conv.rows.length * 2);
      r.set(conv.rows);
      conv.rows = r;
    }
    conv.rows[conv.count++] = row;
    if (opts.index !== false && m.text) this.index.add(row, m.text);
    if (conv.kind === "private") {
      this.users.get(conv.a)?.dialogs.add(convIdx);
      this.users.get(conv.b)?.dialogs.add(convIdx);
    }
    this.version++;
    return row;
  }

  /** Row of message `id` in a conversation, or -1. */
  findRow(conv: SConv, id: number): number {
    if (conv.kind !== "channel") {
      const row = id > 0 && id < this.globalRow.length ? this.globalRow[id]! : -1;
      return row >= 0 && this.store.conv[row] === conv.idx ? row : -1;
    }
    const pos = this.lowerBound(conv, id);
    return pos < conv.count && this.store.id[conv.rows[pos]!] === id ? conv.rows[pos]! : -1;
  }

  /** Row of a private-chat/basic-group message by its global id, or -1. */
  globalMessageRow(id: number): number {
    return id > 0 && id < this.globalRow.length ? this.globalRow[id]! : -1;
  }

  /** First position in conv.rows whose message id is >= id. */
  lowerBound(conv: SConv, id: number): number {
    let lo = 0;
    let hi = conv.count;
    const ids = this.store.id;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[conv.rows[mid]!]! < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The newest message of a chat; as `viewer` sees it when given (skipping what it deleted for itself). */
  topRow(conv: SConv, viewer?: number): number {
    const hidden = viewer === undefined ? undefined : this.users.get(viewer)?.hidden;
    if (!hidden?.size) return conv.count > 0 ? conv.rows[conv.count - 1]! : -1;
    for (let i = conv.count - 1; i >= 0; i--) if (!hidden.has(conv.rows[i]!)) return conv.rows[i]!;
    return -1;
  }

  /**
   * "Delete for me" (messages.deleteMessages without revoke, in a private chat or basic group):
   * the message leaves this user's view only; the other participants keep it.
   */
  hideMessage(row: number, userId: number): void {
    const u = this.users.get(userId);
    if (!u) return;
    (u.hidden ??= new Set()).add(row);
    const conv = this.convs[this.store.conv[row]!]!;
    u.unreadMentions.get(conv.idx)?.delete(this.store.id[row]!);
    this.version++;
  }

  /** Whether a user deleted this message for itself. */
  hiddenFor(row: number, userId: number): boolean {
    return this.users.get(userId)?.hidden?.has(row) ?? false;
  }

  editMessage(row: number, text: string | undefined, date: number, entities?: Api.TypeMessageEntity[]): void {
    const s = this.store;
    if (text !== undefined) {
      s.setText(row, text);
      s.flags[row]! |= F_REINDEXED;
      this.index.add(row, text);
    }
    if (entities !== undefined) {
      if (entities.length) s.entities.set(row, entities);
      else s.entities.delete(row);
    }
    s.editDate[row] = date;
  }

  deleteMessage(row: number): void {
    const s = this.store;
    if (s.flags[row]! & F_DELETED) return;
    s.flags[row]! |= F_DELETED;
    const conv = this.convs[s.conv[row]!]!;
    const id = s.id[row]!;
    const pos = this.lowerBound(conv, id);
    if (pos < conv.count && conv.rows[pos] === row) {
      conv.rows.copyWithin(pos, pos + 1, conv.count);
      conv.count--;
    }
    conv.pinned.delete(id);
    const top = s.threadTop.get(row);
    if (top !== undefined) {
      const t = conv.threads.get(top);
      const at = t ? t.indexOf(row) : -1;
      if (at >= 0) t!.splice(at, 1);
    }
    for (const u of conv.members) this.users.get(u)?.unreadMentions.get(conv.idx)?.delete(id);
    if (conv.kind !== "channel") this.globalRow[id] = -1;
    this.version++;
  }

  setPinned(row: number, pinned: boolean): void {
    const s = this.store;
    const conv = this.convs[s.conv[row]!]!;
    if (pinned) {
      s.flags[row]! |= F_PINNED;
      conv.pinned.add(s.id[row]!);
    } else {
      s.flags[row]! &= ~F_PINNED;
      conv.pinned.delete(s.id[row]!);
    }
  }

  isDeleted(row: number): boolean {
    return (this.store.flags[row]! & F_DELETED) !== 0;
  }

  /**
   * Rows of messages matching a query by word prefix (ascending), restricted by `accept`.
   * An empty query (no words) yields null: the caller lists messages instead.
   */
  searchRows(q: string, accept: (row: number) => boolean): number[] | null {
    const hits = this.index.query(q);
    if (hits === null) return null;
    const s = this.store;
    const out: number[] = [];
    for (let i = 0; i < hits.length; i++) {
      const row = hits[i]!;
      const f = s.flags[row]!;
      if (f & F_DELETED) continue;
      if (!accept(row)) continue;
      if (f & F_REINDEXED && !textMatches(s.text(row), q)) continue;
      out.push(row);
    }
    return out;
  }

  // ------------------------------------------------------- read state

  readInboxMaxId(conv: SConv, userId: number): number {
    return conv.readInbox.get(userId) ?? 0;
  }

  /** Highest id of this user's messages that somebody else has read. */
  readOutboxMaxId(conv: SConv, userId: number): number {
    if (conv.kind === "private") return conv.a === conv.b ? this.readInboxMaxId(conv, userId) : this.readInboxMaxId(conv, this.otherUser(conv, userId));
    let max = 0;
    for (const [u, id] of conv.readInbox) if (u !== userId && id > max) max = id;
    return max;
  }

  /**
   * Incoming messages above the user's read mark (counts only what is past the mark). In forums
   * a topic's own read mark (messages.readDiscussion) counts too.
   */
  unreadCount(conv: SConv, userId: number): number {
    const mark = this.readInboxMaxId(conv, userId);
    let n = 0;
    const s = this.store;
    for (let p = this.lowerBound(conv, mark + 1); p < conv.count; p++) {
      const row = conv.rows[p]!;
      if (s.from[row] === userId) continue;
      if (conv.forum && s.id[row]! <= this.threadReadMaxId(conv, userId, this.topicOf(conv, row))) continue;
      n++;
    }
    return n;
  }

  /** The forum topic of a row (1, the General topic, for messages outside any topic). */
  topicOf(conv: SConv, row: number): number {
    const top = this.store.threadTop.get(row);
    if (top !== undefined) return top;
    const id = this.store.id[row]!;
    return conv.topics.has(id) ? id : 1;
  }

  /** Read mark inside a thread: its own (readDiscussion) or the chat's, whichever is higher. */
  threadReadMaxId(conv: SConv, userId: number, top: number): number {
    return Math.max(conv.threadRead.get(`${userId}:${top}`) ?? 0, conv.kind === "channel" && conv.forum ? this.readInboxMaxId(conv, userId) : 0);
  }

  /** Rows of a thread ascending: a forum topic (General: messages outside topics) or a comment thread. */
  threadRows(conv: SConv, top: number): number[] {
    if (conv.forum && top === 1) {
      const out: number[] = [];
      for (let p = 0; p < conv.count; p++) if (this.topicOf(conv, conv.rows[p]!) === 1) out.push(conv.rows[p]!);
      return out;
    }
    return conv.threads.get(top) ?? [];
  }

  /** Unread incoming messages of a thread for a user. */
  threadUnread(conv: SConv, userId: number, top: number): number {
    const mark = this.threadReadMaxId(conv, userId, top);
    let n = 0;
    for (const row of this.threadRows(conv, top)) if (this.store.id[row]! > mark && this.store.from[row] !== userId) n++;
    return n;
  }

  /** Marks a thread read up to maxId (0: all); returns the new mark. */
  markThreadRead(conv: SConv, userId: number, top: number, maxId: number): number {
    const rows = this.threadRows(conv, top);
    const last = rows.length ? this.store.id[rows[rows.length - 1]!]! : top;
    const mark = maxId <= 0 || maxId > last ? last : maxId;
    const key = `${userId}:${top}`;
    if (mark > (conv.threadRead.get(key) ?? 0)) conv.threadRead.set(key, mark);
    return this.threadReadMaxId(conv, userId, top);
  }

  // ------------------------------------------------------- mentions

  /**
   * Records who a new message mentions (MessageEntityMentionName, an @username mention, or a
   * reply to their message) as an unread mention for each of them, as Telegram does.
   */
  private noteMentions(conv: SConv, row: number, id: number, m: NewMessage): void {
    if (conv.kind === "private") return;
    const s = this.store;
    const who = new Set<number>();
    for (const e of m.entities ?? []) {
      if (e.className === "MessageEntityMentionName") who.add(Number((e as Api.MessageEntityMentionName).userId.toString()));
      if (e.className === "MessageEntityMention") {
        const name = m.text.slice(e.offset + 1, e.offset + e.length);
        const u = this.resolveUsername(name)?.user;
        if (u) who.add(u.id);
      }
    }
    // Posting into a forum topic replies to its creation message: that is no mention of its creator.
    if (m.replyTo && !(conv.forum && m.replyTo === m.threadTop)) {
      const r = this.findRow(conv, m.replyTo);
      if (r >= 0 && s.from[r]! > 0) who.add(s.from[r]!);
    }
    who.delete(m.from);
    const members = [...who].filter((u) => conv.members.has(u));
    if (!members.length) return;
    s.mentions.set(row, members);
    for (const u of members) {
      const user = this.users.get(u);
      if (!user) continue;
      let set = user.unreadMentions.get(conv.idx);
      if (!set) user.unreadMentions.set(conv.idx, (set = new Set()));
      set.add(id);
    }
  }

  /** Unread mentions of a user in a chat (optionally in one forum topic). */
  unreadMentionIds(conv: SConv, userId: number, top?: number): number[] {
    const set = this.users.get(userId)?.unreadMentions.get(conv.idx);
    if (!set) return [];
    const ids = [...set].sort((a, b) => a - b);
    if (top === undefined) return ids;
    return ids.filter((id) => {
      const row = this.findRow(conv, id);
      return row >= 0 && this.topicOf(conv, row) === top;
    });
  }

  /** Marks mentions read (all, or those of one topic, or these ids); returns how many. */
  readMentions(conv: SConv, userId: number, opts: { top?: number; ids?: number[] } = {}): number {
    const set = this.users.get(userId)?.unreadMentions.get(conv.idx);
    if (!set) return 0;
    const ids = opts.ids ?? this.unreadMentionIds(conv, userId, opts.top);
    let n = 0;
    for (const id of ids) if (set.delete(id)) n++;
    return n;
  }

  /** Seeded worlds: mentions at or below a member's read mark count as seen. */
  settleMentions(): void {
    for (const u of this.users.values()) {
      for (const [idx, set] of u.unreadMentions) {
        const mark = this.readInboxMaxId(this.convs[idx]!, u.id);
        for (const id of set) if (id <= mark) set.delete(id);
      }
    }
  }

  // ------------------------------------------------------ dialog state

  isMuted(userId: number, conv: SConv, now: number): boolean {
    const n = this.users.get(userId)?.notify.get(String(conv.idx));
    return (n?.muteUntil ?? 0) > now;
  }

  /** Whether a dialog is in a filter (folder), by Telegram's rules: pinned/included, else flags minus excluded. */
  inFilter(userId: number, f: SDialogFilter, conv: SConv, now: number): boolean {
    if (f.pinned.includes(conv.idx) || f.include.includes(conv.idx)) return true;
    if (f.exclude.includes(conv.idx)) return false;
    const user = this.users.get(userId);
    if (!user) return false;
    if (f.excludeArchived && user.archived.has(conv.idx)) return false;
    if (f.excludeMuted && this.isMuted(userId, conv, now)) return false;
    if (f.excludeRead && this.unreadCount(conv, userId) === 0 && !this.unreadMentionIds(conv, userId).length) return false;
    if (conv.kind === "private") {
      const other = this.users.get(this.otherUser(conv, userId));
      if (!other) return false;
      if (other.bot) return !!f.bots;
      return this.isContact(userId, other.id) || other.id === userId ? !!f.contacts : !!f.nonContacts;
    }
    return conv.kind === "channel" && conv.broadcast ? !!f.broadcasts : !!f.groups;
  }

  /**
   * A user's dialogs for messages.getDialogs: folder undefined = every dialog, 0 = main list,
   * 1 = archive; that folder's pinned dialogs first, in pin order, then newest top message first.
   */
  folderDialogs(userId: number, folder: number | undefined): { pinned: number[]; rest: number[] } {
    const u = this.users.get(userId);
    if (!u) return { pinned: [], rest: [] };
    const inFolder = (idx: number) => folder === undefined || (folder === 1) === u.archived.has(idx);
    const pinned = (folder === 1 ? u.pinnedDialogs[1] : u.pinnedDialogs[0]).filter((idx) => u.dialogs.has(idx) && inFolder(idx));
    const pinnedSet = new Set(pinned);
    const rest = this.dialogList(userId).filter((idx) => inFolder(idx) && !pinnedSet.has(idx));
    return { pinned, rest };
  }

  /** Marks messages up to maxId (0 = all) read; returns the new mark. */
  markRead(conv: SConv, userId: number, maxId: number): number {
    const top = conv.count > 0 ? this.store.id[conv.rows[conv.count - 1]!]! : 0;
    const mark = maxId <= 0 || maxId > top ? top : maxId;
    if (mark > this.readInboxMaxId(conv, userId)) conv.readInbox.set(userId, mark);
    return this.readInboxMaxId(conv, userId);
  }

  // ---------------------------------------------------------- dialogs

  /** A user's dialogs: conversation indexes, newest top message first. */
  dialogList(userId: number): number[] {
    const u = this.users.get(userId);
    if (!u) return [];
    if (u.dialogCache && u.dialogCache.version === this.version) return u.dialogCache.list;
    const s = this.store;
    const keyed = [...u.dialogs].map((idx) => {
      const conv = this.convs[idx]!;
      const top = this.topRow(conv, userId);
      return { idx, date: top >= 0 ? s.date[top]! : conv.date, row: top };
    });
    keyed.sort((x, y) => y.date - x.date || y.row - x.row || x.idx - y.idx);
    const list = keyed.map((k) => k.idx);
    u.dialogCache = { version: this.version, list };
    return list;
  }

  // ------------------------------------------------- threads, scheduled

  /** Makes a supergroup a forum with its General topic (id 1, no service message, as on Telegram). */
  makeForum(conv: SConv, date: number): void {
    conv.forum = true;
    conv.topics.set(1, { id: 1, title: "General", iconColor: 0x6fb9f0, date, creatorId: conv.creatorId, closed: false, pinned: false });
  }

  /** Opens a forum topic: a messageActionTopicCreate service message whose id is the topic id. */
  createTopic(conv: SConv, t: { title: string; iconColor: number; from: number; date: number; closed?: boolean; pinned?: boolean }, action: Api.TypeMessageAction): STopic {
    const row = this.addMessage(conv.idx, { from: t.from, text: "", date: t.date, action });
    const id = this.store.id[row]!;
    const topic: STopic = { id, title: t.title, iconColor: t.iconColor, date: t.date, creatorId: t.from, closed: !!t.closed, pinned: !!t.pinned };
    conv.topics.set(id, topic);
    return topic;
  }

  /** Links a broadcast channel to its discussion group (linked_chat_id both ways). */
  linkDiscussion(channel: SConv, group: SConv): void {
    channel.linked = group.idx;
    group.linked = channel.idx;
  }

  /**
   * A channel post's automatic copy in the linked discussion group (from the channel, with a
   * forward header saved from the post); comments are replies in its thread. Returns the row.
   */
  addDiscussionCopy(postRow: number): number {
    const s = this.store;
    const channel = this.convs[s.conv[postRow]!]!;
    const group = this.convs[channel.linked]!;
    const key = this.peerKey(channel, 0);
    const postId = s.id[postRow]!;
    const row = this.addMessage(group.idx, {
      from: key,
      text: s.text(postRow),
      date: s.date[postRow]!,
      entities: s.entities.get(postRow),
      mediaId: s.media.get(postRow),
      fwd: { fromKey: key, date: s.date[postRow]!, channelPost: postId, savedFromKey: key, savedFromMsgId: postId },
    });
    s.discussion.set(postRow, s.id[row]!);
    // The copy is the top of its own thread (empty until the first comment).
    group.threads.set(s.id[row]!, []);
    return row;
  }

  /** The discussion group's copy of a channel post: {group, top id} or undefined. */
  discussionOf(channel: SConv, postId: number): { group: SConv; top: number } | undefined {
    if (channel.linked < 0 || !channel.broadcast) return undefined;
    const row = this.findRow(channel, postId);
    const top = row >= 0 ? this.store.discussion.get(row) : undefined;
    return top === undefined ? undefined : { group: this.convs[channel.linked]!, top };
  }

  /** Earliest schedule date waiting in the world (Infinity when none). */
  nextScheduledDate = Infinity;

  schedule(conv: SConv, from: number, date: number, m: NewMessage): SScheduled {
    const sm: SScheduled = { id: conv.nextScheduledId++, date, m, from };
    conv.scheduled.push(sm);
    conv.scheduled.sort((a, b) => a.date - b.date || a.id - b.id);
    if (date < this.nextScheduledDate) this.nextScheduledDate = date;
    return sm;
  }

  /** Removes and returns the scheduled messages due at `now`, oldest first. */
  takeDueScheduled(now: number): Array<{ conv: SConv; sm: SScheduled }> {
    if (now < this.nextScheduledDate) return [];
    const due: Array<{ conv: SConv; sm: SScheduled }> = [];
    let next = Infinity;
    for (const conv of this.convs) {
      if (!conv.scheduled.length) continue;
      while (conv.scheduled.length && conv.scheduled[0]!.date <= now) due.push({ conv, sm: conv.scheduled.shift()! });
      if (conv.scheduled.length) next = Math.min(next, conv.scheduled[0]!.date);
    }
    this.nextScheduledDate = next;
    return due.sort((a, b) => a.sm.date - b.sm.date);
  }

  // ------------------------------------------------------------ media

  addMedia(m: Omit<SMedia, "id">): SMedia {
    const media: SMedia = { ...m, id: this.nextMediaId++ };
    this.media.set(media.id, media);
    return media;
  }

  /** Bytes of a media file: the upload, or deterministic filler for synthetic media. */
  mediaBytes(media: SMedia, offset: number, limit: number): Buffer {
    if (media.content) return media.content.subarray(offset, Math.min(media.size, offset + limit));
    const end = Math.min(media.size, offset + limit);
    const out = Buffer.alloc(Math.max(0, end - offset));
    for (let i = 0; i < out.length; i++) out[i] = (media.id * 31 + (offset + i) * 7) & 0xff;
    return out;
  }

  // ---------------------------------------------------- update state

  /** Records an update in a user's log and returns its pts (per-account sequence). */
  logUpdate(userId: number, e: Omit<UpdateLogEntry, "pts">): number {
    const u = this.users.get(userId);
    if (!u) return 0;
    u.pts++;
    u.updateLog.push({ ...e, pts: u.pts });
    if (u.updateLog.length > 1000) u.updateLog.splice(0, u.updateLog.length - 1000);
    return u.pts;
  }
}
