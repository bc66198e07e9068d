// send_reaction: messages.SendReaction (one emoji, or none).
import { Type } from "typebox";
import { ReactionResultSchema } from "../../telegram/action-schemas.js";
import { ChatIdParam } from "../schemas.js";
import { callOptions, defineTool } from "../types.js";
import { lazyImport } from "../lazy-import.js";

// Imported by the first call (with gramjs), not at start: ARCHITECTURE.md, "A stdio start".
const actionsCode = lazyImport(() => import("../../telegram/actions.js"));

export const sendReactionTool = defineTool({
  name: "send_reaction",
  title: "React to a message",
  description: `Set the user's reaction on a message (one emoji, replacing theirs), or remove it with null. Returns the message's reactions. Each chat allows its own set; a refused emoji's error lists the allowed ones.`,
  input: Type.Object(
    {
      chat_id: ChatIdParam(),
      message_id: Type.Integer({ minimum: 1 }),
      reaction: Type.Union([Type.String({ minLength: 1, maxLength: 16 }), Type.Null()], { description: "An emoji such as 👍; null removes yours." }),
    },
    { additionalProperties: false },
  ),
  output: ReactionResultSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  toolset: "messaging",
  action: {
    kind: "react",
    chat: (args) => args.chat_id,
    summary: (args) => ({ text: args.reaction ?? undefined, detail: args.reaction === null ? `remove the reaction on message ${args.message_id}` : `react ${args.reaction} to message ${args.message_id}` }),
    messageIds: (args) => [args.message_id],
  },
  async handler(args, ctx) {
    const { sendReaction } = await actionsCode();
    const { chat_id, ...p } = args;
    return sendReaction(ctx.session, chat_id, p, callOptions(ctx));
  },
});
