// Two instances of one install (same SESSION_DIR: accounts, install key, OAuth store) behind one
// URL, as behind a load balancer without sticky sessions. A proxy here sends each step of an
// authorization to the instance that did not serve the step before it: the pending consent, the
// CSRF check, the hand-over of the account token to the first code, the code, the tokens and the
// refresh all cross between processes. (The Telegram login steps hold a live MTProto connection
// and stay in one process; this flow proves the account with its token instead.)
import http from "node:http";
import t, { type Test } from "tap";
import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { CHROMIUM, MemoryClientProvider, newPage, startBrowser, startCallback, startServer, startTwin, type Env } from "./_env.js";

if (!CHROMIUM) t.fail("these tests need Chrome or Chromium (see scripts/chromium.ts)");

/** Which instance serves a path: the steps named here go to a fixed one, the rest alternate. */
function route(path: string, n: number): 0 | 1 {
  if (/^\/oauth\/interaction\/[^/]+\/token$/.test(path)) return 0; // login with the token: pending consent written on A
  if (/^\/oauth\/interaction\/[^/]+\/consent$/.test(path)) return 1; // consent on B: pending consent, CSRF of A's page
  if (/^\/oauth\/authorize\/[^/?]+/.test(path)) return 0; // resume on A: the hand-over B wrote, the first code
  if (path === "/oauth/token") return (n % 2) as 0 | 1; // code and refreshes: one here, the next there
  return (n % 2) as 0 | 1;
}

async function startBalancer(t: Test, instances: Env[]) {
  const served: Array<{ path: string; by: 0 | 1 }> = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    const path = req.url!.split("?")[0]!;
    const pick = req.headers["x-test-instance"];
    const by = pick === "0" || pick === "1" ? (Number(pick) as 0 | 1) : route(path, n++);
    served.push({ path, by });
    const target = new URL(instances[by]!.base);
    // The Host header is passed on: both instances see the one public URL (the issuer).
    const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode!, r.headers);
      r.pipe(res);
    });
    up.on("error", () => res.writeHead(502).end());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.teardown(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, served };
}

/** A tool call sent to instance `to` through the balancer (the public URL, the tokens' audience). */
const call = (lb: string, to: 0 | 1, token: string) =>
  fetch(`${lb}/mcp`, {
    method: "POST",
    headers: { "x-test-instance": String(to), authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "get_chat_info", arguments: { chat_id: "me" } } }),
  });

t.test("an authorization started on one instance finishes on the other (shared store)", async (t) => {
  const a = await startServer(t);
  const b = await startTwin(t, a);
  const lb = await startBalancer(t, [a, b]);
  const browser = await startBrowser(t);
  const cb = await startCallback(t);
  const { token } = await a.store.createAccount({ session: await a.sb.createSession(a.sb.world.demoAccountId), label: "shared" });

  const serverUrl = new URL(`${lb.url}/mcp`);
  const client = new MemoryClientProvider(cb.url);
  t.equal(await auth(client, { serverUrl }), "REDIRECT");
  const { page } = await newPage(t, browser);
  await page.goto(client.authorizationUrl!.href);
  await page.click("text=Already have a tgmcp account?");
  await page.fill("#account-token", token);
  await page.click("button:has-text('Continue with this account')");
  await page.waitForSelector("button:has-text('Allow')");
  await page.click("button:has-text('Allow')");
  await page.waitForURL(/\/callback\?/);
  const code = cb.hits.filter((u) => u.pathname === "/callback").at(-1)!.searchParams.get("code");
  t.ok(code, "the code reached the client");
  t.equal(await auth(client, { serverUrl, authorizationCode: code! }), "AUTHORIZED");

  const step = (re: RegExp) => lb.served.filter((s) => re.test(s.path)).map((s) => s.by);
  t.same(step(/^\/oauth\/interaction\/[^/]+\/token$/), [0], "the token login ran on A");
  t.same(step(/\/consent$/), [1], "the consent on B");
  t.same(step(/^\/oauth\/authorize\/./), [0], "the resume (the first code) on A");

  // Tokens issued by one instance work on both; a refresh crosses too.
  const at = client.saved!.access_token;
  t.equal((await call(lb.url, 0, at)).status, 200, "the access token works on A");
  t.equal((await call(lb.url, 1, at)).status, 200, "and on B");
  for (const to of [0, 1, 0] as const) {
    const spent = client.saved!.refresh_token!;
    const r = await fetch(`${lb.url}/oauth/token`, {
      method: "POST",
      headers: { "x-test-instance": String(to), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: spent, client_id: client.info!.client_id }),
    });
    t.equal(r.status, 200, `a refresh on ${"AB"[to]}`);
    client.saved = (await r.json()) as typeof client.saved;
    t.not(client.saved!.refresh_token, spent, "rotated");
    t.equal((await call(lb.url, to === 0 ? 1 : 0, client.saved!.access_token)).status, 200, "its access token works on the other instance");
  }
  t.notOk(a.logs.join("").includes(token) || b.logs.join("").includes(token), "the account token is in no log line");
});
