// Rendering the world as gramjs Api objects for one viewer. What a client sees depends on who
// asks: access hashes are per viewer, `self`/`contact`/`out` flags, phone visibility, peer ids of
// private chats (the other party), contact names.
import bigInt from "big-integer";
import { Api } from "telegram";
import { CHANNEL_MARK, F_EDIT_HIDE, F_FROM_SCHEDULED, F_PINNED } from "./store.js";
import type { NewMessage, NotifySettings, SConv, SDraft, SMedia, SScheduled, World } from "./world.js";

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
      noforwards: conv.noforwards || undefined,
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
    forum: conv.forum || undefined,
    noforwards: conv.noforwards || undefined,
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

const text = (t: string) => new Api.TextWithEntities({ text: t, entities: [] });

/** A poll with its results as `viewer` sees them (chosen: the viewer's own votes). */
export function apiPoll(world: World, m: SMedia, viewer: number): Api.MessageMediaPoll {
  const p = m.poll!;
  const option = (i: number) => Buffer.from([0x30 + i]);
  const counts = p.answers.map(() => 0);
  for (const chosen of p.votes.values()) for (const i of chosen) counts[i]!++;
  const mine = p.votes.get(viewer) ?? [];
  const voted = mine.length > 0;
  return new Api.MessageMediaPoll({
    poll: new Api.Poll({
      id: big(m.id),
      closed: p.closed || undefined,
      multipleChoice: p.multiple || undefined,
      quiz: p.quiz || undefined,
      question: text(p.question),
      answers: p.answers.map((a, i) => new Api.PollAnswer({ text: text(a), option: option(i) })),
    }),
    // Telegram shows results once one has voted or the poll is closed; the total always.
    results: new Api.PollResults({
      results:
        voted || p.closed
          ? p.answers.map(
              (_, i) =>
                new Api.PollAnswerVoters({ option: option(i), voters: counts[i]!, chosen: mine.includes(i) || undefined, correct: p.quiz && p.correct === i ? true : undefined }),
            )
          : undefined,
      totalVoters: p.votes.size,
    }),
  });
}

export function apiMedia(world: World, mediaId: number, viewer = 0): Api.TypeMessageMedia | undefined {
  const m = world.media.get(mediaId);
  if (!m) return undefined;
  if (m.kind === "poll") return apiPoll(world, m, viewer);
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
    if (from !== 0) this.addKey(from);
    const fwd = s.fwd.get(row);
    if (fwd) this.addKey(fwd.fromKey);
    if (fwd?.savedFromKey) this.addKey(fwd.savedFromKey);
    if (conv.linked >= 0) this.convs.add(conv.linked);
    for (const e of s.entities.get(row) ?? []) if (e instanceof Api.MessageEntityMentionName) this.users.add(Number(e.userId.toString()));
  }

  apiUsers(now = nowSeconds()): Api.TypeUser[] {
    return [...this.users].map((id) => apiUser(this.world, this.viewer, id, now));
  }

  apiChats(): Api.TypeChat[] {
    return [...this.convs].map((idx) => apiChat(this.world, this.viewer, this.world.convs[idx]!));
  }
}

function fwdHeader(fwd: NonNullable<ReturnType<World["store"]["fwd"]["get"]>>): Api.MessageFwdHeader {
  return new Api.MessageFwdHeader({
    fromId: peerFromKey(fwd.fromKey),
    fromName: fwd.fromName,
    date: fwd.date,
    channelPost: fwd.channelPost,
    savedFromPeer: fwd.savedFromKey ? peerFromKey(fwd.savedFromKey) : undefined,
    savedFromMsgId: fwd.savedFromKey ? fwd.savedFromMsgId : undefined,
  });
}

/** The reply header: the message replied to, and the thread (forum topic or comment thread) it is in. */
function replyHeader(conv: SConv, reply: number, top: number | undefined): Api.MessageReplyHeader | undefined {
  if (!reply && top === undefined) return undefined;
  const to = reply || top!;
  return new Api.MessageReplyHeader({
    replyToMsgId: to,
    replyToTopId: top !== undefined && top !== to ? top : undefined,
    forumTopic: conv.forum && top !== undefined ? true : undefined,
  });
}

/** Reply counters: comments under a channel post, or replies in a discussion thread. */
function repliesOf(world: World, viewer: number, conv: SConv, row: number): Api.MessageReplies | undefined {
  const s = world.store;
  if (conv.broadcast) {
    const top = s.discussion.get(row);
    if (top === undefined || conv.linked < 0) return undefined;
    const group = world.convs[conv.linked]!;
    const rows = group.threads.get(top) ?? [];
    const last = rows.length ? s.id[rows[rows.length - 1]!]! : undefined;
    const read = group.threadRead.get(`${viewer}:${top}`);
    return new Api.MessageReplies({
      comments: true,
      replies: rows.length,
      repliesPts: group.pts,
      channelId: big(group.id),
      maxId: last,
      readMaxId: read,
    });
  }
  if (conv.linked < 0 || conv.forum) return undefined;
  const rows = conv.threads.get(s.id[row]!);
  if (!rows) return undefined;
  return new Api.MessageReplies({ replies: rows.length, repliesPts: conv.pts, maxId: rows.length ? s.id[rows[rows.length - 1]!]! : undefined });
}

