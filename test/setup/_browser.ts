// Shared by the /setup journeys in Chromium: a real server (buildApp) on the sandbox in a chosen
// mode, a headless Chromium, pages at desktop size or at a phone's 360 px, screenshots in
// test/artifacts/wizard/ (ignored by git), and what the browser sent (methods, URLs, 404s).
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Test } from "tap";
import { chromium, type Browser, type Page } from "playwright-core";
import type { FastifyInstance } from "fastify";
import { buildApp, REDACT_PATHS } from "../../app.js";
import { makeConfig } from "../helpers/config.js";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import { startSandbox } from "../helpers/sandbox.js";
import { INSTALL_HELP, findChromium } from "../../scripts/chromium.js";
import type { Sandbox } from "../../sandbox/index.js";

export const CHROMIUM = findChromium();
export const SHOTS = path.resolve(import.meta.dirname, "../artifacts/wizard");
mkdirSync(SHOTS, { recursive: true });

export interface Env {
  sb: Sandbox;
  app: FastifyInstance;
  base: string;
  store: FileAccountStore;
  logs: string[];
  browser: Browser;
}

export async function startEnv(t: Test, env: Record<string, string | number> = {}): Promise<Env> {
  if (!CHROMIUM) throw new Error(INSTALL_HELP);
  const sb = await startSandbox(t);
  const dir = t.testdir();
  const store = new FileAccountStore({ dir });
  const config = makeConfig({ SERVER_MODE: "http-auth", PORT: 0, SESSION_DIR: dir, SETUP_RATE_LIMIT: 1000, LOG_LEVEL: "silent", ...env });
  const logs: string[] = [];
  const stream = { write: (line: string) => void logs.push(line) };
  const app = await buildApp(config, { sandbox: sb, accountStore: store, defaultMetrics: false, logger: { level: "debug", stream, redact: { paths: REDACT_PATHS, censor: "[redacted]" } } });
  await app.listen({ port: 0, host: "127.0.0.1" });
  t.teardown(() => app.close());
  const { port } = app.server.address() as { port: number };
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  t.teardown(() => browser.close());
  return { sb, app, base: `http://127.0.0.1:${port}`, store, logs, browser };
}

export interface Tab {
  page: Page;
  /** "METHOD url" of every request the page made. */
  requests: string[];
  /** URLs answered 404. */
  notFound: string[];
}

/** A page at desktop size (1280×800), or at a phone's (360×740, touch). */
export async function newTab(t: Test, env: Env, phone = false): Promise<Tab> {
  const ctx = await env.browser.newContext(phone ? { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } : { viewport: { width: 1280, height: 800 } });
  t.teardown(() => ctx.close());
  const page = await ctx.newPage();
  const requests: string[] = [];
  const notFound: string[] = [];
  page.on("request", (r) => void requests.push(`${r.method()} ${r.url()}`));
  page.on("response", (r) => {
    if (r.status() === 404) notFound.push(r.url());
  });
  return { page, requests, notFound };
}

export const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

/** Whether the page fits its viewport's width (no sideways scrolling on a phone). */
export const fitsWidth = (page: Page) => page.evaluate<boolean>("document.documentElement.scrollWidth <= window.innerWidth");
