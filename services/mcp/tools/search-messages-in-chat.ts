// search_messages_in_chat: messages.Search in one chat (no query: the latest messages).
import { Type } from "typebox";
import { MEDIA_TYPES, searchInChat } from "../../telegram/search.js";
import { ChatIdParam, CursorParam, MaxDateParam, MinDateParam, SearchResultSchema, UNTRUSTED_NOTE } from "../schemas.js";
import { READ_ONLY_HINTS, listOptions, defineTool } from "../types.js";

export const searchMessagesInChatTool = defineTool({
  name: "search_messages_in_chat",
  title: "Search or read the latest messages of a chat",
  description: `Search messages in one chat, or read its latest messages when query is omitted. Results are newest first; total_count tells how many messages match in the whole chat (single-term searches, first page).

Use it to read a conversation ("what did Alice say recently?": chat_id "@alice", no query) or to find something in a known chat. Saved Messages is chat_id "me".

Matching: Telegram matches words by prefix and ignores case ("proj" finds "project"). Alternatives: "update, news" or "update OR news" (searched in parallel, merged); all words: "budget review" or "budget AND review". No wildcards, regex or NOT.

Paging: limit (default 50, max 100) per page; when has_more is true, call again with the same parameters plus cursor=next_cursor.

thread_id: a forum topic, or a channel post's comments. around_message_id: that message with context messages on each side.

Examples: {"chat_id": "me", "limit": 10} · {"chat_id": "-1001234567890", "query": "launch"} · {"chat_id": "@alice", "query": "flight, hotel", "min_date": "2024-03-01"} · {"chat_id": "@orbit_updates", "thread_id": 6} · {"chat_id": "@alice", "around_message_id": 1987, "context": 3}

${UNTRUSTED_NOTE}`,
  input: Type.Object(
    {
      chat_id: ChatIdParam("The chat to search"),
      query: Type.Optional(Type.String({ maxLength: 512, description: "Words to find; comma- or OR-separated for alternatives. Omit (or empty) for the latest messages." })),
      limit: Type.Integer({ minimum: 1, maximum: 100, default: 50, description: "Maximum messages on this page (default 50)." }),
      min_date: Type.Optional(MinDateParam),
      max_date: Type.Optional(MaxDateParam),
      cursor: Type.Optional(CursorParam),
      from_user: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 256 }), Type.Integer()], { description: "Only messages from this sender." })),
      thread_id: Type.Optional(Type.Integer({ minimum: 1, description: "A forum topic id, or a channel post id (its comments)." })),
      media_type: Type.Optional(Type.Enum([...MEDIA_TYPES], {})),
      around_message_id: Type.Optional(Type.Integer({ minimum: 1, description: "Return this message with its neighbours." })),
      context: Type.Optional(Type.Integer({ minimum: 0, maximum: 50, description: "Neighbours on each side (default 5)." })),
    },
    { additionalProperties: false },
  ),
  output: SearchResultSchema,
  annotations: READ_ONLY_HINTS,
  toolset: "search",
  async handler(args, ctx) {
    return searchInChat(ctx.session, args, listOptions(ctx));
  },
});
