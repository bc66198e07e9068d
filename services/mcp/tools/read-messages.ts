// read_messages: one GetMessages call; a missing id becomes an error entry in its place.
import { Type } from "typebox";
import { ChatIdParam, ReadMessagesResultSchema, UNTRUSTED_NOTE } from "../schemas.js";
import { READ_ONLY_HINTS, listOptions, defineTool } from "../types.js";
import { lazyImport } from "../lazy-import.js";

// Imported by the first call (with gramjs), not at start: ARCHITECTURE.md, "A stdio start".
const messagingCode = lazyImport(() => import("../../telegram/messaging.js"));

export const readMessagesTool = defineTool({
  name: "read_messages",
  title: "Read messages by id",
  description: `Fetch messages of one chat by id (from a search, a reply_to_msg_id or a t.me link), in the order asked. A missing id (deleted, other chat) gives {"id", "error"} instead of failing the call.

${UNTRUSTED_NOTE}`,
  input: Type.Object(
    {
      chat_id: ChatIdParam(),
      message_ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 100 }),
    },
    { additionalProperties: false },
  ),
  output: ReadMessagesResultSchema,
  annotations: READ_ONLY_HINTS,
  toolset: "messaging",
  async handler(args, ctx) {
    const { readMessages } = await messagingCode();
    return readMessages(ctx.session, args.chat_id, args.message_ids, listOptions(ctx));
  },
});
