// Shared by the account page tests: the real server (http-auth, file store) on the sandbox over
// TCP, one account for the demo user, and a headless Chromium (playwright-core). Screenshots go to
// test/artifacts/account/ (ignored by git).
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

export const CHROMIUM = findChromium();
const SHOTS = path.resolve(import.meta.dirname, "../artifacts/account");
if (!CHROMIUM) t.fail(INSTALL_HELP);
mkdirSync(SHOTS, { recursive: true });

export const FAMILY = "-4000000001";
export const TEAM = "-1002000000000";
export const NEWS = "-1002000000004";

export async function start(t: Test) {
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

export async function newPage(t: Test, browser: Browser, opts: { mobile?: boolean; js?: boolean } = {}): Promise<{ page: Page; urls: string[] }> {
  const ctx = await browser.newContext({ javaScriptEnabled: opts.js ?? true, ...(opts.mobile ? { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } : {}) });
  t.teardown(() => ctx.close());
  const page = await ctx.newPage();
  const urls: string[] = [];
  page.on("request", (r) => void urls.push(r.url()));
  return { page, urls };
}

export const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
export const chat = (page: Page, id: string) => page.getByTestId(`chat-${id}`);
export const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent())?.replace(/\s+/g, " ").trim() ?? "";

export async function signIn(page: Page, base: string, token: string) {
  await page.goto(`${base}/setup/account`);
  await page.fill("#token", token);
  await Promise.all([page.waitForNavigation(), page.click("button:has-text('Sign in')")]);
}

export async function toolNames(base: string, token: string): Promise<string[]> {
  const client = new V1Client({ name: "account-page-test", version: "1.0.0" });
  await client.connect(new V1Transport(new URL(`${base}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  try {
    return (await client.listTools()).tools.map((x) => x.name).sort();
  } finally {
    await client.close();
  }
}

