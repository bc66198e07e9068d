// get_chat_info: profile of a user, group or channel in at most two Telegram calls.
import { Type } from "typebox";
import { ChatIdParam, ChatInfoSchema } from "../schemas.js";
import { READ_ONLY_HINTS, callOptions, defineTool } from "../types.js";
import { lazyImport } from "../lazy-import.js";

// Imported by the first call (with gramjs), not at start: ARCHITECTURE.md, "A stdio start".
const chatsCode = lazyImport(() => import("../../telegram/chats.js"));

export const getChatInfoTool = defineTool({
  name: "get_chat_info",
  title: "Get a user's or chat's profile",
  description: `Profile of a user, group or channel: name, username, bio, last seen, member count, pinned message, groups in common, forum topics (ids for thread_id), mute, folders. Use it to learn who someone is or how big a group is; "me" is the user. Unread counts of every chat: list_chats.`,
  input: Type.Object({ chat_id: ChatIdParam() }, { additionalProperties: false }),
  output: ChatInfoSchema,
  annotations: READ_ONLY_HINTS,
  toolset: "chats",
  async handler(args, ctx) {
    const { getChatInfo } = await chatsCode();
    return getChatInfo(ctx.session, args.chat_id, callOptions(ctx));
  },
});
