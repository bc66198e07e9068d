// The account page (/setup/account) in a real headless Chromium, JavaScript off (plain forms):
// sign in with a token (a wrong one first), page through and search the demo account's 36
// dialogs, tick rights, save, and check the stored settings and ChatPolicy; the settings apply to
// /mcp on the next request. Nothing secret in a URL or the log.
import t from "tap";
import { FAMILY, NEWS, TEAM, chat, newPage, shot, start, text, toolNames } from "./_page.js";
import { TOOLS } from "../../services/mcp/registry.js";
import { selectTools } from "../../services/mcp/inventory.js";
import { TOOLSET_NAMES } from "../../services/mcp/toolsets.js";

t.test("sign in, page, search, tick, save: the record holds the settings and the ChatPolicy (JavaScript off)", async (t) => {
  const env = await start(t);
  const { page, urls } = await newPage(t, env.browser, { js: false });

  await page.goto(`${env.base}/setup/account`);
  await page.fill("#token", "tgmcp_" + "x".repeat(43));
  const [wrong] = await Promise.all([page.waitForNavigation(), page.click("button:has-text('Sign in')")]);
  t.equal(wrong?.status(), 401, "a wrong token is refused");
  t.match(await page.locator("#error").textContent(), /unknown or was revoked/);
  t.equal(await page.getByTestId("account-id").count(), 0);

  await page.fill("#token", env.token);
  await Promise.all([page.waitForNavigation(), page.click("button:has-text('Sign in')")]);
  t.equal(await text(page, "account-id"), env.account.id);
  t.match(await text(page, "range"), /^Chats 1–20 of 36 · page 1 of 2/);
  t.match(await text(page, "in-force"), new RegExp(`read and write; sends: send; ${TOOLS.length} tools`));
  await shot(page, "01-signed-in");

  await Promise.all([page.waitForNavigation(), page.click("button:has-text('Next page')")]);
  t.match(await text(page, "range"), /^Chats 21–36 of 36 · page 2 of 2/);
  t.ok(await page.locator("button:has-text('Next page')").isDisabled(), "no page after the last");
  await Promise.all([page.waitForNavigation(), page.click("button:has-text('Previous page')")]);
  t.match(await text(page, "range"), /^Chats 1–20 of 36/);

  // Family: neither read nor write, under the default allow.
  await page.fill("#q", "famil");
  await Promise.all([page.waitForNavigation(), page.click("button:has-text('Search')")]);
  t.match(await text(page, "range"), /^Chats 1–1 of 1 matching/);
  t.ok(await chat(page, FAMILY).locator("input[name=r]").isChecked(), "no policy yet: every chat allowed");
  await chat(page, FAMILY).locator("input[name=r]").uncheck();
  await chat(page, FAMILY).locator("input[name=w]").uncheck();
  await Promise.all([page.waitForNavigation(), page.click("button:has-text('Save chat rights')")]);
  t.match(await page.locator("#notice").textContent(), /Chat rights saved/);
  t.same((await env.store.getAccount(env.account.id))!.settings, { policy: { default: "allow", chats: { [FAMILY]: { read: false, write: false, title: "Family" } } } });

  // Then deny by default, with the team chat allowed and the news channel read-only.
  await page.fill("#q", "northwind");
  await Promise.all([page.waitForNavigation(), page.click("button:has-text('Search')")]);
  t.match(await text(page, "range"), /of 2 matching/);
  await page.check("#default-deny");
  await chat(page, NEWS).locator("input[name=w]").uncheck();
  await Promise.all([page.waitForNavigation(), page.click("button:has-text('Save chat rights')")]);
  t.match(await text(page, "other-rules"), /Family -4000000001: no read, no write/, "rules of chats not shown are listed and kept");
  await shot(page, "02-chats-saved");
  t.same((await env.store.getAccount(env.account.id))!.settings!.policy, {
    default: "deny",
    chats: {
      [FAMILY]: { read: false, write: false, title: "Family" },
      [TEAM]: { read: true, write: true, title: "Northwind Team" },
      [NEWS]: { read: true, write: false, title: "Northwind News" },
    },
  });

  // Settings: read-only, without the messaging tools, confirmed sends.
  await page.check("#read_only");
  await page.uncheck("#ts-messaging");
  await page.check("#sm-confirm");
  await Promise.all([page.waitForNavigation(), page.click("button:has-text('Save settings')")]);
  t.match(await page.locator("#notice").textContent(), /Settings saved/);
  const servable = selectTools({ readOnly: true, toolsets: TOOLSET_NAMES.filter((n) => n !== "messaging") }).length;
  t.match(await text(page, "in-force"), new RegExp(`read-only; sends: confirm; ${servable} tools`));
  t.match(await text(page, "range"), /of 2 matching/, "the search is kept across saves");
  const saved = (await env.store.getAccount(env.account.id))!.settings!;
  t.match(saved, { readOnly: true, toolsets: ["chats", "search", "raw"], sendMode: "confirm" });
  t.equal(Object.keys(saved.policy!.chats).length, 3, "the policy is kept when the settings are saved");
  const inForce = selectTools({ readOnly: true, toolsets: ["chats", "search", "raw"] }).map((d) => d.name).sort();
  t.same(await toolNames(env.base, env.token), inForce, "/mcp applies it on the next request");
  await shot(page, "03-settings-saved");

  await Promise.all([page.waitForNavigation(), page.click("button:has-text('Sign out')")]);
  t.match(await page.locator(".notice").textContent(), /Signed out/);
  for (const u of urls) t.notOk(u.includes(env.token) || u.includes("csrf") || u.includes("s="), `nothing secret in a URL: ${u}`);
  const log = env.logs.join("");
  t.notOk(log.includes(env.token), "the token never reaches the log");
  t.match(log, /account page: chat rights saved/);
});

