// search_messages_in_chat's media_type values (search.ts maps each to a Telegram filter). Its own
// module: the tool's schema is built at start, without gramjs.
export const MEDIA_TYPES = ["photo", "video", "document", "audio", "voice", "link"] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];
