// pin_message: messages.UpdatePinnedMessage.
import { Type } from "typebox";
import { PinResultSchema } from "../../telegram/action-schemas.js";
import { ChatIdParam } from "../schemas.js";
import { callOptions, defineTool } from "../types.js";
import { lazyImport } from "../lazy-import.js";

// Imported by the first call (with gramjs), not at start: ARCHITECTURE.md, "A stdio start".
const actionsCode = lazyImport(() => import("../../telegram/actions.js"));

export const pinMessageTool = defineTool({
  name: "pin_message",
  title: "Pin or unpin a message",
  description: `Pin a message in its chat, or unpin it (unpin: true). Pins silently unless silent is false. Groups and channels may need admin rights.`,
  input: Type.Object(
    {
      chat_id: ChatIdParam(),
      message_id: Type.Integer({ minimum: 1 }),
      unpin: Type.Boolean({ default: false }),
      silent: Type.Boolean({ default: true, description: "No notification." }),
    },
    { additionalProperties: false },
  ),
  output: PinResultSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  toolset: "messaging",
  action: {
    kind: "pin",
    chat: (args) => args.chat_id,
    summary: (args) => ({ detail: args.unpin ? `unpin message ${args.message_id}` : `pin message ${args.message_id}${args.silent ? " silently" : ""}` }),
    messageIds: (args) => [args.message_id],
  },
  async handler(args, ctx) {
    const { pinMessage } = await actionsCode();
    const { chat_id, ...p } = args;
    return pinMessage(ctx.session, chat_id, p, callOptions(ctx));
  },
});
