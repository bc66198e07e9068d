// HTTP: a client's initialize connects its account to Telegram in the background
// (SessionPool.warm), so the model's first tool call makes only its own RPCs. Driven by the v1 SDK
// client (a client this project did not write) over http-auth.
import t from "tap";
import type { AddressInfo } from "node:net";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as V1Transport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { buildApp } from "../../app.js";
import { makeConfig } from "../helpers/config.js";
import { MemoryAccountStore } from "../../services/accounts/memory-store.js";
import { generateToken } from "../../services/accounts/tokens.js";
import { startSandbox } from "../helpers/sandbox.js";
import { until } from "../helpers/until.js";
import { expectFirstCallOwnRpcOnly } from "../helpers/first-call.js";

t.test("initialize connects the account; the first call makes only its own RPC", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const me = sb.world.demoAccountId;
  const store = new MemoryAccountStore();
  const token = generateToken();
  store.add({ id: "acct", token, session: await sb.createSession(me) });
  const app = await buildApp(makeConfig({ SERVER_MODE: "http-auth", LOG_LEVEL: "silent" }), { sandbox: sb, accountStore: store, defaultMetrics: false });
  t.teardown(() => app.close());
  await app.listen({ host: "127.0.0.1", port: 0 });
  const url = new URL(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/mcp`);

  const client = new V1Client({ name: "warm-v1", version: "1.0.0" });
  await client.connect(new V1Transport(url, { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  t.teardown(() => client.close());
  await until("the background connect", () => sb.rpcCount("help.GetConfig", me) === 1);
  await client.listTools();
  await expectFirstCallOwnRpcOnly(t, client, sb);
  t.equal(sb.rpcCount("help.GetConfig", me), 1, "connected once");

  // A wrong token opens nothing: it never gets as far as the route.
  const stranger = new V1Client({ name: "warm-v1-bad", version: "1.0.0" });
  await t.rejects(stranger.connect(new V1Transport(url, { requestInit: { headers: { authorization: `Bearer ${generateToken()}` } } })));
  t.equal(sb.rpcCount("help.GetConfig"), 1, "no connect for a refused client");
});
