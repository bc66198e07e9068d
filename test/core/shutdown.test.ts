// Graceful shutdown in-process (a test route holds a request open), and a restart as two real
// `tgmcp serve` processes (from dist/) on one session folder.
import t from "tap";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Api } from "telegram";
import { startSandbox } from "../helpers/sandbox.js";
import { sandboxInfo } from "../../commands/sandbox.js";
import { buildApp, type RouteEntry } from "../../app.js";
import { startServer } from "../../server.js";
import { makeConfig } from "../helpers/config.js";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import { runCli } from "./_process.js";

const slowRoute: RouteEntry = {
  name: "slow",
  scope: "account",
  plugin: async (f) => {
    f.get("/slow", async (request) => {
      const client = await request.telegram();
      await new Promise((r) => setTimeout(r, 300));
      const [me] = (await client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }))) as Api.User[];
      return { user_id: Number(me!.id) };
    });
  },
};

t.test("graceful shutdown: in-flight requests finish, new ones are refused, clients disconnect", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const config = makeConfig({ PORT: 0, LOG_LEVEL: "silent" });
  const app = await buildApp(config, { sandbox: sb, logger: false, routes: [slowRoute] });
  const server = await startServer(app, config, { signals: false });
  t.teardown(() => server.shutdown());

  const inflight = fetch(`${server.url}/slow`).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
  // Wait until the request holds its client (the pool has the account connected).
  while (app.sessionPool.stats().active === 0) await new Promise((r) => setTimeout(r, 10));
  const client = await app.sessionPool.get("demo");
  const closing = server.shutdown("test");
  const late = await fetch(`${server.url}/health`).then(
    (r) => r.status,
    () => "refused",
  );
  t.not(late, 200, "no new requests are served while shutting down");
  const done = await inflight;
  t.equal(done.status, 200, "the in-flight request finished");
  t.equal(done.body.user_id, sb.world.demoAccountId);
  t.equal(await closing, 0);
  t.equal(await server.closed, 0);
  t.notOk(client.connected, "the Telegram client was disconnected");
});

t.test("a restart keeps every account working: two `tgmcp serve` processes on one session folder (http-auth)", async (t) => {
  const sb = await startSandbox(t);
  const dir = mkdtempSync(join(tmpdir(), "tgmcp-restart-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const info = join(dir, "sandbox.json");
  writeFileSync(info, JSON.stringify(await sandboxInfo(sb)));
  const u2 = sb.world.createUser({ phone: "9997700201", firstName: "Second" });
  const setupStore = new FileAccountStore({ dir: join(dir, "sessions") });
  const accounts = [
    { ...(await setupStore.createAccount({ session: await sb.createSession(sb.world.demoAccountId) })), userId: sb.world.demoAccountId },
    { ...(await setupStore.createAccount({ session: await sb.createSession(u2.id) })), userId: u2.id },
  ];
  const env = { SERVER_MODE: "http-auth", SANDBOX_INFO_FILE: info, SESSION_DIR: join(dir, "sessions"), LOG_LEVEL: "info" };

  for (const round of [1, 2]) {
    const p = runCli(t, ["serve", "--port", "0"], env);
    const { port } = await p.waitFor((l) => typeof l.msg === "string" && l.msg.includes("listening on"));
    for (const a of accounts) {
      const r = await fetch(`http://127.0.0.1:${port}/mcp`, {
        method: "POST",
        headers: { authorization: `Bearer ${a.token}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "get_chat_info", arguments: { chat_id: "me" } } }),
      });
      t.equal(r.status, 200, `round ${round}: the account's token is accepted`);
      const body = (await r.json()) as any;
      t.match(body.result?.structuredContent, { id: a.userId, is_self: true }, `round ${round}: the account's Telegram session works`);
    }
    p.child.kill("SIGTERM");
    t.equal((await p.exited).code, 0, `round ${round}: clean shutdown`);
  }
});
