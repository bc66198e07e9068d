// stdio: the default account's own settings narrow the server's too (read when the server
// starts). runStdio over in-memory streams, raw JSON-RPC lines at the 2025 era: tools/list and a
// refused write that names the account's setting.
import t from "tap";
import { buildApp } from "../../app.js";
import { makeConfig } from "../helpers/config.js";
import { MemoryAccountStore } from "../../services/accounts/memory-store.js";
import { stdioRpc } from "../helpers/stdio-rpc.js";
import { startSandbox } from "../helpers/sandbox.js";

t.test("stdio serves the default account's narrowed catalog", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const store = new MemoryAccountStore();
  const demo = store.add({ id: "demo", session: await sb.createSession(sb.world.demoAccountId), isDefault: true });
  await store.updateSettings(demo.id, { readOnly: true, toolsets: ["raw"] });
  const app = await buildApp(makeConfig({ SERVER_MODE: "stdio", LOG_LEVEL: "silent" }), { sandbox: sb, accountStore: store, defaultMetrics: false });
  t.teardown(() => app.close());
  const { rpc, notify } = stdioRpc(t, app);
  const init = await rpc("initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "settings-stdio", version: "1" } });
  t.ok(init.result, JSON.stringify(init).slice(0, 200));
  notify("notifications/initialized");
  const list = await rpc("tools/list", {});
  t.same(
    list.result.tools.map((x: { name: string }) => x.name),
    ["invoke_mtproto"],
  );
  t.match(list.result.tools[0].description, /This account is read-only/);
  const call = await rpc("tools/call", { name: "invoke_mtproto", arguments: { method_full_name: "messages.SendMessage", params_json: '{"peer": "me", "message": "x", "random_id": 1}' } });
  t.equal(call.result.isError, true);
  t.match(JSON.parse(call.result.content[0].text).error, /this account is read-only/);
  t.equal(sb.rpcCount("messages.SendMessage"), 0);
});
