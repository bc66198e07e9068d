// mcp-remote as a process: the stdio<->HTTP proxy desktop apps that speak only stdio use for a
// remote server, in front of a real `tgmcp serve` with default settings (no RATE_LIMIT_*
// overrides). tools/list, a success and an error call in each protocol era, and an 18-call
// session run twice.
//
// Driving it (learned here, mcp-remote 0.15.1):
// - `node mcp-remote/dist/proxy.js <url>`, spoken to over stdio by the v1 SDK Client's
//   StdioClientTransport (what Claude Desktop does with {"command": "npx", "args":
//   ["mcp-remote", url]}). http:// is accepted without --allow-http for localhost and
//   127.0.0.1 only; that flag is for plain HTTP to other hosts.
// - On connect it probes OAuth discovery (/.well-known/... 404s on tgmcp), then tries
//   Streamable HTTP first (`--transport http-first`, the default), and forwards the client's
//   initialize as is (`--protocol legacy`, the default). `--protocol auto` spends one
//   server/discover first; when the server answers in the 2026-07-28 era, mcp-remote answers
//   the client's initialize itself, logs "Remote server speaks MCP 2026-07-28", and sends each
//   request in that era. It keeps state in ~/.mcp-auth, so HOME is a temp dir. It logs every
//   forwarded message to stderr, prefixed with its pid.
// - A failed HTTP request (a 429, say) reaches the client only as "Connection closed" or a
//   generic error, so the stderr is checked for both as well as every result.
import t, { type Test } from "tap";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { startHttpServer } from "../e2e/_server.js";
import { MCP_REMOTE, tempDir } from "./_processes.js";
import { checkError, checkToolsList, type Call, type ErrorCase, type ToolResult } from "./_interop.js";

const UNKNOWN_CHAT: ErrorCase = { tool: "get_chat_info", why: "unknown chat", args: { chat_id: "@nobody_here_zz" }, expect: { error_type: "EntityNotFound", error: /find_chats/ } };
const NO_SUCH_MESSAGE: ErrorCase = {
  tool: "edit_message",
  why: "Telegram's MESSAGE_ID_INVALID",
  args: { chat_id: "me", message_id: 987654321, message: "x" },
  expect: { error_type: "InvalidParameter", telegram_error: "MESSAGE_ID_INVALID" },
};
const DANGEROUS: ErrorCase = {
  tool: "invoke_mtproto",
  why: "dangerous method refused",
  args: { method_full_name: "messages.DeleteMessages", params_json: JSON.stringify({ id: [1] }) },
  expect: { error_type: "InvalidParameter", error: /allow_dangerous/ },
};

/** A v1 client talking to mcp-remote over stdio; both closed at teardown. */
async function connect(t: Test, url: URL, label: string, flags: string[] = []): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [MCP_REMOTE, url.href, ...flags],
    env: { PATH: process.env.PATH ?? "", HOME: tempDir(t, "tgmcp-mcp-remote-") },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  const client = new Client({ name: `interop-${label}`, version: "1.0.0" });
  await client.connect(transport);
  t.teardown(() => client.close());
  return { client, stderr: () => stderr };
}

/** mcp-remote says what went wrong only in its log: none of it may appear. */
function checkProxyLog(t: Test, stderr: string, label: string): void {
  t.match(stderr, /Connected to remote server using StreamableHTTPClientTransport/, `${label}: mcp-remote used Streamable HTTP`);
  t.notMatch(stderr, /Connection closed/i, `${label}: no "Connection closed"`);
  t.notMatch(stderr, /\b429\b|Too many requests|RateLimited/i, `${label}: no 429`);
}

const resultOf = (client: Client): Call => async (name, args) => (await client.callTool({ name, arguments: args })) as ToolResult;

