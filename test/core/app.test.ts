// Routes through inject: /health, /metrics, JSON errors and 404s, Host/Origin validation.
import t from "tap";
import { startSandbox } from "../helpers/sandbox.js";
import { testApp } from "./_app.js";
import { parsePrometheus, sampleValue } from "../helpers/prometheus.js";
import type { RouteEntry } from "../../app.js";
import { buildApp, loggerOptions } from "../../app.js";
import { makeConfig } from "../helpers/config.js";
import { loggableUrl } from "../../plugins/request-log.js";
import { Type } from "typebox";
import { connect, type AddressInfo } from "node:net";

const failingRoutes: RouteEntry = {
  name: "failing",
  scope: "public",
  plugin: async (f) => {
    f.get("/boom", async () => {
      throw new Error("secret internal detail at /home/user/file.ts:12");
    });
    f.post("/typed", { schema: { body: Type.Object({ n: Type.Integer() }) } }, async (req) => req.body);
  },
};

t.test("/health on the default account (http-no-auth): seed shape plus version, mode, backend", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { app, store } = await testApp(t, sb);
  store.add({ id: "demo", session: await sb.createSession(sb.world.demoAccountId), isDefault: true });

  const before = await app.inject("/health");
  t.equal(before.statusCode, 200);
  t.match(before.json(), {
    status: "healthy",
    service: "tgmcp",
    transport: "http",
    mode: "http-no-auth",
    backend: "sandbox",
    backend_notice: new RegExp(`^SANDBOX: this server talks to the sandbox at ${sb.host}:${sb.port} \\(a fake Telegram started apart`),
    active_sessions: 0,
    max_sessions: 100,
    sessions: [],
  });
  t.type(before.json().version, "string");

  const who = await app.inject("/whoami");
  t.equal(who.statusCode, 200);
  t.same(who.json(), { account: "demo", user_id: sb.world.demoAccountId });

  const after = (await app.inject("/health")).json();
  t.equal(after.active_sessions, 1);
  t.equal(after.sessions.length, 1);
  const s = after.sessions[0];
  t.same(Object.keys(s).sort(), ["account_id", "hours_since_access", "is_connected", "last_access"]);
  t.equal(s.account_id, "demo");
  t.equal(s.is_connected, true);
  t.type(s.hours_since_access, "number");
  t.ok(!Number.isNaN(Date.parse(s.last_access)), "last_access is a date");
});

t.test("/health never shows any part of a token (http-auth)", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { app, store } = await testApp(t, sb, { SERVER_MODE: "http-auth" });
  const { account, token } = await store.createAccount({ session: await sb.createSession(sb.world.demoAccountId) });
  const who = await app.inject({ url: "/whoami", headers: { authorization: `Bearer ${token}` } });
  t.equal(who.statusCode, 200);
  const health = await app.inject("/health");
  t.equal(health.statusCode, 200, "no token needed for /health");
  t.equal(health.json().sessions[0].account_id, account.id);
  for (let i = 0; i + 6 <= token.length; i++) {
    if (health.body.includes(token.slice(i, i + 6))) t.fail(`token fragment ${i} appears in /health`);
  }
  t.notMatch(health.body, /token/i, "no token field at all");
});

