// send_message: text (parse_mode) or files with a caption; idempotency_key -> random_id.
import { Type } from "typebox";
import { ChatIdParam, FilesParam, IdempotencyKeyParam, ParseModeParam, SendResultSchema } from "../schemas.js";
import { callOptions, defineTool } from "../types.js";
import { fileList, sentIds } from "../action-helpers.js";
import { lazyImport } from "../lazy-import.js";

// Imported by the first call (with gramjs), not at start: ARCHITECTURE.md, "A stdio start".
const messagingCode = lazyImport(() => import("../../telegram/messaging.js"));
const draftsCode = lazyImport(() => import("../../telegram/drafts.js"));

export const sendMessageTool = defineTool({
  name: "send_message",
  title: "Send a message",
  description: `Send a message as the user: text, a reply, files (several make an album), into a forum topic or a post's comments, scheduled or silent. Returns the sent message. For a phone number not in the contacts: send_message_to_phone.`,
  input: Type.Object(
    {
      chat_id: ChatIdParam(),
      message: Type.String({ maxLength: 8192, description: "The text; with files, their caption." }),
      reply_to_msg_id: Type.Optional(Type.Integer({ minimum: 1 })),
      parse_mode: ParseModeParam,
      files: Type.Optional(FilesParam),
      idempotency_key: Type.Optional(IdempotencyKeyParam),
      thread_id: Type.Optional(Type.Integer({ minimum: 1, description: "Forum topic id, or a channel post id (comment on it)." })),
      schedule_date: Type.Optional(
        Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Integer({ minimum: 1 })], { description: "Send later (up to a year): datetime or unix seconds." }),
      ),
      silent: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  output: SendResultSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  toolset: "messaging",
  action: {
    kind: "send",
    chat: (args) => args.chat_id,
    summary: (args) => ({ text: args.message, files: fileList(args.files) }),
    messageIds: (_args, result) => sentIds(result),
    draft: async (args, ctx) => (await draftsCode()).saveDraft(ctx.session, args.chat_id, args, callOptions(ctx)),
  },
  async handler(args, ctx) {
    const { sendMessage } = await messagingCode();
    const { chat_id, ...p } = args;
    return sendMessage(ctx.session, chat_id, p, { ...callOptions(ctx), accountId: ctx.account.id, files: ctx.files });
  },
});
