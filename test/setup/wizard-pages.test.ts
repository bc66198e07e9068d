// /setup in http-auth, as a new user meets it, in real Chromium at desktop size and at 360 px:
// a real number on the sandbox gets the sandbox's reason and stays in the field, and on a phone
// the QR page offers the login link and the phone-code flow. (The done page: wizard-done.test.ts.)
import t from "tap";
import { startEnv, newTab, shot, fitsWidth } from "./_browser.js";

t.test("a real number on the sandbox: the sandbox's reason, the number kept, no code asked for (desktop and phone)", async (t) => {
  const env = await startEnv(t);
  for (const phone of [false, true]) {
    const { page, notFound } = await newTab(t, env, phone);
    await page.goto(`${env.base}/setup`);
    await page.fill("#phone", "+44 7700 900123");
    await page.click("text=Send the code");
    await page.waitForSelector("#error");
    t.match(await page.locator("#error").textContent(), /sandbox[\s\S]*only \+999… test numbers/);
    t.notMatch(await page.locator("#error").textContent(), /not a valid|international format/i);
    t.equal(await page.inputValue("#phone"), "+44 7700 900123", "what was typed is kept");
    t.equal(new URL(page.url()).pathname, "/setup", "the entry is the start page's GET address");
    if (phone) t.ok(await fitsWidth(page), "fits a phone's width");
    await shot(page, `pages-sandbox-number-${phone ? "phone" : "desktop"}`);
    t.same(notFound, [], "nothing the page loads is missing (the favicon included)");
  }
  t.equal(env.sb.rpcCount("auth.SendCode"), 0, "the sandbox was not asked");

  // A malformed number keeps what was typed too.
  const { page } = await newTab(t, env);
  await page.goto(`${env.base}/setup`);
  await page.fill("#phone", "12");
  await page.click("text=Send the code");
  await page.waitForSelector("#error");
  t.match(await page.locator("#error").textContent(), /not a valid phone number/);
  t.equal(await page.inputValue("#phone"), "12");
});

t.test("phone (360 px): QR page offers the link and the code flow; the done page fits", async (t) => {
  const env = await startEnv(t);
  const { page } = await newTab(t, env, true);
  await page.goto(`${env.base}/setup`);
  t.ok(await page.locator("text=On this phone: open a login link").isVisible());
  await page.click("text=Show a QR code");
  await page.waitForSelector("#qr-open");
  t.ok(await page.locator("#qr-open").isVisible());
  t.match(await page.locator("#qr-open").getAttribute("href"), /^tg:\/\/login\?token=/);
  t.ok(await fitsWidth(page));
  await page.fill("#qr-phone-number", "+9996620002");
  await page.click("button:has-text('Send the code')");
  await page.fill("#code", env.sb.lastCode("9996620002")!);
  await page.click("button:has-text('Continue')");
  await page.waitForSelector("#mcp-json");
  t.ok(await fitsWidth(page), "the done page, with its configs, fits");
  await shot(page, "pages-phone-done");
});
