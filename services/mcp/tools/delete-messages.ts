// delete_messages: messages.DeleteMessages / channels.DeleteMessages, after reading the ids.
import { Type } from "typebox";
import { DeleteResultSchema } from "../../telegram/action-schemas.js";
import { ChatIdParam } from "../schemas.js";
import { callOptions, defineTool } from "../types.js";
import { lazyImport } from "../lazy-import.js";

// Imported by the first call (with gramjs), not at start: ARCHITECTURE.md, "A stdio start".
const actionsCode = lazyImport(() => import("../../telegram/actions.js"));

export const deleteMessagesTool = defineTool({
  name: "delete_messages",
  title: "Delete messages",
  description: `Delete messages of one chat; it cannot be undone. Private chats: any message; groups and channels: your own, or any as admin. for_everyone false deletes only for you (private chats and basic groups; elsewhere it is always for everyone). Returns the ids deleted and why others were not (not_found, not_allowed, refused).`,
  input: Type.Object(
    {
      chat_id: ChatIdParam(),
      message_ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 100 }),
      for_everyone: Type.Boolean({ default: true, description: "For every participant, not only you." }),
    },
    { additionalProperties: false },
  ),
  output: DeleteResultSchema,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  toolset: "messaging",
  action: {
    kind: "delete",
    chat: (args) => args.chat_id,
    summary: (args) => ({ detail: `delete message${args.message_ids.length > 1 ? "s" : ""} ${args.message_ids.join(", ")}${args.for_everyone ? " for everyone" : " for me"}` }),
    messageIds: (args, result) => result?.deleted ?? args.message_ids,
  },
  async handler(args, ctx) {
    const { deleteMessages } = await actionsCode();
    const { chat_id, ...p } = args;
    return deleteMessages(ctx.session, chat_id, p, callOptions(ctx));
  },
});
