// forward_messages: messages.ForwardMessages; idempotency_key -> random_ids.
import { Type } from "typebox";
import { forwardMessages } from "../../telegram/actions.js";
import { ForwardResultSchema } from "../../telegram/action-schemas.js";
import { ChatIdParam } from "../schemas.js";
import { callOptions, defineTool } from "../types.js";

export const forwardMessagesTool = defineTool({
  name: "forward_messages",
  title: "Forward messages",
  description: `Forward messages from one chat to another as the user. Returns the new messages.

Forwards exactly the ids given, oldest first; album parts forwarded together stay one album (pass every id of an album to forward it whole: same grouped_id). drop_author sends copies without the "Forwarded from" header. Up to 100 ids.

Example: {"from_chat_id": "@alice", "message_ids": [1201, 1202], "to_chat_id": "@bobsmith"}`,
  input: Type.Object(
    {
      from_chat_id: ChatIdParam("Chat the messages are in"),
      message_ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 100, description: "Ids of the messages to forward." }),
      // The forms are described once, on from_chat_id (tools/list has a size budget, issue #19).
      to_chat_id: Type.Union([Type.String({ minLength: 1, maxLength: 256 }), Type.Integer()], { description: "Where to forward; the same forms as from_chat_id." }),
      drop_author: Type.Boolean({ default: false, description: "Send as copies, without the original sender's header." }),
      idempotency_key: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: "Makes retries safe: a repeated call with the same key forwards once." })),
    },
    { additionalProperties: false },
  ),
  output: ForwardResultSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  toolset: "messaging",
  action: {
    kind: "forward",
    chat: (args) => args.to_chat_id,
    summary: (args) => ({ detail: `forward message${args.message_ids.length > 1 ? "s" : ""} ${args.message_ids.join(", ")} from ${args.from_chat_id}${args.drop_author ? " without author" : ""}` }),
    // The new messages once forwarded; the source ids before.
    messageIds: (args, result) => (result?.message_ids.length ? result.message_ids : args.message_ids),
  },
  async handler(args, ctx) {
    return forwardMessages(ctx.session, args, { ...callOptions(ctx), accountId: ctx.account.id });
  },
});
