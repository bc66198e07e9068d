// TypeBox schemas shared by the tools: parameters that recur (chat_id, parse_mode, dates,
// cursor) and the uniform entity/message output shapes (services/telegram/shapes.ts).
import { Type } from "typebox";
import { CHAT_ID_FORMS } from "../telegram/entity-resolver.js";
import { DATE_FORMAT_HELP } from "../telegram/dates.js";

export const IdSchema = Type.Union([Type.Integer(), Type.String()], { description: "Telegram id; a string when beyond 2^53." });

export const ChatIdParam = (what = "The chat") =>
  Type.Union([Type.String({ minLength: 1, maxLength: 256 }), Type.Integer()], {
    description: `${what}. Accepted forms: ${CHAT_ID_FORMS}. The \`id\` of any chat or sender returned by these tools works too.`,
  });

export const ParseModeParam = Type.Enum(["auto", "markdown", "html", "plain"], {
  default: "auto",
  description:
    "Formatting of `message`. auto (default): HTML if it contains a complete Telegram HTML tag pair (<b>..</b>, <i>, <u>, <s>, <code>, <pre>, <blockquote>, <a href=\"..\">), else markdown if it contains **bold**, *italic*/_italic_/__italic__, ~~strike~~, ||spoiler||, `code`, ```pre``` or [text](https://url) at word boundaries, else plain text sent exactly as written (snake_case, a < b, 2*3 and numbered lists stay literal). markdown/html always parse; plain never does.",
});

export const ChatTypeParam = Type.Enum(["private", "group", "channel"], {
  description: "Only this kind of chat: private (one-to-one chats, including bots), group (basic groups and supergroups), channel (broadcast channels).",
});

export const PublicParam = Type.Boolean({
  description: "true: only public groups/channels (those with a @username); false: only ones without a username. Never filters private chats.",
});

export const MinDateParam = Type.String({ description: `Only messages on or after this moment. ${DATE_FORMAT_HELP}`, maxLength: 40 });
export const MaxDateParam = Type.String({
  description: `Only messages on or before this moment. A date alone (2024-01-15) includes that whole day. ${DATE_FORMAT_HELP}`,
  maxLength: 40,
});

export const CursorParam = Type.String({
  minLength: 1,
  maxLength: 4096,
  description: "Opaque next_cursor from the previous page of the same query. Omit for the first page.",
});

export const IdempotencyKeyParam = Type.String({
  minLength: 1,
  maxLength: 128,
  description: "Optional key that makes retries safe: a repeated call with the same key never posts a second message (it returns status already_sent). Use a fresh key per distinct message.",
});

export const FilesParam = Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 10 })], {
  description:
    "File(s) to attach: https URLs, data: URIs (data:image/png;base64,...), or local paths (stdio mode only). Several files go as an album (max 10); `message` becomes the caption.",
});

export const EntitySchema = Type.Object(
  {
    id: Type.Union([Type.Integer(), Type.String()], { description: "Marked id, usable as chat_id: users > 0, basic groups -N, channels/supergroups -100N." }),
    title: Type.String(),
    type: Type.Enum(["private", "group", "channel"]),
    username: Type.Optional(Type.String()),
    first_name: Type.Optional(Type.String()),
    last_name: Type.Optional(Type.String()),
    is_bot: Type.Optional(Type.Boolean()),
    is_self: Type.Optional(Type.Boolean()),
    is_contact: Type.Optional(Type.Boolean()),
    verified: Type.Optional(Type.Boolean()),
    members_count: Type.Optional(Type.Integer()),
    subscribers_count: Type.Optional(Type.Integer()),
    is_forum: Type.Optional(Type.Boolean()),
  },
  { description: "A user, group or channel (uniform entity schema)." },
);

export const MessageSchema = Type.Object(
  {
    id: Type.Integer({ description: "Message id (unique within its chat)." }),
    date: Type.String({ description: "ISO 8601, UTC." }),
    chat: EntitySchema,
    text: Type.String({ description: "Text or media caption." }),
    link: Type.Optional(Type.String({ description: "t.me link (channels and supergroups)." })),
    sender: Type.Optional(EntitySchema),
    reply_to_msg_id: Type.Optional(Type.Integer()),
    media: Type.Optional(
      Type.Object({
        type: Type.String({ description: "photo, document, video, round_video, voice, audio, sticker, animation, location, contact, poll, webpage, dice, ..." }),
        mime_type: Type.Optional(Type.String()),
        filename: Type.Optional(Type.String()),
        approx_size_bytes: Type.Optional(Type.Integer()),
        duration_seconds: Type.Optional(Type.Number()),
      }),
    ),
    forwarded_from: Type.Optional(
      Type.Object({
        id: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
        title: Type.String(),
        type: Type.Optional(Type.Enum(["private", "group", "channel"])),
        username: Type.Optional(Type.String()),
        date: Type.Optional(Type.String()),
      }),
    ),
    edit_date: Type.Optional(Type.String()),
    outgoing: Type.Boolean({ description: "Sent by this account." }),
    views: Type.Optional(Type.Integer()),
    forwards: Type.Optional(Type.Integer()),
    reactions: Type.Optional(
      Type.Array(
        Type.Object({
          emoji: Type.Optional(Type.String()),
          custom_emoji_id: Type.Optional(Type.String()),
          paid: Type.Optional(Type.Boolean()),
          count: Type.Integer(),
          chosen: Type.Optional(Type.Boolean({ description: "This account reacted with it." })),
        }),
      ),
    ),
    pinned: Type.Optional(Type.Boolean()),
    grouped_id: Type.Optional(Type.Union([Type.Integer(), Type.String()], { description: "Album id: messages sharing it form one album." })),
    service: Type.Optional(Type.Boolean({ description: "A service message (join, title change, ...)." })),
  },
  { description: "A message (uniform message schema)." },
);

export const SearchResultSchema = Type.Object({
  messages: Type.Array(MessageSchema, { description: "Newest first." }),
  has_more: Type.Boolean({ description: "More matches exist: pass next_cursor to get them." }),
  next_cursor: Type.Optional(Type.String({ description: "Pass as `cursor` (same other parameters) for the next page." })),
  total_count: Type.Optional(Type.Integer({ description: "Total matches in the chat, when Telegram reports it (single-term searches, first page)." })),
});

const sendFields = {
  status: Type.Enum(["sent", "already_sent"], { description: "already_sent: an earlier call with the same idempotency_key already posted it." }),
  message_id: Type.Optional(Type.Integer()),
  message_ids: Type.Optional(Type.Array(Type.Integer(), { description: "All ids when an album was sent." })),
  format: Type.Enum(["markdown", "html", "plain"], { description: "Formatting actually applied." }),
  caption_sent_separately: Type.Optional(Type.Boolean({ description: "Files with a caption over 1024 characters: the text was sent first as its own message." })),
};

/** Send results: the message's fields (all optional for already_sent) plus status. */
export const SendResultSchema = Type.Object({
  ...Type.Partial(MessageSchema).properties,
  ...sendFields,
});
