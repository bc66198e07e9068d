// list_chats: the dialog list (messages.GetDialogs, one call per page), filtered per page.
import { Type } from "typebox";
import { listChats } from "../../telegram/dialogs.js";
import { ChatTypeParam, CursorParam, ListChatsResultSchema, UNTRUSTED_NOTE } from "../schemas.js";
import { READ_ONLY_HINTS, defineTool, listOptions } from "../types.js";

export const listChatsTool = defineTool({
  name: "list_chats",
  title: "List chats (the inbox)",
  description: `The user's chat list as Telegram shows it: pinned first, then newest first, with unread and mention counts, a preview of the last message, muted, folders. unread_only=true is the inbox ("what's unread?").

Filters apply per page of 100 chats, so a filtered page may be short while has_more is true: continue with cursor=next_cursor. query matches title or username word prefixes within this list (find_chats searches beyond it). folder: a folder's title or id. archived=true lists the archive.

Examples: {"unread_only": true} · {"folder": "Work", "limit": 20} · {"chat_type": "channel", "archived": true}

${UNTRUSTED_NOTE}`,
  input: Type.Object(
    {
      limit: Type.Integer({ minimum: 1, maximum: 100, default: 50, description: "Maximum chats on this page (default 50)." }),
      cursor: Type.Optional(CursorParam),
      unread_only: Type.Boolean({ default: false, description: "Only chats with unread messages." }),
      chat_type: Type.Optional(ChatTypeParam),
      folder: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Integer({ minimum: 0 })], { description: "A folder's title or id." })),
      archived: Type.Boolean({ default: false, description: "List the archive instead of the main list." }),
      query: Type.Optional(Type.String({ maxLength: 128, description: "Only chats whose title or username has these word prefixes." })),
    },
    { additionalProperties: false },
  ),
  output: ListChatsResultSchema,
  annotations: READ_ONLY_HINTS,
  toolset: "chats",
  async handler(args, ctx) {
    return listChats(ctx.session, args, listOptions(ctx));
  },
});
