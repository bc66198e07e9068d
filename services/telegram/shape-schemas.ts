// The result shapes of the tools, defined once as TypeBox schemas: the tools' output schemas
// are these, and the TypeScript types that services/telegram builds (shapes.ts, chats.ts,
// search.ts, messaging.ts) are derived from them with Static<>, so the two cannot drift.
// Seeds: "Uniform Entity Schema", "Uniform Message Schema".
import { Type, type Static } from "typebox";

const IdOrString = (description?: string) => Type.Union([Type.Integer(), Type.String()], description ? { description } : {});
const ChatKind = () => Type.Enum(["private", "group", "channel"]);
const Format = (description?: string) => Type.Enum(["markdown", "html", "plain"], description ? { description } : {});

export const EntitySchema = Type.Object(
  {
    id: IdOrString("Marked id, usable as chat_id: users > 0, basic groups -N, channels/supergroups -100N."),
    title: Type.String(),
    type: ChatKind(),
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

export const MediaSchema = Type.Object({
  type: Type.String({ description: "photo, document, video, round_video, voice, audio, sticker, animation, location, contact, poll, webpage, dice, ..." }),
  mime_type: Type.Optional(Type.String()),
  filename: Type.Optional(Type.String()),
  approx_size_bytes: Type.Optional(Type.Integer()),
  duration_seconds: Type.Optional(Type.Number()),
  width: Type.Optional(Type.Integer()),
  height: Type.Optional(Type.Integer()),
});

export const PollSchema = Type.Object({
  question: Type.String(),
  options: Type.Array(Type.String()),
  votes: Type.Optional(Type.Array(Type.Integer(), { description: "Per option, once you voted or it closed." })),
  total_voters: Type.Integer(),
  closed: Type.Optional(Type.Boolean()),
});

export const ForwardSchema = Type.Object({
  id: Type.Optional(IdOrString()),
  title: Type.String(),
  date: Type.Optional(Type.String()),
});

/**
 * A chat or sender named by a message result, reduced to what identifies it: flags only when
 * true. Keyed by marked id in the result's `peers` map (the full profile: get_chat_info).
 */
export const PeerSchema = Type.Object({
  title: Type.String(),
  type: ChatKind(),
  username: Type.Optional(Type.String()),
  is_self: Type.Optional(Type.Literal(true)),
  is_bot: Type.Optional(Type.Literal(true)),
  is_contact: Type.Optional(Type.Literal(true)),
  verified: Type.Optional(Type.Literal(true)),
  is_forum: Type.Optional(Type.Literal(true)),
});

/** Marked id (as a string) -> peer: every chat_id and from_id of the result, and nothing else. */
export const PeersSchema = Type.Record(Type.String(), PeerSchema);

/**
 * A message, compact (README "Result format"): the seed's `chat` is chat_id (or the result's
 * chat_id) and `sender` is from_id, both named in the result's `peers`; from_id is absent when
 * we sent it (outgoing) or the chat itself did. Absent fields are empty or default.
 */
export const MessageSchema = Type.Object(
  {
    id: Type.Integer({ description: "Message id (unique within its chat)." }),
    date: Type.String({ description: "ISO 8601, UTC." }),
    chat_id: Type.Optional(IdOrString("Only when it differs from the result's chat_id.")),
    from_id: Type.Optional(IdOrString("The sender; absent: outgoing, or the chat itself.")),
    text: Type.Optional(Type.String({ description: "Text or media caption." })),
    link: Type.Optional(Type.String({ description: "t.me link (channels and supergroups)." })),
    outgoing: Type.Optional(Type.Literal(true)),
    reply_to_msg_id: Type.Optional(Type.Integer()),
    reply_to_top_id: Type.Optional(Type.Integer()),
    thread_id: Type.Optional(Type.Integer({ description: "Forum topic id." })),
    comments: Type.Optional(Type.Integer({ description: "Comment count (thread_id = this id)." })),
    media: Type.Optional(MediaSchema),
    poll: Type.Optional(PollSchema),
    forwarded_from: Type.Optional(ForwardSchema),
    edit_date: Type.Optional(Type.String()),
    views: Type.Optional(Type.Integer()),
    forwards: Type.Optional(Type.Integer()),
    reactions: Type.Optional(Type.Record(Type.String(), Type.Integer(), { description: "Emoji -> count; custom:<id> for custom emoji, paid for paid (star) reactions." })),
    my_reaction: Type.Optional(Type.String({ description: "Our reaction, a key of reactions (several: space-separated)." })),
    pinned: Type.Optional(Type.Literal(true)),
    grouped_id: Type.Optional(IdOrString("Album id: messages sharing it form one album.")),
    service: Type.Optional(Type.Literal(true)),
  },
  { description: "A message (uniform message schema, compact)." },
);

/** list_chats: a chat of the dialog list. Counters and flags are absent when 0/false. */
export const ChatListItemSchema = Type.Object({
  ...EntitySchema.properties,
  unread_count: Type.Optional(Type.Integer()),
  unread_mentions_count: Type.Optional(Type.Integer()),
  marked_unread: Type.Optional(Type.Boolean()),
  last_message: Type.Optional(
    Type.Object({
      id: Type.Integer(),
      date: Type.String(),
      sender: Type.Optional(Type.String()),
      outgoing: Type.Optional(Type.Boolean()),
      text: Type.String({ description: "First 200 characters." }),
      media: Type.Optional(Type.String()),
    }),
  ),
  pinned: Type.Optional(Type.Boolean()),
  muted: Type.Optional(Type.Boolean()),
  archived: Type.Optional(Type.Boolean()),
  folders: Type.Optional(Type.Array(Type.String())),
  draft: Type.Optional(Type.String()),
});

export const ListChatsResultSchema = Type.Object({
  chats: Type.Array(ChatListItemSchema),
  has_more: Type.Boolean(),
  next_cursor: Type.Optional(Type.String()),
});

export const MarkReadResultSchema = Type.Object({
  status: Type.Literal("read"),
  chat_id: IdOrString(),
  thread_id: Type.Optional(Type.Integer()),
  up_to_message_id: Type.Optional(Type.Integer()),
  unread_count: Type.Integer({ description: "Unread left in the chat or thread." }),
});

export const ForumTopicSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  unread_count: Type.Optional(Type.Integer()),
  unread_mentions_count: Type.Optional(Type.Integer()),
  closed: Type.Optional(Type.Boolean()),
  pinned: Type.Optional(Type.Boolean()),
  last_message_id: Type.Optional(Type.Integer()),
});

