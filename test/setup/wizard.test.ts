// The /setup wizard in a real headless Chromium (Debian's chromium, driven by playwright-core),
// against the real server (buildApp) and the sandbox over TCP. Each step's screenshot goes
// to test/artifacts/wizard/ (ignored by git) for a person to look at.
import t, { type Test } from "tap";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { Api } from "telegram";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { buildApp, REDACT_PATHS } from "../../app.js";
import { makeConfig } from "../helpers/config.js";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import { startSandbox, loginAs } from "../helpers/sandbox.js";
import { INSTALL_HELP, findChromium } from "../../scripts/chromium.js";
import type { Sandbox } from "../../sandbox/index.js";
import type { FastifyInstance } from "fastify";

const CHROMIUM = findChromium();
const SHOTS = path.resolve(import.meta.dirname, "../artifacts/wizard");

if (!CHROMIUM) {
  // npm's pretest step (scripts/ensure-chromium.ts) installs one; without it these journeys cannot run.
  t.fail(INSTALL_HELP);
}
mkdirSync(SHOTS, { recursive: true });

interface Env {
  logs: string[];
  sb: Sandbox;
  app: FastifyInstance;
  base: string;
  store: FileAccountStore;
  browser: Browser;
}

async function start(t: Test): Promise<Env> {
  const sb = await startSandbox(t);
  sb.world.findUserByPhone("9996620200")!.password = { password: "correct horse", hint: "four random words" };
  const dir = t.testdir();
  const store = new FileAccountStore({ dir });
  const config = makeConfig({ SERVER_MODE: "http-auth", PORT: 0, SESSION_DIR: dir, SETUP_RATE_LIMIT: 1000, LOG_LEVEL: "silent" });
  // Every log line, at debug level, to check that no secret ever reaches the log.
  const logs: string[] = [];
  const stream = { write: (line: string) => void logs.push(line) };
  const app = await buildApp(config, { sandbox: sb, accountStore: store, defaultMetrics: false, logger: { level: "debug", stream, redact: { paths: REDACT_PATHS, censor: "[redacted]" } } });
  await app.listen({ port: 0, host: "127.0.0.1" });
  t.teardown(() => app.close());
  const addr = app.server.address() as { port: number };
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  t.teardown(() => browser.close());
  return { logs, sb, app, base: `http://127.0.0.1:${addr.port}`, store, browser };
}

async function newPage(t: Test, env: Env, mobile = false): Promise<{ page: Page; urls: string[]; referers: string[] }> {
  const ctx = await env.browser.newContext({ acceptDownloads: true, ...(mobile ? { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true } : {}) });
  t.teardown(() => ctx.close());
  const page = await ctx.newPage();
  const urls: string[] = [];
  const referers: string[] = [];
  page.on("request", (r) => {
    urls.push(r.url());
    const ref = r.headers()["referer"];
    if (ref) referers.push(ref);
  });
  return { page, urls, referers };
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

async function tokenFromDonePage(page: Page): Promise<string> {
  const cfg = JSON.parse((await page.locator("#mcp-json").textContent())!);
  const auth = cfg.mcpServers.telegram.headers.Authorization as string;
  return auth.replace(/^Bearer /, "");
}

async function callMe(base: string, token: string): Promise<any> {
  const client = new Client({ name: "wizard-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
  await client.connect(transport);
  try {
    return await client.callTool({ name: "get_chat_info", arguments: { chat_id: "me" } });
  } finally {
    await client.close();
  }
}

async function mcpStatus(base: string, token: string): Promise<number> {
  const res = await fetch(`${base}/mcp`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }),
  });
  await res.arrayBuffer();
  return res.status;
}

