// Bearer auth (http-auth), the scopes it covers, and the 401 / 429 behaviour.
import t from "tap";
import { startSandbox } from "../helpers/sandbox.js";
import { testApp } from "./_app.js";
import { parsePrometheus, sampleValue } from "../helpers/prometheus.js";
import type { RouteEntry } from "../../app.js";

const setupRoute: RouteEntry = {
  name: "setup-probe",
  scope: "setup",
  plugin: async (f) => {
    f.get("/setup-probe", async (request) => ({ account: request.account ?? null }));
  },
};

t.test("http-auth: 401 with WWW-Authenticate and a clear JSON message", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  // Static tokens only: with OAuth on, the header also names the resource metadata (test/oauth/).
  const { app, store } = await testApp(t, sb, { SERVER_MODE: "http-auth", AUTH_MODES: "bearer" }, { routes: [setupRoute] });
  const { token, account } = await store.createAccount({ session: await sb.createSession(sb.world.demoAccountId) });

  const missing = await app.inject("/whoami");
  t.equal(missing.statusCode, 401);
  t.equal(missing.headers["www-authenticate"], 'Bearer realm="tgmcp"');
  t.equal(missing.json().error_type, "Unauthorized");
  t.match(missing.json().error, /^Missing bearer token: send the header "Authorization: Bearer <token>"\. To get a token, run `tgmcp setup` or open \/setup/);

  const wrong = await app.inject({ url: "/whoami", headers: { authorization: "Bearer " + "x".repeat(43) } });
  t.equal(wrong.statusCode, 401);
  t.match(wrong.headers["www-authenticate"], /^Bearer realm="tgmcp", error="invalid_token"/);
  t.match(wrong.json(), { error: /^Invalid bearer token: it is unknown, revoked or mistyped/, error_type: "Unauthorized" });

  const basic = await app.inject({ url: "/whoami", headers: { authorization: "Basic dXNlcjpwYXNz" } });
  t.equal(basic.statusCode, 401);
  t.match(basic.headers["www-authenticate"], /^Bearer/);

  const ok = await app.inject({ url: "/whoami", headers: { authorization: `Bearer ${token}` } });
  t.equal(ok.statusCode, 200);
  t.same(ok.json(), { account: account.id, user_id: sb.world.demoAccountId });

  // Outside the bearer scope by encapsulation: no token needed, no account attached.
  t.equal((await app.inject("/health")).statusCode, 200);
  t.equal((await app.inject("/metrics")).statusCode, 200);
  const setup = await app.inject("/setup-probe");
  t.equal(setup.statusCode, 200);
  t.same(setup.json(), { account: null }, "/setup never runs the auth hook");

  const m = parsePrometheus((await app.inject("/metrics")).body).samples;
  t.equal(sampleValue(m, "tgmcp_auth_failures_total"), 2, "wrong and Basic counted, missing header not");
});

t.test("http-auth: each token reaches its own account", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { app, store } = await testApp(t, sb, { SERVER_MODE: "http-auth" });
  const u2 = sb.world.createUser({ phone: "9997700101", firstName: "Second" });
  const a = await store.createAccount({ session: await sb.createSession(sb.world.demoAccountId) });
  const b = await store.createAccount({ session: await sb.createSession(u2.id) });
  const ra = await app.inject({ url: "/whoami", headers: { authorization: `Bearer ${a.token}` } });
  const rb = await app.inject({ url: "/whoami", headers: { authorization: `Bearer ${b.token}` } });
  t.same(ra.json(), { account: a.account.id, user_id: sb.world.demoAccountId });
  t.same(rb.json(), { account: b.account.id, user_id: u2.id });
  t.equal((await app.inject("/health")).json().active_sessions, 2);
});

t.test("the Bearer scheme is case-insensitive (RFC 7235, RFC 6750)", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { app, store } = await testApp(t, sb, { SERVER_MODE: "http-auth" });
  const a = await store.createAccount({ session: await sb.createSession(sb.world.demoAccountId) });
  for (const scheme of ["Bearer", "bearer", "BEARER", "bEaReR"]) {
    const r = await app.inject({ url: "/whoami", headers: { authorization: `${scheme} ${a.token}` } });
    t.equal(r.statusCode, 200, `${scheme} <token>`);
  }
  t.equal((await app.inject({ url: "/whoami", headers: { authorization: `Basic ${a.token}` } })).statusCode, 401, "another scheme is still refused");
});

