// Dialog state of an account: folders (dialog filters), the archive (folder 1), pinned dialogs,
// notification settings (mute), drafts, and unread mentions. Each as Telegram models it, with its
// limits and errors (sandbox/README.md, "Dialog state").
import { Api } from "telegram";
import { apiDialog, apiDraft, apiMessage, apiNotifySettings, convPeer, Refs } from "../world/to-api.js";
import type { NotifySettings, SConv, SDialogFilter, SDraft, World } from "../world/world.js";
import { big, checkRead, checkText, messagesResult, pageDesc, replyInfo, resolveChannel, resolvePeer, storeEntities, updatesFor } from "./common.js";
import { RpcError, type HandlerMap, type RpcContext } from "./types.js";

/** Telegram's limits for an account without Premium. */
export const MAX_FILTERS = 10;
export const MAX_FILTER_PEERS = 100;
export const MAX_PINNED = [5, 100] as const; // main list, archive

/** The InputPeer a viewer would use for a conversation (dialog filters list peers this way). */
function inputPeerOf(world: World, viewer: number, conv: SConv): Api.TypeInputPeer {
  if (conv.kind === "private") {
    const other = world.otherUser(conv, viewer);
    if (other === viewer) return new Api.InputPeerSelf();
    return new Api.InputPeerUser({ userId: big(other), accessHash: big(world.userAccessHash(viewer, other)) });
  }
  if (conv.kind === "chat") return new Api.InputPeerChat({ chatId: big(conv.id) });
  return new Api.InputPeerChannel({ channelId: big(conv.id), accessHash: big(world.channelAccessHash(viewer, conv.id)) });
}

export function apiDialogFilter(world: World, viewer: number, f: SDialogFilter): Api.DialogFilter {
  const peers = (idxs: number[]) => idxs.map((idx) => inputPeerOf(world, viewer, world.convs[idx]!));
  return new Api.DialogFilter({
    id: f.id,
    title: new Api.TextWithEntities({ text: f.title, entities: [] }),
    emoticon: f.emoticon,
    color: f.color,
    contacts: f.contacts || undefined,
    nonContacts: f.nonContacts || undefined,
    groups: f.groups || undefined,
    broadcasts: f.broadcasts || undefined,
    bots: f.bots || undefined,
    excludeMuted: f.excludeMuted || undefined,
    excludeRead: f.excludeRead || undefined,
    excludeArchived: f.excludeArchived || undefined,
    pinnedPeers: peers(f.pinned),
    includePeers: peers(f.include),
    excludePeers: peers(f.exclude),
  });
}

function notifyKey(world: World, viewer: number, peer: unknown): string {
  if (peer instanceof Api.InputNotifyUsers) return "users";
  if (peer instanceof Api.InputNotifyChats) return "chats";
  if (peer instanceof Api.InputNotifyBroadcasts) return "broadcasts";
  if (peer instanceof Api.InputNotifyPeer) return String(resolvePeer(world, viewer, peer.peer).idx);
  if (peer instanceof Api.InputNotifyForumTopic) {
    const conv = resolvePeer(world, viewer, peer.peer);
    if (!conv.topics.has(peer.topMsgId)) throw new RpcError(400, "TOPIC_ID_INVALID");
    return `${conv.idx}:${peer.topMsgId}`;
  }
  throw new RpcError(400, "PEER_ID_INVALID");
}

function notifyPeer(world: World, viewer: number, key: string): Api.TypeNotifyPeer {
  if (key === "users") return new Api.NotifyUsers();
  if (key === "chats") return new Api.NotifyChats();
  if (key === "broadcasts") return new Api.NotifyBroadcasts();
  const [idx, top] = key.split(":").map(Number);
  const peer = convPeer(world, world.convs[idx!]!, viewer);
  return top ? new Api.NotifyForumTopic({ peer, topMsgId: top }) : new Api.NotifyPeer({ peer });
}

/** The conversation of an InputDialogPeer (dialogs only: the chat must be in the viewer's list). */
function dialogConv(world: World, viewer: number, p: unknown): SConv {
  if (!(p instanceof Api.InputDialogPeer)) throw new RpcError(400, "PEER_ID_INVALID");
  const conv = resolvePeer(world, viewer, p.peer);
  if (!world.getUser(viewer)!.dialogs.has(conv.idx)) throw new RpcError(400, "PEER_ID_INVALID");
  return conv;
}

function pushOwn(ctx: RpcContext, viewer: number, updates: Api.TypeUpdate[], convs: SConv[] = []): void {
  ctx.pushToUser(viewer, updatesFor(ctx, viewer, updates, [], convs), ctx.authKey.idHex);
}

