// Every RPC handler of the sandbox, keyed by gramjs className.
import { authHandlers, type AuthState } from "./auth.js";
import { helpHandlers } from "./help.js";
import { accountHandlers } from "./account.js";
import { channelsHandlers } from "./channels.js";
import { contactsHandlers } from "./contacts.js";
import { releaseDueScheduled } from "./common.js";
import { dialogsHandlers } from "./dialogs.js";
import { threadsHandlers } from "./threads.js";
import { messagesHandlers } from "./messages.js";
import { updatesHandlers } from "./updates.js";
import { uploadHandlers } from "./upload.js";
import { usersHandlers } from "./users.js";
import type { HandlerMap } from "./types.js";

/** World handlers send the scheduled messages that fell due before they run (the sandbox has no timer). */
function withScheduler(handlers: HandlerMap): HandlerMap {
  const out: HandlerMap = {};
  for (const [name, h] of Object.entries(handlers)) {
    out[name] = (q, ctx) => {
      if (ctx.authKey.userId !== null) releaseDueScheduled(ctx);
      return h(q, ctx);
    };
  }
  return out;
}

export function buildHandlers(opts: { auth: AuthState }): HandlerMap {
  return {
    ...withScheduler({
      ...accountHandlers,
      ...channelsHandlers,
      ...contactsHandlers,
      ...messagesHandlers,
      ...dialogsHandlers,
      ...threadsHandlers,
      ...updatesHandlers,
      ...usersHandlers,
    }),
    ...uploadHandlers,
    ...helpHandlers(),
    ...authHandlers(opts.auth),
  };
}