t.test("errors are JSON without stack traces; unknown routes get a JSON 404", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { app } = await testApp(t, sb, {}, { routes: [failingRoutes] });

  const boom = await app.inject("/boom");
  t.equal(boom.statusCode, 500);
  t.match(boom.headers["content-type"], /application\/json/);
  t.same(boom.json(), { error: "Internal server error", error_type: "InternalError" });
  t.notMatch(boom.body, /secret|file\.ts|at /);

  const bad = await app.inject({ method: "POST", url: "/typed", payload: { n: "x" } });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().error_type, "ValidationError");
  t.match(bad.json().error, /^Invalid request: .*n/);

  const notJson = await app.inject({ method: "POST", url: "/typed", headers: { "content-type": "application/json" }, payload: "{nope" });
  t.equal(notJson.statusCode, 400);
  t.equal(notJson.json().error_type, "BadRequest");
  t.notMatch(notJson.body, /at \w+ \(/, "no stack");

  const nf = await app.inject("/nowhere/secret-part?token=abc");
  t.equal(nf.statusCode, 404);
  t.same(nf.json(), { error: "Not found: no route for GET at this path", error_type: "NotFound" }, "neither the path nor the query is echoed");

  const badUrl = await app.inject("/%zz/secret-part?token=abc");
  t.equal(badUrl.statusCode, 400);
  t.same(badUrl.json(), { error: "Bad request: the URL path is not valid (malformed %-encoding)", error_type: "BadRequest" }, "a malformed path is not echoed either");
});

t.test("Host/Origin validation on loopback (DNS rebinding)", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { app } = await testApp(t, sb, { ALLOWED_HOSTS: "mcp.internal" });
  const get = (headers: Record<string, string>) => app.inject({ url: "/health", headers });

  t.equal((await get({ host: "localhost:8000" })).statusCode, 200);
  t.equal((await get({ host: "127.0.0.1:8000" })).statusCode, 200);
  t.equal((await get({ host: "[::1]:8000" })).statusCode, 200);
  t.equal((await get({ host: "mcp.internal" })).statusCode, 200, "ALLOWED_HOSTS");
  t.equal((await get({ host: "localhost:8000", origin: "http://localhost:3000" })).statusCode, 200);

  const rebound = await get({ host: "evil.example:8000" });
  t.equal(rebound.statusCode, 403);
  t.equal(rebound.json().error_type, "Forbidden");
  t.match(rebound.json().error, /Host header "evil\.example:8000" is not allowed/);

  const badOrigin = await get({ host: "localhost:8000", origin: "https://evil.example" });
  t.equal(badOrigin.statusCode, 403);
  t.match(badOrigin.json().error, /Origin "https:\/\/evil\.example" is not allowed/);
  t.equal((await get({ host: "localhost", origin: "null" })).statusCode, 403, "opaque origin refused");
});

/** Sends raw bytes over a socket (inject would normalise malformed requests) and reads the answer. */
function rawRequest(port: number, text: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, "127.0.0.1");
    let data = "";
    sock.setEncoding("utf8");
    sock.on("data", (c: string) => (data += c));
    sock.on("end", () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0), body: data.slice(data.indexOf("\r\n\r\n") + 4) }));
    sock.on("error", reject);
    sock.end(text);
  });
}

