// Configuration: sources and precedence, conversions, and the exact error messages.
import t from "tap";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, formatConfigErrors, publicUrl } from "../../services/config/load.js";
import { HTTP_AUTH_NEEDS_BACKEND, resolveBackend } from "../../services/accounts/backend.js";
import { makeConfig } from "../helpers/config.js";
import { ConfigSchema, configKeys, configMarkdownTable } from "../../services/config/schema.js";
import { parseEnvFile } from "../../services/config/env-file.js";
import { parseServeArgs } from "../../commands/serve.js";

const HOME = "/home/tester";

t.test("defaults: a frozen config with every documented default", async (t) => {
  const r = loadConfig({ env: {}, envFile: false, home: HOME });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  const c = r.config;
  t.equal(c.SERVER_MODE, "http-no-auth");
  t.equal(c.HOST, "127.0.0.1");
  t.equal(c.PORT, 8000);
  t.equal(c.SESSION_DIR, "/home/tester/.config/tgmcp", "~ expanded");
  t.same(c.FILE_ROOTS, ["/home/tester"]);
  t.equal(c.BACKEND, "auto");
  t.equal(c.ALLOW_DANGEROUS_METHODS, true);
  t.equal(c.ALLOW_HTTP_URLS, false);
  t.equal(c.MAX_FILE_SIZE_MB, 50);
  t.equal(c.ALLOW_HIDDEN_FILES, false);
  t.equal(c.TRUST_PROXY, 0, "no proxy trusted");
  t.equal(c.ALLOW_HARD_LINKS, false, "hard-linked local files refused");
  t.equal(c.API_ID, undefined);
  t.ok(Object.isFrozen(c));
  t.ok(Object.isFrozen(c.FILE_ROOTS));
  t.same(resolveBackend(c), { kind: "embedded-sandbox" }, "no credentials: the embedded sandbox");
  t.equal(publicUrl(c), "http://127.0.0.1:8000");
});

t.test("precedence: .env file < environment < flags; conversions", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "tgmcp-config-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, ".env"),
    ["# comment", "PORT=9001", "HOST=0.0.0.0   # inline comment", 'LOG_LEVEL="WARNING"', "export MAX_ACTIVE_SESSIONS=7", "SERVER_MODE=HTTP_AUTH", "UNRELATED=1", "API_ID="].join("\n"),
  );
  const r = loadConfig({
    env: { PORT: "9002", FILE_ROOTS: "~/a, /b ,", ALLOW_HTTP_URLS: "yes", API_ID: "" },
    flags: { port: "9003", "allow-hidden-files": true },
    cwd: dir,
    home: HOME,
  });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  const c = r.config;
  t.equal(c.PORT, 9003, "flag wins");
  t.equal(c.HOST, "0.0.0.0", ".env value without its inline comment");
  t.equal(c.LOG_LEVEL, "warn", "WARNING accepted, case-insensitive");
  t.equal(c.MAX_ACTIVE_SESSIONS, 7, "export prefix");
  t.equal(c.SERVER_MODE, "http-auth", "HTTP_AUTH spelling of the seeds");
  t.same(c.FILE_ROOTS, ["/home/tester/a", "/b"]);
  t.equal(c.ALLOW_HTTP_URLS, true);
  t.equal(c.ALLOW_HIDDEN_FILES, true, "bare boolean flag");
  t.equal(c.API_ID, undefined, "empty value counts as unset");
  t.equal(publicUrl(c, 9003), "http://127.0.0.1:9003", "0.0.0.0 is shown as loopback");
});

t.test("credentials select the real Telegram backend; PUBLIC_URL and DOMAIN", async (t) => {
  const c = makeConfig({ API_ID: 12345, API_HASH: "0123456789abcdef0123456789abcdef", DOMAIN: "tg.example.com" }, HOME);
  t.same(resolveBackend(c), { kind: "telegram", backend: { kind: "telegram", apiId: 12345, apiHash: "0123456789abcdef0123456789abcdef" } });
  t.equal(publicUrl(c), "https://tg.example.com");
  t.same(resolveBackend(makeConfig({ API_ID: 1, API_HASH: "0123456789abcdef0123456789abcdef", BACKEND: "sandbox" }, HOME)), { kind: "embedded-sandbox" });
  t.equal(publicUrl(makeConfig({ PUBLIC_URL: "https://x.example/base/" }, HOME)), "https://x.example/base");
});

