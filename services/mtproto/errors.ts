// Errors of the MTProto bridge: the tools' envelope ({ok:false, error, error_type, operation})
// plus what a raw API caller needs (error_code, the parameter at fault, suggestions), and the
// kind of each failure (routes/mtproto-api.ts turns kinds into honest HTTP statuses). "internal"
// is kept for faults of this server only.
import type { errors as GramjsErrors } from "telegram";
import { gramjs } from "../telegram/gramjs.js";
import { ToolError, toToolError, type ErrorEnvelope, type ErrorKind, type ErrorType } from "../telegram/errors.js";
import { AccountNeedsSetupError } from "../telegram/needs-setup.js";

export const OPERATION = "invoke_mtproto";

export interface BridgeErrorEnvelope extends ErrorEnvelope {
  /** The Telegram error (e.g. "USERNAME_INVALID", "FLOOD_WAIT_30"), or a bridge code (e.g. "DANGEROUS_METHOD"). */
  error_code?: string;
  /** The method in gramjs spelling, once the name is known. */
  method?: string;
  /** The parameter at fault, as a path: "peer", "id[2]", "reply_to.reply_to_msg_id". */
  parameter?: string;
  /** The TL type the parameter expects. */
  expected_type?: string;
  /** Real method or constructor names close to an unknown one. */
  suggestions?: string[];
}

export interface BridgeErrorExtra {
  /** The method (gramjs spelling) the failure belongs to, once the name is known. */
  method?: string;
  errorCode?: string;
  parameter?: string;
  expectedType?: string;
  suggestions?: string[];
  retryAfterS?: number;
  telegramError?: string;
  retryable?: boolean;
}

/**
 * A failure with its kind. It is a ToolError, so the MCP call path turns it into the
 * same envelope with isError (error_type and message survive; see toEnvelope for the rest).
 */
export class BridgeError extends ToolError {
  readonly info: BridgeErrorExtra;
  constructor(kind: ErrorKind, errorType: ErrorType, message: string, extra: BridgeErrorExtra = {}) {
    super(errorType, message, { kind, retryAfterS: extra.retryAfterS, telegramError: extra.telegramError, retryable: extra.retryable });
    this.name = "BridgeError";
    this.info = extra;
  }

  /** The full envelope (the MCP error path can merge this in; see README). */
  toEnvelope(): BridgeErrorEnvelope {
    return toEnvelope(this);
  }
}

export function invalidParam(message: string, parameter?: string, expectedType?: string): BridgeError {
  return new BridgeError("invalid", "InvalidParameter", message, { parameter, expectedType });
}

/** Kind of a Telegram RPC error code. Telegram's own 5xx is an upstream failure, not our fault. */
function kindOfRpc(code: number | undefined): ErrorKind {
  switch (code) {
    case 400:
    case 406: // NOT_ACCEPTABLE: Telegram refuses the request as sent
      return "invalid";
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 420:
      return "rate_limited";
    default:
      return "upstream";
  }
}

/** Kinds of the shared resolver's ToolErrors on this front end (a TelegramError is upstream even when retryable). */
const KIND_OF_TOOL_ERROR: Record<ErrorType, ErrorKind> = {
  InvalidParameter: "invalid",
  AuthenticationError: "unauthorized",
  EntityNotFound: "not_found",
  RateLimited: "rate_limited",
  FileError: "invalid",
  TelegramError: "upstream",
  Forbidden: "forbidden",
};

/** Maps anything thrown while invoking to a BridgeError. */
export function toBridgeError(err: unknown): BridgeError {
  if (err instanceof BridgeError) return err;
  const errors = gramjs().errors;
  if (err instanceof errors.FloodError) {
    // FloodWaitError, SlowModeWaitError, FloodTestPhoneWaitError: gramjs keeps only "FLOOD" as the message.
    const s = Number((err as GramjsErrors.FloodError & { seconds?: number }).seconds ?? 0);
    const code = err instanceof errors.SlowModeWaitError ? `SLOWMODE_WAIT_${s}` : `FLOOD_WAIT_${s}`;
    return new BridgeError("rate_limited", "RateLimited", `Telegram rate limit (${code}): retry after ${s} s.`, {
      errorCode: code,
      telegramError: code,
      retryAfterS: s,
    });
  }
  if (err instanceof errors.RPCError) {
    const m = err.errorMessage;
    const flood = /^(?:FLOOD_WAIT|SLOWMODE_WAIT|FLOOD_PREMIUM_WAIT)_(\d+)$/.exec(m);
    if (flood) {
      const s = Number(flood[1]);
      return new BridgeError("rate_limited", "RateLimited", `Telegram rate limit (${m}): retry after ${s} s.`, { errorCode: m, telegramError: m, retryAfterS: s });
    }
    const kind = kindOfRpc(err.code);
    return new BridgeError(kind, "TelegramError", `Telegram returned ${m}${err.code ? ` (code ${err.code})` : ""}.`, {
      errorCode: m,
      telegramError: m,
      retryable: kind === "upstream" ? true : undefined,
    });
  }
  if (err instanceof AccountNeedsSetupError) {
    // The token is fine but the Telegram session behind it is gone: same kind as on every other route.
    return new BridgeError(err.kind, "AuthenticationError", err.message, { errorCode: err.code, telegramError: err.reason === "NO_SESSION" ? undefined : err.reason });
  }
  // ToolErrors come from the shared resolver (EntityNotFound, InvalidParameter, RateLimited, ...).
  if (err instanceof ToolError) {
    return new BridgeError(KIND_OF_TOOL_ERROR[err.errorType], err.errorType, err.message, {
      retryAfterS: err.extra.retryAfterS,
      telegramError: err.extra.telegramError,
      // A ToolError with a code of its own (the chat policy's CHAT_FORBIDDEN) keeps it.
      errorCode: err.extra.telegramError ?? (typeof (err as { code?: unknown }).code === "string" ? (err as unknown as { code: string }).code : undefined),
      retryable: err.extra.retryable,
    });
  }
  const t = toToolError(err);
  // A connection failure is Telegram being unreachable; anything else is our own bug.
  const kind: ErrorKind = t.extra.retryable ? "unavailable" : "internal";
  return new BridgeError(kind, t.errorType, t.message, { retryable: t.extra.retryable });
}

export function toEnvelope(err: BridgeError): BridgeErrorEnvelope {
  const env: BridgeErrorEnvelope = { ok: false, error: err.message, error_type: err.errorType, operation: OPERATION };
  const x = err.info;
  if (x.errorCode !== undefined) env.error_code = x.errorCode;
  if (x.method !== undefined) env.method = x.method;
  if (x.parameter !== undefined) env.parameter = x.parameter;
  if (x.expectedType !== undefined) env.expected_type = x.expectedType;
  if (x.suggestions !== undefined) env.suggestions = x.suggestions;
  if (x.retryAfterS !== undefined) env.retry_after_s = x.retryAfterS;
  if (x.telegramError !== undefined) env.telegram_error = x.telegramError;
  if (x.retryable !== undefined) env.retryable = x.retryable;
  return env;
}
