// The account page (/setup/account) in a real headless Chromium against the real server and the
// sandbox over TCP: sign in with a token (a wrong one first), page through and search the demo
// account's 36 dialogs, tick rights, save, and check the stored settings and ChatPolicy; the
// settings apply to /mcp on the next request. The desktop journey runs with JavaScript off (plain
// forms); the phone one checks for horizontal scrolling and tap-target sizes.
// Screenshots go to test/artifacts/account/ (ignored by git).
import t, { type Test } from "tap";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as V1Transport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { buildApp, REDACT_PATHS } from "../../app.js";
import { makeConfig } from "../helpers/config.js";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import { startSandbox } from "../helpers/sandbox.js";
import { INSTALL_HELP, findChromium } from "../../scripts/chromium.js";

const CHROMIUM = findChromium();
const SHOTS = path.resolve(import.meta.dirname, "../artifacts/account");
if (!CHROMIUM) t.fail(INSTALL_HELP);
mkdirSync(SHOTS, { recursive: true });

const FAMILY = "-4000000001";
const TEAM = "-1002000000000";
const NEWS = "-1002000000004";

async function start(t: Test) {
  const sb = await startSandbox(t);
  const dir = t.testdir();
  const store = new FileAccountStore({ dir });
  const logs: string[] = [];
  const stream = { write: (line: string) => void logs.push(line) };
  const config = makeConfig({ SERVER_MODE: "http-auth", SESSION_DIR: dir, SETUP_RATE_LIMIT: 1000, LOG_LEVEL: "silent" });
  const app = await buildApp(config, { sandbox: sb, accountStore: store, defaultMetrics: false, logger: { level: "debug", stream, redact: { paths: REDACT_PATHS, censor: "[redacted]" } } });
  await app.listen({ port: 0, host: "127.0.0.1" });
  t.teardown(() => app.close());
  const { account, token } = await store.createAccount({ session: await sb.createSession(sb.world.demoAccountId), label: "demo" });
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  t.teardown(() => browser.close());
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  return { sb, app, store, account, token, browser, base, logs };
}

async function newPage(t: Test, browser: Browser, opts: { mobile?: boolean; js?: boolean } = {}): Promise<{ page: Page; urls: string[] }> {
  const ctx = await browser.newContext({ javaScriptEnabled: opts.js ?? true, ...(opts.mobile ? { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } : {}) });
  t.teardown(() => ctx.close());
  const page = await ctx.newPage();
  const urls: string[] = [];
  page.on("request", (r) => void urls.push(r.url()));
  return { page, urls };
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
const chat = (page: Page, id: string) => page.getByTestId(`chat-${id}`);
const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent())?.replace(/\s+/g, " ").trim() ?? "";

async function signIn(page: Page, base: string, token: string) {
  await page.goto(`${base}/setup/account`);
  await page.fill("#token", token);
  await Promise.all([page.waitForNavigation(), page.click("button:has-text('Sign in')")]);
}

async function toolNames(base: string, token: string): Promise<string[]> {
  const client = new V1Client({ name: "account-page-test", version: "1.0.0" });
  await client.connect(new V1Transport(new URL(`${base}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  try {
    return (await client.listTools()).tools.map((x) => x.name).sort();
  } finally {
    await client.close();
  }
}

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
  t.match(await text(page, "in-force"), /read and write; sends: send; 9 tools/);
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
  t.match(await text(page, "in-force"), /read-only; sends: confirm; 5 tools/);
  t.match(await text(page, "range"), /of 2 matching/, "the search is kept across saves");
  const saved = (await env.store.getAccount(env.account.id))!.settings!;
  t.match(saved, { readOnly: true, toolsets: ["chats", "search", "raw"], sendMode: "confirm" });
  t.equal(Object.keys(saved.policy!.chats).length, 3, "the policy is kept when the settings are saved");
  t.same(await toolNames(env.base, env.token), ["find_chats", "get_chat_info", "invoke_mtproto", "search_messages_globally", "search_messages_in_chat"], "/mcp applies it on the next request");
  await shot(page, "03-settings-saved");

  await Promise.all([page.waitForNavigation(), page.click("button:has-text('Sign out')")]);
  t.match(await page.locator(".notice").textContent(), /Signed out/);
  for (const u of urls) t.notOk(u.includes(env.token) || u.includes("csrf") || u.includes("s="), `nothing secret in a URL: ${u}`);
  const log = env.logs.join("");
  t.notOk(log.includes(env.token), "the token never reaches the log");
  t.match(log, /account page: chat rights saved/);
});

t.test("on a phone: no horizontal scroll, large tap targets; a revoked token ends the page session", async (t) => {
  const env = await start(t);
  const { page } = await newPage(t, env.browser, { mobile: true });
  await signIn(page, env.base, env.token);
  t.equal(await text(page, "account-id"), env.account.id);
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
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
