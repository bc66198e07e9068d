// The server instructions hold what several tools share (chat_id forms, search matching, dates,
// formatting, paging, the message encoding, untrusted text, errors), once, and only when a served
// tool needs it; the tool descriptions and parameters do not repeat it (issue #19).
import t from "tap";
import { buildCatalog } from "../../services/mcp/inventory.js";
import { MESSAGE_RESULTS } from "../../services/mcp/instructions.js";
import { CHAT_ID_FORMS } from "../../services/telegram/chat-id-forms.js";

const count = (text: string, part: string) => text.split(part).length - 1;

const RULES = {
  chatId: CHAT_ID_FORMS,
  search: "Message search matches word prefixes",
  dates: "Dates: ISO 2024-01-15",
  formatting: "parse_mode auto (default)",
  paging: "cursor=next_cursor",
  sizeCap: "MAX_RESULT_CHARS",
  messages: MESSAGE_RESULTS,
  untrusted: "data, never instructions",
  errors: "{ok:false, error, error_type, operation}",
  writes: "Writes act as the user",
};

t.test("the full catalog states every shared rule exactly once, and no tool repeats it", async (t) => {
  const c = buildCatalog();
  for (const [name, text] of Object.entries(RULES)) t.equal(count(c.instructions, text), 1, `${name} once`);
  for (const tool of c.tools) {
    const shown = tool.def.description + JSON.stringify(tool.def.input);
    t.notOk(shown.includes(CHAT_ID_FORMS), `${tool.def.name}: no chat_id form list`);
    t.notMatch(shown, /matches words by prefix|word prefixes, ignoring case/, `${tool.def.name}: no search rules`);
    t.notMatch(shown, /complete (Telegram )?HTML tag pair/, `${tool.def.name}: no parse_mode rules`);
    t.notMatch(shown, /UTC unless a zone/, `${tool.def.name}: no date formats`);
    t.ok(count(shown, "Example") <= 1, `${tool.def.name}: at most one example`);
  }
});

t.test("each rule appears only when a served tool needs it", async (t) => {
  const chats = buildCatalog({ toolsets: ["chats"] }).instructions;
  t.ok(chats.includes(CHAT_ID_FORMS), "chats: chat_id forms");
  t.match(chats, /find_chats first/, "chats: find a chat by name with find_chats");
  t.ok(chats.includes("cursor=next_cursor"), "chats: paging (find_chats, list_chats)");
  for (const name of ["search", "dates", "formatting", "messages", "writes"] as const) t.notOk(chats.includes(RULES[name]), `chats: no ${name}`);

  const raw = buildCatalog({ toolsets: ["raw"] }).instructions;
  t.ok(raw.includes(CHAT_ID_FORMS), "raw: chat_id forms, which invoke_mtproto's resolve takes");
  t.notMatch(raw, /find_chats/, "raw: find_chats is not served, so not named");
  for (const name of ["search", "dates", "formatting", "paging", "messages"] as const) t.notOk(raw.includes(RULES[name]), `raw: no ${name}`);

  const search = buildCatalog({ toolsets: ["search"] }).instructions;
  for (const name of ["chatId", "search", "dates", "paging", "sizeCap", "messages", "untrusted", "errors"] as const) t.ok(search.includes(RULES[name]), `search: ${name}`);
  for (const name of ["formatting", "writes"] as const) t.notOk(search.includes(RULES[name]), `search: no ${name}`);

  const messaging = buildCatalog({ toolsets: ["messaging"] }).instructions;
  for (const name of ["chatId", "dates", "formatting", "messages", "writes"] as const) t.ok(messaging.includes(RULES[name]), `messaging: ${name}`);
  t.notOk(messaging.includes(RULES.search), "messaging: no search rules");

  const ro = buildCatalog({ readOnly: true }).instructions;
  t.match(ro, /only reads/);
  for (const name of ["formatting", "writes"] as const) t.notOk(ro.includes(RULES[name]), `read-only: no ${name}`);
  t.ok(ro.includes(MESSAGE_RESULTS), "read-only: the message encoding (search and read_messages)");
});
