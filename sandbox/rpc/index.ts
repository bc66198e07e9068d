// Every RPC handler of the sandbox, keyed by gramjs className.
import { authHandlers, type AuthState } from "./auth.js";
import { helpHandlers } from "./help.js";
import { accountHandlers } from "./account.js";
import { channelsHandlers } from "./channels.js";
import { contactsHandlers } from "./contacts.js";
import { messagesHandlers } from "./messages.js";
import { updatesHandlers } from "./updates.js";
import { uploadHandlers } from "./upload.js";
import { usersHandlers } from "./users.js";
import type { HandlerMap } from "./types.js";

export function buildHandlers(opts: { auth: AuthState }): HandlerMap {
  return {
    ...accountHandlers,
    ...channelsHandlers,
    ...contactsHandlers,
    ...messagesHandlers,
    ...updatesHandlers,
    ...uploadHandlers,
    ...usersHandlers,
    ...helpHandlers(),
    ...authHandlers(opts.auth),
  };
}
