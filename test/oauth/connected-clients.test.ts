// The account page (/setup/account) lists the OAuth clients connected to the account and
// disconnects one: driven in Chromium with JavaScript off (plain forms). After the click, that
// client's access and refresh tokens are refused on /mcp and /oauth/token; the other client's work.
import path from "node:path";
import t from "tap";
import type { Test } from "tap";
import type { Browser } from "playwright-core";
import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { CHROMIUM, MemoryClientProvider, SHOTS, newPage, startBrowser, startCallback, startServer, type Env } from "./_env.js";

if (!CHROMIUM) t.fail("these tests need Chrome or Chromium (see scripts/chromium.ts)");

const call = (env: Env, token: string) =>
  fetch(`${env.base}/mcp`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "get_chat_info", arguments: { chat_id: "me" } } }),
  });

/** A client authorized by the account's token on the authorize page (v1 SDK auth(), Chromium). */
async function connect(t: Test, env: Env, browser: Browser, cb: { url: string; hits: URL[] }, accountToken: string, name: string, write: boolean) {
  const client = new MemoryClientProvider(cb.url, { client_name: name });
  const serverUrl = new URL(`${env.base}/mcp`);
  t.equal(await auth(client, { serverUrl }), "REDIRECT");
  const { page } = await newPage(t, browser);
  await page.goto(client.authorizationUrl!.href);
  await page.click("text=Already have a tgmcp account?");
  await page.fill("#account-token", accountToken);
  await page.click("button:has-text('Continue with this account')");
  await page.waitForSelector("button:has-text('Allow')");
  if (!write) await page.uncheck("#scope-write");
  await page.click("button:has-text('Allow')");
  await page.waitForURL(/\/callback\?/);
  const code = cb.hits.filter((u) => u.pathname === "/callback").at(-1)!.searchParams.get("code")!;
  t.equal(await auth(client, { serverUrl, authorizationCode: code }), "AUTHORIZED");
  return client;
}

t.test("the account page lists connected OAuth clients and disconnects one at once", async (t) => {
  const env = await startServer(t);
  const browser = await startBrowser(t);
  const cb = await startCallback(t);
  const { account, token } = await env.store.createAccount({ session: await env.sb.createSession(env.sb.world.demoAccountId), label: "mine" });

  const a = await connect(t, env, browser, cb, token, "Connector A", true);
  const b = await connect(t, env, browser, cb, token, "Connector B", false);
  t.equal((await call(env, a.saved!.access_token)).status, 200, "A works before");
  t.equal((await call(env, b.saved!.access_token)).status, 200, "B works before");
  const aRefresh = a.saved!.refresh_token!;
  t.ok(aRefresh, "A holds a refresh token");

  // The page, with JavaScript off: everything is a plain form.
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  t.teardown(() => ctx.close());
  const page = await ctx.newPage();
  await page.goto(`${env.base}/setup/account`);
  await page.fill("#token", token);
  await Promise.all([page.waitForNavigation(), page.click("button:has-text('Sign in')")]);
  t.equal(await page.getByTestId("account-id").textContent(), account.id);
  const rows = page.getByTestId("client");
  t.equal(await rows.count(), 2, "both clients are listed");
  const rowOf = (name: string) => rows.filter({ hasText: name });
  t.equal(await rowOf("Connector A").getByTestId("client-id").textContent(), a.info!.client_id, "with the client id");
  t.match(await rowOf("Connector A").getByTestId("client-scopes").textContent(), /read and write \(telegram:read, telegram:write\)/);
  t.match(await rowOf("Connector B").getByTestId("client-scopes").textContent(), /only read \(telegram:read\)/);
  t.match(await rowOf("Connector A").getByTestId("client-granted").textContent(), /^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/, "when it was allowed");
  t.match(await rowOf("Connector A").getByTestId("client-used").textContent(), /^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/, "when it was last used");
  await page.screenshot({ path: path.join(SHOTS, "account-clients-01.png"), fullPage: true });
  await page.setViewportSize({ width: 360, height: 740 });
  const button = await rowOf("Connector A").getByRole("button", { name: "Disconnect" }).boundingBox();
  t.ok(button && button.x >= 0 && button.x + button.width <= 360 && button.height >= 40, "on a phone the button fits the screen and is big enough to tap");
  await page.screenshot({ path: path.join(SHOTS, "account-clients-01-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  await Promise.all([page.waitForNavigation(), rowOf("Connector A").getByRole("button", { name: "Disconnect" }).click()]);
  t.match(await page.locator("#notice").textContent(), /Connector A was disconnected/);
  t.equal(await rows.count(), 1, "one client left");
  t.match(await rows.first().getByTestId("client-name").textContent(), "Connector B");
  await page.screenshot({ path: path.join(SHOTS, "account-clients-02.png"), fullPage: true });

  const after = await call(env, a.saved!.access_token);
  t.equal(after.status, 401, "A's access token is refused on /mcp");
  t.match(after.headers.get("www-authenticate"), /invalid_token/);
  const refreshed = await fetch(`${env.base}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: aRefresh, client_id: a.info!.client_id }),
  });
  t.equal(refreshed.status, 400, "A's refresh token is refused");
  t.equal(((await refreshed.json()) as { error: string }).error, "invalid_grant");
  t.equal((await call(env, b.saved!.access_token)).status, 200, "B still works");
  t.equal((await call(env, token)).status, 200, "and so does the account's own bearer token");

  // A stale form (the client is gone already) gets a clear message, not an error page.
  const form = rows.first().locator("form");
  const field = (name: string) => form.locator(`input[name=${name}]`).getAttribute("value");
  const stale = await page.request.post(`${env.base}/setup/account/clients`, { form: { csrf: (await field("csrf"))!, s: (await field("s"))!, client: a.info!.client_id }, maxRedirects: 0 });
  t.equal(stale.status(), 400);
  t.match(await stale.text(), /not connected to this account/);
  t.notOk(env.logs.join("").includes(token), "the account token is in no log line");
});
