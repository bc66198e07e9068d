// updates.GetState and updates.GetDifference over each account's update log (private chats and
// basic groups; channel messages have their own pts and are not replayed here).
import { Api } from "telegram";
import { apiMessage, Refs } from "../world/to-api.js";
import type { World } from "../world/world.js";
import { big } from "./common.js";
import type { HandlerMap, RpcContext } from "./types.js";

function state(world: World, viewer: number, ctx: RpcContext): Api.updates.State {
  const user = world.getUser(viewer)!;
  let unread = 0;
  for (const idx of user.dialogs) unread += world.unreadCount(world.convs[idx]!, viewer);
  return new Api.updates.State({ pts: user.pts, qts: 0, date: ctx.now(), seq: 0, unreadCount: unread });
}

export const updatesHandlers: HandlerMap = {
  "updates.GetState"(_q, ctx) {
    const viewer = ctx.requireUser();
    return state(ctx.world, viewer, ctx);
  },

  "updates.GetDifference"(q: Api.updates.GetDifference, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const user = world.getUser(viewer)!;
    if (q.pts >= user.pts) return new Api.updates.DifferenceEmpty({ date: ctx.now(), seq: 0 });
    const log = user.updateLog;
    if (!log.length || log[0]!.pts > q.pts + 1) return new Api.updates.DifferenceTooLong({ pts: user.pts });
    const refs = new Refs(world, viewer);
    const newMessages: Api.TypeMessage[] = [];
    const other: Api.TypeUpdate[] = [];
    for (const e of log) {
      if (e.pts <= q.pts) continue;
      if (e.kind === "new" && e.row !== undefined && !world.isDeleted(e.row)) {
        newMessages.push(apiMessage(world, viewer, e.row));
        refs.addRow(e.row);
      } else if (e.kind === "edit" && e.row !== undefined && !world.isDeleted(e.row)) {
        other.push(new Api.UpdateEditMessage({ message: apiMessage(world, viewer, e.row), pts: e.pts, ptsCount: 1 }));
        refs.addRow(e.row);
      } else if (e.kind === "delete" && e.ids) {
        other.push(new Api.UpdateDeleteMessages({ messages: e.ids, pts: e.pts, ptsCount: 1 }));
      } else if (e.kind === "read" && e.maxId !== undefined) {
        const conv = world.convs[e.conv]!;
        refs.addConv(conv);
        other.push(
          new Api.UpdateReadHistoryOutbox({
            peer: conv.kind === "chat" ? new Api.PeerChat({ chatId: big(conv.id) }) : new Api.PeerUser({ userId: big(world.otherUser(conv, viewer)) }),
            maxId: e.maxId,
            pts: e.pts,
            ptsCount: 1,
          }),
        );
      }
    }
    return new Api.updates.Difference({
      newMessages,
      newEncryptedMessages: [],
      otherUpdates: other,
      chats: refs.apiChats(),
      users: refs.apiUsers(ctx.now()),
      state: state(world, viewer, ctx),
    });
  },
};
