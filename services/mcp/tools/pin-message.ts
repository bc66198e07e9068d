// pin_message: messages.UpdatePinnedMessage.
import { Type } from "typebox";
import { pinMessage } from "../../telegram/actions.js";
import { PinResultSchema } from "../../telegram/action-schemas.js";
import { ChatIdParam } from "../schemas.js";
import { callOptions, defineTool } from "../types.js";

export const pinMessageTool = defineTool({
  name: "pin_message",
  title: "Pin or unpin a message",
  description: `Pin a message in a chat, or unpin it (unpin true). Groups and channels may need admin rights.

silent (default true) pins without notifying the members.

Examples: {"chat_id": "-1001234567890", "message_id": 42} · {"chat_id": "@alice", "message_id": 1234, "unpin": true}`,
  input: Type.Object(
    {
      chat_id: ChatIdParam("The chat of the message"),
      message_id: Type.Integer({ minimum: 1, description: "Id of the message." }),
      unpin: Type.Boolean({ default: false, description: "Unpin instead." }),
      silent: Type.Boolean({ default: true, description: "Pin without a notification." }),
    },
    { additionalProperties: false },
  ),
  output: PinResultSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  toolset: "messaging",
  action: {
    kind: "pin",
    chat: (args) => args.chat_id,
    summary: (args) => ({ detail: args.unpin ? `unpin message ${args.message_id}` : `pin message ${args.message_id}${args.silent ? " silently" : ""}` }),
    messageIds: (args) => [args.message_id],
  },
  async handler(args, ctx) {
    const { chat_id, ...p } = args;
    return pinMessage(ctx.session, chat_id, p, callOptions(ctx));
  },
});