t.test("per-IP limit on failed attempts: 429 with Retry-After and JSON, even for a valid token", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { app, store } = await testApp(t, sb, { SERVER_MODE: "http-auth", AUTH_FAIL_LIMIT: 3, AUTH_FAIL_WINDOW: 600 });
  const { token } = await store.createAccount({ session: await sb.createSession(sb.world.demoAccountId) });
  const from = (ip: string, auth: string) => app.inject({ url: "/whoami", remoteAddress: ip, headers: { authorization: auth } });

  for (let i = 0; i < 3; i++) t.equal((await from("10.0.0.1", "Bearer nope")).statusCode, 401, `failure ${i + 1}`);
  const blocked = await from("10.0.0.1", "Bearer nope");
  t.equal(blocked.statusCode, 429);
  const retry = Number(blocked.headers["retry-after"]);
  t.ok(retry > 0 && retry <= 600, `Retry-After is ${retry}`);
  t.same(blocked.json(), {
    error: `Too many requests: too many failed bearer-token attempts from this address. Retry in ${retry} s.`,
    error_type: "RateLimited",
    retry_after_s: retry,
  });
  t.equal((await from("10.0.0.1", `Bearer ${token}`)).statusCode, 429, "a valid token from the blocked address waits too");
  t.equal((await from("10.0.0.2", `Bearer ${token}`)).statusCode, 200, "other addresses are not affected");
  t.equal((await from("10.0.0.2", "Bearer nope")).statusCode, 401);

  const m = parsePrometheus((await app.inject("/metrics")).body).samples;
  t.equal(sampleValue(m, "tgmcp_rate_limited_total", { scope: "auth_failures" }), 2);
});

t.test("per-token limit on account routes: 429 with Retry-After; other tokens unaffected", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { app, store } = await testApp(t, sb, { SERVER_MODE: "http-auth", RATE_LIMIT_MAX: 3, RATE_LIMIT_WINDOW: 60 });
  const u2 = sb.world.createUser({ phone: "9997700102", firstName: "Other" });
  const a = await store.createAccount({ session: await sb.createSession(sb.world.demoAccountId) });
  const b = await store.createAccount({ session: await sb.createSession(u2.id) });
  const call = (token: string) => app.inject({ url: "/whoami", headers: { authorization: `Bearer ${token}` } });

  for (let i = 0; i < 3; i++) t.equal((await call(a.token)).statusCode, 200);
  const limited = await call(a.token);
  t.equal(limited.statusCode, 429);
  const retry = Number(limited.headers["retry-after"]);
  t.ok(retry > 0 && retry <= 60);
  t.match(limited.json(), { error_type: "RateLimited", retry_after_s: retry, error: /limit of 3 Telegram calls .* per 60 s for this token reached/ });
  t.equal((await call(b.token)).statusCode, 200, "another token has its own budget");
  t.equal((await app.inject("/health")).statusCode, 200, "/health is not limited");
});

t.test("per-IP limit on /setup", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { app } = await testApp(t, sb, { SETUP_RATE_LIMIT: 2, SETUP_RATE_WINDOW: 60 }, { routes: [setupRoute] });
  const from = (ip: string) => app.inject({ url: "/setup-probe", remoteAddress: ip });
  t.equal((await from("10.1.0.1")).statusCode, 200);
  t.equal((await from("10.1.0.1")).statusCode, 200);
  const limited = await from("10.1.0.1");
  t.equal(limited.statusCode, 429);
  t.ok(Number(limited.headers["retry-after"]) > 0);
  t.equal(limited.json().error_type, "RateLimited");
  t.equal((await from("10.1.0.2")).statusCode, 200);
});

t.test("http-no-auth: no token needed, requests act for the default account", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { app, store } = await testApp(t, sb, { SERVER_MODE: "http-no-auth" });
  store.add({ id: "me", session: await sb.createSession(sb.world.demoAccountId), isDefault: true });
  const r = await app.inject({ url: "/whoami", headers: { authorization: "Bearer ignored" } });
  t.equal(r.statusCode, 200);
  t.same(r.json(), { account: "me", user_id: sb.world.demoAccountId });
});

