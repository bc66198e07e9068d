// Shared by the interop tests: what a client nobody here wrote must get from `tgmcp serve` on
// the demo world. Every tool's success path, at least two error paths per tool, and the
// tools/list contract of defaulted parameters. The clients (SDK v1, SDK v2 at each protocol
// era) and transports are the test files' business; these checks take a plain `call`.
import type { Test } from "tap";

/** The part of a CallToolResult these checks read (v1 and v2 clients return this shape). */
export interface ToolResult {
  isError?: boolean;
  structuredContent?: unknown;
  content?: Array<{ type: string; text?: string }>;
}

export type Call = (name: string, args: Record<string, unknown>) => Promise<ToolResult>;

export const TOOL_NAMES = [
  "search_messages_globally",
  "search_messages_in_chat",
  "send_message",
  "edit_message",
  "read_messages",
  "find_chats",
  "get_chat_info",
  "send_message_to_phone",
  "invoke_mtproto",
] as const;

/** Parameters the seed contract makes required; everything else is optional. */
export const REQUIRED: Record<string, string[]> = {
  search_messages_globally: ["query"],
  search_messages_in_chat: ["chat_id"],
  send_message: ["chat_id", "message"],
  edit_message: ["chat_id", "message_id", "message"],
  read_messages: ["chat_id", "message_ids"],
  find_chats: ["query"],
  get_chat_info: ["chat_id"],
  send_message_to_phone: ["phone_number", "message"],
  invoke_mtproto: ["method_full_name"],
};

/** Parameters with a default, and the default a client must be shown. */
export const DEFAULTS: Record<string, Record<string, unknown>> = {
  search_messages_globally: { limit: 50 },
  search_messages_in_chat: { limit: 50 },
  find_chats: { limit: 20 },
  send_message: { parse_mode: "auto" },
  edit_message: { parse_mode: "auto" },
  send_message_to_phone: { first_name: "Contact", last_name: "Name", remove_if_new: false, parse_mode: "auto" },
  invoke_mtproto: { params_json: "{}", allow_dangerous: false, resolve: true },
};

interface ListedTool {
  name: string;
  inputSchema: { required?: string[]; properties?: Record<string, { default?: unknown }> };
  outputSchema?: unknown;
}

/** tools/list as a client sees it: all nine tools; required means required; defaults shown and optional. */
export function checkToolsList(t: Test, tools: readonly ListedTool[], label: string): void {
  const byName = new Map(tools.map((x) => [x.name, x]));
  for (const name of TOOL_NAMES) {
    const tool = byName.get(name);
    if (!tool) {
      t.fail(`${label}: tools/list has no ${name}`);
      continue;
    }
    t.ok(tool.outputSchema, `${label} ${name}: has an output schema`);
    const required = [...(tool.inputSchema.required ?? [])].sort();
    t.same(required, [...REQUIRED[name]!].sort(), `${label} ${name}: required is exactly ${REQUIRED[name]!.join(", ")}`);
    for (const [param, value] of Object.entries(DEFAULTS[name] ?? {})) {
      t.notOk(required.includes(param), `${label} ${name}.${param}: has a default, so it is not required`);
      t.same(tool.inputSchema.properties?.[param]?.default, value, `${label} ${name}.${param}: default ${JSON.stringify(value)} is shown`);
    }
  }
}

/** Calls a tool that must succeed: structuredContent, and the same JSON as text for clients that read only text. */
async function ok(t: Test, call: Call, label: string, name: string, args: Record<string, unknown>): Promise<any> {
  const r = await call(name, args);
  const text = r.content?.[0]?.text ?? "";
  t.notOk(r.isError, `${label} ${name} succeeds: ${text.slice(0, 300)}`);
  t.type(r.structuredContent, "object", `${label} ${name}: structuredContent`);
  t.same(JSON.parse(text), r.structuredContent, `${label} ${name}: the text is the same JSON`);
  return r.structuredContent;
}

/**
 * Every tool's success path on the demo world (sandbox/world/demo.ts), with defaulted
 * parameters left out so the server's defaults are exercised too.
 */
