// stdio connects the account to Telegram once the client has its tool list, in the background
// (SessionPool.warm): never before the list, and the first tool call then makes only its own RPCs.
// In process with raw JSON-RPC, and as a client nobody here wrote starts it (the v1 SDK over stdio).
import t from "tap";
import { buildApp } from "../../app.js";
import { makeConfig } from "../helpers/config.js";
import { MemoryAccountStore } from "../../services/accounts/memory-store.js";
import path from "node:path";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport as V1StdioTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { stdioRpc } from "../helpers/stdio-rpc.js";
import { ROOT, SERVE_COMMAND, serverEnv } from "../e2e/_server.js";
import { setupSandbox } from "../setup/_cli.js";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import { until } from "../helpers/until.js";
import { expectFirstCallOwnRpcOnly } from "../helpers/first-call.js";
import { startSandbox } from "../helpers/sandbox.js";
import type { Sandbox } from "../../sandbox/index.js";

interface Teardownable {
  teardown(fn: () => unknown): void;
}

/** A stdio server on the sandbox, initialized (2025 era); returns its rpc(). */
async function stdioServer(t: Teardownable, sb: Sandbox, store: MemoryAccountStore) {
  const app = await buildApp(makeConfig({ SERVER_MODE: "stdio", LOG_LEVEL: "silent" }), { sandbox: sb, accountStore: store, defaultMetrics: false });
  t.teardown(() => app.close());
  const { rpc, notify } = stdioRpc(t, app);
  await rpc("initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "stdio-warm", version: "1" } });
  notify("notifications/initialized");
  return rpc;
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

t.test("the v1 SDK client spawns `tgmcp serve` on stdio: after its tool list, the first call makes only its own RPC", async (t) => {
  const { sb, info, dir } = await setupSandbox(t);
  const me = sb.world.demoAccountId;
  const sessions = path.join(dir, "sessions");
  await new FileAccountStore({ dir: sessions }).saveSession("default", await sb.createSession(me));
  const transport = new V1StdioTransport({
    command: SERVE_COMMAND.command,
    args: SERVE_COMMAND.args,
    cwd: ROOT,
    env: serverEnv(t, { SERVER_MODE: "stdio", LOG_LEVEL: "warn", SESSION_DIR: sessions, SANDBOX_INFO_FILE: info }),
    stderr: "pipe",
  });
  const client = new V1Client({ name: "warm-v1-stdio", version: "1.0.0" });
  await client.connect(transport);
  t.teardown(() => client.close());
  t.equal(sb.rpcCount(undefined, me), 0, "initialize does not reach Telegram");
  await client.listTools();
  await until("the background connect", () => sb.rpcCount("help.GetConfig", me) === 1);
  await expectFirstCallOwnRpcOnly(t, client, sb);
});
