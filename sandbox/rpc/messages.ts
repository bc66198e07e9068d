// messages.*: dialogs, history, lookups, search (in a chat and global), sending, editing,
// forwarding, chats, read state, deletion, reactions and pins.
import { Api } from "telegram";
import { hash64 } from "../world/prng.js";
import { F_PINNED } from "../world/store.js";
import { apiChat, apiDialog, apiMedia, apiMessage, apiNotifySettings, apiReactions, apiScheduled, apiUser, convPeer, Refs } from "../world/to-api.js";
import type { NewMessage, SConv, World } from "../world/world.js";
import {
  big,
  cap,
  checkRead,
  checkText,
  checkWrite,
  groupsInCommon,
  inputUserId,
  messagesResult,
  num,
  otherParticipants,
  pageDesc,
  postMessages,
  replyInfo,
  scheduleMessages,
  checkReactions,
  apiChatReactions,
  resolvePeer,
  storeEntities,
  updatesFor,
} from "./common.js";
import { mediaFromInput } from "./upload.js";
import { RpcError, type HandlerMap, type RpcContext } from "./types.js";

/** Row predicate for a MessagesFilter; null for filters the sandbox does not model (no matches). */
export function filterPredicate(world: World, filter: unknown): ((row: number) => boolean) | null {
  const s = world.store;
  const kind = (row: number) => {
    const id = s.media.get(row);
    return id === undefined ? undefined : world.media.get(id);
  };
  if (filter === undefined || filter instanceof Api.InputMessagesFilterEmpty) return () => true;
  if (filter instanceof Api.InputMessagesFilterPhotos || filter instanceof Api.InputMessagesFilterPhotoVideo) {
    return (row) => {
      const m = kind(row);
      return !!m && (m.kind === "photo" || (filter instanceof Api.InputMessagesFilterPhotoVideo && m.mime.startsWith("video/")));
    };
  }
  if (filter instanceof Api.InputMessagesFilterVideo) return (row) => kind(row)?.mime.startsWith("video/") ?? false;
  if (filter instanceof Api.InputMessagesFilterDocument) return (row) => kind(row)?.kind === "document";
  if (filter instanceof Api.InputMessagesFilterMusic) return (row) => kind(row)?.mime.startsWith("audio/") ?? false;
  if (filter instanceof Api.InputMessagesFilterPinned) return (row) => (s.flags[row]! & F_PINNED) !== 0;
  if (filter instanceof Api.InputMessagesFilterUrl) {
    return (row) => (s.entities.get(row) ?? []).some((e) => e instanceof Api.MessageEntityUrl || e instanceof Api.MessageEntityTextUrl);
  }
  return null;
}

function convRows(conv: SConv): Int32Array {
  return conv.rows.subarray(0, conv.count);
}

/** A chat's messages as `viewer` sees them: without those it deleted for itself. */
function visibleRows(world: World, conv: SConv, viewer: number): ArrayLike<number> {
  const hidden = world.getUser(viewer)?.hidden;
  const rows = convRows(conv);
  return hidden?.size && conv.kind !== "channel" ? rows.filter((r) => !hidden.has(r)) : rows;
}

/** Saved Messages: a private chat with oneself (no other side to keep a copy). */
function isSelfChat(conv: SConv): boolean {
  return conv.kind === "private" && conv.a === conv.b;
}

/** A message by id as `viewer` sees it (-1 when absent or deleted for it). */
function rowFor(world: World, conv: SConv, id: number, viewer: number): number {
  const row = world.findRow(conv, id);
  return row >= 0 && world.hiddenFor(row, viewer) ? -1 : row;
}

/** Bumps pts for an event in a conversation: the channel's pts, or each member's own sequence. */
function bumpPts(world: World, conv: SConv, e: { kind: "edit" | "delete" | "other"; row?: number; ids?: number[] }): Map<number, number> {
  const pts = new Map<number, number>();
  if (conv.kind === "channel") {
    conv.pts++;
    for (const u of conv.members) pts.set(u, conv.pts);
  } else {
    for (const u of conv.members) pts.set(u, world.logUpdate(u, { ...e, conv: conv.idx }));
  }
  return pts;
}

/**
 * Sends each participant its own view of an update: the actor's other sessions (its other
 * devices, as on Telegram) and, unless `othersToo` is false, every other participant.
 */
