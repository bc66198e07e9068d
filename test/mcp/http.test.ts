// /mcp over Streamable HTTP in-process: the v2 client, the v1 client, and raw JSON-RPC at
// protocol versions 2025-06-18 and 2025-11-25; GET/DELETE per the spec; http-auth bearer tokens.
import t from "tap";
import type { AddressInfo } from "node:net";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as V1Transport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { buildApp } from "../../app.js";
import { makeConfig } from "../helpers/config.js";
import { MemoryAccountStore } from "../../services/accounts/memory-store.js";
import { generateToken } from "../../services/accounts/tokens.js";
import { startSandbox } from "../helpers/sandbox.js";
import { parsePrometheus, sampleValue } from "../helpers/prometheus.js";
import { TOOL_NAMES } from "../interop/_interop.js";

/** The seed's tools, in registry order (other tools, like invoke_mtproto, follow them). */
const SEED_TOOLS = TOOL_NAMES.filter((name) => name !== "invoke_mtproto");

async function startApp(t: { teardown(fn: () => unknown): void }, overrides: Record<string, string | number | boolean> = {}, accountStore?: MemoryAccountStore) {
  const sb = await startSandbox(t);
  const app = await buildApp(makeConfig({ SERVER_MODE: "http-no-auth", LOG_LEVEL: "silent", ...overrides }), {
    sandbox: sb,
    accountStore,
    defaultMetrics: false,
  });
  t.teardown(() => app.close());
  await app.listen({ host: "127.0.0.1", port: 0 });
  const url = new URL(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/mcp`);
  return { sb, app, url };
}

t.test("v2 client: list and call every kind of result", async (t) => {
  const { sb, url, app } = await startApp(t);
  const client = new Client({ name: "test-v2", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(url));
  t.teardown(() => client.close());
  const { tools } = await client.listTools();
  t.same(tools.map((x) => x.name).slice(0, SEED_TOOLS.length), SEED_TOOLS);
  const info = await client.callTool({ name: "get_chat_info", arguments: { chat_id: "me" } });
  t.notOk(info.isError);
  t.match(info.structuredContent, { id: sb.world.demoAccountId, is_self: true });
  t.same(JSON.parse((info.content as any)[0].text), info.structuredContent, "the text copy is the same result");
  const bad = await client.callTool({ name: "search_messages_in_chat", arguments: { chat_id: "me", limit: 0 } });
  t.equal(bad.isError, true);
  t.equal(bad.structuredContent, undefined, "error results carry no structuredContent");
  t.match(JSON.parse((bad.content as any)[0].text), { ok: false, error_type: "InvalidParameter", operation: "search_messages_in_chat" });
  const sent = await client.callTool({ name: "send_message", arguments: { chat_id: "me", message: "from v2" } });
  t.match(sent.structuredContent, { status: "sent", text: "from v2" });
  // files: the route plugs in the files component (a data: URI needs no network)
  const doc = "data:text/plain;base64," + Buffer.from("hello file").toString("base64");
  const withFile = await client.callTool({ name: "send_message", arguments: { chat_id: "me", message: "a **file**", files: doc } });
  t.notOk(withFile.isError, JSON.stringify(withFile.structuredContent));
  t.match(withFile.structuredContent, { status: "sent", text: "a file", media: { type: "document" } });
  const saved = sb.world.findPrivateConv(sb.world.demoAccountId, sb.world.demoAccountId)!;
  t.ok(sb.world.store.media.has(sb.world.topRow(saved)), "the file is attached to the message in the world");
  const blocked = await client.callTool({ name: "send_message", arguments: { chat_id: "me", message: "x", files: "http://127.0.0.1:1/secret" } });
  t.match(JSON.parse((blocked.content as any)[0].text), { ok: false, error_type: "FileError", operation: "send_message" });
  const metrics = await app.inject({ method: "GET", url: "/metrics" });
  t.match(metrics.body, /tgmcp_tool_calls_total\{tool="send_message",outcome="ok"\} 2/);
  t.match(metrics.body, /tgmcp_tool_calls_total\{tool="search_messages_in_chat",outcome="InvalidParameter"\} 1/);
  t.match(metrics.body, /tgmcp_tool_calls_total\{tool="send_message",outcome="FileError"\} 1/);
});

t.test("v1 client (@modelcontextprotocol/sdk) over HTTP", async (t) => {
  const { url } = await startApp(t);
  const client = new V1Client({ name: "test-v1", version: "1.0.0" });
  await client.connect(new V1Transport(url));
  t.teardown(() => client.close());
  const { tools } = await client.listTools();
  t.same(tools.map((x) => x.name).slice(0, SEED_TOOLS.length), SEED_TOOLS);
  for (const tool of tools) {
    t.ok(tool.outputSchema, `${tool.name} has an output schema`);
    t.notOk(tool.annotations?.openWorldHint === false, "talks to Telegram (openWorldHint is true by default, sent only when false)");
  }
  const r = await client.callTool({ name: "find_chats", arguments: { query: "alice" } });
  t.match(r.structuredContent, { chats: [{ title: "Alice Johnson" }] });
});

for (const version of ["2025-06-18", "2025-11-25"]) {
  t.test(`raw JSON-RPC at protocol version ${version}`, async (t) => {
    const { url } = await startApp(t);
    const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
    const post = async (body: unknown, extra: Record<string, string> = {}) => {
      const res = await fetch(url, { method: "POST", headers: { ...headers, ...extra }, body: JSON.stringify(body) });
      const text = await res.text();
      const json = text.startsWith("event:") || text.startsWith("data:") ? JSON.parse(text.split("\n").find((l) => l.startsWith("data:"))!.slice(5)) : text ? JSON.parse(text) : undefined;
      return { status: res.status, json, res };
    };
    const init = await post({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: version, capabilities: {}, clientInfo: { name: "raw", version: "0" } } });
    t.equal(init.status, 200);
    t.equal(init.json.result.protocolVersion, version);
    t.equal(init.res.headers.get("mcp-session-id"), null, "stateless: no session id");
    const note = await post({ jsonrpc: "2.0", method: "notifications/initialized" }, { "mcp-protocol-version": version });
    t.equal(note.status, 202);
    const list = await post({ jsonrpc: "2.0", id: 2, method: "tools/list" }, { "mcp-protocol-version": version });
    t.same(list.json.result.tools.map((x: any) => x.name).slice(0, SEED_TOOLS.length), SEED_TOOLS);
    const call = await post({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "search_messages_in_chat", arguments: { chat_id: "me", limit: 2 } } }, { "mcp-protocol-version": version });
    t.equal(call.json.result.structuredContent.messages.length, 2);
    t.equal(call.json.result.isError, undefined);
  });
}

t.test("GET has no SSE stream in this stateless server (405); DELETE is accepted", async (t) => {
  const { url } = await startApp(t);
  const get = await fetch(url, { headers: { accept: "text/event-stream" } });
  t.equal(get.status, 405);
  t.match(get.headers.get("allow"), /POST/);
  await get.arrayBuffer();
  const del = await fetch(url, { method: "DELETE", headers: { "mcp-protocol-version": "2025-11-25" } });
  t.ok(del.status < 500, `DELETE answered ${del.status}`);
  await del.arrayBuffer();
});

t.test("http-auth: the bearer token's account is used; no token is 401", async (t) => {
  const store = new MemoryAccountStore();
  const { url, sb } = await startApp(t, { SERVER_MODE: "http-auth" }, store);
  const token = generateToken();
  store.add({ id: "acct-1", token, session: await sb.createSession(sb.world.demoAccountId) });
  const anon = await fetch(url, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" }, body: "{}" });
  t.equal(anon.status, 401);
  await anon.arrayBuffer();
  const client = new Client({ name: "auth", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  t.teardown(() => client.close());
  const r = await client.callTool({ name: "get_chat_info", arguments: { chat_id: "me" } });
  t.match(r.structuredContent, { id: sb.world.demoAccountId });

  // An account without a Telegram session: tools/list works, a call says how to fix it.
  const token2 = generateToken();
  store.add({ id: "acct-2", token: token2, session: null });
  const c2 = new Client({ name: "auth2", version: "1" });
  await c2.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${token2}` } } }));
  t.teardown(() => c2.close());
  t.ok((await c2.listTools()).tools.length >= 8);
  const r2 = await c2.callTool({ name: "get_chat_info", arguments: { chat_id: "me" } });
  t.equal(r2.isError, true);
  t.match(JSON.parse((r2.content as any)[0].text), { ok: false, error_type: "AuthenticationError", operation: "get_chat_info", error: /setup/ });

  // The 2026-07-28 era (server/discover, no initialize) acts for the token's account too.
  const modern = new Client({ name: "auth-modern", version: "1" }, { versionNegotiation: { mode: { pin: "2026-07-28" } } });
  await modern.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `bearer ${token}` } } }));
  t.teardown(() => modern.close());
  t.equal(modern.getNegotiatedProtocolVersion(), "2026-07-28");
  const r3 = await modern.callTool({ name: "get_chat_info", arguments: { chat_id: "me" } });
  t.match(r3.structuredContent, { id: sb.world.demoAccountId, is_self: true });
  const discoverAnon = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2026-07-28", "mcp-method": "server/discover" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "server/discover", params: {} }),
  });
  t.equal(discoverAnon.status, 401, "the modern era is behind the same bearer check");
  await discoverAnon.arrayBuffer();
});

