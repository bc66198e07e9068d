// search_messages_in_chat: messages.Search in one chat (no query: the latest messages).
import { Type } from "typebox";
import { MEDIA_TYPES } from "../../telegram/media-types.js";
import { ChatIdParam, CursorParam, MaxDateParam, MinDateParam, SearchResultSchema, UNTRUSTED_NOTE } from "../schemas.js";
import { READ_ONLY_HINTS, listOptions, defineTool } from "../types.js";
import { lazyImport } from "../lazy-import.js";

// Imported by the first call (with gramjs), not at start: ARCHITECTURE.md, "A stdio start".
const searchCode = lazyImport(() => import("../../telegram/search.js"));

export const searchMessagesInChatTool = defineTool({
  name: "search_messages_in_chat",
  title: "Search or read the latest messages of a chat",
  description: `Read a chat's latest messages (no query) or search one chat, newest first: "what did Alice say recently?", a forum topic or a post's comments (thread_id), the messages around one (around_message_id).

Example: {"chat_id": "@alice", "query": "flight, hotel", "min_date": "2024-03-01"}

${UNTRUSTED_NOTE}`,
  input: Type.Object(
    {
      chat_id: ChatIdParam(),
      query: Type.Optional(Type.String({ maxLength: 512, description: "Words to find; omit for the latest messages." })),
      limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
      min_date: Type.Optional(MinDateParam),
      max_date: Type.Optional(MaxDateParam),
      cursor: Type.Optional(CursorParam),
      from_user: Type.Optional(ChatIdParam("A sender, in chat_id form.")),
      thread_id: Type.Optional(Type.Integer({ minimum: 1, description: "Forum topic id, or a channel post id (its comments)." })),
      media_type: Type.Optional(Type.Enum([...MEDIA_TYPES], {})),
      around_message_id: Type.Optional(Type.Integer({ minimum: 1, description: "Center on this message." })),
      context: Type.Optional(Type.Integer({ minimum: 0, maximum: 50, description: "Messages each side (default 5)." })),
    },
    { additionalProperties: false },
  ),
  output: SearchResultSchema,
  annotations: READ_ONLY_HINTS,
  toolset: "search",
  async handler(args, ctx) {
    const { searchInChat } = await searchCode();
    return searchInChat(ctx.session, args, listOptions(ctx));
  },
});