t.test("Host validation parses the header and compares exactly (real requests over a socket)", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { app } = await testApp(t, sb, { ALLOWED_HOSTS: "mcp.internal" });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  const get = (target: string, ...hosts: string[]) =>
    rawRequest(port, `GET ${target} HTTP/1.1\r\n${hosts.map((h) => `Host: ${h}\r\n`).join("")}Connection: close\r\n\r\n`);

  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, "LOCALHOST", `[::1]:${port}`, "127.0.0.2", "mcp.internal:443"]) {
    t.equal((await get("/health", host)).status, 200, `Host: ${host}`);
  }
  t.equal((await get(`http://localhost:${port}/health`, `localhost:${port}`)).status, 200, "absolute-form naming this server");

  const refused = async (what: string, r: { status: number; body: string }, status: number, error: RegExp) => {
    t.equal(r.status, status, what);
    t.match(JSON.parse(r.body), { error, error_type: status === 400 ? "BadRequest" : "Forbidden" }, what);
  };
  await refused("bracketed IPv6 with a suffix", await get("/health", "[::1].evil.com"), 400, /^Malformed Host header "\[::1\]\.evil\.com"/);
  await refused("a port with a suffix", await get("/health", `127.0.0.1:${port}.evil.com`), 400, /^Malformed Host header/);
  for (const bad of ["localhost:80:80", "localhost@evil.com", "evil.com#.localhost", "localhost:99999", "[::1", "localhost, evil.com", "[fe80::1%25eth0]"]) {
    t.equal((await get("/health", bad)).status, 400, `Host: ${bad}`);
  }
  t.equal((await get("/health", "localhost.")).status, 403, "a trailing dot is another name");
  t.equal((await get("/health", "127.0.0.1.evil.com")).status, 403);
  await refused("two Host headers", await get("/health", "localhost", "evil.com"), 400, /^More than one Host header/);
  t.equal((await get("/health", "localhost", "localhost")).status, 400, "two Host headers, even the same");
  await refused("absolute-form to another host", await get("http://evil.com/health", "localhost"), 403, /^Request target host "evil\.com" is not allowed/);
  t.equal((await get(`http://[::1].evil.com:${port}/health`, "localhost")).status, 400, "absolute-form with a malformed host");
  t.equal((await get("evil.com:443", "localhost")).status, 400, "authority-form outside CONNECT");

  // Origin: the same parser; only scheme://host[:port].
  const withOrigin = (origin: string) => rawRequest(port, `GET /health HTTP/1.1\r\nHost: localhost\r\nOrigin: ${origin}\r\nConnection: close\r\n\r\n`);
  t.equal((await withOrigin(`http://localhost:${port}`)).status, 200);
  for (const bad of ["http://[::1].evil.com", `http://127.0.0.1:${port}.evil.com`, "http://localhost.evil.com", "http://localhost/path", "null"]) {
    t.equal((await withOrigin(bad)).status, 403, `Origin: ${bad}`);
  }
});

t.test("no Host validation when bound to a public address", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { app } = await testApp(t, sb, { HOST: "0.0.0.0" });
  const r = await app.inject({ url: "/health", headers: { host: "tgmcp.example.com" } });
  t.equal(r.statusCode, 200);
});

t.test("/metrics: Prometheus text with counters that move", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { app, store } = await testApp(t, sb);
  store.add({ id: "demo", session: await sb.createSession(sb.world.demoAccountId), isDefault: true });

  const first = await app.inject("/metrics");
  t.equal(first.statusCode, 200);
  t.match(first.headers["content-type"], /^text\/plain; version=0\.0\.4/);
  const m0 = parsePrometheus(first.body);
  for (const name of [
    "tgmcp_http_request_duration_seconds",
    "tgmcp_tool_calls_total",
    "tgmcp_tool_call_duration_seconds",
    "tgmcp_telegram_rpc_total",
    "tgmcp_telegram_flood_waits_total",
    "tgmcp_active_sessions",
    "tgmcp_session_pool_evictions_total",
    "tgmcp_process_cpu_user_seconds_total",
    "tgmcp_nodejs_eventloop_lag_seconds",
  ]) {
    t.ok(m0.types.has(name), `${name} is exposed`);
    t.ok(m0.helps.get(name), `${name} has help text`);
  }
  t.equal(sampleValue(m0.samples, "tgmcp_active_sessions"), 0);
  t.equal(sampleValue(m0.samples, "tgmcp_info", { mode: "http-no-auth", backend: "sandbox" }), 1);

  for (let i = 0; i < 3; i++) t.equal((await app.inject("/whoami")).statusCode, 200);
  sb.faults.floodWait("users.GetUsers", 120);
  t.equal((await app.inject("/whoami")).statusCode, 500, "a long FloodWait surfaces (here as an unhandled error)");
  app.metrics.observeTool("search_messages_globally", "ok", 0.02);
  app.metrics.observeTool("search_messages_globally", "error", 0.5);

  const m1 = parsePrometheus((await app.inject("/metrics")).body).samples;
  t.equal(sampleValue(m1, "tgmcp_http_request_duration_seconds_count", { route: "/whoami", status_code: "200", method: "GET" }), 3);
  t.equal(sampleValue(m1, "tgmcp_http_request_duration_seconds_count", { route: "/whoami", status_code: "500" }), 1);
  t.equal(sampleValue(m1, "tgmcp_http_request_duration_seconds_count", { route: "/metrics", status_code: "200" }), 1);
  t.equal(sampleValue(m1, "tgmcp_telegram_rpc_total", { method: "users.GetUsers", outcome: "ok" }), 3);
  t.equal(sampleValue(m1, "tgmcp_telegram_rpc_total", { method: "users.GetUsers", outcome: "flood_wait" }), 1);
  t.equal(sampleValue(m1, "tgmcp_telegram_flood_waits_total", { method: "users.GetUsers" }), 1);
  t.equal(sampleValue(m1, "tgmcp_telegram_flood_wait_seconds_total", { method: "users.GetUsers" }), 120);
  t.equal(sampleValue(m1, "tgmcp_active_sessions"), 1);
  t.equal(sampleValue(m1, "tgmcp_tool_calls_total", { tool: "search_messages_globally", outcome: "ok" }), 1);
  t.equal(sampleValue(m1, "tgmcp_tool_calls_total", { tool: "search_messages_globally", outcome: "error" }), 1);
  t.equal(sampleValue(m1, "tgmcp_tool_call_duration_seconds_count", { tool: "search_messages_globally", outcome: "error" }), 1);
  t.equal(sampleValue(m1, "tgmcp_tool_call_duration_seconds_bucket", { tool: "search_messages_globally", outcome: "ok", le: "0.025" }), 1);

  await app.sessionPool.remove("demo");
  const m2 = parsePrometheus((await app.inject("/metrics")).body).samples;
  t.equal(sampleValue(m2, "tgmcp_session_pool_evictions_total", { reason: "manual" }), 1);
  t.equal(sampleValue(m2, "tgmcp_active_sessions"), 0);
});

