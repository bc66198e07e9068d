// Rendering the world as gramjs Api objects for one viewer. What a client sees depends on who
// asks: access hashes are per viewer, `self`/`contact`/`out` flags, phone visibility, peer ids of
// private chats (the other party), contact names.
import bigInt from "big-integer";
import { Api } from "telegram";
import { CHANNEL_MARK, F_EDIT_HIDE, F_PINNED } from "./store.js";
import type { SConv, SMedia, World } from "./world.js";

const big = (n: number | bigint) => bigInt(n.toString());

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Api.Peer for a marked peer id. */
export function peerFromKey(key: number): Api.TypePeer {
  if (key > 0) return new Api.PeerUser({ userId: big(key) });
  if (key <= -CHANNEL_MARK) return new Api.PeerChannel({ channelId: big(-key - CHANNEL_MARK) });
  return new Api.PeerChat({ chatId: big(-key) });
}

export function convPeer(world: World, conv: SConv, viewer: number): Api.TypePeer {
  return peerFromKey(world.peerKey(conv, viewer));
}

function userStatus(world: World, userId: number, now: number): Api.TypeUserStatus | undefined {
  const u = world.getUser(userId)!;
  if (u.bot) return undefined;
  switch (u.status.kind) {
    case "online":
      return new Api.UserStatusOnline({ expires: now + 300 });
    case "offline":
      return new Api.UserStatusOffline({ wasOnline: u.status.wasOnline ?? now - 3600 });
    case "lastWeek":
      return new Api.UserStatusLastWeek({});
    case "lastMonth":
      return new Api.UserStatusLastMonth({});
    default:
      return new Api.UserStatusRecently({});
  }
}

export function apiUser(world: World, viewer: number, userId: number, now = nowSeconds()): Api.TypeUser {
  const u = world.getUser(userId);
  if (!u) return new Api.UserEmpty({ id: big(userId) });
  const self = viewer === userId;
  const contactNames = world.getUser(viewer)?.contacts.get(userId);
  const contact = !self && contactNames !== undefined;
  const mutual = contact && world.isContact(userId, viewer);
  return new Api.User({
    id: big(u.id),
    accessHash: big(world.userAccessHash(viewer, u.id)),
    self: self || undefined,
    contact: contact || undefined,
    mutualContact: mutual || undefined,
    bot: u.bot || undefined,
    botInfoVersion: u.bot ? 1 : undefined, // shares its flag bit with `bot`
    verified: u.verified || undefined,
    firstName: contactNames?.firstName ?? u.firstName,
    lastName: (contactNames?.lastName ?? u.lastName) || undefined,
    username: u.username,
    // Telegram shows a phone to the owner and to users who have them as a contact.
    phone: self || (u.phone && world.isContact(userId, viewer)) ? u.phone : undefined,
    status: userStatus(world, userId, now),
  });
}

export function apiChat(world: World, viewer: number, conv: SConv): Api.TypeChat {
  const member = conv.members.has(viewer);
  if (conv.kind === "chat") {
    return new Api.Chat({
      id: big(conv.id),
      title: conv.title,
      photo: new Api.ChatPhotoEmpty(),
      participantsCount: world.participantsCount(conv),
      date: conv.date,
      version: 1,
      creator: conv.creatorId === viewer || undefined,
      left: !member || undefined,
    });
  }
  const admin = conv.admins.has(viewer);
  return new Api.Channel({
    id: big(conv.id),
    accessHash: big(world.channelAccessHash(viewer, conv.id)),
    title: conv.title,
    username: conv.username,
    photo: new Api.ChatPhotoEmpty(),
    date: conv.date,
    broadcast: conv.broadcast || undefined,
    megagroup: conv.megagroup || undefined,
    creator: conv.creatorId === viewer || undefined,
    left: !member || undefined,
    participantsCount: world.participantsCount(conv),
    adminRights: admin
      ? new Api.ChatAdminRights({
          changeInfo: true,
          postMessages: true,
          editMessages: true,
          deleteMessages: true,
          inviteUsers: true,
          pinMessages: true,
        })
      : undefined,
  });
}

export function apiPhoto(world: World, m: SMedia): Api.Photo {
  return new Api.Photo({
    id: big(m.id),
    accessHash: big(world.mediaAccessHash(m.id)),
    fileReference: Buffer.from([1, 2, 3, 4]),
    date: m.date,
    sizes: [new Api.PhotoSize({ type: "x", w: m.w ?? 800, h: m.h ?? 600, size: m.size })],
    dcId: m.dcId ?? 2,
  });
}

export function apiDocument(world: World, m: SMedia): Api.Document {
  const attributes: Api.TypeDocumentAttribute[] = [];
  if (m.w && m.h) attributes.push(new Api.DocumentAttributeImageSize({ w: m.w, h: m.h }));
  if (m.fileName) attributes.push(new Api.DocumentAttributeFilename({ fileName: m.fileName }));
  return new Api.Document({
    id: big(m.id),
    accessHash: big(world.mediaAccessHash(m.id)),
    fileReference: Buffer.from([1, 2, 3, 4]),
    date: m.date,
    mimeType: m.mime,
    size: big(m.size),
    dcId: m.dcId ?? 2,
    attributes,
  });
}

