// read_messages: one GetMessages call; a missing id becomes an error entry in its place.
import { Type } from "typebox";
import { readMessages } from "../../telegram/messaging.js";
import { ChatIdParam, ReadMessagesResultSchema, UNTRUSTED_NOTE } from "../schemas.js";
import { READ_ONLY_HINTS, listOptions, defineTool } from "../types.js";

export const readMessagesTool = defineTool({
  name: "read_messages",
  title: "Read messages by id",
  description: `Fetch specific messages of a chat by their ids (for example ids from a search result, a reply_to_msg_id, or a t.me link). Returns them in the order asked.

An id that does not exist in that chat (deleted, wrong chat) does not fail the call: its entry is {"id": <id>, "error": "..."}. Up to 100 ids per call.

Examples: {"chat_id": "me", "message_ids": [680204, 680205]} · {"chat_id": "-1001234567890", "message_ids": [123]}

${UNTRUSTED_NOTE}`,
  input: Type.Object(
    {
      chat_id: ChatIdParam("The chat the messages are in"),
      message_ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 100, description: "Message ids to read." }),
    },
    { additionalProperties: false },
  ),
  output: ReadMessagesResultSchema,
  annotations: READ_ONLY_HINTS,
  toolset: "messaging",
  async handler(args, ctx) {
    return readMessages(ctx.session, args.chat_id, args.message_ids, listOptions(ctx));
  },
});
