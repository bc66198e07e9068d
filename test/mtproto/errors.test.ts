// Status mapping of every kind of failure (the sandbox tests cover the common ones end to end):
// the bridge gives each failure a kind, the HTTP front end maps kinds to statuses.
import t from "tap";
import { errors } from "telegram";
import { BridgeError, toBridgeError, toEnvelope } from "../../services/mtproto/errors.js";
import { ToolError } from "../../services/telegram/errors.js";
import { AccountNeedsSetupError } from "../../services/telegram/needs-setup.js";
import { HTTP_STATUS_OF_KIND } from "../../plugins/error-handler.js";

const httpStatus = (e: BridgeError) => HTTP_STATUS_OF_KIND[e.kind];

const rpc = (code: number, message: string) => new errors.RPCError(message, undefined as any, code);

t.test("Telegram RPC errors keep their meaning", async (t) => {
  const cases: Array<[number, string, number, string]> = [
    [400, "USERNAME_INVALID", 400, "TelegramError"],
    [401, "AUTH_KEY_UNREGISTERED", 401, "TelegramError"],
    [403, "CHAT_WRITE_FORBIDDEN", 403, "TelegramError"],
    [404, "NOT_FOUND", 404, "TelegramError"],
    [406, "FRESH_RESET_AUTHORISATION_FORBIDDEN", 400, "TelegramError"],
    [420, "FLOOD_WAIT_7", 429, "RateLimited"],
    [420, "SLOWMODE_WAIT_5", 429, "RateLimited"],
    [500, "INTERNAL_SERVER_ERROR", 502, "TelegramError"],
    [-503, "Timeout", 502, "TelegramError"],
  ];
  for (const [code, message, status, type] of cases) {
    const e = toBridgeError(rpc(code, message));
    t.equal(httpStatus(e), status, `${code} ${message} -> ${status}`);
    t.equal(e.errorType, type);
    t.equal(toEnvelope(e).error_code, message);
  }
  t.equal(toBridgeError(rpc(420, "FLOOD_WAIT_7")).info.retryAfterS, 7);
});

t.test("gramjs flood errors carry the wait", async (t) => {
  const flood = toBridgeError(new errors.FloodWaitError({ request: undefined as any, capture: 33 }));
  t.match(toEnvelope(flood), { error_type: "RateLimited", error_code: "FLOOD_WAIT_33", retry_after_s: 33 });
  t.equal(httpStatus(flood), 429);
  const slow = toBridgeError(new errors.SlowModeWaitError({ request: undefined as any, capture: 4 }));
  t.match(toEnvelope(slow), { error_code: "SLOWMODE_WAIT_4", retry_after_s: 4 });
});

t.test("resolver errors, dead sessions, connection failures and our own bugs", async (t) => {
  t.equal(httpStatus(toBridgeError(new ToolError("EntityNotFound", "no such chat"))), 404);
  t.equal(httpStatus(toBridgeError(new ToolError("InvalidParameter", "bad"))), 400);
  t.match(toEnvelope(toBridgeError(new ToolError("RateLimited", "wait", { retryAfterS: 9, telegramError: "FLOOD_WAIT_9" }))), { retry_after_s: 9, error_code: "FLOOD_WAIT_9" });
  const dead = toBridgeError(new AccountNeedsSetupError("acc1", "SESSION_REVOKED", "run tgmcp setup"));
  t.equal(httpStatus(dead), 409);
  t.match(toEnvelope(dead), { error_type: "AuthenticationError", error_code: "ACCOUNT_NEEDS_SETUP", telegram_error: "SESSION_REVOKED", error: /run tgmcp setup/ });
  const down = toBridgeError(new Error("Cannot send requests while disconnected"));
  t.equal(httpStatus(down), 503);
  t.equal(toEnvelope(down).retryable, true);
  const bug = toBridgeError(new TypeError("x is undefined at /home/me/file.ts:3"));
  t.equal(httpStatus(bug), 500);
  t.notMatch(toEnvelope(bug).error, /file\.ts/, "no internals in the message");
  const same = new BridgeError("invalid", "InvalidParameter", "x", { method: "m.M" });
  t.equal(toBridgeError(same), same);
  t.same(same.toEnvelope(), { ok: false, error: "x", error_type: "InvalidParameter", operation: "invoke_mtproto", method: "m.M" });
});
