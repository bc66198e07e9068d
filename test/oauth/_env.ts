// Shared set-up of the OAuth tests: the real server (buildApp, http-auth, file store) on the
// sandbox, a real Chromium for the pages, and an OAuthClientProvider of the v1 SDK kept in memory
// (the client side is the SDK's own `auth()`: discovery, DCR, PKCE, token exchange, refresh).
import http from "node:http";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Test } from "tap";
import { chromium, type Browser, type Page } from "playwright-core";
import type { FastifyInstance } from "fastify";
import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { buildApp, REDACT_PATHS, type AppDeps } from "../../app.js";
import { makeConfig } from "../helpers/config.js";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import { startSandbox } from "../helpers/sandbox.js";
import { findChromium } from "../../scripts/chromium.js";
import type { Sandbox } from "../../sandbox/index.js";

export const CHROMIUM = findChromium();
export const SHOTS = path.resolve(import.meta.dirname, "../artifacts/oauth");
mkdirSync(SHOTS, { recursive: true });

export interface Env {
  sb: Sandbox;
  app: FastifyInstance;
  base: string;
  store: FileAccountStore;
  logs: string[];
}

export async function startServer(t: Test, env: Record<string, string | number> = {}, deps: Partial<AppDeps> = {}): Promise<Env> {
  const sb = await startSandbox(t);
  const dir = t.testdir();
  const store = new FileAccountStore({ dir });
  const config = makeConfig({ SERVER_MODE: "http-auth", PORT: 0, SESSION_DIR: dir, SETUP_RATE_LIMIT: 1000, LOG_LEVEL: "silent", ...env });
  const logs: string[] = [];
  const stream = { write: (line: string) => void logs.push(line) };
  const app = await buildApp(config, {
    sandbox: sb,
    accountStore: store,
    defaultMetrics: false,
    logger: { level: "debug", stream, redact: { paths: REDACT_PATHS, censor: "[redacted]" } },
    ...deps,
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  t.teardown(() => app.close());
  const { port } = app.server.address() as { port: number };
  return { sb, app, base: `http://127.0.0.1:${port}`, store, logs };
}

/** A second instance of the same install: same sandbox, same SESSION_DIR (accounts, install key, OAuth store). */
export async function startTwin(t: Test, first: Env, env: Record<string, string | number> = {}): Promise<Env> {
  const store = new FileAccountStore({ dir: first.store.dir });
  const config = makeConfig({ SERVER_MODE: "http-auth", PORT: 0, SESSION_DIR: first.store.dir, SETUP_RATE_LIMIT: 1000, LOG_LEVEL: "silent", ...env });
  const logs: string[] = [];
  const stream = { write: (line: string) => void logs.push(line) };
  const app = await buildApp(config, { sandbox: first.sb, accountStore: store, defaultMetrics: false, logger: { level: "debug", stream, redact: { paths: REDACT_PATHS, censor: "[redacted]" } } });
  await app.listen({ port: 0, host: "127.0.0.1" });
  t.teardown(() => app.close());
  const { port } = app.server.address() as { port: number };
  return { sb: first.sb, app, base: `http://127.0.0.1:${port}`, store, logs };
}

export async function startBrowser(t: Test): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  t.teardown(() => browser.close());
  return browser;
}

export async function newPage(t: Test, browser: Browser, mobile = false): Promise<{ page: Page; urls: string[] }> {
  const ctx = await browser.newContext(mobile ? { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true } : {});
  t.teardown(() => ctx.close());
  const page = await ctx.newPage();
  const urls: string[] = [];
  page.on("request", (r) => void urls.push(r.url()));
  return { page, urls };
}

/** A loopback redirect target: the native client's callback (records what the browser brings). */
export async function startCallback(t: Test): Promise<{ url: string; hits: URL[] }> {
  const hits: URL[] = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url!, "http://127.0.0.1");
    hits.push(u);
    res.writeHead(200, { "content-type": "text/plain" }).end("You can close this window.");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/callback`, hits };
}

/** The SDK's client-side state in memory; `authorizationUrl` is where the SDK sends the person. */
export class MemoryClientProvider implements OAuthClientProvider {
  info?: OAuthClientInformationMixed;
  saved?: OAuthTokens;
  verifier = "";
  authorizationUrl?: URL;

  constructor(
    readonly redirectUrl: string,
    private readonly extra: Partial<OAuthClientMetadata> = {},
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: "SDK test client",
      redirect_uris: [this.redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      application_type: "native",
      ...this.extra,
    } as OAuthClientMetadata;
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(v: string) {
    this.verifier = v;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/** Logs in on the authorize page with a sandbox phone number and its code, then allows (or denies). */
export async function loginAndConsent(page: Page, sb: Sandbox, url: string, opts: { phone?: string; write?: boolean; deny?: boolean; shots?: string } = {}): Promise<void> {
  const phone = opts.phone ?? "+9996620001";
  await page.goto(url);
  await page.waitForSelector("#phone");
  if (opts.shots) await page.screenshot({ path: path.join(SHOTS, `${opts.shots}-01-login.png`), fullPage: true });
  await page.fill("#phone", phone);
  await page.click("text=Send the code");
  await page.waitForSelector("#code");
  await page.fill("#code", sb.lastCode(phone.replace(/\D/g, ""))!);
  await page.click("button:has-text('Continue')");
  await page.waitForSelector("button:has-text('Allow')");
  if (opts.shots) await page.screenshot({ path: path.join(SHOTS, `${opts.shots}-02-consent.png`), fullPage: true });
  if (opts.write === false) await page.uncheck("#scope-write");
  await page.click(opts.deny ? "button:has-text('Deny')" : "button:has-text('Allow')");
}

/** Every byte the OAuth store wrote (SESSION_DIR/oauth), to check that no secret is in it. */
export function oauthStoreText(env: Env): string {
  const root = path.join(env.store.dir, "oauth");
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(e.name, readFileSync(p, "utf8"));
    }
  };
  walk(root);
  return out.join("\n");
}
