// Pure helpers: dates, cursors, chat_id parsing, search terms, idempotency random_id, error mapping.
import t from "tap";
import { errors } from "telegram";
import { inRange, isoDate, isoDateSlow, parseDateBound, parseDateRange, telegramDateParams } from "../../services/telegram/dates.js";
import { decodeCursor, encodeCursor } from "../../services/telegram/cursor.js";
import { parseChatId } from "../../services/telegram/entity-resolver.js";
import { splitTerms } from "../../services/telegram/search.js";
import { randomIdFor } from "../../services/telegram/messaging.js";
import { ToolError, toErrorEnvelope } from "../../services/telegram/errors.js";

const utc = (s: string) => Date.parse(s) / 1000;

/** Asserts that fn throws a ToolError of this type (and message). */
function failsWith(t: any, fn: () => unknown, type: string, re?: RegExp, msg = "") {
  try {
    fn();
    t.ok(false, `${msg}: did not throw`);
  } catch (e: any) {
    t.equal(e.errorType, type, msg);
    if (re) t.match(e.message, re, msg);
  }
}

t.test("dates: ISO dates and datetimes, UTC by default, whole-day max_date", async (t) => {
  t.equal(parseDateBound("2024-01-15", "min_date", "min"), utc("2024-01-15T00:00:00Z"));
  t.equal(parseDateBound("2024-01-15", "max_date", "max"), utc("2024-01-15T23:59:59Z"), "date-only max includes the whole day");
  t.equal(parseDateBound("2024-01-15T10:30", "min_date", "min"), utc("2024-01-15T10:30:00Z"), "no zone means UTC");
  t.equal(parseDateBound("2024-01-15 10:30:05", "min_date", "min"), utc("2024-01-15T10:30:05Z"));
  t.equal(parseDateBound("2024-01-15T10:30:00+02:00", "min_date", "min"), utc("2024-01-15T08:30:00Z"));
  t.equal(parseDateBound("2024-01-15T10:30:00-0130", "min_date", "min"), utc("2024-01-15T12:00:00Z"));
  t.equal(parseDateBound("2024-01-15T10:30:00Z", "max_date", "max"), utc("2024-01-15T10:30:00Z"));
  t.equal(parseDateBound("2024-01-15T10:30:00.500Z", "min_date", "min"), utc("2024-01-15T10:30:01Z"), "a fractional min rounds up");
  t.equal(parseDateBound("2024-01-15T10:30:00.500Z", "max_date", "max"), utc("2024-01-15T10:30:00Z"));
  for (const bad of ["yesterday", "2024-02-30", "2024-13-01", "15/01/2024", "2024-01-15T25:00", "1705312200"]) {
    failsWith(t, () => parseDateBound(bad, "min_date", "min"), "InvalidParameter", undefined, bad);
  }
  failsWith(t, () => parseDateRange("2024-02-01", "2024-01-01"), "InvalidParameter", undefined);
  const r = parseDateRange("2024-01-01", "2024-01-01");
  t.ok(inRange(utc("2024-01-01T00:00:00Z"), r) && inRange(utc("2024-01-01T23:59:59Z"), r));
  t.notOk(inRange(utc("2024-01-02T00:00:00Z"), r));
  t.same(telegramDateParams(r), { minDate: r.min! - 1, maxDate: r.max! + 1 });
  t.same(telegramDateParams({}), {});
  t.equal(isoDate(utc("2024-01-15T10:30:00Z")), "2024-01-15T10:30:00Z");
});

t.test("isoDate's fast path writes what Date.toISOString writes", async (t) => {
  const edges = [0, 1, 59, 60, 3599, 3600, 86399, 86400, 951_782_400 /* 2000-02-29 */, 1_709_164_799, 2_147_483_647, 4_294_967_295, 253_402_300_799];
  const values = [...edges, ...Array.from({ length: 20_000 }, (_, i) => (i * 2_654_435_761) % 4_294_967_296)];
  const differ = values.filter((v) => isoDate(v) !== isoDateSlow(v));
  t.same(differ, [], `${values.length} dates from 1970 to 2106 and the edges`);
  // Outside the fast path's range, the reference form.
  for (const v of [-1, -86_401, 1.5, 253_402_300_800]) t.equal(isoDate(v), isoDateSlow(v));
  t.equal(isoDate(253_402_300_800), "+010000-01-01T00:00:00Z");
});