export function apiMessage(world: World, viewer: number, row: number): Api.TypeMessage {
  const s = world.store;
  const conv = world.convs[s.conv[row]!]!;
  const from = s.from[row]!;
  const isPost = conv.kind === "channel" && conv.broadcast;
  const fwd = s.fwd.get(row);
  const reply = s.replyTo[row]!;
  const top = s.threadTop.get(row);
  const editDate = s.editDate[row]!;
  const flags = s.flags[row]!;
  const mediaId = s.media.get(row);
  const reactions = s.reactions.get(row);
  const groupedId = s.groupedId.get(row);
  const id = s.id[row]!;
  const mentioned = s.mentions.get(row)?.includes(viewer) || undefined;
  const unreadMention = world.getUser(viewer)?.unreadMentions.get(conv.idx)?.has(id) || undefined;
  const fromId = isPost || from === 0 ? undefined : peerFromKey(from);
  const action = s.actions.get(row);
  if (action) {
    return new Api.MessageService({
      id,
      peerId: convPeer(world, conv, viewer),
      fromId,
      out: from === viewer || undefined,
      date: s.date[row]!,
      action,
      replyTo: replyHeader(conv, reply, top),
    });
  }
  return new Api.Message({
    id,
    peerId: convPeer(world, conv, viewer),
    fromId,
    out: from === viewer || undefined,
    post: isPost || undefined,
    mentioned,
    mediaUnread: unreadMention,
    fromScheduled: flags & F_FROM_SCHEDULED ? true : undefined,
    date: s.date[row]!,
    message: s.text(row),
    entities: s.entities.get(row),
    media: mediaId ? apiMedia(world, mediaId, viewer) : undefined,
    replyTo: replyHeader(conv, reply, top),
    fwdFrom: fwd ? fwdHeader(fwd) : undefined,
    // views and forwards share a flag bit: both or neither
    views: conv.kind === "channel" && conv.broadcast ? s.views[row]! : undefined,
    forwards: conv.kind === "channel" && conv.broadcast ? 0 : undefined,
    replies: repliesOf(world, viewer, conv, row),
    editDate: editDate || undefined,
    editHide: flags & F_EDIT_HIDE ? true : undefined,
    pinned: flags & F_PINNED ? true : undefined,
    groupedId: groupedId !== undefined ? big(groupedId) : undefined,
    reactions: reactions ? apiReactions(reactions, viewer) : undefined,
  });
}

/** A scheduled message as its author sees it in messages.getScheduledHistory. */
export function apiScheduled(world: World, viewer: number, conv: SConv, sm: SScheduled): Api.Message {
  const m: NewMessage = sm.m;
  return new Api.Message({
    id: sm.id,
    peerId: convPeer(world, conv, viewer),
    fromId: conv.broadcast ? undefined : new Api.PeerUser({ userId: big(sm.from) }),
    out: true,
    post: conv.broadcast || undefined,
    date: sm.date,
    message: m.text,
    entities: m.entities,
    media: m.mediaId ? apiMedia(world, m.mediaId, viewer) : undefined,
    replyTo: replyHeader(conv, m.replyTo ?? 0, m.threadTop),
    fwdFrom: m.fwd ? fwdHeader(m.fwd) : undefined,
    groupedId: m.groupedId !== undefined ? big(m.groupedId) : undefined,
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

export function apiNotifySettings(n: NotifySettings | undefined): Api.PeerNotifySettings {
  return new Api.PeerNotifySettings({ muteUntil: n?.muteUntil, silent: n?.silent, showPreviews: n?.showPreviews });
}

export function apiDraft(d: SDraft | undefined): Api.TypeDraftMessage | undefined {
  if (!d) return undefined;
  return new Api.DraftMessage({
    message: d.text,
    date: d.date,
    entities: d.entities?.length ? d.entities : undefined,
    noWebpage: d.noWebpage || undefined,
    replyTo: d.replyTo || d.topMsgId ? new Api.InputReplyToMessage({ replyToMsgId: d.replyTo ?? d.topMsgId!, topMsgId: d.topMsgId }) : undefined,
  });
}

export function apiDialog(world: World, viewer: number, conv: SConv): Api.Dialog {
  const top = world.topRow(conv, viewer);
  const user = world.getUser(viewer);
  const archived = user?.archived.has(conv.idx) ?? false;
  const pinned = user?.pinnedDialogs[archived ? 1 : 0].includes(conv.idx) ?? false;
  return new Api.Dialog({
    peer: convPeer(world, conv, viewer),
    pinned: pinned || undefined,
    topMessage: top >= 0 ? world.store.id[top]! : 0,
    readInboxMaxId: world.readInboxMaxId(conv, viewer),
    readOutboxMaxId: world.readOutboxMaxId(conv, viewer),
    unreadCount: world.unreadCount(conv, viewer),
    unreadMentionsCount: world.unreadMentionIds(conv, viewer).length,
    unreadReactionsCount: 0,
    notifySettings: apiNotifySettings(user?.notify.get(String(conv.idx))),
    pts: conv.kind === "channel" ? conv.pts : undefined,
    draft: apiDraft(user?.drafts.get(`${conv.idx}:0`)),
    folderId: archived ? 1 : undefined,
  });
}