t.test("two apps in one process keep separate metrics", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { app: a } = await testApp(t, sb, {}, { defaultMetrics: false });
  const { app: b } = await testApp(t, sb, {}, { defaultMetrics: false });
  await a.inject("/health");
  const mb = parsePrometheus((await b.inject("/metrics")).body).samples;
  t.equal(sampleValue(mb, "tgmcp_http_request_duration_seconds_count", { route: "/health" }), 0);
});

t.test("embedded sandbox: buildApp starts it, uses the demo account, and closes it", async (t) => {
  const app = await buildApp(makeConfig({ LOG_LEVEL: "silent" }), { logger: false, routes: [(await import("./_app.js")).whoamiRoute] });
  t.teardown(() => app.close());
  await app.ready();
  t.ok(app.sandbox, "a sandbox was started");
  const health = (await app.inject("/health")).json();
  t.equal(health.backend, "sandbox");
  const who = await app.inject("/whoami");
  t.equal(who.statusCode, 200);
  t.equal(who.json().user_id, app.sandbox!.world.demoAccountId);
  const port = app.sandbox!.port;
  t.equal(app.sandboxEmbedded, true);
  // Teardown order (session-pool depends on backend): the clients disconnect, then the sandbox closes.
  const order: string[] = [];
  const sb = app.sandbox!;
  const pool = app.sessionPool;
  const closeSandbox = sb.close.bind(sb);
  const closePool = pool.close.bind(pool);
  sb.close = async () => {
    order.push(`sandbox (${pool.stats().active} clients connected)`);
    return closeSandbox();
  };
  pool.close = async () => {
    order.push("session pool");
    return closePool();
  };
  await app.close();
  t.same(order, ["session pool", "sandbox (0 clients connected)"]);
  const refused = await new Promise<string>((resolve) => {
    const sock = connect(port, "127.0.0.1");
    sock.once("connect", () => {
      sock.destroy();
      resolve("connected");
    });
    sock.once("error", (e: any) => resolve(e.code));
  });
  t.equal(refused, "ECONNREFUSED", "the embedded sandbox closed with the app");
});

