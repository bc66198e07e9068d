// The error contract of every tool: a failed call is a tool result carrying
// `{ok:false, error, error_type, operation}` (the seeds' envelope) plus RateLimited with
// retry_after_s. Telegram/gramjs errors are mapped here, in one place, so the tools never
// leak stack traces or internal messages.
import { gramjs } from "./gramjs.js";

export const ERROR_TYPES = ["AuthenticationError", "EntityNotFound", "InvalidParameter", "TelegramError", "FileError", "RateLimited", "Forbidden"] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

/**
 * What kind of failure a service error is. Services say what went wrong, never an HTTP status:
 * the front ends map kinds to statuses (plugins/error-handler.ts HTTP_STATUS_OF_KIND).
 */
export const ERROR_KINDS = ["invalid", "unauthorized", "forbidden", "not_found", "needs_setup", "rate_limited", "upstream", "unavailable", "internal"] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface ErrorEnvelope {
  ok: false;
  error: string;
  error_type: ErrorType;
  operation: string;
  /** RateLimited: seconds to wait before retrying. */
  retry_after_s?: number;
  /** The raw Telegram error (e.g. "PEER_ID_INVALID") when Telegram produced it. */
  telegram_error?: string;
  /** True when the same call may succeed if simply retried (connection trouble, server hiccup). */
  retryable?: boolean;
  /** Per-field details of InvalidParameter errors. */
  details?: string[];
  /** Forbidden by the account's chat policy: the chat (marked id), its title when known, and the missing right. */
  chat_id?: string;
  chat_title?: string;
  missing_right?: "read" | "write";
}

export interface ToolErrorExtra {
  /** The failure's kind when it is not the usual one of its error type (see kindOfErrorType). */
  kind?: ErrorKind;
  retryAfterS?: number;
  telegramError?: string;
  retryable?: boolean;
  details?: string[];
}

/** The usual kind of a tool error type: Telegram failures are "unavailable" when a retry may work. */
export function kindOfErrorType(errorType: ErrorType, retryable?: boolean): ErrorKind {
  switch (errorType) {
    case "InvalidParameter":
    case "FileError":
      return "invalid";
    case "AuthenticationError":
      return "unauthorized";
    case "EntityNotFound":
      return "not_found";
    case "RateLimited":
      return "rate_limited";
    case "Forbidden":
      return "forbidden";
    case "TelegramError":
      return retryable ? "unavailable" : "upstream";
  }
}

/** A failure a tool reports to the model; carries the error type of the envelope and its kind. */
export class ToolError extends Error {
  readonly kind: ErrorKind;
  constructor(
    readonly errorType: ErrorType,
    message: string,
    readonly extra: ToolErrorExtra = {},
  ) {
    super(message);
    this.name = "ToolError";
    this.kind = extra.kind ?? kindOfErrorType(errorType, extra.retryable);
  }
}

export const invalidParameter = (message: string, details?: string[]) => new ToolError("InvalidParameter", message, details ? { details } : {});
export const entityNotFound = (message: string) => new ToolError("EntityNotFound", message);

/** Telegram errors meaning the session itself is dead: the user must log in again. */
const AUTH_ERRORS = new Set([
  "AUTH_KEY_UNREGISTERED",
  "AUTH_KEY_INVALID",
  "AUTH_KEY_PERM_EMPTY",
  "SESSION_REVOKED",
  "SESSION_EXPIRED",
  "SESSION_PASSWORD_NEEDED",
  "USER_DEACTIVATED",
  "USER_DEACTIVATED_BAN",
]);

/** Telegram errors meaning the chat/user asked for does not exist or is not visible to this account. */
const NOT_FOUND_ERRORS = new Set([
  "PEER_ID_INVALID",
  "USERNAME_NOT_OCCUPIED",
  "USERNAME_INVALID",
  "CHANNEL_INVALID",
  "CHANNEL_PRIVATE",
  "CHAT_ID_INVALID",
  "USER_ID_INVALID",
  "PHONE_NOT_OCCUPIED",
  "INVITE_HASH_INVALID",
  "INVITE_HASH_EXPIRED",
  "MSG_ID_INVALID",
]);