t.test("http-auth never falls back to the sandbox silently: credentials, BACKEND=sandbox or a sandbox info file", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "tgmcp-backend-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  // What docker-compose passes with the .env.example's blank API_ID= and API_HASH=.
  const blank = loadConfig({ env: { SERVER_MODE: "http-auth", HOST: "0.0.0.0", PORT: "8000", API_ID: "", API_HASH: "" }, envFile: false, home: HOME });
  if (!blank.ok) throw new Error(blank.errors.join("\n"));
  t.throws(() => resolveBackend(blank.config), { name: "BackendConfigError", reason: "http-auth-needs-backend", message: HTTP_AUTH_NEEDS_BACKEND });
  t.match(HTTP_AUTH_NEEDS_BACKEND, /API_ID and API_HASH/, "names the first fix");
  t.match(HTTP_AUTH_NEEDS_BACKEND, /BACKEND=sandbox/, "and the second");

  t.same(resolveBackend(makeConfig({ SERVER_MODE: "http-auth", BACKEND: "sandbox" }, HOME)), { kind: "embedded-sandbox" }, "BACKEND=sandbox: on purpose");
  const creds = resolveBackend(makeConfig({ SERVER_MODE: "http-auth", API_ID: 7, API_HASH: "0123456789abcdef0123456789abcdef" }, HOME));
  t.equal(creds.kind, "telegram");
  t.same(resolveBackend(makeConfig({}, HOME)), { kind: "embedded-sandbox" }, "http-no-auth (npm start) still falls back to the demo");
  t.same(resolveBackend(makeConfig({ SERVER_MODE: "stdio" }, HOME)), { kind: "embedded-sandbox" });

  const info = join(dir, "sandbox.json");
  writeFileSync(info, JSON.stringify({ host: "127.0.0.1", port: 4321, rsaPublicKey: null }));
  t.same(
    resolveBackend(makeConfig({ SERVER_MODE: "http-auth", SANDBOX_INFO_FILE: info }, HOME)),
    { kind: "sandbox-file", backend: { kind: "sandbox", host: "127.0.0.1", port: 4321 }, infoFile: info },
    "a sandbox someone started (tgmcp sandbox --info-file) is chosen on purpose too",
  );
  t.throws(() => resolveBackend(makeConfig({ SANDBOX_INFO_FILE: join(dir, "none.json") }, HOME)), { reason: "bad-sandbox-info-file", message: /cannot read the sandbox info file .*none\.json \(ENOENT\)/ });
});

t.test("every bad setting is named in one message; secrets are not echoed", async (t) => {
  const r = loadConfig({
    env: { PORT: "80x", SERVER_MODE: "both", API_HASH: "not-a-hash", MAX_IDLE_TIME: "-5", PUBLIC_URL: "ftp://x", ALLOW_HTTP_URLS: "maybe" },
    flags: { "max-active-sessions": "0", bogus: "1" },
    envFile: false,
    home: HOME,
  });
  t.notOk(r.ok);
  if (r.ok) return;
  t.same(r.errors, [
    "--bogus: unknown option (see tgmcp serve --help)",
    'SERVER_MODE="both" (env SERVER_MODE): expected one of stdio, http-no-auth, http-auth',
    'PORT="80x" (env PORT): expected an integer from 0 to 65535',
    'PUBLIC_URL="ftp://x" (env PUBLIC_URL): expected an http:// or https:// URL',
    'API_HASH=(hidden) (env API_HASH): expected 32 hexadecimal characters',
    'MAX_ACTIVE_SESSIONS="0" (flag --max-active-sessions): expected an integer >= 1',
    'MAX_IDLE_TIME="-5" (env MAX_IDLE_TIME): expected an integer >= 0',
    'ALLOW_HTTP_URLS="maybe" (env ALLOW_HTTP_URLS): expected true or false',
    "API_ID is required when API_HASH is set (both come from https://my.telegram.org)",
  ]);
  t.notMatch(formatConfigErrors(r.errors), /not-a-hash/);
  t.equal(
    formatConfigErrors(["PORT=\"x\" (env PORT): expected an integer from 0 to 65535"]),
    'tgmcp: invalid configuration (1 problem):\n  - PORT="x" (env PORT): expected an integer from 0 to 65535\nNothing was started. Fix the settings above (environment, .env file or flags); `tgmcp serve --help` lists them all.',
  );
});

t.test("TRUST_PROXY: a hop count or proxy addresses; true is refused", async (t) => {
  const value = (v: string | boolean) => {
    const r = loadConfig({ env: {}, flags: { "trust-proxy": v }, envFile: false, home: HOME });
    return r.ok ? r.config.TRUST_PROXY : r.errors;
  };
  t.equal(value("1"), 1);
  t.equal(value(" 2 "), 2);
  for (const off of ["0", "false", "off", "no"]) t.equal(value(off), 0, `${off}: none`);
  t.same(value("10.0.0.1, 172.16.0.0/12,::1, fd00::/8 ,loopback"), ["10.0.0.1", "172.16.0.0/12", "::1", "fd00::/8", "loopback"]);
  t.same(value("uniquelocal,linklocal"), ["uniquelocal", "linklocal"]);
  const refusedTrue =
    "expected the number of reverse proxies in front of tgmcp (1 for one) or their addresses/CIDRs: true is refused, it trusted every X-Forwarded-For entry, so any client could choose its own address";
  t.same(value("true"), [`TRUST_PROXY="true" (flag --trust-proxy): ${refusedTrue}`]);
  t.same(value("yes"), [`TRUST_PROXY="yes" (flag --trust-proxy): ${refusedTrue}`]);
  t.same(value(true), [`TRUST_PROXY=true (flag --trust-proxy): ${refusedTrue}`], "a bare --trust-proxy");
  const entry = (v: string, bad: string) => [`TRUST_PROXY=${JSON.stringify(v)} (flag --trust-proxy): ${JSON.stringify(bad)} is not an IP address, a CIDR range (10.0.0.0/8, fd00::/8) or one of loopback, linklocal, uniquelocal`];
  t.same(value("10.0.0.1,proxy.example.com"), entry("10.0.0.1,proxy.example.com", "proxy.example.com"));
  t.same(value("10.0.0.300"), entry("10.0.0.300", "10.0.0.300"));
  t.same(value("10.0.0.0/33"), entry("10.0.0.0/33", "10.0.0.0/33"));
  t.same(value("fd00::/129"), entry("fd00::/129", "fd00::/129"));
  t.same(value("10.0.0.0/"), entry("10.0.0.0/", "10.0.0.0/"));
  t.same(value("-1"), ['TRUST_PROXY="-1" (flag --trust-proxy): expected a hop count from 0 to 16, or a comma-separated list of proxy addresses/CIDRs']);
  t.same(value("17"), ['TRUST_PROXY="17" (flag --trust-proxy): expected a hop count from 0 to 16, or a comma-separated list of proxy addresses/CIDRs']);
  t.match(configMarkdownTable(), /\| `TRUST_PROXY` \| `0` \| a hop count from 0 to 16, or a comma-separated list of proxy addresses\/CIDRs \| .*true is refused/);
});