t.test("mcp-remote", async (t) => {
  const { url } = await startHttpServer(t);

  t.test("tools/list, a success and an error call", async (t) => {
    const { client, stderr } = await connect(t, url, "mcp-remote");
    t.match(client.getServerVersion(), { name: "tgmcp" });
    const { tools } = await client.listTools();
    checkToolsList(t, tools as any, "mcp-remote tools/list");
    const call = resultOf(client);
    const me = await call("get_chat_info", { chat_id: "me" });
    t.notOk(me.isError, "get_chat_info me succeeds");
    t.match(me.structuredContent, { is_self: true, username: "demo" });
    await checkError(t, call, "mcp-remote", UNKNOWN_CHAT);
    await client.close();
    checkProxyLog(t, stderr(), "mcp-remote");
  });

  // A 2025-era client (the v1 Client) through a dual-era proxy: mcp-remote probes
  // server/discover, answers the client's initialize itself and sends every request in the
  // 2026-07-28 era (per-request _meta, MCP-Protocol-Version header).
  t.test("--protocol auto: the 2026-07-28 era through mcp-remote's bridge", async (t) => {
    const { client, stderr } = await connect(t, url, "mcp-remote-auto", ["--protocol", "auto"]);
    t.match(client.getServerVersion(), { name: "tgmcp" });
    const { tools } = await client.listTools();
    checkToolsList(t, tools as any, "mcp-remote auto tools/list");
    const call = resultOf(client);
    const me = await call("get_chat_info", { chat_id: "me" });
    t.notOk(me.isError, "get_chat_info me succeeds");
    t.match(me.structuredContent, { is_self: true, username: "demo" });
    await checkError(t, call, "mcp-remote auto", DANGEROUS);
    await client.close();
    t.match(stderr(), /Remote server speaks MCP 2026-07-28/, "mcp-remote found the modern era through server/discover");
    checkProxyLog(t, stderr(), "mcp-remote auto");
  });

  // The session of issue #12: one connect (10-16 HTTP requests with the probes) and 18 tool
  // calls, twice, used to reach the default per-token limit at about call 12 of the second run.
  t.test("the same 18-call session twice on a default-configured server: no 429, no Connection closed", async (t) => {
    for (const round of [1, 2]) {
      const label = `session ${round}`;
      const { client, stderr } = await connect(t, url, `mcp-remote-${round}`);
      await client.listTools();
      const calls = await eighteenCalls(t, resultOf(client), label);
      t.equal(calls, 18, `${label}: 18 tool calls`);
      await client.close();
      checkProxyLog(t, stderr(), label);
    }
  });
});

/** A model's session on the demo world: reads, searches, a send/edit/read round, three refusals. Returns the number of calls made. */
async function eighteenCalls(t: Test, call: Call, label: string): Promise<number> {
  let n = 0;
  const ok = async (name: string, args: Record<string, unknown>): Promise<any> => {
    n++;
    const r = await call(name, args);
    t.notOk(r.isError, `${label} #${n} ${name} succeeds: ${(r.content?.[0]?.text ?? "").slice(0, 200)}`);
    return r.structuredContent;
  };
  const fails = async (c: ErrorCase) => {
    n++;
    await checkError(t, call, `${label} #${n}`, c);
  };
  t.match((await ok("find_chats", { query: "alice" })).chats[0], { username: "alice" });
  await ok("get_chat_info", { chat_id: "@alice" });
  t.equal((await ok("search_messages_in_chat", { chat_id: "@alice", limit: 5 })).messages.length, 5);
  t.equal((await ok("search_messages_globally", { query: "budget", limit: 5 })).messages.length, 5);
  await ok("search_messages_globally", { query: "deadline OR invoice", limit: 10 });
  await ok("find_chats", { query: "Project Phoenix" });
  await ok("search_messages_in_chat", { chat_id: "@bobsmith", query: "deploy", limit: 5 });
  await ok("get_chat_info", { chat_id: "me" });
  const sent = await ok("send_message", { chat_id: "me", message: `${label}: notes for later` });
  await ok("edit_message", { chat_id: "me", message_id: sent.message_id, message: `${label}: notes, edited` });
  t.match((await ok("read_messages", { chat_id: "me", message_ids: [sent.message_id] })).messages, [{ text: `${label}: notes, edited` }]);
  await ok("send_message", { chat_id: "@alice", message: `${label}: see you at the review` });
  await ok("send_message_to_phone", { phone_number: "+9996620002", message: `${label}: by phone` });
  await ok("invoke_mtproto", { method_full_name: "users.GetFullUser", params_json: JSON.stringify({ id: { _: "inputUserSelf" } }) });
  await ok("search_messages_in_chat", { chat_id: "me", limit: 3 });
  await fails(UNKNOWN_CHAT);
  await fails(NO_SUCH_MESSAGE);
  await fails(DANGEROUS);
  return n;
}
