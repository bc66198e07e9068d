// search_messages_globally: messages.SearchGlobal, one call per term per page.
import { Type } from "typebox";
import { searchGlobal } from "../../telegram/search.js";
import { ChatTypeParam, CursorParam, MaxDateParam, MinDateParam, PublicParam, SearchResultSchema, UNTRUSTED_NOTE } from "../schemas.js";
import { READ_ONLY_HINTS, listOptions, defineTool } from "../types.js";

export const searchMessagesGloballyTool = defineTool({
  name: "search_messages_globally",
  title: "Search messages in all chats",
  description: `Search messages across all of the user's Telegram chats (private chats, groups, channels). Results are newest first.

Use it to find where something was discussed when you do not know the chat. If you know the chat, search_messages_in_chat is more precise.

How matching works: Telegram matches words by prefix and ignores case: "proj" finds "project" and "projects". Alternatives: "deadline, due" or "deadline OR due" (each term is searched in parallel; results are merged and deduplicated). All words: "budget review" or "budget AND review". Wildcards (*, %), regex (^, $, .*) and NOT are not supported and are rejected.

Paging: limit (default 50, max 100) caps one page; when has_more is true, call again with the same parameters plus cursor=next_cursor to continue without gaps or repeats.

Examples: {"query": "deadline"} · {"query": "invoice, receipt", "limit": 20} · {"query": "meeting", "chat_type": "private", "min_date": "2024-01-01", "max_date": "2024-01-31"}

${UNTRUSTED_NOTE}`,
  input: Type.Object(
    {
      query: Type.String({ minLength: 1, maxLength: 512, description: "Words to find; comma- or OR-separated for alternatives." }),
      limit: Type.Integer({ minimum: 1, maximum: 100, default: 50, description: "Maximum messages on this page (default 50)." }),
      chat_type: Type.Optional(ChatTypeParam),
      public: Type.Optional(PublicParam),
      min_date: Type.Optional(MinDateParam),
      max_date: Type.Optional(MaxDateParam),
      cursor: Type.Optional(CursorParam),
    },
    { additionalProperties: false },
  ),
  output: SearchResultSchema,
  annotations: READ_ONLY_HINTS,
  toolset: "search",
  async handler(args, ctx) {
    return searchGlobal(ctx.session, args, listOptions(ctx));
  },
});
