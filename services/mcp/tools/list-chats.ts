// list_chats: the dialog list (messages.GetDialogs, one call per page), filtered per page.
import { Type } from "typebox";
import { ChatTypeParam, CursorParam, ListChatsResultSchema, UNTRUSTED_NOTE } from "../schemas.js";
import { READ_ONLY_HINTS, defineTool, listOptions } from "../types.js";
import { lazyImport } from "../lazy-import.js";

// Imported by the first call (with gramjs), not at start: ARCHITECTURE.md, "A stdio start".
const dialogsCode = lazyImport(() => import("../../telegram/dialogs.js"));

export const listChatsTool = defineTool({
  name: "list_chats",
  title: "List chats (the inbox)",
  description: `The user's chat list as Telegram shows it (pinned, then newest first) with unread and mention counts, a last-message preview, mute and folders. unread_only is the inbox ("what's unread?"). Filters apply per 100 chats, so a page may be short while has_more is true. query matches within this list; find_chats searches beyond it.

${UNTRUSTED_NOTE}`,
  input: Type.Object(
    {
      limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
      cursor: Type.Optional(CursorParam),
      unread_only: Type.Boolean({ default: false }),
      chat_type: Type.Optional(ChatTypeParam),
      folder: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Integer({ minimum: 0 })], { description: "Title or id." })),
      archived: Type.Boolean({ default: false, description: "The archive instead of the main list." }),
      query: Type.Optional(Type.String({ maxLength: 128, description: "Title or username word prefixes." })),
    },
    { additionalProperties: false },
  ),
  output: ListChatsResultSchema,
  annotations: READ_ONLY_HINTS,
  toolset: "chats",
  async handler(args, ctx) {
    const { listChats } = await dialogsCode();
    return listChats(ctx.session, args, listOptions(ctx));
  },
});