t.test("a revoked Telegram session comes back as a structured 409 telling how to fix it", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { app, store } = await testApp(t, sb, { SERVER_MODE: "http-auth", PUBLIC_URL: "https://tg.example.com" });
  const { token, account } = await store.createAccount({ session: await sb.createSession(sb.world.demoAccountId) });
  const call = () => app.inject({ url: "/whoami", headers: { authorization: `Bearer ${token}` } });
  t.equal((await call()).statusCode, 200);
  sb.revokeSessions(sb.world.demoAccountId);
  const r = await call();
  t.equal(r.statusCode, 409);
  t.same(r.json(), {
    error: `Telegram rejected the saved session of account ${account.id} (SESSION_REVOKED): it was logged out or revoked. To fix: log in again with \`tgmcp setup\` or at https://tg.example.com/setup, then retry.`,
    error_type: "AccountNeedsSetup",
    code: "ACCOUNT_NEEDS_SETUP",
    account_id: account.id,
    reason: "SESSION_REVOKED",
    fix: "log in again with `tgmcp setup` or at https://tg.example.com/setup",
  });
  t.equal((await store.getAccount(account.id))?.needsSetup?.reason, "SESSION_REVOKED");
  const again = await call();
  t.equal(again.statusCode, 409, "refused at once afterwards");
  t.equal(again.json().reason, "SESSION_REVOKED");
});

t.test("TRUST_PROXY: forged X-Forwarded-For changes nothing for the per-IP limits", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  // One reverse proxy at 10.0.0.1; every other peer is a client talking to us directly.
  const env = { SERVER_MODE: "http-auth", TRUST_PROXY: "10.0.0.1", AUTH_FAIL_LIMIT: 2, SETUP_RATE_LIMIT: 2, SETUP_RATE_WINDOW: 60 };
  const { app, store } = await testApp(t, sb, env, { routes: [setupRoute] });
  const { token } = await store.createAccount({ session: await sb.createSession(sb.world.demoAccountId) });
  let n = 0;
  const forged = () => `198.51.100.${++n}`; // a new "client address" on every request
  const wrong = (peer: string, xff: string) => app.inject({ url: "/whoami", remoteAddress: peer, headers: { authorization: "Bearer nope", "x-forwarded-for": xff } });

  // An untrusted peer: its X-Forwarded-For is ignored, so a new forged value per request does not reset the count.
  t.equal((await wrong("10.0.0.66", forged())).statusCode, 401);
  t.equal((await wrong("10.0.0.66", forged())).statusCode, 401);
  t.equal((await wrong("10.0.0.66", forged())).statusCode, 429, "limited by its own address");
  const setup = (peer: string, xff: string) => app.inject({ url: "/setup-probe", remoteAddress: peer, headers: { "x-forwarded-for": xff } });
  t.equal((await setup("10.0.0.77", forged())).statusCode, 200);
  t.equal((await setup("10.0.0.77", forged())).statusCode, 200);
  t.equal((await setup("10.0.0.77", forged())).statusCode, 429, "/setup limited by the peer's own address");

  // Through the proxy: the client is the address the proxy appended (the rightmost untrusted
  // entry); whatever the client wrote to the left of it is ignored.
  const client = "203.0.113.9";
  t.equal((await wrong("10.0.0.1", `${forged()}, ${client}`)).statusCode, 401);
  t.equal((await wrong("10.0.0.1", `${forged()}, ${client}`)).statusCode, 401);
  t.equal((await wrong("10.0.0.1", `${forged()}, ${client}`)).statusCode, 429, "the real client is limited");
  const other = await app.inject({ url: "/whoami", remoteAddress: "10.0.0.1", headers: { authorization: `Bearer ${token}`, "x-forwarded-for": "203.0.113.10" } });
  t.equal(other.statusCode, 200, "another client behind the same proxy is not");
});

t.test("TRUST_PROXY as a hop count: only the entries the trusted hops appended count", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { app } = await testApp(t, sb, { SERVER_MODE: "http-auth", TRUST_PROXY: "1", AUTH_FAIL_LIMIT: 2 });
  let n = 0;
  const wrong = () =>
    app.inject({ url: "/whoami", remoteAddress: "172.18.0.2", headers: { authorization: "Bearer nope", "x-forwarded-for": `198.51.100.${++n}, 203.0.113.20` } });
  t.equal((await wrong()).statusCode, 401);
  t.equal((await wrong()).statusCode, 401);
  t.equal((await wrong()).statusCode, 429, "the forged leftmost entries do not give new addresses");
});
