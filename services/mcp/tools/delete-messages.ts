// delete_messages: messages.DeleteMessages / channels.DeleteMessages, after reading the ids.
import { Type } from "typebox";
import { deleteMessages } from "../../telegram/actions.js";
import { DeleteResultSchema } from "../../telegram/action-schemas.js";
import { ChatIdParam } from "../schemas.js";
import { callOptions, defineTool } from "../types.js";

export const deleteMessagesTool = defineTool({
  name: "delete_messages",
  title: "Delete messages",
  description: `Delete messages of one chat. Cannot be undone: only delete what the user asked for. Returns the ids deleted and, for the others, why not (not_found, not_allowed, refused).

Private chats: any message. Groups and channels: your own, or any with admin rights. for_everyone false deletes only for you (private chats and basic groups; elsewhere deletion is for everyone). Up to 100 ids.

Example: {"chat_id": "@alice", "message_ids": [1234, 1235]}`,
  input: Type.Object(
    {
      chat_id: ChatIdParam("The chat of the messages"),
      message_ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 100, description: "Ids of the messages to delete." }),
      for_everyone: Type.Boolean({ default: true, description: "Delete for every participant, not only for you." }),
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
    const { chat_id, ...p } = args;
    return deleteMessages(ctx.session, chat_id, p, callOptions(ctx));
  },
});
