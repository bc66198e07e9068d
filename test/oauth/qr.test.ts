// The authorize page's QR login (Chromium, a second sandbox session accepts the token): the page's
// live status continues by itself to the consent page, and the client gets tokens.
import t from "tap";
import { Api } from "telegram";
import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { loginAs } from "../helpers/sandbox.js";
import { CHROMIUM, MemoryClientProvider, newPage, startBrowser, startCallback, startServer } from "./_env.js";

if (!CHROMIUM) t.fail("these tests need Chrome or Chromium (see scripts/chromium.ts)");

t.test("QR login on the authorize page, then consent and tokens", async (t) => {
  const env = await startServer(t);
  const browser = await startBrowser(t);
  const cb = await startCallback(t);
  const other = await loginAs(t, env.sb, "demo");
  const client = new MemoryClientProvider(cb.url);
  const serverUrl = new URL(`${env.base}/mcp`);
  await auth(client, { serverUrl });
  const { page } = await newPage(t, browser, true);
  await page.goto(client.authorizationUrl!.href);
  await page.click("text=Show a QR code");
  await page.waitForSelector("img#qr");
  const link = (await page.locator("#qr-link").textContent())!;
  t.match(link, /^tg:\/\/login\?token=/);
  await other.invoke(new Api.auth.AcceptLoginToken({ token: Buffer.from(link.split("token=")[1]!, "base64url") }));
  await page.waitForSelector("button:has-text('Allow')", { timeout: 20_000 });
  t.match(await page.getByTestId("oauth-account").textContent(), /@demo/);
  await page.click("button:has-text('Allow')");
  await page.waitForURL(/\/callback\?/);
  const code = cb.hits.find((u) => u.pathname === "/callback")!.searchParams.get("code")!;
  t.equal(await auth(client, { serverUrl, authorizationCode: code }), "AUTHORIZED");
  const res = await fetch(`${env.base}/mcp`, {
    method: "POST",
    headers: { authorization: `Bearer ${client.saved!.access_token}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }),
  });
  t.equal(res.status, 200);
});
