// send_message: text (parse_mode) or files with a caption; idempotency_key -> random_id.
import { Type } from "typebox";
import { saveDraft } from "../../telegram/drafts.js";
import { sendMessage } from "../../telegram/messaging.js";
import { ChatIdParam, FilesParam, IdempotencyKeyParam, ParseModeParam, SendResultSchema } from "../schemas.js";
import { callOptions, defineTool } from "../types.js";
import { fileList, sentIds } from "../action-helpers.js";

export const sendMessageTool = defineTool({
  name: "send_message",
  title: "Send a message",
  description: `Send a message from the user's account to a chat, optionally as a reply and with files. Returns the sent message.

This posts as the user: only send what the user asked for. Saved Messages (a private note) is chat_id "me".

Formatting (parse_mode, default auto): **bold**, *italic*, ~~strike~~, ||spoiler||, \`code\`, \`\`\`pre\`\`\`, [text](https://url), or Telegram HTML (<b>, <i>, <u>, <s>, <code>, <pre>, <blockquote>, <a href>). Use parse_mode "plain" to send text exactly as written. Text up to 4096 characters (captions 1024).

Retries: pass idempotency_key; repeating a call with the same key never posts twice.

thread_id posts into a forum topic or under a channel post (as a comment). schedule_date schedules it (status "scheduled"); silent sends without a notification.

Examples: {"chat_id": "me", "message": "Hello from AI!"} · {"chat_id": "@alice", "message": "**Reminder:** call at 3 PM", "reply_to_msg_id": 1234} · {"chat_id": "me", "message": "Report", "files": "https://example.com/report.pdf"}`,
  input: Type.Object(
    {
      chat_id: ChatIdParam("Where to send"),
      message: Type.String({ maxLength: 8192, description: "The text (the caption when files are attached)." }),
      reply_to_msg_id: Type.Optional(Type.Integer({ minimum: 1, description: "Id of a message in the same chat to reply to." })),
      parse_mode: ParseModeParam,
      files: Type.Optional(FilesParam),
      idempotency_key: Type.Optional(IdempotencyKeyParam),
      thread_id: Type.Optional(Type.Integer({ minimum: 1, description: "Forum topic id, or a channel post id to comment on." })),
      schedule_date: Type.Optional(
        Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Integer({ minimum: 1 })], { description: "Send later: an ISO datetime (UTC unless a zone is given) or unix seconds; up to a year ahead." }),
      ),
      silent: Type.Optional(Type.Boolean({ description: "Send without a notification." })),
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
    draft: (args, ctx) => saveDraft(ctx.session, args.chat_id, args, callOptions(ctx)),
  },
  async handler(args, ctx) {
    const { chat_id, ...p } = args;
    return sendMessage(ctx.session, chat_id, p, { ...callOptions(ctx), accountId: ctx.account.id, files: ctx.files });
  },
});