function pushToParticipants(ctx: RpcContext, conv: SConv, actor: number, rows: number[], make: (viewer: number) => Api.TypeUpdate[], othersToo = true): void {
  ctx.pushToUser(actor, updatesFor(ctx, actor, make(actor), rows, [conv]), ctx.authKey.idHex);
  if (!othersToo) return;
  for (const u of otherParticipants(conv, actor)) ctx.pushToUser(u, updatesFor(ctx, u, make(u), rows, [conv]));
}

function isDuplicate(ctx: RpcContext, viewer: number, randomId: unknown): boolean {
  return randomId !== undefined && ctx.world.getUser(viewer)!.randomIds.has(String(randomId));
}

function editUpdate(world: World, viewer: number, row: number, pts: number): Api.TypeUpdate {
  const conv = world.convs[world.store.conv[row]!]!;
  const message = apiMessage(world, viewer, row);
  return conv.kind === "channel" ? new Api.UpdateEditChannelMessage({ message, pts, ptsCount: 1 }) : new Api.UpdateEditMessage({ message, pts, ptsCount: 1 });
}

function sameEntities(a: Api.TypeMessageEntity[] | undefined, b: Api.TypeMessageEntity[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((e, i) => e.getBytes().equals(y[i]!.getBytes()));
}

function dialogsResult(ctx: RpcContext, viewer: number, convs: SConv[]) {
  const world = ctx.world;
  const refs = new Refs(world, viewer);
  const messages: Api.TypeMessage[] = [];
  const dialogs: Api.Dialog[] = [];
  for (const conv of convs) {
    refs.addConv(conv);
    dialogs.push(apiDialog(world, viewer, conv));
    const top = world.topRow(conv, viewer);
    if (top >= 0) {
      messages.push(apiMessage(world, viewer, top));
      refs.addRow(top);
    }
  }
  return { dialogs, messages, chats: refs.apiChats(), users: refs.apiUsers(ctx.now()) };
}

/** Drops the sender's draft of a chat (or of a topic) after a send with clear_draft. */
function clearDraft(ctx: RpcContext, viewer: number, conv: SConv, top?: number): void {
  const user = ctx.world.getUser(viewer)!;
  if (!user.drafts.delete(`${conv.idx}:${top ?? 0}`)) return;
  const update = new Api.UpdateDraftMessage({ peer: convPeer(ctx.world, conv, viewer), topMsgId: top, draft: new Api.DraftMessageEmpty({ date: ctx.now() }) });
  ctx.pushToUser(viewer, updatesFor(ctx, viewer, [update], [], [conv]));
}

export const messagesHandlers: HandlerMap = {
  // ------------------------------------------------------------ reading

  // folder_id: absent = every dialog, 0 = main list, 1 = archive (folders.editPeerFolders). The
  // folder's pinned dialogs come first (unless exclude_pinned), then newest top message first.
  "messages.GetDialogs"(q: Api.messages.GetDialogs, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const folder = q.folderId ?? undefined; // absent flag: parsed as null or undefined
    if (folder !== undefined && folder !== 0 && folder !== 1) throw new RpcError(400, "FOLDER_ID_INVALID");
    const { pinned, rest } = world.folderDialogs(viewer, folder);
    const list = q.excludePinned ? rest : [...pinned, ...rest];
    const firstUnpinned = q.excludePinned ? 0 : pinned.length;
    const s = world.store;
    let start = 0;
    let peerConv: SConv | undefined;
    if (q.offsetPeer && !(q.offsetPeer instanceof Api.InputPeerEmpty)) {
      try {
        peerConv = resolvePeer(world, viewer, q.offsetPeer);
      } catch {
        peerConv = undefined;
      }
    }
    const at = peerConv ? list.indexOf(peerConv.idx) : -1;
    if (at >= 0) start = at + 1;
    else if (q.offsetDate > 0 || q.offsetId > 0) {
      // Offsets page through the unpinned part (ordered by date); pinned dialogs come on the first page only.
      const i = rest.findIndex((idx) => {
        const top = world.topRow(world.convs[idx]!, viewer);
        const date = top >= 0 ? s.date[top]! : world.convs[idx]!.date;
        const id = top >= 0 ? s.id[top]! : 0;
        return q.offsetDate > 0 ? date < q.offsetDate || (date === q.offsetDate && id < q.offsetId) : id < q.offsetId;
      });
      start = i < 0 ? list.length : firstUnpinned + i;
    }
    const page = list.slice(start, start + (cap(q.limit) || 100)).map((idx) => world.convs[idx]!);
    const r = dialogsResult(ctx, viewer, page);
    if (start === 0 && page.length === list.length) return new Api.messages.Dialogs(r);
    return new Api.messages.DialogsSlice({ count: list.length, ...r });
  },

  "messages.GetPeerDialogs"(q: Api.messages.GetPeerDialogs, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const convs = q.peers.map((p) => {
      if (!(p instanceof Api.InputDialogPeer)) throw new RpcError(400, "PEER_ID_INVALID");
      const conv = resolvePeer(world, viewer, p.peer);
      checkRead(conv, viewer);
      return conv;
    });
    const user = world.getUser(viewer)!;
    return new Api.messages.PeerDialogs({
      ...dialogsResult(ctx, viewer, convs),
      state: new Api.updates.State({ pts: user.pts, qts: 0, date: ctx.now(), seq: 0, unreadCount: 0 }),
    });
  },

  "messages.GetHistory"(q: Api.messages.GetHistory, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const conv = resolvePeer(world, viewer, q.peer);
    checkRead(conv, viewer);
    const visible = visibleRows(world, conv, viewer);
    const rows = pageDesc(world, visible, q);
    return messagesResult(ctx, viewer, rows, visible.length, { channel: conv.kind === "channel" ? conv : undefined });
  },

  "messages.GetMessages"(q: Api.messages.GetMessages, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const refs = new Refs(world, viewer);
    const messages: Api.TypeMessage[] = q.id.map((m) => {
      const id = m instanceof Api.InputMessageID || m instanceof Api.InputMessageReplyTo ? m.id : 0;
      let row = world.globalMessageRow(id);
      if (row >= 0 && m instanceof Api.InputMessageReplyTo) {
        const conv = world.convs[world.store.conv[row]!]!;
        row = world.store.replyTo[row] ? world.findRow(conv, world.store.replyTo[row]!) : -1;
      }
      if (row < 0 || !world.convs[world.store.conv[row]!]!.members.has(viewer) || world.hiddenFor(row, viewer)) return new Api.MessageEmpty({ id });
      refs.addRow(row);
      return apiMessage(world, viewer, row);
    });
    return new Api.messages.Messages({ messages, chats: refs.apiChats(), users: refs.apiUsers(ctx.now()) });
  },

  // ---------------------------------------------------------- searching

  "messages.Search"(q: Api.messages.Search, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const s = world.store;
    const conv = resolvePeer(world, viewer, q.peer);
    checkRead(conv, viewer);
    const filter = filterPredicate(world, q.filter);
    let fromId: number | undefined;
    if (q.fromId) {
      fromId = inputUserId(world, viewer, q.fromId);
      if (fromId === undefined) throw new RpcError(400, "PEER_ID_INVALID");
    }
    const minDate = q.minDate > 0 ? q.minDate : 0;
    const maxDate = q.maxDate > 0 ? q.maxDate : 0; // gramjs pages with max_date = -1
    // top_msg_id: only a forum topic's or a comment thread's messages.
    const top = (q.topMsgId as number | undefined) ?? 0;
    if (top && !(conv.forum ? conv.topics.has(top) : conv.threads.has(top))) throw new RpcError(400, "MSG_ID_INVALID");
    const inThread = (row: number) => !top || (conv.forum ? world.topicOf(conv, row) === top : s.threadTop.get(row) === top);
    const accept = (row: number) =>
      s.conv[row] === conv.idx &&
      !world.hiddenFor(row, viewer) &&
      inThread(row) &&
      (fromId === undefined || s.from[row] === fromId) &&
      (!minDate || s.date[row]! >= minDate) &&
      (!maxDate || s.date[row]! <= maxDate) &&
      filter!(row);
    let rows: ArrayLike<number>;
    if (!filter) rows = [];
    else rows = world.searchRows(q.q, accept) ?? convRows(conv).filter(accept);
    const page = pageDesc(world, rows, { offsetId: q.offsetId, offsetDate: 0, addOffset: q.addOffset, limit: q.limit, maxId: q.maxId, minId: q.minId });
    return messagesResult(ctx, viewer, page, rows.length, { channel: conv.kind === "channel" ? conv : undefined });
  },

  "messages.SearchGlobal"(q: Api.messages.SearchGlobal, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const s = world.store;
    const user = world.getUser(viewer)!;
    const filter = filterPredicate(world, q.filter);
    const minDate = q.minDate > 0 ? q.minDate : 0;
    const maxDate = q.maxDate > 0 ? q.maxDate : 0;
    const kindOk = (conv: SConv) =>
      q.broadcastsOnly ? conv.kind === "channel" && conv.broadcast : q.groupsOnly ? conv.kind === "chat" || conv.megagroup : q.usersOnly ? conv.kind === "private" : true;
    const accept = (row: number) => {
      const conv = world.convs[s.conv[row]!]!;
      return user.dialogs.has(conv.idx) && conv.members.has(viewer) && !world.hiddenFor(row, viewer) && kindOk(conv) && (!minDate || s.date[row]! >= minDate) && (!maxDate || s.date[row]! <= maxDate) && filter!(row);
    };
    const found = filter ? world.searchRows(q.q, accept) : [];
    if (found === null) throw new RpcError(400, "SEARCH_QUERY_EMPTY");
    // newest first: by date, then by row (rows grow with time)
    let sortedAsc = true;
    for (let i = 1; i < found.length && sortedAsc; i++) if (s.date[found[i]!]! < s.date[found[i - 1]!]!) sortedAsc = false;
    if (!sortedAsc) found.sort((a, b) => s.date[a]! - s.date[b]! || a - b);
    const ordered = found.reverse();
    let start = 0;
    if (q.offsetRate > 0 || q.offsetId > 0) {
      let cursorRow = -1;
      if (q.offsetPeer && !(q.offsetPeer instanceof Api.InputPeerEmpty)) {
        try {
          cursorRow = world.findRow(resolvePeer(world, viewer, q.offsetPeer), q.offsetId);
        } catch {
          cursorRow = -1;
        }
      }
      const rate = q.offsetRate > 0 ? q.offsetRate : cursorRow >= 0 ? s.date[cursorRow]! : Number.MAX_SAFE_INTEGER;
      const after = (row: number) => {
        const d = s.date[row]!;
        if (d !== rate) return d < rate;
        return cursorRow >= 0 ? row < cursorRow : s.id[row]! < q.offsetId;
      };
      let lo = 0;
      let hi = ordered.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (after(ordered[mid]!)) hi = mid;
        else lo = mid + 1;
      }
      start = lo;
    }
    const page = ordered.slice(start, start + cap(q.limit));
    const last = page[page.length - 1];
    // Always a slice with next_rate when something was returned: gramjs pages with it.
    return messagesResult(ctx, viewer, page, ordered.length, { forceSlice: true, nextRate: last !== undefined ? s.date[last] : undefined });
  },

  "messages.GetSearchCounters"(q: Api.messages.GetSearchCounters, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const conv = resolvePeer(world, viewer, q.peer);
    checkRead(conv, viewer);
    return q.filters.map((f) => {
      const pred = filterPredicate(world, f);
      let count = 0;
      if (pred) for (const row of convRows(conv)) if (pred(row)) count++;
      return new Api.messages.SearchCounter({ filter: f, count });
    });
  },

  // ------------------------------------------------------------ sending

  "messages.SendMessage"(q: Api.messages.SendMessage, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const conv = resolvePeer(world, viewer, q.peer);
    checkWrite(world, conv, viewer);
    checkText(q.message, false);
    const m: NewMessage = {
      from: viewer,
      text: q.message,
      date: ctx.now(),
      ...replyInfo(world, conv, viewer, q.replyTo),
      entities: storeEntities(world, viewer, q.entities),
      views: conv.broadcast ? 1 : undefined,
    };
    if (q.clearDraft) clearDraft(ctx, viewer, conv, m.threadTop);
    if (q.scheduleDate) return scheduleMessages(ctx, viewer, conv, q.scheduleDate, [{ m, randomId: q.randomId }]);
    return postMessages(ctx, viewer, conv, [{ m, randomId: q.randomId }]);
  },

  "messages.SendMedia"(q: Api.messages.SendMedia, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const conv = resolvePeer(world, viewer, q.peer);
    checkWrite(world, conv, viewer);
    checkText(q.message ?? "", true);
    const dup = isDuplicate(ctx, viewer, q.randomId);
    const m: NewMessage = {
      from: viewer,
      text: q.message ?? "",
      date: ctx.now(),
      ...replyInfo(world, conv, viewer, q.replyTo),
      entities: storeEntities(world, viewer, q.entities),
      mediaId: dup ? undefined : mediaFromInput(ctx, viewer, q.media),
      views: conv.broadcast ? 1 : undefined,
    };
    if (q.clearDraft) clearDraft(ctx, viewer, conv, m.threadTop);
    if (q.scheduleDate) return scheduleMessages(ctx, viewer, conv, q.scheduleDate, [{ m, randomId: q.randomId }]);
    return postMessages(ctx, viewer, conv, [{ m, randomId: q.randomId }]);
  },

  "messages.SendMultiMedia"(q: Api.messages.SendMultiMedia, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const conv = resolvePeer(world, viewer, q.peer);
    checkWrite(world, conv, viewer);
    if (!q.multiMedia.length || q.multiMedia.length > 10) throw new RpcError(400, "MEDIA_INVALID");
    const reply = replyInfo(world, conv, viewer, q.replyTo);
    const groupedId = hash64(world.secret, 4, num(q.multiMedia[0]!.randomId));
    const items = q.multiMedia.map((sm) => {
      checkText(sm.message ?? "", true);
      const dup = isDuplicate(ctx, viewer, sm.randomId);
      const m: NewMessage = {
        from: viewer,
        text: sm.message ?? "",
        date: ctx.now(),
        ...reply,
        entities: storeEntities(world, viewer, sm.entities),
        mediaId: dup ? undefined : mediaFromInput(ctx, viewer, sm.media),
        groupedId,
        views: conv.broadcast ? 1 : undefined,
      };
      return { m, randomId: sm.randomId };
    });
    if (q.clearDraft) clearDraft(ctx, viewer, conv, reply.threadTop);
    if (q.scheduleDate) return scheduleMessages(ctx, viewer, conv, q.scheduleDate, items);
    return postMessages(ctx, viewer, conv, items);
  },

  "messages.UploadMedia"(q: Api.messages.UploadMedia, ctx) {
    const viewer = ctx.requireUser();
    resolvePeer(ctx.world, viewer, q.peer);
    return apiMedia(ctx.world, mediaFromInput(ctx, viewer, q.media))!;
  },

  "messages.EditMessage"(q: Api.messages.EditMessage, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const s = world.store;
    const conv = resolvePeer(world, viewer, q.peer);
    checkRead(conv, viewer);
    const row = rowFor(world, conv, q.id, viewer);
    if (row < 0) throw new RpcError(400, "MESSAGE_ID_INVALID");
    const canEditOthers = conv.kind === "channel" && conv.broadcast && conv.admins.has(viewer);
    if (s.from[row] !== viewer && !canEditOthers) throw new RpcError(403, "MESSAGE_AUTHOR_REQUIRED");
    const oldText = s.text(row);
    const hasMedia = s.media.has(row) || q.media != null;
    if (q.message != null) checkText(q.message, hasMedia);
    const entities = q.message != null ? (storeEntities(world, viewer, q.entities) ?? []) : undefined;
    const textChanged = q.message != null && q.message !== oldText;
    const entitiesChanged = entities !== undefined && !sameEntities(entities, s.entities.get(row));
    if (!textChanged && !entitiesChanged && q.media == null) throw new RpcError(400, "MESSAGE_NOT_MODIFIED");
    if (q.media != null) s.media.set(row, mediaFromInput(ctx, viewer, q.media));
    world.editMessage(row, textChanged ? q.message : undefined, ctx.now(), entities);
    const pts = bumpPts(world, conv, { kind: "edit", row });
    pushToParticipants(ctx, conv, viewer, [row], (u) => [editUpdate(world, u, row, pts.get(u) ?? conv.pts)]);
    return updatesFor(ctx, viewer, [editUpdate(world, viewer, row, pts.get(viewer) ?? conv.pts)], [row]);
  },

  // Forwards keep the original header (a forward of a forward keeps the first author), albums
  // stay albums (a new grouped_id per source album), drop_author sends copies without header;
  // a chat with protected content (noforwards) forwards nothing.
  "messages.ForwardMessages"(q: Api.messages.ForwardMessages, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const s = world.store;
    const from = resolvePeer(world, viewer, q.fromPeer);
    checkRead(from, viewer);
    // Protected content: no forwards, not even as copies (drop_author).
    if (from.noforwards) throw new RpcError(400, "CHAT_FORWARDS_RESTRICTED");
    const to = resolvePeer(world, viewer, q.toPeer);
    checkWrite(world, to, viewer);
    if (!q.id.length || q.id.length !== q.randomId.length) throw new RpcError(400, "RANDOM_ID_INVALID");
    const topMsgId = q.topMsgId as number | undefined;
    const thread = topMsgId || to.forum ? replyInfo(world, to, viewer, undefined, topMsgId) : {};
    const now = ctx.now();
    const albums = new Map<bigint, bigint>();
    const items = q.id.map((id, i) => {
      const row = rowFor(world, from, id, viewer);
      if (row < 0) throw new RpcError(400, "MESSAGE_ID_INVALID");
      if (s.actions.has(row)) throw new RpcError(400, "MESSAGE_ID_INVALID"); // service messages cannot be forwarded
      const isPost = from.kind === "channel" && from.broadcast;
      const own = s.fwd.get(row);
      const fwd = own
        ? { fromKey: own.fromKey, date: own.date, channelPost: own.channelPost, fromName: own.fromName }
        : {
            fromKey: isPost ? world.peerKey(from, viewer) : s.from[row]!,
            date: s.date[row]!,
            channelPost: isPost ? id : undefined,
          };
      const src = s.groupedId.get(row);
      let groupedId: bigint | undefined;
      if (src !== undefined) {
        groupedId = albums.get(src) ?? hash64(world.secret, 5, num(q.randomId[i]!));
        albums.set(src, groupedId);
      }
      const m: NewMessage = {
        from: viewer,
        text: q.dropMediaCaptions && s.media.has(row) ? "" : s.text(row),
        date: now,
        entities: s.entities.get(row),
        mediaId: s.media.get(row),
        fwd: q.dropAuthor || q.dropMediaCaptions ? undefined : fwd,
        views: to.broadcast ? 1 : undefined,
        groupedId,
        threadTop: thread.threadTop,
        replyTo: thread.threadTop,
      };
      return { m, randomId: q.randomId[i] };
    });
    if (q.scheduleDate) return scheduleMessages(ctx, viewer, to, q.scheduleDate, items);
    return postMessages(ctx, viewer, to, items);
  },

  // ------------------------------------------------------ scheduled

  "messages.GetScheduledHistory"(q: Api.messages.GetScheduledHistory, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const conv = resolvePeer(world, viewer, q.peer);
    checkRead(conv, viewer);
    if (conv.kind === "channel" && conv.broadcast && !conv.admins.has(viewer)) throw new RpcError(400, "CHAT_ADMIN_REQUIRED");
    const mine = conv.scheduled.filter((sm) => sm.from === viewer || (conv.broadcast && conv.admins.has(viewer)));
    const refs = new Refs(world, viewer);
    refs.addConv(conv);
    const messages = [...mine].reverse().map((sm) => apiScheduled(world, viewer, conv, sm));
    return new Api.messages.Messages({ messages, chats: refs.apiChats(), users: refs.apiUsers(ctx.now()) });
  },

  "messages.DeleteScheduledMessages"(q: Api.messages.DeleteScheduledMessages, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const conv = resolvePeer(world, viewer, q.peer);
    checkRead(conv, viewer);
    const gone: number[] = [];
    for (let i = conv.scheduled.length - 1; i >= 0; i--) {
      const sm = conv.scheduled[i]!;
      if (q.id.includes(sm.id) && sm.from === viewer) {
        conv.scheduled.splice(i, 1);
        gone.push(sm.id);
      }
    }
    const update = new Api.UpdateDeleteScheduledMessages({ peer: convPeer(world, conv, viewer), messages: gone.sort((a, b) => a - b) });
    ctx.pushToUser(viewer, updatesFor(ctx, viewer, [update], [], [conv]), ctx.authKey.idHex);
    return updatesFor(ctx, viewer, [update], [], [conv]);
  },

  // ---------------------------------------------------- chats and state

  "messages.GetFullChat"(q: Api.messages.GetFullChat, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const conv = world.chatById(num(q.chatId));
    if (!conv || !conv.members.has(viewer)) throw new RpcError(400, "CHAT_ID_INVALID");
    const participants = [...conv.members].map((u) =>
      u === conv.creatorId
        ? new Api.ChatParticipantCreator({ userId: big(u) })
        : new Api.ChatParticipant({ userId: big(u), inviterId: big(conv.creatorId), date: conv.date }),
    );
    return new Api.messages.ChatFull({
      fullChat: new Api.ChatFull({
        id: big(conv.id),
        about: conv.about,
        participants: new Api.ChatParticipants({ chatId: big(conv.id), participants, version: 1 }),
        notifySettings: apiNotifySettings(world.getUser(viewer)!.notify.get(String(conv.idx))),
        folderId: world.getUser(viewer)!.archived.has(conv.idx) ? 1 : undefined,
        availableReactions: apiChatReactions(conv),
        pinnedMsgId: conv.pinned.size ? Math.max(...conv.pinned) : undefined,
      }),
      chats: [apiChat(world, viewer, conv)],
      users: [...conv.members].map((u) => apiUser(world, viewer, u, ctx.now())),
    });
  },

  "messages.GetChats"(q: Api.messages.GetChats, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const chats: Api.TypeChat[] = [];
    for (const id of q.id) {
      const conv = world.chatById(num(id));
      if (conv) chats.push(apiChat(world, viewer, conv));
    }
    return new Api.messages.Chats({ chats });
  },

  // Groups in common with a user (messages.getCommonChats): newest id first, below max_id
  // (0: no bound; the last id of a page asks for the next), at most 100.
  "messages.GetCommonChats"(q: Api.messages.GetCommonChats, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const other = inputUserId(world, viewer, q.userId);
    if (other === undefined || other === viewer) throw new RpcError(400, "USER_ID_INVALID");
    const maxId = num(q.maxId);
    // Telegram lists MSG_ID_INVALID for this method without saying when; a negative max_id is the one bad id here.
    if (maxId < 0) throw new RpcError(400, "MSG_ID_INVALID");
    const chats = groupsInCommon(world, viewer, other)
      .filter((c) => maxId === 0 || c.id < maxId)
      .slice(0, cap(q.limit));
    return new Api.messages.Chats({ chats: chats.map((c) => apiChat(world, viewer, c)) });
  },

  "messages.ReadHistory"(q: Api.messages.ReadHistory, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const conv = resolvePeer(world, viewer, q.peer);
    if (conv.kind === "channel") throw new RpcError(400, "PEER_ID_INVALID"); // channels.ReadHistory
    const mark = world.markRead(conv, viewer, q.maxId);
    const pts = world.logUpdate(viewer, { kind: "readInbox", conv: conv.idx, maxId: mark });
    const inbox = new Api.UpdateReadHistoryInbox({ peer: convPeer(world, conv, viewer), maxId: mark, stillUnreadCount: world.unreadCount(conv, viewer), pts, ptsCount: 1 });
    ctx.pushToUser(viewer, new Api.UpdateShort({ update: inbox, date: ctx.now() }), ctx.authKey.idHex);
    for (const u of otherParticipants(conv, viewer)) {
      const p = world.logUpdate(u, { kind: "read", conv: conv.idx, maxId: mark });
      const peer = conv.kind === "chat" ? new Api.PeerChat({ chatId: big(conv.id) }) : new Api.PeerUser({ userId: big(viewer) });
      ctx.pushToUser(u, new Api.UpdateShort({ update: new Api.UpdateReadHistoryOutbox({ peer, maxId: mark, pts: p, ptsCount: 1 }), date: ctx.now() }));
    }
    return new Api.messages.AffectedMessages({ pts, ptsCount: 1 });
  },

  // revoke: for everyone. Without it, in a private chat or basic group, the messages leave only
  // the caller's view (anyone may delete any message there for themselves, service messages too);
  // the other participants keep them. Saved Messages has no other side: always deleted.
  "messages.DeleteMessages"(q: Api.messages.DeleteMessages, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const s = world.store;
    const byConv = new Map<SConv, number[]>();
    for (const id of q.id) {
      const row = world.globalMessageRow(id);
      if (row < 0) continue; // like Telegram: unknown ids are ignored
      const conv = world.convs[s.conv[row]!]!;
      if (!conv.members.has(viewer) || world.hiddenFor(row, viewer)) continue;
      const forMe = !q.revoke && !isSelfChat(conv);
      if (!forMe && conv.kind === "chat" && s.from[row] !== viewer && !conv.admins.has(viewer)) throw new RpcError(403, "MESSAGE_DELETE_FORBIDDEN");
      if (!forMe && s.actions.has(row) && !conv.admins.has(viewer)) throw new RpcError(403, "MESSAGE_DELETE_FORBIDDEN");
      byConv.set(conv, [...(byConv.get(conv) ?? []), row]);
    }
    let ptsCount = 0;
    for (const [conv, rows] of byConv) {
      const ids = rows.map((r) => s.id[r]!);
      ptsCount += ids.length;
      const deleted = (pts: number) => new Api.UpdateShort({ update: new Api.UpdateDeleteMessages({ messages: ids, pts, ptsCount: 1 }), date: ctx.now() });
      if (!q.revoke && !isSelfChat(conv)) {
        for (const r of rows) world.hideMessage(r, viewer);
        ctx.pushToUser(viewer, deleted(world.logUpdate(viewer, { kind: "delete", ids, conv: conv.idx })), ctx.authKey.idHex);
        continue;
      }
      for (const r of rows) world.deleteMessage(r);
      const pts = bumpPts(world, conv, { kind: "delete", ids });
      ctx.pushToUser(viewer, deleted(pts.get(viewer)!), ctx.authKey.idHex);
      for (const u of otherParticipants(conv, viewer)) ctx.pushToUser(u, deleted(pts.get(u)!));
    }
    return new Api.messages.AffectedMessages({ pts: world.getUser(viewer)!.pts, ptsCount });
  },

  "messages.SendReaction"(q: Api.messages.SendReaction, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const s = world.store;
    const conv = resolvePeer(world, viewer, q.peer);
    checkRead(conv, viewer);
    const msgId = q.msgId as number;
    const row = rowFor(world, conv, msgId, viewer);
    if (row < 0) throw new RpcError(400, "MESSAGE_ID_INVALID");
    if (s.actions.has(row)) throw new RpcError(400, "MESSAGE_ID_INVALID");
    const wanted = checkReactions(conv, q.reaction ?? []).map((emoticon) => new Api.ReactionEmoji({ emoticon }));
    let map = s.reactions.get(row);
    if (!map) s.reactions.set(row, (map = new Map()));
    for (const [emoji, users] of map) {
      const rest = users.filter((u) => u !== viewer);
      if (rest.length) map.set(emoji, rest);
      else map.delete(emoji);
    }
    for (const r of wanted as Api.ReactionEmoji[]) map.set(r.emoticon, [...(map.get(r.emoticon) ?? []), viewer]);
    const reactions = map;
    const update = (u: number) => new Api.UpdateMessageReactions({ peer: convPeer(world, conv, u), msgId, reactions: apiReactions(reactions, u) });
    pushToParticipants(ctx, conv, viewer, [], (u) => [update(u)]);
    return updatesFor(ctx, viewer, [update(viewer)], [], [conv]);
  },

  "messages.UpdatePinnedMessage"(q: Api.messages.UpdatePinnedMessage, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const conv = resolvePeer(world, viewer, q.peer);
    checkRead(conv, viewer);
    const msgId = q.id as number;
    const row = rowFor(world, conv, msgId, viewer);
    if (row < 0) throw new RpcError(400, "MESSAGE_ID_INVALID");
    if (conv.kind === "channel" && !conv.admins.has(viewer)) throw new RpcError(400, "CHAT_ADMIN_REQUIRED");
    if (conv.kind === "chat" && !conv.members.has(viewer)) throw new RpcError(400, "CHAT_ADMIN_REQUIRED");
    world.setPinned(row, !q.unpin);
    const pts = bumpPts(world, conv, { kind: "other" });
    const update = (u: number): Api.TypeUpdate =>
      conv.kind === "channel"
        ? new Api.UpdatePinnedChannelMessages({ pinned: !q.unpin || undefined, channelId: big(conv.id), messages: [msgId], pts: pts.get(u) ?? conv.pts, ptsCount: 1 })
        : new Api.UpdatePinnedMessages({ pinned: !q.unpin || undefined, peer: convPeer(world, conv, u), messages: [msgId], pts: pts.get(u)!, ptsCount: 1 });
    pushToParticipants(ctx, conv, viewer, [], (u) => [update(u)], !q.pmOneside);
    return updatesFor(ctx, viewer, [update(viewer)], [], [conv]);
  },
};

