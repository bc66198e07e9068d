// edit_message: messages.EditMessage.
import { Type } from "typebox";
import { ChatIdParam, EditResultSchema, ParseModeParam } from "../schemas.js";
import { callOptions, defineTool } from "../types.js";
import { lazyImport } from "../lazy-import.js";

// Imported by the first call (with gramjs), not at start: ARCHITECTURE.md, "A stdio start".
const messagingCode = lazyImport(() => import("../../telegram/messaging.js"));

export const editMessageTool = defineTool({
  name: "edit_message",
  title: "Edit a sent message",
  description: `Replace the text of a message the user sent (channel posts too, as admin) with \`message\`; the old text is lost. Telegram limits how old an editable message may be. Returns the edited message.`,
  input: Type.Object(
    {
      chat_id: ChatIdParam(),
      message_id: Type.Integer({ minimum: 1 }),
      message: Type.String({ minLength: 1, maxLength: 8192 }),
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
    const { editMessage } = await messagingCode();
    const { chat_id, ...p } = args;
    return editMessage(ctx.session, chat_id, p, callOptions(ctx));
  },
});
