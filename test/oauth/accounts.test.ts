// Which tgmcp account a grant belongs to (v1 SDK auth() + Chromium on the sandbox): a first login
// creates one (its token shown once on the consent page); the same Telegram user logging in again
// must prove that account with its token (token-login.test.ts: an account's token alone).
import t, { type Test } from "tap";
import type { Page } from "playwright-core";
import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { CHROMIUM, MemoryClientProvider, oauthStoreText, newPage, startBrowser, startCallback, startServer, type Env } from "./_env.js";

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

async function phoneLogin(page: Page, env: Env, url: string, phone: string): Promise<void> {
  await page.goto(url);
  await page.fill("#phone", phone);
  await page.click("text=Send the code");
  await page.waitForSelector("#code");
  await page.fill("#code", env.sb.lastCode(phone.replace(/\D/g, ""))!);
  await page.click("button:has-text('Continue')");
}

async function finish(t: Test, env: Env, page: Page, client: MemoryClientProvider, cb: { hits: URL[] }): Promise<string> {
  await page.click("button:has-text('Allow')");
  await page.waitForURL(/\/callback\?/);
  const code = cb.hits.filter((u) => u.pathname === "/callback").at(-1)!.searchParams.get("code")!;
  t.equal(await auth(client, { serverUrl: new URL(`${env.base}/mcp`), authorizationCode: code }), "AUTHORIZED");
  return client.saved!.access_token;
}

t.test("a second login of the same Telegram user proves the account it already has", async (t) => {
  const env = await startServer(t);
  const browser = await startBrowser(t);
  const cb = await startCallback(t);

  const first = await begin(t, env, cb);
  const { page } = await newPage(t, browser);
  await phoneLogin(page, env, first.authorizationUrl!.href, "+9996620001");
  await page.waitForSelector("#account-token-shown");
  const accountToken = (await page.locator("#account-token-shown").textContent())!.trim();
  const accountId = (await env.store.verifyToken(accountToken))!.id;
  t.match(await page.getByTestId("oauth-account").textContent(), /@demo/);
  await finish(t, env, page, first, cb);

  const second = await begin(t, env, cb);
  const { page: page2 } = await newPage(t, browser);
  await phoneLogin(page2, env, second.authorizationUrl!.href, "+9996620001");
  await page2.waitForSelector("#link-token");
  t.match(await page2.locator("h1").textContent(), /already has a tgmcp account/);
  await page2.fill("#link-token", "A".repeat(43));
  await page2.click("button:has-text('Continue')");
  await page2.waitForSelector("#error");
  t.match(await page2.locator("#error").textContent(), /not this account's token/);
  await page2.fill("#link-token", accountToken);
  await page2.click("button:has-text('Continue')");
  await page2.waitForSelector("button:has-text('Allow')");
  t.notOk(await page2.locator("#account-token-shown").count(), "no new account, no new token");
  t.match(await page2.locator("[data-testid=oauth-client]").textContent(), new RegExp(accountId));
  const at = await finish(t, env, page2, second, cb);

  t.equal((await env.store.list()).length, 1, "the login's interim account is gone: one account");
  const res = await probe(env, at);
  t.equal(res.status, 200);
  t.match(await res.text(), /Demo User/, "the grant acts as the proven account");
  t.equal((await probe(env, accountToken)).status, 200, "and the account's own token still works");
  const atRest = oauthStoreText(env);
  t.notOk(atRest.includes(accountToken), "the account token rides sealed: not in the OAuth store in clear");
  t.notOk(atRest.includes(at), "nor the access token");
});