t.test("one log line per request, written with its outcome; no token in it, not even one sent in the URL", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const lines: any[] = [];
  const stream = { write: (s: string) => void lines.push(JSON.parse(s)) };
  const { app, store } = await testApp(t, sb, { SERVER_MODE: "http-auth" }, { logger: { ...loggerOptions(makeConfig({ LOG_LEVEL: "info" })), stream } });
  const { token } = await store.createAccount({ session: await sb.createSession(sb.world.demoAccountId) });
  lines.length = 0;
  t.equal((await app.inject("/health")).statusCode, 200);
  t.equal((await app.inject("/nowhere")).statusCode, 404);
  t.equal((await app.inject({ url: "/whoami", headers: { authorization: `Bearer ${token}` } })).statusCode, 200);
  const mcp = await app.inject({
    method: "POST",
    url: "/mcp",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
    payload: { jsonrpc: "2.0", id: 1, method: "tools/list" },
  });
  t.equal(mcp.statusCode, 200, "/mcp answers (a hijacked reply)");
  // Tokens where they do not belong: clients and users paste them into URLs.
  t.equal((await app.inject(`/health?token=${token}`)).statusCode, 200);
  t.equal((await app.inject({ url: `/whoami?access_token=${token}&x=1`, headers: { authorization: `Bearer ${token}` } })).statusCode, 200);
  const inPath = await app.inject({ method: "POST", url: `/mcp/${token}`, payload: {} });
  t.equal(inPath.statusCode, 404);
  t.notMatch(inPath.body, token, "the 404 body does not echo it");
  const deeper = await app.inject(`/setup/x/${token}.json?token=${token}`);
  t.equal(deeper.statusCode, 404);
  const hex = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  t.equal((await app.inject(`/mtproto-api/${hex}`)).statusCode, 404);
  const bad = await app.inject(`/%zz/${token}?token=${token}`); // answered before routing; Fastify logs no line
  t.equal(bad.statusCode, 400);
  t.notMatch(bad.body, token);
  const requests = lines.filter((l) => /request/.test(l.msg));
  t.same(
    requests.map((l) => [l.msg, l.req.method, l.req.url, l.res.statusCode]),
    [
      ["request completed", "GET", "/health", 200],
      ["request completed", "GET", "/nowhere", 404],
      ["request completed", "GET", "/whoami", 200],
      ["request completed", "POST", "/mcp", 200],
      ["request completed", "GET", "/health", 200],
      ["request completed", "GET", "/whoami", 200],
      ["request completed", "POST", "/mcp/[redacted]", 404],
      ["request completed", "GET", "/setup/x/[redacted]", 404],
      ["request completed", "GET", "/mtproto-api/[redacted]", 404],
    ],
  );
  t.ok(requests.every((l) => typeof l.responseTime === "number"));
  t.ok(requests.every((l) => typeof l.req.remoteAddress === "string" && l.req.remoteAddress.length > 0), "every line names the client address");
  const all = JSON.stringify(lines);
  t.notMatch(all, token);
  t.notMatch(all, hex);
  t.notMatch(all, /\?|access_token|token=/, "no query string in any line");
});

t.test("loggableUrl keeps route and method names, masks what looks like a secret", async (t) => {
  for (const kept of ["/mcp", "/setup/qr/status", "/mtproto-api/v1/account.getAuthorizationForm", "/mtproto-api/messages.getSearchResultsCalendar", "/.well-known/oauth-authorization-server", "/"]) {
    t.equal(loggableUrl(kept), kept);
  }
  t.equal(loggableUrl("/mcp?token=x"), "/mcp");
  t.equal(loggableUrl("/mcp#frag?x"), "/mcp");
  t.equal(loggableUrl("/a/" + "q".repeat(40)), "/a/[redacted]", "long enough, even without a digit");
  t.equal(loggableUrl("/a/key-20240101-abcdefgh/b"), "/a/[redacted]/b", "a digit in a 20-character run");
  t.equal(loggableUrl("/a/%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82"), "/a/[redacted]", "percent-encoded runs count");
});