t.test("cursors are opaque, round-trip, and are bound to their query", async (t) => {
  const params = { chat: "me", terms: ["a"] };
  const c = encodeCursor("chat", params, [{ s: { o: 42 } }]);
  t.match(c, /^[A-Za-z0-9_.-]+$/, "URL- and JSON-safe: nothing to escape");
  t.ok(encodeCursor("global", { terms: ["a"] }, [[1790760078, "-1002000000001", 239]]).length <= 70, "short: a model reads it in every paged result");
  t.same(decodeCursor(c, "chat", { terms: ["a"], chat: "me" }), [{ s: { o: 42 } }], "key order does not matter");
  failsWith(t, () => decodeCursor(c, "chat", { chat: "me", terms: ["b"] }), "InvalidParameter", undefined, "another query");
  failsWith(t, () => decodeCursor(c, "global", params), "InvalidParameter", undefined, "another tool");
  failsWith(t, () => decodeCursor("not-a-cursor", "chat", params), "InvalidParameter", undefined);
  failsWith(t, () => decodeCursor(Buffer.from('{"v":2}').toString("base64url"), "chat", params), "InvalidParameter", undefined);
  failsWith(t, () => decodeCursor(c.replace(/\.[^.]+$/, ".!!"), "chat", params), "InvalidParameter", undefined, "a damaged state");
});

t.test("chat_id forms", async (t) => {
  const cases: [string | number, unknown][] = [
    ["me", { kind: "self" }],
    ["SELF", { kind: "self" }],
    ["@Alice_99", { kind: "username", username: "alice_99" }],
    ["alice", { kind: "username", username: "alice" }],
    ["133526395", { kind: "user", id: "133526395" }],
    [133526395, { kind: "user", id: "133526395" }],
    ["-1001234567890", { kind: "channel", id: "1234567890" }],
    ["-123456789", { kind: "chat", id: "123456789" }],
    ["+1 (555) 123-4567", { kind: "phone", phone: "15551234567" }],
    ["https://t.me/durov", { kind: "username", username: "durov", messageId: undefined }],
    ["t.me/durov/42", { kind: "username", username: "durov", messageId: 42 }],
    ["https://t.me/s/telegram", { kind: "username", username: "telegram", messageId: undefined }],
    ["https://t.me/c/1234567890/5", { kind: "channel", id: "1234567890", messageId: 5 }],
    ["https://t.me/+AbCdEf123", { kind: "invite", hash: "AbCdEf123" }],
    ["https://telegram.me/joinchat/XyZ", { kind: "invite", hash: "XyZ" }],
    ["https://t.me/+15551234567", { kind: "phone", phone: "15551234567" }],
    ["tg://resolve?domain=durov", { kind: "username", username: "durov" }],
    ["tg://user?id=777", { kind: "user", id: "777" }],
  ];
  for (const [input, want] of cases) t.same(parseChatId(input), want, String(input));
  for (const bad of ["", "   ", "hello world", "a", "@x", "0", "https://example.com/x", "+12"]) {
    failsWith(t, () => parseChatId(bad), "InvalidParameter", /Accepted: 'me'/, JSON.stringify(bad));
  }
});

t.test("search terms: comma split, dedup, wildcard/regex refused with an explanation", async (t) => {
  t.same(splitTerms("deadline, meeting ,deadline,, Deadline"), ["deadline", "meeting"]);
  t.same(splitTerms(undefined), []);
  t.same(splitTerms(" , "), []);
  t.same(splitTerms("meeting?, [RFC], costs 5$"), ["meeting?", "[RFC]", "costs 5$"], "punctuation that is not a wildcard is allowed");
  failsWith(t, () => splitTerms(Array.from({ length: 26 }, (_, i) => `w${i}`).join(",")), "InvalidParameter", /at most 25/);
  for (const bad of ["proj*", "meet%", "^project", "deadline$", "proj.*"]) {
    failsWith(t, () => splitTerms(bad), "InvalidParameter", /prefix/, bad);
  }
});

