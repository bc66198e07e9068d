// find_chats: contacts.Search per term in parallel (phone numbers: contacts.ResolvePhone).
import { Type } from "typebox";
import { findChats } from "../../telegram/chats.js";
import { ChatTypeParam, CursorParam, FindChatsResultSchema, PublicParam } from "../schemas.js";
import { READ_ONLY_HINTS, listOptions, defineTool } from "../types.js";

export const findChatsTool = defineTool({
  name: "find_chats",
  title: "Find users, groups and channels",
  description: `Find chats by name, username or phone: the user's contacts and chats first, then public users, groups and channels. Returns entities whose id can be passed as chat_id to the other tools.

Use it to turn "Alice" or "the project group" into a chat_id before reading or sending. Several names: comma-separated, searched in parallel and merged ("alice, bob").

Query forms: a name ("John Smith"), a username without or with @ ("telegram"), a phone with country code ("+15551234567").

Examples: {"query": "alice"} · {"query": "news", "chat_type": "channel"} · {"query": "team", "chat_type": "group", "public": false}`,
  input: Type.Object(
    {
      query: Type.String({ minLength: 1, maxLength: 256, description: "Name, username or +phone; comma-separated for several." }),
      limit: Type.Integer({ minimum: 1, maximum: 100, default: 20, description: "Maximum chats on this page (default 20)." }),
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
    return findChats(ctx.session, args, listOptions(ctx));
  },
});
