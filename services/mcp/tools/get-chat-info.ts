// get_chat_info: profile of a user, group or channel in at most two Telegram calls.
import { Type } from "typebox";
import { getChatInfo } from "../../telegram/chats.js";
import { ChatIdParam, ChatInfoSchema } from "../schemas.js";
import { READ_ONLY_HINTS, callOptions, defineTool } from "../types.js";

export const getChatInfoTool = defineTool({
  name: "get_chat_info",
  title: "Get a user's or chat's profile",
  description: `Profile of a user, group or channel: name, username, bio (users) or about (groups/channels), online status and last seen (users), members_count (groups) or subscribers_count (channels), common_chats_count, pinned message id. Also: groups in common with a user (common_chats, first 10), a forum's topics with unread counts (ids for thread_id), muted, archived, folders. Unread counts: list_chats.

Use it to learn who someone is or how big a group is. For the user's own profile use chat_id "me".

Examples: {"chat_id": "me"} · {"chat_id": "telegram"} · {"chat_id": "-1001234567890"}`,
  input: Type.Object({ chat_id: ChatIdParam("The user, group or channel") }, { additionalProperties: false }),
  output: ChatInfoSchema,
  annotations: READ_ONLY_HINTS,
  toolset: "chats",
  async handler(args, ctx) {
    return getChatInfo(ctx.session, args.chat_id, callOptions(ctx));
  },
});
