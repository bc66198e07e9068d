// channels.*: GetMessages, GetFullChannel, GetChannels, ReadHistory, DeleteMessages.
import { Api } from "telegram";
import { apiChat, apiNotifySettings, Refs } from "../world/to-api.js";
import { apiChatReactions, big, checkRead, messagesResult, resolveChannel } from "./common.js";
import { RpcError, type HandlerMap } from "./types.js";

export const channelsHandlers: HandlerMap = {
  "channels.GetMessages"(q: Api.channels.GetMessages, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const conv = resolveChannel(world, viewer, q.channel);
    checkRead(conv, viewer);
    // One answer per id asked, in order: the message, or messageEmpty.
    const asked: Array<{ id: number; row: number }> = q.id.map((m) => {
      let id = m instanceof Api.InputMessageID || m instanceof Api.InputMessageReplyTo ? m.id : 0;
      if (m instanceof Api.InputMessagePinned) id = conv.pinned.size ? Math.max(...conv.pinned) : 0;
      let row = world.findRow(conv, id);
      if (row >= 0 && m instanceof Api.InputMessageReplyTo) row = world.store.replyTo[row] ? world.findRow(conv, world.store.replyTo[row]!) : -1;
      return { id, row };
    });
    const rows = asked.filter((a) => a.row >= 0).map((a) => a.row);
    const r = messagesResult(ctx, viewer, rows, rows.length, { channel: conv }) as Api.messages.ChannelMessages;
    let k = 0;
    r.messages = asked.map((a) => (a.row >= 0 ? r.messages[k++]! : new Api.MessageEmpty({ id: a.id })));
    return r;
  },

  "channels.GetFullChannel"(q: Api.channels.GetFullChannel, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const conv = resolveChannel(world, viewer, q.channel);
    checkRead(conv, viewer);
    const refs = new Refs(world, viewer);
    refs.addConv(conv);
    const member = conv.members.has(viewer);
    const linked = conv.linked >= 0 ? world.convs[conv.linked]! : undefined;
    if (linked) refs.addConv(linked);
    return new Api.messages.ChatFull({
      fullChat: new Api.ChannelFull({
        id: big(conv.id),
        about: conv.about,
        participantsCount: world.participantsCount(conv),
        adminsCount: conv.admins.size,
        canViewParticipants: conv.megagroup || undefined,
        readInboxMaxId: member ? world.readInboxMaxId(conv, viewer) : 0,
        readOutboxMaxId: member ? world.readOutboxMaxId(conv, viewer) : 0,
        unreadCount: member ? world.unreadCount(conv, viewer) : 0,
        chatPhoto: new Api.PhotoEmpty({ id: big(0) }),
        notifySettings: apiNotifySettings(world.getUser(viewer)!.notify.get(String(conv.idx))),
        folderId: world.getUser(viewer)!.archived.has(conv.idx) ? 1 : undefined,
        botInfo: [],
        linkedChatId: linked ? big(linked.id) : undefined,
        availableReactions: apiChatReactions(conv),
        pts: conv.pts,
        pinnedMsgId: conv.pinned.size ? Math.max(...conv.pinned) : undefined,
      }),
      chats: refs.apiChats(),
      users: [],
    });
  },

  "channels.GetChannels"(q: Api.channels.GetChannels, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    return new Api.messages.Chats({ chats: q.id.map((c) => apiChat(world, viewer, resolveChannel(world, viewer, c))) });
  },

  "channels.ReadHistory"(q: Api.channels.ReadHistory, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const conv = resolveChannel(world, viewer, q.channel);
    if (!conv.members.has(viewer)) throw new RpcError(400, "CHANNEL_PRIVATE");
    const mark = world.markRead(conv, viewer, q.maxId);
    // The reader's other sessions see the chat as read (channel pts unchanged, as for reads on Telegram).
    const inbox = new Api.UpdateReadChannelInbox({ channelId: big(conv.id), maxId: mark, stillUnreadCount: world.unreadCount(conv, viewer), pts: conv.pts });
    ctx.pushToUser(viewer, new Api.UpdateShort({ update: inbox, date: ctx.now() }), ctx.authKey.idHex);
    return true;
  },

  "channels.DeleteMessages"(q: Api.channels.DeleteMessages, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const s = world.store;
    const conv = resolveChannel(world, viewer, q.channel);
    if (!conv.members.has(viewer)) throw new RpcError(400, "CHANNEL_PRIVATE");
    const rows: number[] = [];
    for (const id of q.id) {
      const row = world.findRow(conv, id);
      if (row < 0) continue;
      if ((s.from[row] !== viewer || s.actions.has(row)) && !conv.admins.has(viewer)) throw new RpcError(403, "MESSAGE_DELETE_FORBIDDEN");
      rows.push(row);
    }
    const ids = rows.map((r) => s.id[r]!);
    for (const r of rows) world.deleteMessage(r);
    if (ids.length) {
      conv.pts++;
      const deleted = new Api.UpdateShort({ update: new Api.UpdateDeleteChannelMessages({ channelId: big(conv.id), messages: ids, pts: conv.pts, ptsCount: ids.length }), date: ctx.now() });
      for (const u of conv.members) ctx.pushToUser(u, deleted, u === viewer ? ctx.authKey.idHex : undefined); // the deleter's other sessions too
    }
    return new Api.messages.AffectedMessages({ pts: conv.pts, ptsCount: ids.length });
  },
};
