// The README's commands, run as written where practical:
// - Quick start: `npm start` (nothing configured) serves /health and /mcp on the sandbox, and
//   the quick start's curl commands work against it;
// - MTProto HTTP endpoint: every curl example, against an http-auth server with a real token.
import t from "tap";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { buildApp } from "../../app.js";
import { makeConfig } from "../helpers/config.js";
import { MemoryAccountStore } from "../../services/accounts/memory-store.js";
import { generateToken } from "../../services/accounts/tokens.js";
import { startSandbox } from "../helpers/sandbox.js";
import { ROOT } from "./_docker-files.js";
import { codeBlocks, curlCommands, readme, runCurl, section } from "./_readme.js";
import { startServe } from "./_serve.js";
import { userShellEnv } from "../helpers/child-env.js";

t.setTimeout(300_000);

const text = readme();


t.test("Quick start: `npm start` serves /health and /mcp on the sandbox, and its curl commands work", async (t) => {
  const home = mkdtempSync(join(tmpdir(), "tgmcp-quickstart-"));
  t.teardown(() => rmSync(home, { recursive: true, force: true }));
  // As written, except PORT=0 so a test never collides with a server on 8000. The clone has no
  // .env in a fresh checkout; an empty HOME keeps sessions out of the user's folders.
  const server = await startServe(t, "npm", ["start"], { cwd: ROOT, env: userShellEnv({ HOME: home, PORT: "0" }), timeoutMs: 120_000 });
  const requests = codeBlocks(section(text, "Quick start"))
    .filter((b) => b.lang === "bash")
    .flatMap((b) => curlCommands(b.code));
  t.equal(requests.length, 2, "two curl commands: /health and a tool call");
  const replace = { "http://127.0.0.1:8000": server.url };

  const health = await runCurl(requests[0]!, replace);
  t.equal(health.status, 200);
  t.equal(health.json?.backend, "sandbox", "the embedded sandbox, announced in /health");
  t.equal(health.json?.mode, "http-no-auth");

  const call = await runCurl(requests[1]!, replace);
  t.equal(call.status, 200, `/mcp answers: ${call.text.slice(0, 300)}`);
  const result = call.json?.result;
  t.notOk(result?.isError, "the tool call succeeds");
  const messages: any[] = result?.structuredContent?.messages ?? [];
  t.ok(messages.length > 0 && messages.length <= 3, `${messages.length} messages (limit 3)`);
  t.ok(messages.every((m) => /budget/i.test(m.text)), "each mentions the budget");

  // Like Ctrl+C in a terminal, the signal reaches npm and the server: npm itself re-raises it.
  const exit = await server.stop();
  t.ok(exit.code === 0 || exit.signal === "SIGTERM", `npm ended (${exit.code ?? exit.signal})`);
  t.match(server.output(), /shut down cleanly/, "the server shut down cleanly");
});

t.test("MTProto HTTP endpoint: the README's curl examples, against an http-auth server", async (t) => {
  const sb = await startSandbox(t);
  const token = generateToken();
  const store = new MemoryAccountStore();
  store.add({ id: "readme", token, session: await sb.createSession(sb.world.demoAccountId) });
  const config = makeConfig({ LOG_LEVEL: "silent", SERVER_MODE: "http-auth", PORT: 0 });
  const app = await buildApp(config, { sandbox: sb, accountStore: store, logger: false, defaultMetrics: false });
  t.teardown(() => app.close());
  await app.listen({ host: "127.0.0.1", port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const requests = codeBlocks(section(text, "MTProto HTTP endpoint"))
    .filter((b) => b.lang === "bash")
    .flatMap((b) => curlCommands(b.code));
  t.equal(requests.length, 3, "three examples");
  const replace = { "https://<DOMAIN>": url, "<TOKEN>": token };
  const demo = sb.world.getUser(sb.world.demoAccountId)!;
  const alice = sb.world.resolveUsername("alice")!.user!;

  for (const req of requests) {
    t.equal(req.headers.authorization, "Bearer <TOKEN>", `${req.comment}: sends the bearer token`);
    const before = sb.rpcLog.length;
    const res = await runCurl(req, replace);
    t.equal(res.status, 200, `${req.comment}: ${res.text.slice(0, 300)}`);
    const calls = sb.rpcLog.slice(before).map((c) => c.method);
    if (/messages\.SendMessage$/i.test(req.url)) {
      t.ok(calls.includes("messages.SendMessage"), "sent through Telegram");
      // Read it back through the same endpoint: the newest message of Saved Messages.
      const back = await fetch(`${url}/mtproto-api/messages.GetHistory`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ params: { peer: "me", limit: 1 } }),
      });
      const latest: any = ((await back.json()) as any).messages?.[0];
      t.equal(latest?.message, "Hello from the MTProto API", "the message is in Saved Messages");
    } else if (/messages\.getHistory$/.test(req.url)) {
      t.ok(calls.includes("messages.GetHistory"));
      const msgs: any[] = res.json?.messages ?? [];
      t.ok(msgs.length > 0 && msgs.length <= 3, `${msgs.length} messages`);
      t.ok(msgs.every((m) => String(m.peer_id?.user_id ?? m.peerId?.userId) === String(alice.id)), "all with @alice");
    } else if (/users\.GetFullUser$/.test(req.url)) {
      t.equal(res.json?._, "users.UserFull");
      t.equal(String(res.json?.full_user?.id ?? res.json?.fullUser?.id), String(demo.id), "the demo account's own profile");
    } else t.fail(`an example the test does not know: ${req.url}`);
  }

  // The same request without the token is refused (http-auth).
  const noToken = await runCurl({ ...requests[0]!, headers: { "content-type": "application/json" } }, replace);
  t.equal(noToken.status, 401, "no token: 401");
});