export function apiMedia(world: World, mediaId: number): Api.TypeMessageMedia | undefined {
  const m = world.media.get(mediaId);
  if (!m) return undefined;
  if (m.kind === "photo") return new Api.MessageMediaPhoto({ photo: apiPhoto(world, m) });
  return new Api.MessageMediaDocument({ document: apiDocument(world, m) });
}

/** Collects the users and chats referenced by a response, to fill its users/chats vectors. */
export class Refs {
  readonly users = new Set<number>();
  readonly convs = new Set<number>();
  constructor(
    private readonly world: World,
    private readonly viewer: number,
  ) {}

  addKey(key: number): void {
    if (key > 0) this.users.add(key);
    else if (key <= -CHANNEL_MARK) {
      const c = this.world.channelById(-key - CHANNEL_MARK);
      if (c) this.convs.add(c.idx);
    } else {
      const c = this.world.chatById(-key);
      if (c) this.convs.add(c.idx);
    }
  }

  addConv(conv: SConv): void {
    if (conv.kind === "private") this.users.add(this.world.otherUser(conv, this.viewer));
    else this.convs.add(conv.idx);
  }

  addRow(row: number): void {
    const w = this.world;
    const s = w.store;
    const conv = w.convs[s.conv[row]!]!;
    this.addConv(conv);
    const from = s.from[row]!;
    if (from > 0) this.users.add(from);
    const fwd = s.fwd.get(row);
    if (fwd) this.addKey(fwd.fromKey);
    for (const e of s.entities.get(row) ?? []) if (e instanceof Api.MessageEntityMentionName) this.users.add(Number(e.userId.toString()));
  }

  apiUsers(now = nowSeconds()): Api.TypeUser[] {
    return [...this.users].map((id) => apiUser(this.world, this.viewer, id, now));
  }

  apiChats(): Api.TypeChat[] {
    return [...this.convs].map((idx) => apiChat(this.world, this.viewer, this.world.convs[idx]!));
  }
}

export function apiMessage(world: World, viewer: number, row: number): Api.Message {
  const s = world.store;
  const conv = world.convs[s.conv[row]!]!;
  const from = s.from[row]!;
  const isPost = conv.kind === "channel" && conv.broadcast;
  const fwd = s.fwd.get(row);
  const reply = s.replyTo[row]!;
  const editDate = s.editDate[row]!;
  const flags = s.flags[row]!;
  const mediaId = s.media.get(row);
  const reactions = s.reactions.get(row);
  const groupedId = s.groupedId.get(row);
  return new Api.Message({
    id: s.id[row]!,
    peerId: convPeer(world, conv, viewer),
    fromId: isPost || from <= 0 ? undefined : new Api.PeerUser({ userId: big(from) }),
    out: from === viewer || undefined,
    post: isPost || undefined,
    date: s.date[row]!,
    message: s.text(row),
    entities: s.entities.get(row),
    media: mediaId ? apiMedia(world, mediaId) : undefined,
    replyTo: reply ? new Api.MessageReplyHeader({ replyToMsgId: reply }) : undefined,
    fwdFrom: fwd
      ? new Api.MessageFwdHeader({
          fromId: peerFromKey(fwd.fromKey),
          fromName: fwd.fromName,
          date: fwd.date,
          channelPost: fwd.channelPost,
        })
      : undefined,
    // views and forwards share a flag bit: both or neither
    views: conv.kind === "channel" && conv.broadcast ? s.views[row]! : undefined,
    forwards: conv.kind === "channel" && conv.broadcast ? 0 : undefined,
    editDate: editDate || undefined,
    editHide: flags & F_EDIT_HIDE ? true : undefined,
    pinned: flags & F_PINNED ? true : undefined,
    groupedId: groupedId !== undefined ? big(groupedId) : undefined,
    reactions: reactions ? apiReactions(reactions, viewer) : undefined,
  });
}

export function apiReactions(r: Map<string, number[]>, viewer: number): Api.MessageReactions {
  let order = 0;
  return new Api.MessageReactions({
    results: [...r.entries()]
      .filter(([, users]) => users.length > 0)
      .map(
        ([emoticon, users]) =>
          new Api.ReactionCount({
            reaction: new Api.ReactionEmoji({ emoticon }),
            count: users.length,
            chosenOrder: users.includes(viewer) ? order++ : undefined,
          }),
      ),
  });
}

export function apiDialog(world: World, viewer: number, conv: SConv): Api.Dialog {
  const top = world.topRow(conv);
  return new Api.Dialog({
    peer: convPeer(world, conv, viewer),
    topMessage: top >= 0 ? world.store.id[top]! : 0,
    readInboxMaxId: world.readInboxMaxId(conv, viewer),
    readOutboxMaxId: world.readOutboxMaxId(conv, viewer),
    unreadCount: world.unreadCount(conv, viewer),
    unreadMentionsCount: 0,
    unreadReactionsCount: 0,
    notifySettings: new Api.PeerNotifySettings({}),
    pts: conv.kind === "channel" ? conv.pts : undefined,
  });
}