/** get_chat_info: the entity plus its profile. */
export const ChatInfoSchema = Type.Object({
  ...EntitySchema.properties,
  bio: Type.Optional(Type.String()),
  about: Type.Optional(Type.String()),
  status: Type.Optional(Type.Enum(["online", "offline", "recently", "last_week", "last_month", "long_ago", "unknown"])),
  last_seen: Type.Optional(Type.String()),
  phone: Type.Optional(Type.String()),
  common_chats_count: Type.Optional(Type.Integer()),
  online_count: Type.Optional(Type.Integer()),
  pinned_msg_id: Type.Optional(Type.Integer()),
  linked_chat_id: Type.Optional(IdOrString()),
  common_chats: Type.Optional(Type.Array(Type.Object({ id: IdOrString(), title: Type.String(), username: Type.Optional(Type.String()) }))),
  common_chats_has_more: Type.Optional(Type.Boolean()),
  topics: Type.Optional(Type.Array(ForumTopicSchema)),
  topics_count: Type.Optional(Type.Integer()),
  muted: Type.Optional(Type.Boolean()),
  archived: Type.Optional(Type.Boolean()),
  folders: Type.Optional(Type.Array(Type.String())),
});

export const FindChatsResultSchema = Type.Object({
  chats: Type.Array(EntitySchema),
  has_more: Type.Boolean(),
  next_cursor: Type.Optional(Type.String()),
});

export const SearchResultSchema = Type.Object({
  chat_id: Type.Optional(IdOrString("In-chat tools: the chat of every message without its own chat_id.")),
  messages: Type.Array(MessageSchema, { description: "Newest first." }),
  peers: PeersSchema,
  has_more: Type.Boolean({ description: "More matches exist: pass next_cursor to get them." }),
  next_cursor: Type.Optional(Type.String({ description: "Pass as `cursor` (same other parameters) for the next page." })),
  total_count: Type.Optional(Type.Integer({ description: "Total matches in the chat, when Telegram reports it (single-term searches, first page)." })),
});

/** read_messages: an id that could not be read keeps its place in the list. */
export const MissingMessageSchema = Type.Object({ id: Type.Integer(), error: Type.String() }, { description: "A message that could not be read." });

export const ReadMessagesResultSchema = Type.Object({
  chat_id: IdOrString(),
  messages: Type.Array(Type.Union([MessageSchema, MissingMessageSchema])),
  peers: PeersSchema,
  remaining_ids: Type.Optional(Type.Array(Type.Integer(), { description: "Ids not returned because the result reached MAX_RESULT_CHARS: read them in another call." })),
});

/** Send results: the message's fields (all optional for already_sent) plus status. */
export const SendResultSchema = Type.Object({
  ...Type.Partial(MessageSchema).properties,
  status: Type.Enum(["sent", "scheduled", "already_sent", "draft"], {
    description: "already_sent: an earlier call with the same idempotency_key already posted it. draft: this server only writes drafts (SEND_MODE=draft): the text was saved as the chat's draft, not sent.",
  }),
  message_id: Type.Optional(Type.Integer()),
  message_ids: Type.Optional(Type.Array(Type.Integer(), { description: "All ids when an album was sent." })),
  format: Format("Formatting actually applied."),
  caption_sent_separately: Type.Optional(Type.Literal(true)),
  peers: Type.Optional(PeersSchema),
});

export const PhoneSendResultSchema = Type.Object({
  ...SendResultSchema.properties,
  phone_number: Type.String(),
  contact_was_new: Type.Boolean(),
  contact_removed: Type.Boolean(),
});

export const EditResultSchema = Type.Object({
  ...MessageSchema.properties,
  status: Type.Literal("edited"),
  message_id: Type.Integer(),
  format: Format(),
  peers: PeersSchema,
});

export type Id = Static<ReturnType<typeof IdOrString>>;
export type EntityShape = Static<typeof EntitySchema>;
export type MediaShape = Static<typeof MediaSchema>;
export type ForwardShape = Static<typeof ForwardSchema>;
export type PeerShape = Static<typeof PeerSchema>;
export type PeersShape = Static<typeof PeersSchema>;
export type PollShape = Static<typeof PollSchema>;
export type MessageShape = Static<typeof MessageSchema>;
export type ChatInfo = Static<typeof ChatInfoSchema>;
export type ChatListItem = Static<typeof ChatListItemSchema>;
export type ListChatsResult = Static<typeof ListChatsResultSchema>;
export type MarkReadResult = Static<typeof MarkReadResultSchema>;
export type ForumTopicShape = Static<typeof ForumTopicSchema>;
export type FindChatsResult = Static<typeof FindChatsResultSchema>;
export type SearchResult = Static<typeof SearchResultSchema>;
export type MissingMessage = Static<typeof MissingMessageSchema>;
export type SendResult = Static<typeof SendResultSchema>;
export type PhoneSendResult = Static<typeof PhoneSendResultSchema>;
export type EditResult = Static<typeof EditResultSchema>;
