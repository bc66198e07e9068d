// Guessing login codes on the authorize page is limited like everywhere else (LoginGuard): five
// wrong codes void the login, and the phone number then backs off before a new code is sent.
import t from "tap";
import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { CHROMIUM, MemoryClientProvider, newPage, startBrowser, startCallback, startServer } from "./_env.js";

if (!CHROMIUM) t.fail("these tests need Chrome or Chromium (see scripts/chromium.ts)");

t.test("wrong codes on the authorize page: the login is voided, then the phone backs off (429)", async (t) => {
  const env = await startServer(t);
  const browser = await startBrowser(t);
  const cb = await startCallback(t);
  const client = new MemoryClientProvider(cb.url);
  await auth(client, { serverUrl: new URL(`${env.base}/mcp`) });
  const { page } = await newPage(t, browser, true);
  await page.goto(client.authorizationUrl!.href);
  await page.fill("#phone", "+9996620002");
  await page.click("text=Send the code");
  await page.waitForSelector("#code");
  const right = env.sb.lastCode("9996620002")!;
  for (let i = 1; i <= 5; i++) {
    await page.fill("#code", right === "11111" ? "22222" : "11111");
    await page.click("button:has-text('Continue')");
    await page.waitForSelector("#error");
    if (i < 5) t.match(await page.locator("#error").textContent(), /not right/, `wrong code ${i}`);
  }
  t.ok(await page.locator("#phone").count(), "after the fifth wrong code the login is void: back to the phone step");
  await page.fill("#phone", "+9996620002");
  const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/phone")), page.click("text=Send the code")]);
  t.equal(res.status(), 429, "the phone backs off");
  t.match(await page.locator("#error").textContent(), /Too many wrong login codes/);
  t.equal(await page.inputValue("#phone"), "+9996620002", "the phone number is kept after an error");
  t.equal(cb.hits.length, 0, "nothing reached the client");
});
