// search_messages_globally: messages.SearchGlobal, one call per term per page.
import { Type } from "typebox";
import { ChatTypeParam, CursorParam, MaxDateParam, MinDateParam, PublicParam, SearchResultSchema, UNTRUSTED_NOTE } from "../schemas.js";
import { READ_ONLY_HINTS, listOptions, defineTool } from "../types.js";
import { lazyImport } from "../lazy-import.js";

// Imported by the first call (with gramjs), not at start: ARCHITECTURE.md, "A stdio start".
const searchCode = lazyImport(() => import("../../telegram/search.js"));

export const searchMessagesGloballyTool = defineTool({
  name: "search_messages_globally",
  title: "Search messages in all chats",
  description: `Search messages in all the user's chats, newest first. Use it when the chat is unknown; in a known chat search_messages_in_chat is more precise.

Example: {"query": "invoice, receipt", "min_date": "2024-01-01"}

${UNTRUSTED_NOTE}`,
  input: Type.Object(
    {
      query: Type.String({ minLength: 1, maxLength: 512, description: "Words to find; \"a, b\" for either." }),
      limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
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
    const { searchGlobal } = await searchCode();
    return searchGlobal(ctx.session, args, listOptions(ctx));
  },
});