const PARAMETER_ERRORS: Record<string, string> = {
  MESSAGE_ID_INVALID: "The message id does not exist in this chat or cannot be edited by you.",
  MESSAGE_NOT_MODIFIED: "The new text is the same as the current text; nothing was changed.",
  MESSAGE_EMPTY: "The message is empty.",
  MESSAGE_TOO_LONG: "The message is longer than Telegram allows (4096 characters for text, 1024 for captions).",
  MESSAGE_EDIT_TIME_EXPIRED: "This message is too old to be edited.",
  MESSAGE_AUTHOR_REQUIRED: "Only the author of a message can edit it.",
  ENTITY_BOUNDS_INVALID: "The formatting markup is malformed; send with parse_mode 'plain' or fix the markup.",
  ENTITY_MENTION_USER_INVALID: "A mentioned user in the formatting is invalid.",
  REPLY_MESSAGE_ID_INVALID: "reply_to_msg_id does not exist in this chat.",
  SEARCH_QUERY_EMPTY: "The search query is empty.",
  PHONE_NUMBER_INVALID: "The phone number is invalid; use international format like +15551234567.",
  LIMIT_INVALID: "The limit is out of range.",
  OFFSET_INVALID: "The cursor is no longer valid; start again without a cursor.",
  CHAT_WRITE_FORBIDDEN: "You cannot write in this chat.",
  CHAT_ADMIN_REQUIRED: "This needs admin rights in the chat.",
  USER_IS_BLOCKED: "This user has blocked you, or you blocked them.",
  YOU_BLOCKED_USER: "You blocked this user; unblock them first.",
  INPUT_USER_DEACTIVATED: "That user's account is deleted.",
  USER_PRIVACY_RESTRICTED: "The user's privacy settings do not allow this.",
  TOPIC_ID_INVALID: "thread_id is not a topic of this forum.",
  TOPIC_CLOSED: "This forum topic is closed; only admins can post in it.",
  SCHEDULE_DATE_INVALID: "schedule_date must be in the future.",
  SCHEDULE_DATE_TOO_LATE: "schedule_date is too far ahead (at most a year).",
  SCHEDULE_TOO_MUCH: "This chat already has the most scheduled messages Telegram allows (100).",
};

function rpcMessage(err: unknown): { message: string; code?: number } | undefined {
  if (err instanceof gramjs().errors.RPCError) return { message: err.errorMessage, code: err.code };
  return undefined;
}

/** Connection-level failures of gramjs (not Telegram answers): safe to retry. */
function isConnectionFailure(err: unknown): boolean {
  const m = err instanceof Error ? err.message : String(err);
  return /disconnected|Request was unsuccessful|Not connected|TIMEOUT|ECONNRESET|ECONNREFUSED|socket|closed/i.test(m);
}

/** Whether an error means the account's session is no longer valid (the pool may mark it needsSetup). */
export function isAuthFailure(err: unknown): boolean {
  const rpc = rpcMessage(err);
  return !!rpc && (AUTH_ERRORS.has(rpc.message) || rpc.code === 401);
}

/** Maps any thrown value to a ToolError with a model-friendly message. */
export function toToolError(err: unknown): ToolError {
  if (err instanceof ToolError) return err;
  // AccountSession's AccountNeedsSetupError (duck-typed: this module is below account-session.ts).
  if ((err as { code?: unknown })?.code === "ACCOUNT_NEEDS_SETUP") {
    return new ToolError("AuthenticationError", (err as Error).message || "The Telegram account must be set up again.");
  }
  if (err instanceof gramjs().errors.FloodWaitError || err instanceof gramjs().errors.FloodTestPhoneWaitError) {
    const s = err.seconds;
    return new ToolError("RateLimited", `Telegram rate limit: retry after ${s} s.`, { retryAfterS: s, telegramError: err.errorMessage });
  }
  const rpc = rpcMessage(err);
  if (rpc) {
    const m = rpc.message;
    const flood = /^(?:FLOOD_WAIT|SLOWMODE_WAIT|FLOOD_PREMIUM_WAIT)_(\d+)$/.exec(m);
    if (flood) {
      const s = Number(flood[1]);
      return new ToolError("RateLimited", `Telegram rate limit: retry after ${s} s.`, { retryAfterS: s, telegramError: m });
    }
    if (isAuthFailure(err)) {
      return new ToolError("AuthenticationError", `The Telegram session is no longer authorized (${m}); log in again with the setup flow.`, { telegramError: m });
    }
    if (NOT_FOUND_ERRORS.has(m)) return new ToolError("EntityNotFound", `Telegram could not find that chat, user or message (${m}).`, { telegramError: m });
    if (m in PARAMETER_ERRORS) return new ToolError("InvalidParameter", `${PARAMETER_ERRORS[m]} (${m})`, { telegramError: m });
    const retryable = rpc.code === 500 || m === "RPC_CALL_FAIL" || m === "TIMEOUT";
    return new ToolError("TelegramError", `Telegram returned an error: ${m}${rpc.code ? ` (code ${rpc.code})` : ""}.`, { telegramError: m, retryable });
  }
  if (isConnectionFailure(err)) {
    return new ToolError("TelegramError", "The connection to Telegram failed during the call; it is safe to retry.", { retryable: true });
  }
  // Anything else is a bug or an unexpected state: a generic message, never a stack trace.
  return new ToolError("TelegramError", "The call failed unexpectedly; see the server log.", { retryable: false });
}

export function toErrorEnvelope(err: unknown, operation: string): ErrorEnvelope {
  // Errors that know their own envelope (the MTProto bridge's, with error_code/suggestions) keep it.
  if (typeof (err as { toEnvelope?: unknown })?.toEnvelope === "function") return { ...(err as { toEnvelope(): ErrorEnvelope }).toEnvelope(), operation };
  const e = toToolError(err);
  const env: ErrorEnvelope = { ok: false, error: e.message, error_type: e.errorType, operation };
  if (e.extra.retryAfterS !== undefined) env.retry_after_s = e.extra.retryAfterS;
  if (e.extra.telegramError !== undefined) env.telegram_error = e.extra.telegramError;
  if (e.extra.retryable !== undefined) env.retryable = e.extra.retryable;
  if (e.extra.details?.length) env.details = e.extra.details;
  return env;
}
