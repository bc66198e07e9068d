// /setup in http-no-auth, where a login replaces the one default session: the pages name the
// connected account (never its phone), a new login needs an explicit "replace it" (declining keeps
// the session), the done page is a GET (Back and reload re-post nothing), and no page speaks of a
// token. Real Chromium at desktop size and at 360 px, the real server and the sandbox over TCP.
import t from "tap";
import { startEnv, newTab, shot, fitsWidth, type Env } from "./_browser.js";

async function withDemoSession(t: Parameters<typeof startEnv>[0]): Promise<Env> {
  const env = await startEnv(t, { SERVER_MODE: "http-no-auth" });
  const account = await env.store.defaultAccount();
  await env.store.saveSession(account.id, await env.sb.createSession(env.sb.world.demoAccountId));
  return env;
}

t.test("desktop: the connected account is named; keeping it changes nothing; replacing it takes a login; Back re-posts nothing", async (t) => {
  const env = await withDemoSession(t);
  const id = (await env.store.defaultAccount()).id;
  const before = await env.store.loadSession(id);
  const { page, requests } = await newTab(t, env);

  await page.goto(`${env.base}/setup`);
  t.equal(await page.getByTestId("connected-who").textContent(), "Demo User (@demo)", "named by Telegram");
  t.notMatch(await page.getByTestId("connected").textContent(), /\d{4}/, "never the account's phone");
  t.notMatch(await page.locator("main").textContent(), /token is shown once/i, "no token in this mode");
  t.equal(await page.locator("#phone").count(), 0, "no login form before the choice");
  await shot(page, "noauth-01-connected");

  await page.click("button:has-text('Keep this account')");
  await page.getByTestId("kept").waitFor();
  t.equal(await env.store.loadSession(id), before, "declining keeps the session");

  // The server asks too: a login post without the choice is refused before any code is sent.
  const sendsBefore = env.sb.rpcCount("auth.SendCode");
  const refused = await page.evaluate(async () => {
    const page = await fetch("/setup/replace?answer=yes").then((r) => r.text());
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
    const r = await fetch("/setup/phone", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ csrf, phone: "+9996620200" }) });
    return r.status;
  });
  t.equal(refused, 409);
  t.equal(env.sb.rpcCount("auth.SendCode"), sendsBefore, "no code was sent");

  await page.goto(`${env.base}/setup`);
  await page.click("button:has-text('Replace it')");
  t.match(await page.getByTestId("replacing").textContent(), /replaces\s+Demo User \(@demo\)/);
  await shot(page, "noauth-02-replace");
  await page.fill("#phone", "+999 662 0200");
  await page.click("text=Send the code");
  await page.waitForSelector("#code");
  const codeUrl = page.url();
  t.match(codeUrl, /\/setup\/login\/[\w-]+$/, "the code page's entry is a GET address");
  await page.fill("#code", env.sb.lastCode("9996620200")!);
  await page.click("button:has-text('Continue')");
  await page.waitForSelector("#mcp-json");
  t.match(page.url(), /\/setup\/done\/[\w-]+$/, "post/redirect/get");
  t.equal(await page.getByTestId("who").textContent(), "Pat (@partner)");
  t.notMatch((await page.locator("main").textContent())!, /token|Bearer/i, "no token anywhere in this mode");
  t.match(await page.getByTestId("stdio").textContent(), /"command": "tgmcp"[\s\S]*"SERVER_MODE": "stdio"[\s\S]*"SESSION_DIR"/, "Claude Desktop: stdio");
  await shot(page, "noauth-03-done");
  t.not(await env.store.loadSession(id), before, "the session was replaced");

  // Back: the code page's GET address (the finished login is gone), never a form re-posted.
  const posts = requests.filter((r) => r.startsWith("POST")).length;
  await page.goBack();
  await page.waitForLoadState();
  t.equal(page.url(), codeUrl);
  t.match(await page.locator("#error").textContent(), /expired or was already finished/);
  await page.goForward();
  await page.waitForSelector("#mcp-json");
  await page.reload();
  await page.waitForSelector("#mcp-json");
  t.equal(requests.filter((r) => r.startsWith("POST")).length, posts, "Back, Forward and reload sent no POST");
  t.match(await page.locator("#mcp-json").textContent(), /"url": "http:\/\/127\.0\.0\.1:\d+\/mcp"/, "without a token, every view shows the config");

  await page.goto(`${env.base}/setup`);
  t.equal(await page.getByTestId("connected-who").textContent(), "Pat Partner (@partner)", "the start page names the new account");
  t.notOk(env.logs.join("").includes("9996620200"), "no phone number in the log");
});

t.test("phone (360 px): the choice fits the screen; the QR page offers the link and the phone-code flow", async (t) => {
  const env = await withDemoSession(t);
  const { page } = await newTab(t, env, true);
  await page.goto(`${env.base}/setup`);
  t.ok(await page.getByTestId("connected-who").isVisible());
  t.ok(await fitsWidth(page), "no sideways scrolling");
  await shot(page, "noauth-phone-01-connected");
  await page.click("button:has-text('Replace it')");
  await page.click("text=Show a QR code");
  await page.waitForSelector("img#qr");
  // On a phone, no "scan with your phone": a link that opens Telegram on this phone, and the code flow.
  const open = page.locator("#qr-open");
  t.ok(await open.isVisible(), "the link is offered");
  t.match(await open.getAttribute("href"), /^tg:\/\/login\?token=[\w-]+/);
  t.notOk(await page.locator("text=Settings → Devices → Link Desktop Device, then scan").isVisible(), "the desktop wording is hidden");
  t.ok(await page.locator("#qr-phone-number").isVisible(), "the phone-code flow is on the page");
  t.ok(await fitsWidth(page));
  await shot(page, "noauth-phone-02-qr");

  await page.fill("#qr-phone-number", "+9996620002");
  await page.click("button:has-text('Send the code')");
  await page.waitForSelector("#code");
  await page.fill("#code", env.sb.lastCode("9996620002")!);
  await page.click("button:has-text('Continue')");
  await page.waitForSelector("#mcp-json");
  t.equal(await page.getByTestId("who").textContent(), "Alice (@alice)");
  t.ok(await fitsWidth(page), "the done page fits too");
  await shot(page, "noauth-phone-03-done");
});
