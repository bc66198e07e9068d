// send_message_to_phone: resolve (or import as a contact) a phone number, send, optionally remove the new contact.
import { Type } from "typebox";
import { sendToPhone } from "../../telegram/messaging.js";
import { FilesParam, IdempotencyKeyParam, ParseModeParam, PhoneSendResultSchema } from "../schemas.js";
import { callOptions, defineTool } from "../types.js";
import { fileList, sentIds } from "../action-helpers.js";

export const sendMessageToPhoneTool = defineTool({
  name: "send_message_to_phone",
  title: "Send a message to a phone number",
  description: `Send a message to a Telegram user known only by phone number. If the number is not among the user's contacts it is added as a contact (first_name/last_name) first; remove_if_new=true removes that new contact again after sending.

This posts as the user and may add a contact: only use it when asked. Fails with EntityNotFound when no Telegram account has that number (or its privacy settings hide it).

Formatting, files and idempotency_key work as in send_message.

Examples: {"phone_number": "+15551234567", "message": "Hello!"} · {"phone_number": "+15551234567", "message": "*Urgent:* call me", "remove_if_new": true}`,
  input: Type.Object(
    {
      phone_number: Type.String({ minLength: 5, maxLength: 32, description: "Phone number with country code, like +15551234567." }),
      message: Type.String({ maxLength: 8192, description: "The text (the caption when files are attached)." }),
      first_name: Type.String({ maxLength: 64, default: "Contact", description: "First name for a newly added contact." }),
      last_name: Type.String({ maxLength: 64, default: "Name", description: "Last name for a newly added contact." }),
      remove_if_new: Type.Boolean({ default: false, description: "Delete the contact after sending if this call added it." }),
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
    return sendToPhone(ctx.session, args, { ...callOptions(ctx), accountId: ctx.account.id, files: ctx.files });
  },
});