t.test("phone + code + 2FA on a phone-sized screen, then the download's token calls a tool through /mcp", async (t) => {
  const env = await start(t);
  const { page, urls, referers } = await newPage(t, env, true);
  const res = await page.goto(`${env.base}/setup`);
  t.equal(res?.headers()["referrer-policy"], "same-origin");
  t.match(res?.headers()["content-security-policy"], /script-src 'nonce-/);
  t.match(await page.getByTestId("sandbox-banner").textContent(), /Sandbox[\s\S]*22222/);
  await shot(page, "2fa-01-start-mobile");

  await page.fill("#phone", "+999 662 0200");
  await page.click("text=Send the code");
  await page.waitForSelector("#code");
  t.match(await page.locator("label[for=code]").textContent(), /\+9996••••00/, "phone shown masked");
  await shot(page, "2fa-02-code");

  await page.fill("#code", env.sb.lastCode("9996620200")!);
  await page.click("button:has-text('Continue')");
  await page.waitForSelector("#password");
  t.equal(await page.getByTestId("hint").textContent(), "four random words");
  await shot(page, "2fa-03-password");

  await page.fill("#password", "wrong one");
  await page.click("button:has-text('Log in')");
  await page.waitForSelector("#error");
  t.match(await page.locator("#error").textContent(), /password is not right/);
  await page.fill("#password", "correct horse");
  await page.click("button:has-text('Log in')");
  await page.waitForSelector("#mcp-json");
  t.match(await page.locator("h1").textContent(), /You are connected/);
  await shot(page, "2fa-04-done");

  const shownToken = await tokenFromDonePage(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("button:has-text('Download mcp.json')")]);
  t.equal(download.suggestedFilename(), "mcp.json");
  const file = JSON.parse(readFileSync((await download.path())!, "utf8"));
  const token = file.mcpServers.telegram.headers.Authorization.replace(/^Bearer /, "");
  t.equal(token, shownToken);
  t.equal(file.mcpServers.telegram.url, `${env.base}/mcp`);

  for (const u of urls) t.notOk(u.includes(token), `no token in a URL: ${u.slice(0, 60)}`);
  for (const r of referers) t.notOk(r.includes(token));

  const logText = env.logs.join("");
  t.ok(env.logs.length > 5, "the server logged the requests");
  t.notOk(logText.includes(token), "no token in the log");
  t.notOk(logText.includes("correct horse"), "no password in the log");
  t.notOk(logText.includes("9996620200"), "no phone number in the log");

  const result = await callMe(env.base, token);
  t.notOk(result.isError, JSON.stringify(result).slice(0, 300));
  t.match(JSON.stringify(result.structuredContent ?? result.content), /partner|Pat/, "the tool runs as the account that logged in");

  // Revoked: 401 at once. Rotated: the new token works, the old one does not.
  const acc = (await env.store.verifyToken(token))!;
  const fresh = await env.store.rotate(acc.id, token);
  t.equal(await mcpStatus(env.base, token), 401, "old token rejected after rotation");
  t.equal(await mcpStatus(env.base, fresh), 200, "rotated token works");
  await env.store.revoke(acc.id);
  t.equal(await mcpStatus(env.base, fresh), 401, "revoked token rejected at once");
});

t.test("a wrong code, then the right one", async (t) => {
  const env = await start(t);
  const { page } = await newPage(t, env);
  await page.goto(`${env.base}/setup`);
  await page.fill("#phone", "+9996620001");
  await page.click("text=Send the code");
  await page.waitForSelector("#code");
  await page.fill("#code", "99999");
  await page.click("button:has-text('Continue')");
  await page.waitForSelector("#error");
  t.match(await page.locator("#error").textContent(), /not right/);
  await shot(page, "code-01-wrong");
  await page.fill("#code", env.sb.lastCode("9996620001")!);
  await page.click("button:has-text('Continue')");
  await page.waitForSelector("#mcp-json");
  await shot(page, "code-02-done");
  const token = await tokenFromDonePage(page);
  t.ok(await env.store.verifyToken(token));
});

t.test("QR login accepted by another logged-in sandbox session", async (t) => {
  const env = await start(t);
  const other = await loginAs(t, env.sb, "demo");
  const { page } = await newPage(t, env);
  await page.goto(`${env.base}/setup`);
  await page.click("text=Show a QR code");
  await page.waitForSelector("img#qr");
  t.match(await page.locator("img#qr").getAttribute("src"), /^data:image\/png;base64,/);
  await shot(page, "qr-01-code");
  const link = (await page.locator("#qr-link").textContent())!;
  t.match(link, /^tg:\/\/login\?token=/);
  await other.invoke(new Api.auth.AcceptLoginToken({ token: Buffer.from(link.split("token=")[1], "base64url") }));
  // The page's live status notices the acceptance and continues by itself.
  await page.waitForSelector("#mcp-json", { timeout: 20_000 });
  await shot(page, "qr-02-done");
  t.match(await page.locator("p[role=status]").first().textContent(), /@demo/);
  t.ok(await env.store.verifyToken(await tokenFromDonePage(page)));
});

