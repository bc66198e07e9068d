// stdio connects the account to Telegram once the client has its tool list, in the background
// (SessionPool.warm): never before the list, and the first tool call then makes only its own RPCs.
import t from "tap";
import { PassThrough } from "node:stream";
import { buildApp } from "../../app.js";
import { makeConfig } from "../helpers/config.js";
import { MemoryAccountStore } from "../../services/accounts/memory-store.js";
import { runStdio } from "../../services/mcp/stdio.js";
import { startSandbox } from "../helpers/sandbox.js";
import type { Sandbox } from "../../sandbox/index.js";

interface Teardownable {
  teardown(fn: () => unknown): void;
}

/** runStdio over in-memory streams; rpc() sends a request and resolves with its answer. */
async function stdioServer(t: Teardownable, sb: Sandbox, store: MemoryAccountStore) {
  const app = await buildApp(makeConfig({ SERVER_MODE: "stdio", LOG_LEVEL: "silent" }), { sandbox: sb, accountStore: store, defaultMetrics: false });
  t.teardown(() => app.close());
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const done = runStdio(app, { stdin, stdout });
  t.teardown(async () => {
    stdin.end();
    await done;
  });
  let buf = "";
  const waiting = new Map<number, (m: any) => void>();
  stdout.on("data", (c: Buffer) => {
    buf += c.toString();
    for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
      const msg = JSON.parse(buf.slice(0, i));
      buf = buf.slice(i + 1);
      waiting.get(msg.id)?.(msg);
    }
  });
  let id = 0;
  const rpc = (method: string, params: object) =>
    new Promise<any>((resolve) => {
      waiting.set(++id, resolve);
      stdin.write(JSON.stringify({ jsonrpc: "2.0", id, method, params }) + "\n");
    });
  await rpc("initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "stdio-warm", version: "1" } });
  stdin.write(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) + "\n");
  return rpc;
}

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!ok()) throw new Error(`never happened: ${what}`);
}

t.test("after tools/list the account connects in the background; the first call makes only its own RPC", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const me = sb.world.demoAccountId;
  const store = new MemoryAccountStore();
  store.add({ id: "demo", session: await sb.createSession(me), isDefault: true });
  const rpc = await stdioServer(t, sb, store);
  t.equal(sb.rpcCount(undefined, me), 0, "initialize does not reach Telegram");

  const list = await rpc("tools/list", {});
  t.ok(list.result.tools.length > 0);
  await until("the background connect", () => sb.rpcCount("help.GetConfig", me) === 1);

  const before = sb.rpcCount(undefined, me);
  const call = await rpc("tools/call", { name: "search_messages_in_chat", arguments: { chat_id: "me", limit: 1 } });
  t.notOk(call.result.isError, JSON.stringify(call.result).slice(0, 300));
  t.equal(sb.rpcCount(undefined, me) - before, 1, "the first call: messages.Search only");
  t.equal(sb.rpcCount("help.GetConfig", me), 1, "connected once");
});

t.test("without a session the background connect fails quietly; the call says what to do", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const store = new MemoryAccountStore();
  store.add({ id: "empty", isDefault: true });
  const rpc = await stdioServer(t, sb, store);
  await rpc("tools/list", {});
  const call = await rpc("tools/call", { name: "search_messages_in_chat", arguments: { chat_id: "me", limit: 1 } });
  t.equal(call.result.isError, true);
  t.match(call.result.content[0].text, /setup/i, "the call names the fix");
  t.equal(sb.rpcCount(), 0, "nothing reached Telegram");
});
