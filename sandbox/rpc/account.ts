// account.* methods other than the password ones (auth.ts owns GetPassword).
import { Api } from "telegram";
import type { HandlerMap } from "./types.js";

export const accountHandlers: HandlerMap = {
  "account.GetAccountTTL"(_q, ctx) {
    ctx.requireUser();
    return new Api.AccountDaysTTL({ days: 365 });
  },

  /** Online/offline pings from clients: accepted and reflected in the user's status. */
  "account.UpdateStatus"(q: Api.account.UpdateStatus, ctx) {
    const user = ctx.world.getUser(ctx.requireUser())!;
    user.status = q.offline ? { kind: "offline", wasOnline: ctx.now() } : { kind: "online" };
    return true;
  },
};