t.test("FloodWaits are counted in /metrics, the ones waited out as well as the ones returned", async (t) => {
  const { sb, url, app } = await startApp(t, { FLOOD_SLEEP_THRESHOLD: 2 });
  const client = new Client({ name: "test-flood", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(url));
  t.teardown(() => client.close());
  await client.callTool({ name: "get_chat_info", arguments: { chat_id: "me" } }); // connects the account

  sb.faults.floodWait("messages.SearchGlobal", 1);
  sb.resetCounters();
  const short = await client.callTool({ name: "search_messages_globally", arguments: { query: "budget", limit: 3 } });
  t.notOk(short.isError, "a FloodWait under FLOOD_SLEEP_THRESHOLD is waited out");
  t.same(sb.rpcLog.map((e) => e.method), ["messages.SearchGlobal", "messages.SearchGlobal"], "then the call is made again");

  sb.faults.floodWait("messages.SearchGlobal", 600);
  const long = await client.callTool({ name: "search_messages_globally", arguments: { query: "budget", limit: 3 } });
  t.match(JSON.parse((long.content as any)[0].text), { ok: false, error_type: "RateLimited", retry_after_s: 600 });

  const samples = parsePrometheus((await app.inject("/metrics")).body).samples;
  t.equal(sampleValue(samples, "tgmcp_telegram_flood_waits_total", { method: "messages.SearchGlobal" }), 2);
  t.equal(sampleValue(samples, "tgmcp_telegram_flood_wait_seconds_total", { method: "messages.SearchGlobal" }), 601);
  t.equal(sampleValue(samples, "tgmcp_telegram_rpc_total", { method: "messages.SearchGlobal", outcome: "flood_wait" }), 2);
  t.equal(sampleValue(samples, "tgmcp_telegram_rpc_total", { method: "messages.SearchGlobal", outcome: "ok" }), 1);
});

t.test("the per-account limit counts tool calls only, and says so for this mode", async (t) => {
  const { url } = await startApp(t, { RATE_LIMIT_MAX: 3, RATE_LIMIT_WINDOW: 60 });
  const headers = { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2025-11-25" };
  const post = (body: unknown) => fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
  // What one client connect costs: initialize, initialized, lists, pings, a GET 405; none is counted.
  const init = { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "chatty", version: "1" } };
  for (let i = 0; i < 10; i++) {
    t.equal((await post({ jsonrpc: "2.0", id: i, method: "initialize", params: init })).status, 200);
    t.equal((await post({ jsonrpc: "2.0", method: "notifications/initialized" })).status, 202);
    t.equal((await post({ jsonrpc: "2.0", id: 100 + i, method: "tools/list" })).status, 200);
    t.equal((await post({ jsonrpc: "2.0", id: 200 + i, method: "ping" })).status, 200);
    t.equal((await fetch(url, { headers: { accept: "text/event-stream" } })).status, 405);
  }
  const call = (id: number) => post({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "get_chat_info", arguments: { chat_id: "me" } } });
  for (let i = 0; i < 3; i++) t.equal((await call(300 + i)).status, 200, `tool call ${i + 1} of 3`);
  const limited = await call(303);
  t.equal(limited.status, 429, "the fourth tool call is over RATE_LIMIT_MAX=3");
  const body = (await limited.json()) as { error: string };
  t.match(body, { error_type: "RateLimited", error: /limit of 3 Telegram calls .* per 60 s on this server reached \(RATE_LIMIT_MAX\)/ });
  t.notMatch(body.error, /token/, "http-no-auth has no token to speak of");
  t.equal((await post({ jsonrpc: "2.0", id: 400, method: "tools/list" })).status, 200, "listing still works while calls wait");
});
