// users.*: GetUsers (always answers inputUserSelf: gramjs calls getMe on every event dispatch), GetFullUser.
import { Api } from "telegram";
import { apiNotifySettings, apiUser, Refs } from "../world/to-api.js";
import { big, groupsInCommon, inputUserId, requireUserId } from "./common.js";
import type { HandlerMap } from "./types.js";

export const usersHandlers: HandlerMap = {
  "users.GetUsers"(q: Api.users.GetUsers, ctx) {
    const viewer = ctx.requireUser();
    const out: Api.TypeUser[] = [];
    for (const input of q.id) {
      // Like Telegram: users with a wrong access hash are left out of the vector.
      const id = inputUserId(ctx.world, viewer, input, true);
      if (id !== undefined) out.push(apiUser(ctx.world, viewer, id, ctx.now()));
    }
    return out;
  },

  "users.GetFullUser"(q: Api.users.GetFullUser, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const id = requireUserId(world, viewer, q.id);
    const u = world.getUser(id)!;
    const conv = world.findPrivateConv(viewer, id);
    const pinned = conv && conv.pinned.size ? Math.max(...conv.pinned) : undefined;
    const refs = new Refs(world, viewer);
    refs.users.add(id);
    return new Api.users.UserFull({
      fullUser: new Api.UserFull({
        id: big(id),
        about: u.bio,
        settings: new Api.PeerSettings({}),
        // The viewer's settings for the private chat, and its folder (archive), as dialogs show them.
        notifySettings: apiNotifySettings(conv ? world.getUser(viewer)!.notify.get(String(conv.idx)) : undefined),
        folderId: conv && world.getUser(viewer)!.archived.has(conv.idx) ? 1 : undefined,
        commonChatsCount: groupsInCommon(world, viewer, id).length,
        pinnedMsgId: pinned,
        botInfo: u.bot ? new Api.BotInfo({ userId: big(id), description: u.bio ?? "", commands: [] }) : undefined,
      }),
      chats: [],
      users: refs.apiUsers(ctx.now()),
    });
  },
};
