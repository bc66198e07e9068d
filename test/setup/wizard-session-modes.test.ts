// /setup's routes where a login saves the default session, through inject (no browser):
// http-no-auth (resend, replay, download), and SERVER_MODE=stdio (which serves no port, but whose
// routes and rules are http-no-auth's): no token anywhere, the mcp.json on a GET done page, then
// the connected account named and a new login refused (409) until the person chooses to replace it.
import t from "tap";
import { buildApp } from "../../app.js";
import { makeConfig } from "../helpers/config.js";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import { startSandbox } from "../helpers/sandbox.js";

t.test("stdio: login, GET done page with the stdio config, then the account named and replacing it asked for", async (t) => {
  const sb = await startSandbox(t);
  const dir = t.testdir();
  const store = new FileAccountStore({ dir });
  const app = await buildApp(makeConfig({ SERVER_MODE: "stdio", SESSION_DIR: dir, LOG_LEVEL: "silent" }), { sandbox: sb, accountStore: store, defaultMetrics: false, logger: false });
  t.teardown(() => app.close());
  const get = await app.inject({ method: "GET", url: "/setup" });
  t.equal(get.statusCode, 200);
  t.notMatch(get.body, /token/i, "no token in this mode");
  t.match(get.body, /placeholder="\+999 662 0001"/, "a sandbox number as the example");
  const cookie = String(get.headers["set-cookie"]).split(";")[0]!;
  const csrf = /name="csrf" value="([^"]+)"/.exec(get.body)![1]!;
  const post = (url: string, body: Record<string, string>) =>
    app.inject({ method: "POST", url, headers: { "content-type": "application/x-www-form-urlencoded", cookie }, payload: new URLSearchParams({ csrf, ...body }).toString() });

  const code = await post("/setup/phone", { phone: "+9996620001" });
  t.equal(code.statusCode, 200);
  const login = /name="login" value="([^"]+)"/.exec(code.body)![1]!;
  t.match(code.body, new RegExp(`history\\.replaceState\\(null, "", "/setup/login/${login}"\\)`), "the page's history entry becomes its GET address");
  const again = await app.inject({ method: "GET", url: `/setup/login/${login}`, headers: { cookie } });
  t.equal(again.statusCode, 200);
  t.match(again.body, /id="code"/, "the GET address shows the same step");
  t.equal((await app.inject({ method: "GET", url: `/setup/login/${login}` })).statusCode, 410, "another browser gets nothing");

  const finished = await post("/setup/code", { login, code: sb.lastCode("9996620001")! });
  t.equal(finished.statusCode, 303);
  const done = await app.inject({ method: "GET", url: String(finished.headers.location), headers: { cookie } });
  t.equal(done.statusCode, 200);
  t.match(done.body, /&quot;command&quot;: &quot;tgmcp&quot;/);
  t.notMatch(done.body, /Bearer|token/i);
  t.ok(await store.loadSession((await store.defaultAccount()).id));

  const start = await app.inject({ method: "GET", url: "/setup", headers: { cookie } });
  t.match(start.body, /data-testid="connected-who">Demo User \(@demo\)</);
  const refused = await post("/setup/qr", {});
  t.equal(refused.statusCode, 409, "a new login must first choose to replace the account");
  t.equal(sb.rpcCount("auth.ExportLoginToken"), 0);
  const chosen = await post("/setup/qr", { confirm: "replace" });
  t.equal(chosen.statusCode, 200);
  t.match(chosen.body, /tg:\/\/login\?token=/);
});

t.test("http-no-auth: the wizard logs the default account in; no token anywhere", async (t) => {
  const sb = await startSandbox(t);
  const dir = t.testdir();
  const store = new FileAccountStore({ dir });
  const app = await buildApp(makeConfig({ SERVER_MODE: "http-no-auth", PORT: 0, SESSION_DIR: dir, LOG_LEVEL: "silent" }), {
    sandbox: sb,
    accountStore: store,
    defaultMetrics: false,
    logger: false,
  });
  t.teardown(() => app.close());
  const get = await app.inject({ method: "GET", url: "/setup", headers: { host: "127.0.0.1:8000" } });
  t.notMatch(get.body, /Already have a token/, "no token forms outside http-auth");
  const cookie = String(get.headers["set-cookie"]).split(";")[0];
  const csrf = /name="csrf" value="([^"]+)"/.exec(get.body)![1];
  const post = (url: string, body: Record<string, string>) =>
    app.inject({ method: "POST", url, headers: { host: "127.0.0.1:8000", "content-type": "application/x-www-form-urlencoded", cookie }, payload: new URLSearchParams({ csrf, ...body }).toString() });
  const code = await post("/setup/phone", { phone: "+9996620001" });
  t.equal(code.statusCode, 200);
  const login = /name="login" value="([^"]+)"/.exec(code.body)![1];
  const resent = await post("/setup/code", { login, action: "resend" });
  t.equal(resent.statusCode, 200);
  t.equal(sb.rpcCount("auth.ResendCode"), 1);
  // Post/redirect/get: the finished login answers 303 to its done page, a GET.
  const finished = await post("/setup/code", { login, code: sb.lastCode("9996620001")! });
  t.equal(finished.statusCode, 303);
  t.match(finished.headers.location, /^\/setup\/done\/[\w-]+$/);
  const done = await app.inject({ method: "GET", url: String(finished.headers.location), headers: { host: "127.0.0.1:8000", cookie } });
  t.equal(done.statusCode, 200);
  t.match(done.body, /You are connected/);
  t.match(done.body, /&quot;url&quot;: &quot;http:\/\/127.0.0.1:8000\/mcp&quot;/);
  t.notMatch(done.body, /Bearer/);
  t.notMatch(done.body, /token is shown once/, "no token note where no token is issued");
  const session = await store.loadSession("default");
  t.ok(session, "saved as the default session");
  const reused = await post("/setup/code", { login, code: "22222" });
  t.equal(reused.statusCode, 410, "a finished login cannot be replayed");
  const result = /name="result" value="([^"]+)"/.exec(done.body)![1];
  const dl = await post("/setup/download", { result });
  t.equal(dl.statusCode, 200);
  t.match(dl.headers["content-disposition"], /attachment; filename="mcp.json"/);
  t.same(JSON.parse(dl.body), { mcpServers: { telegram: { url: "http://127.0.0.1:8000/mcp" } } });
});
