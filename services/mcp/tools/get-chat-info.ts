// get_chat_info: profile of a user, group or channel in at most two Telegram calls.
import { Type } from "typebox";
import { getChatInfo } from "../../telegram/chats.js";
import { ChatIdParam, EntitySchema } from "../schemas.js";
import { READ_ONLY_HINTS, callOptions, defineTool } from "../types.js";

export const getChatInfoTool = defineTool({
  name: "get_chat_info",
  title: "Get a user's or chat's profile",
  description: `Profile of a user, group or channel: name, username, bio (users) or about (groups/channels), online status and last seen (users), members_count (groups) or subscribers_count (channels), common_chats_count, pinned message id.

Use it to learn who someone is or how big a group is. For the user's own profile use chat_id "me".

Examples: {"chat_id": "me"} · {"chat_id": "telegram"} · {"chat_id": "-1001234567890"}`,
  input: Type.Object({ chat_id: ChatIdParam("The user, group or channel") }, { additionalProperties: false }),
  output: Type.Object({
    ...EntitySchema.properties,
    bio: Type.Optional(Type.String()),
    about: Type.Optional(Type.String()),
    status: Type.Optional(Type.Enum(["online", "offline", "recently", "last_week", "last_month", "long_ago", "unknown"])),
    last_seen: Type.Optional(Type.String()),
    phone: Type.Optional(Type.String()),
    common_chats_count: Type.Optional(Type.Integer()),
    online_count: Type.Optional(Type.Integer()),
    pinned_msg_id: Type.Optional(Type.Integer()),
    linked_chat_id: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
  }),
  annotations: READ_ONLY_HINTS,
  toolset: "chats",
  readOnly: true,
  async handler(args, ctx) {
    return getChatInfo(ctx.session, args.chat_id, callOptions(ctx));
  },
});
