// The account page on a phone-sized screen in a real headless Chromium: no horizontal scroll,
// tap targets of 44 px, a tap saves a right; a revoked token ends the page session. And no page
// at all without http-auth.
import t from "tap";
import { buildApp } from "../../app.js";
import { makeConfig } from "../helpers/config.js";
import { startSandbox } from "../helpers/sandbox.js";
import { TEAM, chat, newPage, shot, signIn, start, text } from "./_page.js";

t.test("on a phone: no horizontal scroll, large tap targets; a revoked token ends the page session", async (t) => {
  const env = await start(t);
  const { page } = await newPage(t, env.browser, { mobile: true });
  await signIn(page, env.base, env.token);
  t.equal(await text(page, "account-id"), env.account.id);
  const widths = await page.evaluate<{ scroll: number; inner: number }>("({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth })");
  t.ok(widths.scroll <= widths.inner, `no horizontal scroll (${widths.scroll} <= ${widths.inner})`);
  const boxes = await page.locator("label.tick").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
  t.ok(boxes.length >= 40, "read and write boxes for every chat of the page");
  t.ok(
    boxes.every((h) => h >= 44),
    "every read/write target is at least 44 px tall",
  );
  await chat(page, TEAM).locator("label.tick:has-text('Write')").tap();
  await Promise.all([page.waitForNavigation(), page.tap("button:has-text('Save chat rights')")]);
  t.same((await env.store.getAccount(env.account.id))!.settings!.policy, { default: "allow", chats: { [TEAM]: { read: true, write: false, title: "Northwind Team" } } });
  await shot(page, "04-phone");

  await env.store.revoke(env.account.id);
  await Promise.all([page.waitForNavigation(), page.tap("button:has-text('Next page')")]);
  t.match(await page.locator("#error").textContent(), /revoked or replaced/);
  t.equal(await page.locator("#token").count(), 1, "back to the sign-in form");
});

t.test("http-no-auth: no account page", async (t) => {
  const sb = await startSandbox(t);
  const app = await buildApp(makeConfig({ SERVER_MODE: "http-no-auth", LOG_LEVEL: "silent" }), { sandbox: sb, defaultMetrics: false });
  t.teardown(() => app.close());
  const r = await app.inject({ method: "GET", url: "/setup/account" });
  t.equal(r.statusCode, 404);
  t.match(r.body, /for servers in <code>http-auth<\/code> mode/);
  t.match(r.body, /tgmcp account settings/);
});