export async function everyToolSucceeds(t: Test, call: Call, label: string): Promise<void> {
  const me = await ok(t, call, label, "get_chat_info", { chat_id: "me" });
  t.match(me, { is_self: true, type: "private", username: "demo" });
  const found = await ok(t, call, label, "find_chats", { query: "alice" });
  t.match(found.chats[0], { title: "Alice Johnson", username: "alice" });
  const global = await ok(t, call, label, "search_messages_globally", { query: "budget", limit: 5 });
  t.equal(global.messages.length, 5);
  for (const m of global.messages) t.match(m.text, /budget/i);
  // Boolean operators: OR = alternatives (like a comma), AND = every word in one message.
  const either = await ok(t, call, label, "search_messages_globally", { query: "budget OR deadline", limit: 20 });
  t.ok(either.messages.length > 0, "budget OR deadline finds messages");
  for (const m of either.messages) t.match(m.text, /budget|deadline/i);
  t.ok(either.messages.some((m: { text: string }) => !/budget/i.test(m.text)), "OR finds messages without the first word");
  const both = await ok(t, call, label, "search_messages_globally", { query: "budget AND deadline", limit: 20 });
  t.ok(both.messages.length > 0, "budget AND deadline finds messages");
  for (const m of both.messages) t.ok(/budget/i.test(m.text) && /deadline/i.test(m.text), `AND: both words in "${m.text}"`);
  // The chat with Bob has 77 messages: the default limit (50) cuts the page.
  const inChat = await ok(t, call, label, "search_messages_in_chat", { chat_id: "@bobsmith" });
  t.equal(inChat.messages.length, 50, "limit defaults to 50");
  t.equal(inChat.has_more, true);
  t.equal(inChat.peers[inChat.chat_id].username, "bobsmith");
  const sent = await ok(t, call, label, "send_message", { chat_id: "me", message: `${label}: **hello**` });
  t.match(sent, { status: "sent", format: "markdown", text: `${label}: hello` });
  const edited = await ok(t, call, label, "edit_message", { chat_id: "me", message_id: sent.message_id, message: `${label}: edited` });
  t.match(edited, { status: "edited", message_id: sent.message_id, text: `${label}: edited` });
  const read = await ok(t, call, label, "read_messages", { chat_id: "me", message_ids: [sent.message_id, 987654321] });
  t.match(read.messages, [{ id: sent.message_id, text: `${label}: edited` }, { id: 987654321, error: String }]);
  // +9996620002 is Alice, a contact of the demo account (sandbox/world/demo.ts)
  const phone = await ok(t, call, label, "send_message_to_phone", { phone_number: "+9996620002", message: `${label}: by phone` });
  t.match(phone, { status: "sent", contact_was_new: false, contact_removed: false, text: `${label}: by phone` });
  // resolve defaults to true: "@techdigest" becomes an InputPeer
  const history = await ok(t, call, label, "invoke_mtproto", { method_full_name: "messages.GetHistory", params_json: JSON.stringify({ peer: "@techdigest", limit: 2 }) });
  t.equal(history.messages.length, 2);
  const self = await ok(t, call, label, "invoke_mtproto", { method_full_name: "users.GetFullUser", params_json: JSON.stringify({ id: { _: "inputUserSelf" } }) });
  t.match(self, { _: "users.UserFull", users: [{ username: "demo" }] });
}

export interface ErrorCase {
  tool: string;
  why: string;
  args: Record<string, unknown>;
  /** Matched against the envelope, besides ok:false, error and operation. */
  expect: { error_type: string } & Record<string, unknown>;
}

const NOBODY = "@nobody_here_zz";