t.test("cross-field rules", async (t) => {
  const r = loadConfig({ env: { BACKEND: "telegram" }, envFile: false, home: HOME });
  t.same(r.ok ? [] : r.errors, ["BACKEND=telegram needs API_ID and API_HASH (from https://my.telegram.org); unset BACKEND to use the sandbox"]);
  const r2 = loadConfig({ env: { API_ID: "5" }, envFile: false, home: HOME });
  t.same(r2.ok ? [] : r2.errors, ["API_HASH is required when API_ID is set (both come from https://my.telegram.org)"]);
  const r3 = loadConfig({ env: {}, envFile: "/nonexistent/tgmcp.env", home: HOME });
  t.same(r3.ok ? [] : r3.errors, ["--env-file: /nonexistent/tgmcp.env does not exist"]);
});

t.test("the schema documents every key: description, type and default", async (t) => {
  const keys = configKeys();
  t.same(keys.map((k) => k.key), Object.keys(ConfigSchema.properties));
  for (const k of keys) {
    t.ok(k.description.length > 10, `${k.key} has a description`);
    t.ok(k.flag.startsWith("--"), `${k.key} has a flag`);
  }
  for (const required of [
    "SERVER_MODE", "HOST", "PORT", "API_ID", "API_HASH", "SESSION_DIR", "MAX_ACTIVE_SESSIONS", "MAX_IDLE_TIME", "LOG_LEVEL",
    "RATE_LIMIT_MAX", "RATE_LIMIT_WINDOW", "AUTH_FAIL_LIMIT", "SETUP_RATE_LIMIT", "FLOOD_SLEEP_THRESHOLD", "PUBLIC_URL", "BACKEND",
    "SANDBOX_PORT", "BODY_LIMIT", "ALLOW_DANGEROUS_METHODS", "ALLOW_HTTP_URLS", "MAX_FILE_SIZE_MB", "FILE_ROOTS", "ALLOW_HIDDEN_FILES",
    "ALLOW_HARD_LINKS", "SESSION_KEY", "DOMAIN",
  ]) {
    t.ok(keys.some((k) => k.key === required), `${required} is in the schema`);
  }
  const table = configMarkdownTable();
  t.match(table, /^\| Variable \| Default \| Accepts \| Meaning \|/);
  t.match(table, /\| `SERVER_MODE` \| `http-no-auth` \| one of stdio, http-no-auth, http-auth \|/);
  t.equal(table.split("\n").length, keys.length + 2);
});

t.test(".env parsing", async (t) => {
  t.same(parseEnvFile("A=1\n# c\n\nexport B = two \nC='x # y'\nD=\"a\\nb\"\nE=v # note\nnot a line\n"), { A: "1", B: "two", C: "x # y", D: "a\nb", E: "v" });
});

t.test("serve flag parsing", async (t) => {
  t.same(parseServeArgs(["--port", "9000", "--host=0.0.0.0", "--allow-hidden-files", "--allow-http-urls", "false", "--trust-proxy", "1", "--env-file", "x.env"]), {
    flags: { port: "9000", host: "0.0.0.0", "allow-hidden-files": true, "allow-http-urls": "false", "trust-proxy": "1" },
    envFile: "x.env",
    help: false,
    errors: [],
  });
  t.same(parseServeArgs(["--port"]).errors, ["--port: missing value"]);
  t.same(parseServeArgs(["--trust-proxy"]).errors, ["--trust-proxy: missing value"], "TRUST_PROXY is not a boolean: a bare flag says nothing");
  t.same(parseServeArgs(["serve-me"]).errors, ['unexpected argument "serve-me" (settings are given as --name value)']);
  t.equal(parseServeArgs(["-h"]).help, true);
});
