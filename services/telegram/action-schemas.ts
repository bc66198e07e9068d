// Result shapes of the message actions (forward, react, pin, delete; actions.ts), as TypeBox
// schemas: the tools' output schemas, with the TypeScript types derived by Static<>.
import { Type, type Static } from "typebox";
import { MessageSchema, PeersSchema } from "./shape-schemas.js";

const ChatId = () => Type.Union([Type.Integer(), Type.String()], { description: "Marked id of the chat." });

export const ForwardResultSchema = Type.Object({
  status: Type.Enum(["forwarded", "already_forwarded"], { description: "already_forwarded: an earlier call with the same idempotency_key did it." }),
  chat_id: Type.Optional(ChatId()),
  messages: Type.Array(MessageSchema, { description: "The new messages in the target chat, oldest first." }),
  message_ids: Type.Array(Type.Integer()),
  peers: Type.Optional(PeersSchema),
});

export const ReactionResultSchema = Type.Object({
  chat_id: ChatId(),
  message_id: Type.Integer(),
  reaction: Type.Union([Type.String(), Type.Null()], { description: "Ours now; null: none." }),
  reactions: Type.Record(Type.String(), Type.Integer(), { description: "All reactions on the message: emoji -> count, as in messages." }),
});

export const PinResultSchema = Type.Object({
  chat_id: ChatId(),
  message_id: Type.Integer(),
  pinned: Type.Boolean(),
});

export const NotDeletedSchema = Type.Object({
  id: Type.Integer(),
  reason: Type.Enum(["not_found", "not_allowed", "refused"], {
    description: "not_found: no such message here; not_allowed: not yours, or a service message, and you lack admin rights; refused: Telegram refused (error says why).",
  }),
  error: Type.String(),
});

export const DeleteResultSchema = Type.Object({
  chat_id: ChatId(),
  deleted: Type.Array(Type.Integer()),
  not_deleted: Type.Array(NotDeletedSchema),
  for_everyone: Type.Boolean({ description: "Whether the deletion was for every participant (always in channels and supergroups)." }),
});

export type ForwardResult = Static<typeof ForwardResultSchema>;
export type ReactionResult = Static<typeof ReactionResultSchema>;
export type PinResult = Static<typeof PinResultSchema>;
export type NotDeleted = Static<typeof NotDeletedSchema>;
export type DeleteResult = Static<typeof DeleteResultSchema>;
