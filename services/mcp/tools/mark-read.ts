// mark_read: messages.ReadHistory / channels.ReadHistory / messages.ReadDiscussion (threads).
import { Type } from "typebox";
import { ChatIdParam, MarkReadResultSchema } from "../schemas.js";
import { callOptions, defineTool } from "../types.js";
import { lazyImport } from "../lazy-import.js";

// Imported by the first call (with gramjs), not at start: ARCHITECTURE.md, "A stdio start".
const dialogsCode = lazyImport(() => import("../../telegram/dialogs.js"));

export const markReadTool = defineTool({
  name: "mark_read",
  title: "Mark a chat read",
  description: `Mark a chat read, entirely or up to a message; with thread_id only that forum topic or comment thread. Others see that you read it. Returns the unread count left.`,
  input: Type.Object(
    {
      chat_id: ChatIdParam(),
      up_to_message_id: Type.Optional(Type.Integer({ minimum: 1, description: "Inclusive; omit for all." })),
      thread_id: Type.Optional(Type.Integer({ minimum: 1, description: "Forum topic id, or a channel post id (its comments)." })),
    },
    { additionalProperties: false },
  ),
  output: MarkReadResultSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  toolset: "messaging",
  action: {
    kind: "mark_read",
    chat: (args) => args.chat_id,
    summary: (args) => ({
      detail: `mark read${args.up_to_message_id ? ` up to message ${args.up_to_message_id}` : ""}${args.thread_id ? ` in thread ${args.thread_id}` : ""}`,
    }),
  },
  async handler(args, ctx) {
    const { markRead } = await dialogsCode();
    return markRead(ctx.session, args, callOptions(ctx));
  },
});