/** AffectedHistory/AffectedMessages pts: the channel's, or the account's after one more event. */
function eventPts(world: World, viewer: number, conv: SConv): number {
  if (conv.kind === "channel") return conv.pts;
  return world.logUpdate(viewer, { kind: "other", conv: conv.idx });
}

export const dialogsHandlers: HandlerMap = {
  // -------------------------------------------------------- folders

  "messages.GetDialogFilters"(_q, ctx) {
    const viewer = ctx.requireUser();
    const user = ctx.world.getUser(viewer)!;
    // dialogFilterDefault stands for "All chats", first unless reordered.
    return new Api.messages.DialogFilters({ filters: [new Api.DialogFilterDefault(), ...user.filters.map((f) => apiDialogFilter(ctx.world, viewer, f))] });
  },

  "messages.UpdateDialogFilter"(q: Api.messages.UpdateDialogFilter, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const user = world.getUser(viewer)!;
    // 0 is "All chats" and 1 the archive: never a custom folder id.
    if (q.id < 2 || q.id > 255) throw new RpcError(400, "FILTER_ID_INVALID");
    const at = user.filters.findIndex((f) => f.id === q.id);
    if (!q.filter) {
      if (at >= 0) user.filters.splice(at, 1);
      pushOwn(ctx, viewer, [new Api.UpdateDialogFilter({ id: q.id })]);
      return true;
    }
    const f = q.filter;
    if (!(f instanceof Api.DialogFilter)) throw new RpcError(400, "FILTER_ID_INVALID");
    if (f.id !== q.id) throw new RpcError(400, "FILTER_ID_INVALID");
    const title = f.title.text.trim();
    if (!title) throw new RpcError(400, "FILTER_TITLE_EMPTY");
    const peers = (list: Api.TypeInputPeer[]) => list.map((p) => resolvePeer(world, viewer, p).idx);
    const next: SDialogFilter = {
      id: q.id,
      title: f.title.text,
      emoticon: f.emoticon ?? undefined,
      color: f.color ?? undefined,
      contacts: f.contacts,
      nonContacts: f.nonContacts,
      groups: f.groups,
      broadcasts: f.broadcasts,
      bots: f.bots,
      excludeMuted: f.excludeMuted,
      excludeRead: f.excludeRead,
      excludeArchived: f.excludeArchived,
      pinned: peers(f.pinnedPeers),
      include: peers(f.includePeers),
      exclude: peers(f.excludePeers),
    };
    const anyFlag = next.contacts || next.nonContacts || next.groups || next.broadcasts || next.bots;
    if (!anyFlag && !next.pinned.length && !next.include.length) throw new RpcError(400, "FILTER_INCLUDE_EMPTY");
    if (next.pinned.length + next.include.length > MAX_FILTER_PEERS) throw new RpcError(400, "FILTER_INCLUDE_TOO_MUCH");
    if (next.exclude.length > MAX_FILTER_PEERS) throw new RpcError(400, "FILTER_EXCLUDE_TOO_MUCH");
    if (at < 0 && user.filters.length >= MAX_FILTERS) throw new RpcError(400, "DIALOG_FILTERS_TOO_MUCH");
    if (at >= 0) user.filters[at] = next;
    else user.filters.push(next);
    pushOwn(ctx, viewer, [new Api.UpdateDialogFilter({ id: q.id, filter: apiDialogFilter(world, viewer, next) })]);
    return true;
  },

  "messages.UpdateDialogFiltersOrder"(q: Api.messages.UpdateDialogFiltersOrder, ctx) {
    const viewer = ctx.requireUser();
    const user = ctx.world.getUser(viewer)!;
    const byId = new Map(user.filters.map((f) => [f.id, f]));
    const ordered = q.order.filter((id) => byId.has(id)).map((id) => byId.get(id)!);
    user.filters = [...ordered, ...user.filters.filter((f) => !q.order.includes(f.id))];
    pushOwn(ctx, viewer, [new Api.UpdateDialogFilterOrder({ order: user.filters.map((f) => f.id) })]);
    return true;
  },

  // ------------------------------------------------------- archive

  "folders.EditPeerFolders"(q: Api.folders.EditPeerFolders, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const user = world.getUser(viewer)!;
    const moves = q.folderPeers.map((fp) => {
      if (fp.folderId !== 0 && fp.folderId !== 1) throw new RpcError(400, "FOLDER_ID_INVALID");
      const conv = resolvePeer(world, viewer, fp.peer);
      if (!user.dialogs.has(conv.idx)) throw new RpcError(400, "PEER_ID_INVALID");
      return { conv, folderId: fp.folderId };
    });
    for (const { conv, folderId } of moves) {
      const from = user.archived.has(conv.idx) ? 1 : 0;
      if (from === folderId) continue;
      // A dialog loses its pin when it changes folders.
      const pins = user.pinnedDialogs[from];
      if (pins.includes(conv.idx)) pins.splice(pins.indexOf(conv.idx), 1);
      if (folderId === 1) user.archived.add(conv.idx);
      else user.archived.delete(conv.idx);
    }
    const pts = world.logUpdate(viewer, { kind: "other", conv: moves[0]?.conv.idx ?? 0 });
    const update = new Api.UpdateFolderPeers({
      folderPeers: moves.map(({ conv, folderId }) => new Api.FolderPeer({ peer: convPeer(world, conv, viewer), folderId })),
      pts,
      ptsCount: 1,
    });
    const convs = moves.map((m) => m.conv);
    pushOwn(ctx, viewer, [update], convs);
    return updatesFor(ctx, viewer, [update], [], convs);
  },

  // ----------------------------------------------------- pinned dialogs

  "messages.ToggleDialogPin"(q: Api.messages.ToggleDialogPin, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const user = world.getUser(viewer)!;
    const conv = dialogConv(world, viewer, q.peer);
    const folder = user.archived.has(conv.idx) ? 1 : 0;
    const pins = user.pinnedDialogs[folder];
    const at = pins.indexOf(conv.idx);
    if (q.pinned && at < 0) {
      if (pins.length >= MAX_PINNED[folder]) throw new RpcError(400, "PINNED_DIALOGS_TOO_MUCH");
      pins.unshift(conv.idx); // a new pin goes to the top
    } else if (!q.pinned && at >= 0) pins.splice(at, 1);
    world.version++;
    const update = new Api.UpdateDialogPinned({ pinned: q.pinned || undefined, folderId: folder || undefined, peer: new Api.DialogPeer({ peer: convPeer(world, conv, viewer) }) });
    pushOwn(ctx, viewer, [update], [conv]);
    return true;
  },

  "messages.GetPinnedDialogs"(q: Api.messages.GetPinnedDialogs, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    if (q.folderId !== 0 && q.folderId !== 1) throw new RpcError(400, "FOLDER_ID_INVALID");
    const convs = world.folderDialogs(viewer, q.folderId).pinned.map((idx) => world.convs[idx]!);
    const refs = new Refs(world, viewer);
    const messages: Api.TypeMessage[] = [];
    for (const conv of convs) {
      refs.addConv(conv);
      const top = world.topRow(conv, viewer);
      if (top >= 0) {
        refs.addRow(top);
        messages.push(apiMessage(world, viewer, top));
      }
    }
    const user = world.getUser(viewer)!;
    return new Api.messages.PeerDialogs({
      dialogs: convs.map((c) => apiDialog(world, viewer, c)),
      messages,
      chats: refs.apiChats(),
      users: refs.apiUsers(ctx.now()),
      state: new Api.updates.State({ pts: user.pts, qts: 0, date: ctx.now(), seq: 0, unreadCount: 0 }),
    });
  },

  // ------------------------------------------------------------ mute

  "account.UpdateNotifySettings"(q: Api.account.UpdateNotifySettings, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const key = notifyKey(world, viewer, q.peer);
    const s = q.settings;
    const user = world.getUser(viewer)!;
    const next: NotifySettings = { ...user.notify.get(key) };
    if (s.muteUntil != null) next.muteUntil = s.muteUntil > ctx.now() ? s.muteUntil : undefined;
    if (s.silent != null) next.silent = s.silent;
    if (s.showPreviews != null) next.showPreviews = s.showPreviews;
    user.notify.set(key, next);
    const update = new Api.UpdateNotifySettings({ peer: notifyPeer(world, viewer, key), notifySettings: apiNotifySettings(next) });
    const conv = /^\d/.test(key) ? [world.convs[Number(key.split(":")[0])]!] : [];
    pushOwn(ctx, viewer, [update], conv);
    return true;
  },

  "account.GetNotifySettings"(q: Api.account.GetNotifySettings, ctx) {
    const viewer = ctx.requireUser();
    const key = notifyKey(ctx.world, viewer, q.peer);
    return apiNotifySettings(ctx.world.getUser(viewer)!.notify.get(key));
  },

  // ---------------------------------------------------------- drafts

  "messages.SaveDraft"(q: Api.messages.SaveDraft, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const conv = resolvePeer(world, viewer, q.peer);
    checkRead(conv, viewer);
    if (conv.kind !== "private" && !conv.members.has(viewer)) throw new RpcError(403, "CHAT_WRITE_FORBIDDEN");
    if (q.message.length > 4096) throw new RpcError(400, "MESSAGE_TOO_LONG");
    const reply = replyInfo(world, conv, viewer, q.replyTo);
    const top = reply.threadTop ?? 0;
    const user = world.getUser(viewer)!;
    const key = `${conv.idx}:${top}`;
    let draft: SDraft | undefined;
    // An empty draft (no text, no reply) deletes it, as on Telegram.
    if (q.message === "" && !reply.replyTo) user.drafts.delete(key);
    else {
      if (q.message.trim()) checkText(q.message, false);
      draft = {
        text: q.message,
        date: ctx.now(),
        replyTo: reply.replyTo !== top ? reply.replyTo : undefined,
        topMsgId: top || undefined,
        entities: storeEntities(world, viewer, q.entities),
        noWebpage: q.noWebpage,
      };
      user.drafts.set(key, draft);
    }
    const update = new Api.UpdateDraftMessage({
      peer: convPeer(world, conv, viewer),
      topMsgId: top || undefined,
      draft: apiDraft(draft) ?? new Api.DraftMessageEmpty({ date: ctx.now() }),
    });
    pushOwn(ctx, viewer, [update], [conv]);
    return true;
  },

  "messages.GetAllDrafts"(_q, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const user = world.getUser(viewer)!;
    const convs: SConv[] = [];
    const updates = [...user.drafts].map(([key, d]) => {
      const conv = world.convs[Number(key.split(":")[0])]!;
      convs.push(conv);
      return new Api.UpdateDraftMessage({ peer: convPeer(world, conv, viewer), topMsgId: d.topMsgId, draft: apiDraft(d)! });
    });
    return updatesFor(ctx, viewer, updates, [], convs);
  },

  // -------------------------------------------------------- mentions

  "messages.GetUnreadMentions"(q: Api.messages.GetUnreadMentions, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const conv = resolvePeer(world, viewer, q.peer);
    checkRead(conv, viewer);
    const top = (q.topMsgId as number | null | undefined) ?? undefined; // an absent flag parses as null
    if (top !== undefined && !conv.topics.has(top)) throw new RpcError(400, "MSG_ID_INVALID");
    const rows = world
      .unreadMentionIds(conv, viewer, top)
      .map((id) => world.findRow(conv, id))
      .filter((r) => r >= 0);
    const page = pageDesc(world, rows, { offsetId: q.offsetId, offsetDate: 0, addOffset: q.addOffset, limit: q.limit, maxId: q.maxId, minId: q.minId });
    return messagesResult(ctx, viewer, page, rows.length, { channel: conv.kind === "channel" ? conv : undefined });
  },

  // Clears the unread mentions (of one topic with top_msg_id); reading history does not, as on Telegram.
  "messages.ReadMentions"(q: Api.messages.ReadMentions, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const conv = resolvePeer(world, viewer, q.peer);
    checkRead(conv, viewer);
    const top = (q.topMsgId as number | null | undefined) ?? undefined; // an absent flag parses as null
    const n = world.readMentions(conv, viewer, { top });
    const pts = n ? eventPts(world, viewer, conv) : conv.kind === "channel" ? conv.pts : world.getUser(viewer)!.pts;
    return new Api.messages.AffectedHistory({ pts, ptsCount: n ? 1 : 0, offset: 0 });
  },

  // Opening messages: their mentions (and media) count as read. Private chats and basic groups.
  "messages.ReadMessageContents"(q: Api.messages.ReadMessageContents, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const ids: number[] = [];
    for (const id of q.id) {
      const row = world.globalMessageRow(id);
      if (row < 0) continue;
      const conv = world.convs[world.store.conv[row]!]!;
      if (!conv.members.has(viewer)) continue;
      if (world.readMentions(conv, viewer, { ids: [id] })) ids.push(id);
    }
    const pts = ids.length ? world.logUpdate(viewer, { kind: "other", conv: 0 }) : world.getUser(viewer)!.pts;
    if (ids.length) pushOwn(ctx, viewer, [new Api.UpdateReadMessagesContents({ messages: ids, pts, ptsCount: 1 })]);
    return new Api.messages.AffectedMessages({ pts, ptsCount: ids.length ? 1 : 0 });
  },

  "channels.ReadMessageContents"(q: Api.channels.ReadMessageContents, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const conv = resolveChannel(world, viewer, q.channel);
    if (!conv.members.has(viewer)) throw new RpcError(400, "CHANNEL_PRIVATE");
    const ids = q.id.filter((id) => world.readMentions(conv, viewer, { ids: [id] }) > 0);
    if (ids.length) pushOwn(ctx, viewer, [new Api.UpdateChannelReadMessagesContents({ channelId: big(conv.id), messages: ids })], [conv]);
    return true;
  },
};
