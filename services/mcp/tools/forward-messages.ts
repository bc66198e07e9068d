// forward_messages: messages.ForwardMessages; idempotency_key -> random_ids.
import { Type } from "typebox";
import { ForwardResultSchema } from "../../telegram/action-schemas.js";
import { ChatIdParam } from "../schemas.js";
import { callOptions, defineTool } from "../types.js";
import { lazyImport } from "../lazy-import.js";

// Imported by the first call (with gramjs), not at start: ARCHITECTURE.md, "A stdio start".
const actionsCode = lazyImport(() => import("../../telegram/actions.js"));

export const forwardMessagesTool = defineTool({
  name: "forward_messages",
  title: "Forward messages",
  description: `Forward messages by id to another chat as the user, oldest first. Returns the new messages. An album stays one when all its ids (same grouped_id) are passed. drop_author sends copies without the "Forwarded from" header.`,
  input: Type.Object(
    {
      from_chat_id: ChatIdParam(),
      message_ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 100 }),
      to_chat_id: ChatIdParam(),
      drop_author: Type.Boolean({ default: false, description: "Copies, without the sender's header." }),
      idempotency_key: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: "Makes retries safe: a repeat with the same key forwards once." })),
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
    const { forwardMessages } = await actionsCode();
    return forwardMessages(ctx.session, args, { ...callOptions(ctx), accountId: ctx.account.id });
  },
});
