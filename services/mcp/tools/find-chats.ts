// find_chats: contacts.Search per term in parallel (phone numbers: contacts.ResolvePhone).
import { Type } from "typebox";
import { ChatTypeParam, CursorParam, FindChatsResultSchema, PublicParam } from "../schemas.js";
import { READ_ONLY_HINTS, listOptions, defineTool } from "../types.js";
import { lazyImport } from "../lazy-import.js";

// Imported by the first call (with gramjs), not at start: ARCHITECTURE.md, "A stdio start".
const chatsCode = lazyImport(() => import("../../telegram/chats.js"));

export const findChatsTool = defineTool({
  name: "find_chats",
  title: "Find users, groups and channels",
  description: `Turn a name, username or phone into a chat_id: the user's contacts and chats first, then public users, groups and channels. Use it before reading or writing to "Alice" or "the project group". The user's own chat list: list_chats.`,
  input: Type.Object(
    {
      query: Type.String({ minLength: 1, maxLength: 256, description: "Name, @username or +phone; comma-separated for several." }),
      limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
      chat_type: Type.Optional(ChatTypeParam),
      public: Type.Optional(PublicParam),
      cursor: Type.Optional(CursorParam),
    },
    { additionalProperties: false },
  ),
  output: FindChatsResultSchema,
  annotations: READ_ONLY_HINTS,
  toolset: "chats",
  async handler(args, ctx) {
    const { findChats } = await chatsCode();
    return findChats(ctx.session, args, listOptions(ctx));
  },
});
