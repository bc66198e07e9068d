// The per-chat policy check of one Telegram request, run by AccountSession.invoke before the
// request leaves (services/telegram/account-session.ts): the one place it is enforced, for the
// tools and the raw MTProto methods alike.
// - Every peer of the request (request-peers.ts) needs a right: read for read-class methods,
//   write for write and dangerous ones (but the fields that are only read, e.g. a forward's source).
// - Methods whose answer can carry chats the request does not name (dialog lists, global search,
//   contacts, updates, ...) or that act on messages without naming their chat cannot be checked:
//   under a policy that restricts chats they are refused, unless the caller is a service that
//   filters the answer itself (invoke's `filtersResults`).
import { Api } from "telegram";
import { ChatForbiddenError } from "./forbidden.js";
import { methodClass } from "../mtproto/policy.js";
import { restrictsChats, rightsOf, type ChatPolicy, type Right } from "./chat-policy.js";
import { requestPeers } from "./request-peers.js";

/**
 * Raw methods refused under a restricting policy (TL names; the README lists them). Their
 * answers hold chats the request does not name, or they act on messages by id alone.
 */
export const UNFILTERABLE_METHODS: readonly string[] = [
  // dialog lists and folders
  "messages.getDialogs",
  "messages.getPinnedDialogs",
  "messages.getSavedDialogs",
  "messages.getPinnedSavedDialogs",
  "messages.getDialogFilters",
  "messages.getSuggestedDialogFilters",
  "messages.getDialogUnreadMarks",
  "chatlists.checkChatlistInvite",
  "chatlists.getChatlistUpdates",
  "chatlists.getLeaveChatlistSuggestions",
  // global searches (messages.search without a peer too: see isUnfilterable)
  "messages.searchGlobal",
  "messages.searchSentMedia",
  "channels.searchPosts",
  "stories.searchPosts",
  "contacts.search",
  "messages.getCommonChats",
  // contacts and people lists
  "contacts.getContacts",
  "contacts.getContactIDs",
  "contacts.getStatuses",
  "contacts.getTopPeers",
  "contacts.getBlocked",
  "contacts.getSaved",
  "contacts.getLocated",
  "contacts.getBirthdays",
  // a name, phone or invite that resolves to a chat the request does not name by id
  "contacts.resolveUsername",
  "contacts.resolvePhone",
  "messages.checkChatInvite",
  // updates of every chat
  "updates.getDifference",
  // lists of chats
  "channels.getAdminedPublicChannels",
  "channels.getLeftChannels",
  "channels.getInactiveChannels",
  "channels.getGroupsForDiscussion",
  "channels.getChannelRecommendations",
  "channels.getSendAs",
  "stories.getChatsToSend",
  "stories.getAllStories",
  "account.getNotifyExceptions",
  "help.getRecentMeUrls",
  // messages by id alone: private chats and basic groups share one id space, the chat is not named
  "messages.getMessages",
  "messages.deleteMessages",
  "messages.readMessageContents",
];

const UNFILTERABLE = new Set(UNFILTERABLE_METHODS.map((n) => n.toLowerCase()));

/** Whether the policy cannot tell which chats this request touches (or its answer shows). */
export function isUnfilterable(request: Api.AnyRequest): boolean {
  if (UNFILTERABLE.has((request.className ?? "").toLowerCase())) return true;
  // messages.search without a chat searches every private chat and basic group.
  return request instanceof Api.messages.Search && (request.peer instanceof Api.InputPeerEmpty || request.peer === undefined);
}


export interface PolicyContext {
  /** The account's own user id when known: its Saved Messages are always allowed. */
  selfId?: string;
  /** A chat's title from the peer cache, for the refusal. */
  title(markedId: string): string | undefined;
}

/** Throws ChatForbiddenError when `policy` does not allow `request`. No policy: nothing to check. */
export function enforcePolicy(request: Api.AnyRequest, policy: ChatPolicy | undefined, ctx: PolicyContext, opts: { filtersResults?: boolean } = {}): void {
  if (!policy) return;
  const method = request.className ?? "unknown";
  if (!opts.filtersResults && restrictsChats(policy) && isUnfilterable(request)) {
    throw new ChatForbiddenError(
      `${method} is refused: its answer can include chats this account's chat policy hides, or it acts on messages without naming their chat. Use the tools (search_messages_globally, find_chats), which filter by the policy, or name the chat.`,
      undefined,
      method,
    );
  }
  const needsWrite = methodClass(method) !== "read";
  for (const p of requestPeers(request, needsWrite)) checkChat(policy, p.markedId, p.right, ctx, `${method}, ${p.path}`);
}

/** Throws ChatForbiddenError unless `policy` gives chat `markedId` the right `right`. `where` names the call. */
export function checkChat(policy: ChatPolicy | undefined, markedId: string, right: Right, ctx: PolicyContext, where: string): void {
  if (!policy || markedId === "self" || markedId === ctx.selfId) return;
  if (rightsOf(policy, markedId)[right]) return;
  const title = ctx.title(markedId);
  const name = title ? `"${title}" (${markedId})` : markedId;
  throw new ChatForbiddenError(
    `The chat policy of this account does not allow ${right === "read" ? "reading" : "writing to"} chat ${name}: the ${right} right is missing (${where}). The account owner can change it with \`tgmcp policy allow\`.`,
    { id: markedId, ...(title ? { title } : {}), right },
    where.split(",")[0],
  );
}
