// send_message_to_phone: resolve (or import as a contact) a phone number, send, optionally remove the new contact.
import { Type } from "typebox";
import { FilesParam, IdempotencyKeyParam, ParseModeParam, PhoneSendResultSchema } from "../schemas.js";
import { callOptions, defineTool } from "../types.js";
import { fileList, sentIds } from "../action-helpers.js";
import { lazyImport } from "../lazy-import.js";

// Imported by the first call (with gramjs), not at start: ARCHITECTURE.md, "A stdio start".
const messagingCode = lazyImport(() => import("../../telegram/messaging.js"));

export const sendMessageToPhoneTool = defineTool({
  name: "send_message_to_phone",
  title: "Send a message to a phone number",
  description: `Send a message to someone known only by phone number (otherwise send_message). A number not in the contacts is first added as a contact; remove_if_new removes it after sending. EntityNotFound: no Telegram account has the number, or its privacy hides it.`,
  input: Type.Object(
    {
      phone_number: Type.String({ minLength: 5, maxLength: 32, description: "With country code: +15551234567." }),
      message: Type.String({ maxLength: 8192, description: "The text; with files, their caption." }),
      first_name: Type.String({ maxLength: 64, default: "Contact" }),
      last_name: Type.String({ maxLength: 64, default: "Name" }),
      remove_if_new: Type.Boolean({ default: false }),
      parse_mode: ParseModeParam,
      files: Type.Optional(FilesParam),
      idempotency_key: Type.Optional(IdempotencyKeyParam),
    },
    { additionalProperties: false },
  ),
  output: PhoneSendResultSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  toolset: "messaging",
  // No draft: reaching a number may add a contact, itself a write (refused under SEND_MODE=draft).
  action: {
    kind: "send",
    chat: (args) => args.phone_number,
    summary: (args) => ({ text: args.message, files: fileList(args.files), detail: args.remove_if_new ? "A new contact is removed again after sending." : "The number is added as a contact if it is not one." }),
    messageIds: (_args, result) => sentIds(result),
  },
  async handler(args, ctx) {
    const { sendToPhone } = await messagingCode();
    return sendToPhone(ctx.session, args, { ...callOptions(ctx), accountId: ctx.account.id, files: ctx.files });
  },
});
