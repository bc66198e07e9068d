// The chat_id forms every tool accepts, as the resolver (entity-resolver.ts) and the server
// instructions name them. Its own module: the instructions are built at start, without gramjs.
export const CHAT_ID_FORMS =
  "'me' or 'self' (Saved Messages), '@username' or 'username', a numeric user id like 123456789, a channel/supergroup id like -1001234567890, a basic group id like -123456789, a t.me link (https://t.me/username, https://t.me/c/1234567890/5, https://t.me/+InviteHash), or a phone number in international format like +15551234567";
