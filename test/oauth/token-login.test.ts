// An existing tgmcp account authorizes an OAuth client with its token (POST only), on the
// authorize page in Chromium; the token reaches no URL and no log line.
import t from "tap";
import type { Test } from "tap";
import type { Page } from "playwright-core";
import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { CHROMIUM, MemoryClientProvider, newPage, startBrowser, startCallback, startServer, type Env } from "./_env.js";

if (!CHROMIUM) t.fail("these tests need Chrome or Chromium (see scripts/chromium.ts)");

const probe = (env: Env, token: string) => fetch(`${env.base}/mcp`, {
  method: "POST",
  headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
  body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "get_chat_info", arguments: { chat_id: "me" } } }),
});

async function begin(t: Test, env: Env, cb: { url: string }): Promise<MemoryClientProvider> {
  const client = new MemoryClientProvider(cb.url);
  t.equal(await auth(client, { serverUrl: new URL(`${env.base}/mcp`) }), "REDIRECT");
  return client;
}

async function finish(t: Test, env: Env, page: Page, client: MemoryClientProvider, cb: { hits: URL[] }): Promise<string> {
  await page.click("button:has-text('Allow')");
  await page.waitForURL(/\/callback\?/);
  const code = cb.hits.filter((u) => u.pathname === "/callback").at(-1)!.searchParams.get("code")!;
  t.equal(await auth(client, { serverUrl: new URL(`${env.base}/mcp`), authorizationCode: code }), "AUTHORIZED");
  return client.saved!.access_token;
}

t.test("an existing account authorizes with its token (POST, never in a URL)", async (t) => {
  const env = await startServer(t);
  const browser = await startBrowser(t);
  const cb = await startCallback(t);
  const { token } = await env.store.createAccount({ session: await env.sb.createSession(env.sb.world.demoAccountId), label: "mine" });

  const client = await begin(t, env, cb);
  const { page, urls } = await newPage(t, browser);
  await page.goto(client.authorizationUrl!.href);
  await page.click("text=Already have a tgmcp account?");
  await page.fill("#account-token", "B".repeat(43));
  await page.click("button:has-text('Continue with this account')");
  await page.waitForSelector("#error");
  t.match(await page.locator("#error").textContent(), /unknown or was revoked/);
  await page.click("text=Already have a tgmcp account?");
  await page.fill("#account-token", token);
  await page.click("button:has-text('Continue with this account')");
  await page.waitForSelector("button:has-text('Allow')");
  const at = await finish(t, env, page, client, cb);
  t.equal((await probe(env, at)).status, 200);
  for (const u of urls) t.notOk(u.includes(token), "the account token is in no URL");
  t.notOk(env.logs.join("").includes(token), "nor in the log");
});