t.test("re-authorize a token whose session was revoked, then delete the account", async (t) => {
  const env = await start(t);
  const { page } = await newPage(t, env);
  await page.goto(`${env.base}/setup`);
  await page.fill("#phone", "+9996620001");
  await page.click("text=Send the code");
  await page.fill("#code", env.sb.lastCode("9996620001")!);
  await page.click("button:has-text('Continue')");
  await page.waitForSelector("#mcp-json");
  const token = await tokenFromDonePage(page);
  const acc = (await env.store.verifyToken(token))!;
  const before = await env.store.loadSession(acc.id, token);

  env.sb.revokeSessions(env.sb.world.demoAccountId); // "terminate all sessions" in Telegram
  await env.store.markNeedsSetup(acc.id, "SESSION_REVOKED");

  await page.goto(`${env.base}/setup`);
  await page.click("summary");
  await page.fill("#reauth-token", token);
  await shot(page, "reauth-01-token");
  await page.click("text=Log in again with this token");
  await page.waitForSelector("#phone");
  await shot(page, "reauth-02-method");
  await page.fill("#phone", "+9996620001");
  await page.click("text=Send the code");
  await page.fill("#code", env.sb.lastCode("9996620001")!);
  await page.click("button:has-text('Continue')");
  await page.waitForSelector("#mcp-json");
  await shot(page, "reauth-03-done");
  t.equal(await tokenFromDonePage(page), token, "same token");
  const after = (await env.store.verifyToken(token))!;
  t.equal(after.id, acc.id);
  t.notOk(after.needsSetup, "no longer needs setup");
  t.not(await env.store.loadSession(acc.id, token), before, "a new session was saved");
  const result = await callMe(env.base, token);
  t.notOk(result.isError, "the token works again");

  await page.goto(`${env.base}/setup`);
  await page.click("summary");
  await page.fill("#delete-token", token);
  await page.check("input[name=confirm]");
  await page.click("button:has-text('Delete the account')");
  await page.waitForSelector("text=was deleted");
  await shot(page, "delete-01-done");
  t.equal(await env.store.verifyToken(token), null);
  t.equal(await mcpStatus(env.base, token), 401);
});

t.test("protections: CSRF, per-phone code limits, expired logins, bad tokens, download without a result", async (t) => {
  const env = await start(t);
  const get = await env.app.inject({ method: "GET", url: "/setup" });
  t.equal(get.statusCode, 200);
  t.equal(get.headers["referrer-policy"], "same-origin");
  t.equal(get.headers["cache-control"], "no-store");
  const cookie = String(get.headers["set-cookie"]).split(";")[0];
  t.match(String(get.headers["set-cookie"]), /HttpOnly; SameSite=Strict/);
  const csrf = /name="csrf" value="([^"]+)"/.exec(get.body)![1];
  const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
  const post = (url: string, body: Record<string, string>, withCookie = true) =>
    env.app.inject({ method: "POST", url, headers: { "content-type": "application/x-www-form-urlencoded", ...(withCookie ? { cookie } : {}) }, payload: form(body) });

  t.equal((await post("/setup/phone", { phone: "+9996620001" })).statusCode, 403, "no CSRF field");
  t.equal((await post("/setup/phone", { csrf, phone: "+9996620001" }, false)).statusCode, 403, "no cookie");
  t.equal((await post("/setup/phone", { csrf: csrf + "x", phone: "+9996620001" })).statusCode, 403, "wrong CSRF value");
  t.equal(env.sb.rpcCount("auth.SendCode"), 0);

  const bad = await post("/setup/phone", { csrf, phone: "12" });
  t.equal(bad.statusCode, 400);
  t.match(bad.body, /not a valid phone number/);

  for (let i = 0; i < 3; i++) t.equal((await post("/setup/phone", { csrf, phone: "+9996620005" })).statusCode, 200);
  const limited = await post("/setup/phone", { csrf, phone: "+999 662 0005" });
  t.equal(limited.statusCode, 429, "per-phone limit");
  t.match(limited.body, /Too many login codes/);
  t.ok(Number(limited.headers["retry-after"]) > 0);
  t.equal(env.sb.rpcCount("auth.SendCode"), 3, "the limited request never reached Telegram");
  for (let i = 0; i < 2; i++) t.equal((await post("/setup/phone", { csrf, phone: `+99966200${10 + i}` })).statusCode, 200);
  t.equal((await post("/setup/phone", { csrf, phone: "+9996620020" })).statusCode, 429, "per-IP limit");

  const gone = await post("/setup/code", { csrf, login: "nope", code: "12345" });
  t.equal(gone.statusCode, 410);
  t.match(gone.body, /expired/);
  const reauth = await post("/setup/reauthorize", { csrf, token: "A".repeat(43) });
  t.equal(reauth.statusCode, 400);
  t.match(reauth.body, /unknown or was revoked/);
  const del = await post("/setup/delete", { csrf, token: "not-a-token", confirm: "yes" });
  t.equal(del.statusCode, 400);
  const dl = await post("/setup/download", { csrf, result: "whatever" });
  t.equal(dl.statusCode, 410, "no mcp.json for an unknown result: a token is never echoed");
  const status = await post("/setup/qr/status", { csrf, login: "nope" });
  t.equal(status.statusCode, 410);
  const oversized = await post("/setup/phone", { csrf, phone: "1".repeat(100) });
  t.equal(oversized.statusCode, 400, "schema limits");
});