t.test("search terms: OR separates alternatives, AND joins words into one term, NOT is refused", async (t) => {
  t.same(splitTerms("budget OR deadline"), ["budget", "deadline"]);
  t.same(splitTerms("budget AND deadline"), ["budget deadline"]);
  t.same(splitTerms("budget AND deadline OR invoice, receipt"), ["budget deadline", "invoice", "receipt"], "AND binds tighter than OR");
  t.same(splitTerms("salt and pepper or sugar"), ["salt and pepper or sugar"], "lower-case and/or are words");
  t.same(splitTerms("ORACLE ANDROID"), ["ORACLE ANDROID"], "operators are whole words only");
  for (const bad of ["budget NOT deadline", "NOT budget", "budget OR", "AND budget", "budget && deadline", "a || b"]) {
    failsWith(t, () => splitTerms(bad), "InvalidParameter", /OR b/, bad);
  }
});

t.test("random_id: deterministic per (account, key), random without a key", async (t) => {
  const a = randomIdFor("acc", "key-1");
  t.ok(a.equals(randomIdFor("acc", "key-1")));
  t.equal(a.toString(), "8114150946189598651", "the derivation never changes: a retry after an upgrade is still recognised");
  t.notOk(a.equals(randomIdFor("acc", "key-2")));
  t.notOk(a.equals(randomIdFor("other", "key-1")));
  t.notOk(a.equals(randomIdFor("acc", "key-1", 1)), "album items differ");
  t.notOk(randomIdFor("acc", undefined).equals(randomIdFor("acc", undefined)));
  const many = new Set(Array.from({ length: 2000 }, () => randomIdFor("acc", undefined).toString()));
  t.equal(many.size, 2000, "no repeats across refills of the random pool");
  t.ok(a.geq("-9223372036854775808") && a.leq("9223372036854775807"), "fits int64");
});

t.test("error envelope", async (t) => {
  const req = { className: "messages.Search" } as any;
  const flood = toErrorEnvelope(new errors.FloodWaitError({ request: req, capture: 120 }), "search_messages_in_chat");
  t.same(flood, { ok: false, error: "Telegram rate limit: retry after 120 s.", error_type: "RateLimited", operation: "search_messages_in_chat", retry_after_s: 120, telegram_error: flood.telegram_error });
  t.equal(toErrorEnvelope(new errors.RPCError("PEER_ID_INVALID", req, 400), "x").error_type, "EntityNotFound");
  t.equal(toErrorEnvelope(new errors.RPCError("AUTH_KEY_UNREGISTERED", req, 401), "x").error_type, "AuthenticationError");
  t.equal(toErrorEnvelope(new errors.RPCError("MESSAGE_NOT_MODIFIED", req, 400), "x").error_type, "InvalidParameter");
  const other = toErrorEnvelope(new errors.RPCError("SOMETHING_ODD", req, 400), "x");
  t.equal(other.error_type, "TelegramError");
  t.equal(other.telegram_error, "SOMETHING_ODD");
  const bug = toErrorEnvelope(new TypeError("cannot read x of undefined"), "x");
  t.equal(bug.error_type, "TelegramError");
  t.notMatch(bug.error, /undefined|TypeError/, "no internals leak");
  t.equal(toErrorEnvelope(Object.assign(new Error("log in again"), { code: "ACCOUNT_NEEDS_SETUP" }), "x").error_type, "AuthenticationError");
  t.equal(toErrorEnvelope(new ToolError("FileError", "nope"), "send_message").error_type, "FileError");
  t.equal(toErrorEnvelope(new Error("Request was unsuccessful 5 time(s)"), "x").retryable, true);
});
