// edit_message: messages.EditMessage.
import { Type } from "typebox";
import { editMessage } from "../../telegram/messaging.js";
import { ChatIdParam, EditResultSchema, ParseModeParam } from "../schemas.js";
import { callOptions, defineTool } from "../types.js";

export const editMessageTool = defineTool({
  name: "edit_message",
  title: "Edit a sent message",
  description: `Replace the text of a message the user sent earlier. Returns the edited message (with edit_date).

The old text is lost: only edit when the user asked for it. Only your own messages can be edited (in channels, posts you may edit as admin); Telegram limits how old an editable message may be.

parse_mode works as in send_message (default auto).

Examples: {"chat_id": "me", "message_id": 67890, "message": "Updated: meeting at 4 PM"} · {"chat_id": "-1001234567890", "message_id": 12, "message": "<b>Update</b>", "parse_mode": "html"}`,
  input: Type.Object(
    {
      chat_id: ChatIdParam("The chat of the message"),
      message_id: Type.Integer({ minimum: 1, description: "Id of the message to edit." }),
      message: Type.String({ minLength: 1, maxLength: 8192, description: "The new text." }),
      parse_mode: ParseModeParam,
    },
    { additionalProperties: false },
  ),
  output: EditResultSchema,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  toolset: "messaging",
  action: {
    kind: "edit",
    chat: (args) => args.chat_id,
    summary: (args) => ({ text: args.message, detail: `Message ${args.message_id}: its text is replaced by the text below.` }),
    messageIds: (args) => [args.message_id],
  },
  async handler(args, ctx) {
    const { chat_id, ...p } = args;
    return editMessage(ctx.session, chat_id, p, callOptions(ctx));
  },
});