/** At least two failures per tool, of different kinds where the tool has them. */
export const ERROR_CASES: readonly ErrorCase[] = [
  { tool: "search_messages_globally", why: "wildcard syntax", args: { query: "budg*" }, expect: { error_type: "InvalidParameter", error: /wildcard/ } },
  { tool: "search_messages_globally", why: "NOT, which Telegram cannot apply", args: { query: "budget NOT deadline" }, expect: { error_type: "InvalidParameter", error: /NOT/ } },
  { tool: "search_messages_globally", why: "limit out of range", args: { query: "budget", limit: 0 }, expect: { error_type: "InvalidParameter", details: [/limit/] } },
  { tool: "search_messages_globally", why: "a date that is not one", args: { query: "budget", min_date: "not a date" }, expect: { error_type: "InvalidParameter", error: /min_date/ } },
  { tool: "search_messages_in_chat", why: "unknown chat", args: { chat_id: NOBODY }, expect: { error_type: "EntityNotFound", error: /nobody_here_zz/ } },
  { tool: "search_messages_in_chat", why: "a dangling OR", args: { chat_id: "me", query: "budget OR" }, expect: { error_type: "InvalidParameter", error: /operator/ } },
  { tool: "search_messages_in_chat", why: "limit over 100", args: { chat_id: "me", limit: 101 }, expect: { error_type: "InvalidParameter", details: [/limit/] } },
  { tool: "send_message", why: "unknown chat", args: { chat_id: NOBODY, message: "x" }, expect: { error_type: "EntityNotFound" } },
  { tool: "send_message", why: "plain http URL to loopback", args: { chat_id: "me", message: "x", files: "http://127.0.0.1:1/x.png" }, expect: { error_type: "FileError" } },
  {
    tool: "send_message",
    why: "SSRF: https URL to loopback",
    args: { chat_id: "me", message: "x", files: "https://127.0.0.1:1/x.png" },
    expect: { error_type: "FileError", error: /loopback/, details: ["file: https://127.0.0.1:1/x.png", "reason: blocked_address"] },
  },
  { tool: "send_message", why: "unknown parameter", args: { chat_id: "me", message: "x", text: "y" }, expect: { error_type: "InvalidParameter", error: /unknown parameter 'text'/ } },
  {
    tool: "edit_message",
    why: "a message id that does not exist (Telegram's MESSAGE_ID_INVALID)",
    args: { chat_id: "me", message_id: 987654321, message: "x" },
    expect: { error_type: "InvalidParameter", telegram_error: "MESSAGE_ID_INVALID" },
  },
  { tool: "edit_message", why: "unknown chat", args: { chat_id: NOBODY, message_id: 1, message: "x" }, expect: { error_type: "EntityNotFound" } },
  { tool: "edit_message", why: "message_id 0", args: { chat_id: "me", message_id: 0, message: "x" }, expect: { error_type: "InvalidParameter", details: [/message_id/] } },
  { tool: "read_messages", why: "unknown chat", args: { chat_id: NOBODY, message_ids: [1] }, expect: { error_type: "EntityNotFound" } },
  { tool: "read_messages", why: "no ids", args: { chat_id: "me", message_ids: [] }, expect: { error_type: "InvalidParameter", details: [/message_ids/] } },
  { tool: "find_chats", why: "empty query", args: { query: "" }, expect: { error_type: "InvalidParameter", details: [/query/] } },
  { tool: "find_chats", why: "a cursor the server never issued", args: { query: "alice", cursor: "garbage" }, expect: { error_type: "InvalidParameter", error: /cursor/ } },
  { tool: "find_chats", why: "unknown chat_type", args: { query: "alice", chat_type: "robot" }, expect: { error_type: "InvalidParameter", details: [/chat_type/] } },
  { tool: "get_chat_info", why: "unknown chat", args: { chat_id: NOBODY }, expect: { error_type: "EntityNotFound", error: /find_chats|Accepted forms/ } },
  { tool: "get_chat_info", why: "chat_id missing", args: {}, expect: { error_type: "InvalidParameter", error: /missing required parameter 'chat_id'/ } },
  { tool: "send_message_to_phone", why: "not a phone number", args: { phone_number: "not-a-phone", message: "x" }, expect: { error_type: "InvalidParameter", error: /phone/ } },
  { tool: "send_message_to_phone", why: "a number nobody has", args: { phone_number: "+9990000000001", message: "x" }, expect: { error_type: "EntityNotFound" } },
  {
    tool: "send_message_to_phone",
    why: "SSRF: https URL to loopback",
    args: { phone_number: "+9996620002", message: "x", files: "https://127.0.0.1:1/x.png" },
    expect: { error_type: "FileError", details: [String, "reason: blocked_address"] },
  },
  {
    tool: "invoke_mtproto",
    why: "dangerous method without allow_dangerous",
    args: { method_full_name: "messages.DeleteMessages", params_json: JSON.stringify({ id: [1] }) },
    expect: { error_type: "InvalidParameter", error: /allow_dangerous/ },
  },
  { tool: "invoke_mtproto", why: "unknown method", args: { method_full_name: "messages.GetHistorys" }, expect: { error_type: "InvalidParameter", error: /Did you mean messages\.GetHistory/ } },
  {
    tool: "invoke_mtproto",
    why: "Telegram error MESSAGE_ID_INVALID",
    args: { method_full_name: "messages.EditMessage", params_json: JSON.stringify({ peer: "me", id: 987654321, message: "x" }) },
    expect: { error_type: "TelegramError", telegram_error: "MESSAGE_ID_INVALID" },
  },
  { tool: "invoke_mtproto", why: "params_json that is not JSON", args: { method_full_name: "messages.GetHistory", params_json: "{not json" }, expect: { error_type: "InvalidParameter", error: /params_json/ } },
];

/**
 * One failing call: callTool must resolve (a thrown protocol error never reaches the model),
 * with isError and the envelope as the JSON text of content[0].
 */
export async function checkError(t: Test, call: Call, label: string, c: ErrorCase): Promise<Record<string, unknown> | undefined> {
  const what = `${label} ${c.tool} (${c.why})`;
  let r: ToolResult;
  try {
    r = await call(c.tool, c.args);
  } catch (err) {
    t.fail(`${what}: callTool threw instead of returning a tool result: ${(err as Error).message}`);
    return undefined;
  }
  t.equal(r.isError, true, `${what}: isError`);
  const text = r.content?.[0]?.type === "text" ? r.content[0].text : undefined;
  let env: Record<string, unknown>;
  try {
    env = JSON.parse(text ?? "");
  } catch {
    t.fail(`${what}: content[0].text is not the JSON envelope: ${String(text).slice(0, 300)}`);
    return undefined;
  }
  t.match(env, { ok: false, error: String, operation: c.tool, ...c.expect }, `${what}: the envelope`);
  t.notMatch(String(env.error), /\n\s+at /, `${what}: no stack trace`);
  // A client that reads structuredContent must not see something else than the text says.
  if (r.structuredContent !== undefined) t.same(r.structuredContent, env, `${what}: structuredContent, if any, is the envelope`);
  return env;
}

/** Every error case, in order; checks that each tool has at least two. */
export async function everyErrorPath(t: Test, call: Call, label: string): Promise<void> {
  for (const name of TOOL_NAMES) t.ok(ERROR_CASES.filter((c) => c.tool === name).length >= 2, `${name} has at least two error cases`);
  for (const c of ERROR_CASES) await checkError(t, call, label, c);
}
