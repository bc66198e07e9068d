// Per-account read-only and toolsets in http-auth (issue #15): the server's settings narrowed by
// each account's record, read on every request. Two tokens on one server, driven by the v2
// client (2026-07-28, createMcpHandler) and the v1 SDK client (2025 era, the legacy leg):
// tools/list differs per token, refusals name the account's setting, /mtproto-api follows it,
// and a change through the store applies on the next request without a restart.
import t, { type Test } from "tap";
import type { AddressInfo } from "node:net";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as V1Transport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { buildApp } from "../../app.js";
import { makeConfig } from "../helpers/config.js";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import { startSandbox } from "../helpers/sandbox.js";
import { TOOLS } from "../../services/mcp/registry.js";
import { selectTools } from "../../services/mcp/inventory.js";

const ALL = TOOLS.map((d) => d.name).sort();
const READ_SEARCH_RAW = ["invoke_mtproto", "search_messages_globally", "search_messages_in_chat"];

interface ToolOut {
  isError: boolean;
  data: any;
}

interface Driver {
  names(): Promise<string[]>;
  call(name: string, args: Record<string, unknown>): Promise<ToolOut>;
  instructions(): string;
}

async function v2(t: Test, url: URL, token: string): Promise<Driver> {
  const client = new Client({ name: "settings-v2", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  t.teardown(() => client.close());
  return {
    names: async () => (await client.listTools()).tools.map((x) => x.name).sort(),
    call: async (name, args) => {
      const r = (await client.callTool({ name, arguments: args })) as any;
      return { isError: r.isError === true, data: r.isError ? JSON.parse(r.content[0].text) : r.structuredContent };
    },
    instructions: () => client.getInstructions() ?? "",
  };
}

async function v1(t: Test, url: URL, token: string): Promise<Driver> {
  const client = new V1Client({ name: "settings-v1", version: "1.0.0" });
  await client.connect(new V1Transport(url, { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  t.teardown(() => client.close());
  return {
    names: async () => (await client.listTools()).tools.map((x) => x.name).sort(),
    call: async (name, args) => {
      const r = (await client.callTool({ name, arguments: args })) as any;
      return { isError: r.isError === true, data: r.isError ? JSON.parse(r.content[0].text) : r.structuredContent };
    },
    instructions: () => client.getInstructions() ?? "",
  };
}

async function start(t: Test, env: Record<string, string | boolean> = {}) {
  const sb = await startSandbox(t, { rsa: false });
  const dir = t.testdir();
  const store = new FileAccountStore({ dir });
  const app = await buildApp(makeConfig({ SERVER_MODE: "http-auth", SESSION_DIR: dir, LOG_LEVEL: "silent", ...env }), { sandbox: sb, accountStore: store, defaultMetrics: false });
  t.teardown(() => app.close());
  await app.listen({ host: "127.0.0.1", port: 0 });
  const url = new URL(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/mcp`);
  const session = await sb.createSession(sb.world.demoAccountId);
  const open = await store.createAccount({ session });
  const limited = await store.createAccount({ session });
  await store.updateSettings(limited.account.id, { readOnly: true, toolsets: ["search", "raw"] });
  return { sb, app, store, url, open, limited };
}

const WRITE = { method_full_name: "messages.SendMessage", params_json: '{"peer": "me", "message": "blocked?", "random_id": 7}' };

t.test("two tokens, two catalogs; refusals name the account's setting; changes apply on the next request", async (t) => {
  const { sb, app, store, url, open, limited } = await start(t);

  for (const [label, client] of [
    ["v2", v2],
    ["v1", v1],
  ] as const) {
    t.test(`${label} client`, async (t) => {
      const full = await client(t, url, open.token);
      t.same(await full.names(), ALL, "no settings: every tool");
      const ro = await client(t, url, limited.token);
      t.same(await ro.names(), READ_SEARCH_RAW, "read-only + search,raw: exactly what it can call");
      t.notMatch(ro.instructions(), /send_message|find_chats|read_messages/, "the instructions name only what is served");

      const before = sb.rpcCount("messages.SendMessage");
      const refused = await ro.call("invoke_mtproto", WRITE);
      t.equal(refused.isError, true);
      t.match(refused.data, { ok: false, error_type: "InvalidParameter", operation: "invoke_mtproto" });
      t.match(refused.data.error, /messages\.SendMessage is a write-class method and this account is read-only \(its read-only setting/, "names the account's setting");
      t.notMatch(refused.data.error, /READ_ONLY=true/, "not the server's switch");
      t.equal(sb.rpcCount("messages.SendMessage"), before, "nothing reached Telegram");

      const read = await ro.call("invoke_mtproto", { method_full_name: "messages.GetHistory", params_json: '{"peer": "@alice", "limit": 1}' });
      t.notOk(read.isError, JSON.stringify(read.data).slice(0, 200));
      t.equal(read.data.messages.length, 1, "read-class methods run");
      const search = await ro.call("search_messages_in_chat", { chat_id: "@alice", limit: 1 });
      t.equal(search.data.messages.length, 1);
      await t.rejects(ro.call("send_message", { chat_id: "me", message: "x" }), /send_message/, "a tool outside the account's catalog cannot be called");

      const sent = await full.call("send_message", { chat_id: "me", message: `${label}: the other token still writes` });
      t.match(sent.data, { status: "sent" }, "the other token is unaffected");
    });
  }

  t.test("/mtproto-api follows the account's read-only setting", async (t) => {
    const post = (token: string, method: string, params: object) =>
      app.inject({ method: "POST", url: `/mtproto-api/${method}`, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, payload: JSON.stringify({ params }) });
    const refused = await post(limited.token, "messages.SendMessage", { peer: "me", message: "x", random_id: 8 });
    t.equal(refused.statusCode, 403);
    t.match(refused.json(), { ok: false, error_code: "READ_ONLY", error: /this account is read-only/ });
    const read = await post(limited.token, "messages.GetHistory", { peer: "me", limit: 1 });
    t.equal(read.statusCode, 200, read.body.slice(0, 200));
    const write = await post(open.token, "messages.SendMessage", { peer: "me", message: "from the open token", random_id: 9 });
    t.equal(write.statusCode, 200, write.body.slice(0, 200));
  });

  t.test("a change through the store applies on the next request, without a restart", async (t) => {
    await store.updateSettings(limited.account.id, { toolsets: ["chats", "messaging"] });
    await store.updateSettings(open.account.id, { readOnly: true });
    const was = await v1(t, url, limited.token);
    const expected = selectTools({ toolsets: ["chats", "messaging"] }).map((d) => d.name).sort();
    t.ok(expected.includes("send_message") && !expected.includes("invoke_mtproto"));
    t.same(await was.names(), expected, "now writable, other toolsets");
    const sent = await was.call("send_message", { chat_id: "me", message: "writable now" });
    t.match(sent.data, { status: "sent", text: "writable now" });
    const now = await v2(t, url, open.token);
    const names = await now.names();
    t.notOk(names.includes("send_message"), "the other account became read-only");
    t.ok(names.includes("invoke_mtproto") && names.includes("find_chats"));
    const refused = await now.call("invoke_mtproto", WRITE);
    t.match(refused.data.error, /this account is read-only/);
    await store.updateSettings(limited.account.id, undefined);
    t.same(await (await v2(t, url, limited.token)).names(), ALL, "settings cleared: every tool again");
  });
});

t.test("the server bounds the account: READ_ONLY and TOOLSETS win, and the refusal names the server", async (t) => {
  const { url, store, open, limited } = await start(t, { READ_ONLY: true, TOOLSETS: "chats,search,raw" });
  await store.updateSettings(open.account.id, { readOnly: false, toolsets: ["all"] });
  const full = await v2(t, url, open.token);
  const names = await full.names();
  const bound = selectTools({ readOnly: true, toolsets: ["chats", "search", "raw"] }).map((d) => d.name).sort();
  t.ok(bound.includes("find_chats") && !bound.includes("send_message"));
  t.same(names, bound, "an account cannot widen the server");
  const refused = await full.call("invoke_mtproto", WRITE);
  t.match(refused.data.error, /this server is read-only \(READ_ONLY=true\)/);
  // toolsets the server does not serve leave the account with the intersection, or nothing.
  await store.updateSettings(limited.account.id, { toolsets: ["messaging"] });
  t.same(await (await v1(t, url, limited.token)).names(), [], "no toolset in common: no tools (never all of them)");
});
