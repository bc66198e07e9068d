// The /setup wizard's limits on guessing, and its cookie, through HTTP requests (no browser)
// to the real server (buildApp) and the sandbox over TCP: what an attacker's script would send.
import t, { type Test } from "tap";
import { buildApp } from "../../app.js";
import { makeConfig } from "../helpers/config.js";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import { startSandbox } from "../helpers/sandbox.js";

type Over = Parameters<typeof makeConfig>[0];

async function wizard(t: Test, over: Over = {}) {
  const sb = await startSandbox(t);
  sb.world.findUserByPhone("9996620200")!.password = { password: "correct horse", hint: "four random words" };
  const dir = t.testdir();
  const store = new FileAccountStore({ dir });
  const config = makeConfig({ SERVER_MODE: "http-auth", PORT: 0, SESSION_DIR: dir, SETUP_RATE_LIMIT: 1000, LOG_LEVEL: "silent", ...over });
  const app = await buildApp(config, { sandbox: sb, accountStore: store, defaultMetrics: false, logger: false });
  t.teardown(() => app.close());

  /** A browser: GET /setup for the cookie and its CSRF value, then form posts from one IP. */
  async function browser(ip = "127.0.0.1") {
    const get = await app.inject({ method: "GET", url: "/setup", remoteAddress: ip });
    const cookie = String(get.headers["set-cookie"]).split(";")[0]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(get.body)![1]!;
    const post = (url: string, body: Record<string, string>) =>
      app.inject({ method: "POST", url, remoteAddress: ip, headers: { "content-type": "application/x-www-form-urlencoded", cookie }, payload: new URLSearchParams({ csrf, ...body }).toString() });
    /** Sends a code to `phone`; returns the pending login's id. */
    const startLogin = async (phone: string) => {
      const res = await post("/setup/phone", { phone });
      if (res.statusCode !== 200) throw new Error(`phone step: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return /name="login" value="([^"]+)"/.exec(res.body)![1]!;
    };
    return { post, startLogin };
  }
  return { sb, app, store, browser };
}

const errorText = (body: string) => /id="error"[^>]*>([\s\S]*?)</.exec(body)?.[1]?.trim() ?? "";

t.test("login codes: 5 wrong ones void the login, the right one is then refused, and the phone backs off", async (t) => {
  const { sb, store, browser } = await wizard(t);
  const b = await browser();
  const login = await b.startLogin("+9996620001");
  for (let i = 1; i <= 4; i++) {
    const res = await b.post("/setup/code", { login, code: `1111${i}` });
    t.equal(res.statusCode, 400);
    t.match(errorText(res.body), `That code is not right. Check it and try again (${5 - i} ${i === 4 ? "try" : "tries"} left).`);
  }
  const fifth = await b.post("/setup/code", { login, code: "11115" });
  t.equal(fifth.statusCode, 400);
  t.match(errorText(fifth.body), /5 wrong codes, so this login is cancelled\. Start again and ask for a new login code\./);
  t.match(fifth.body, /id="phone"/, "back on the start page");

  const right = await b.post("/setup/code", { login, code: sb.lastCode("9996620001") ?? "22222" });
  t.equal(right.statusCode, 410, "the right code after the 5th wrong one does not log in");
  t.notMatch(right.body, /You are connected/);
  t.equal(sb.rpcCount("auth.SignIn"), 5, "it never reached Telegram");
  t.same(await store.listTokenAccounts(), [], "no account, no token");

  // Across logins: a new code for this phone is refused (before a send is counted), from any IP.
  const again = await (await browser("192.0.2.44")).post("/setup/phone", { phone: "+999 662 0001" });
  t.equal(again.statusCode, 429);
  t.equal(again.headers["retry-after"], "30");
  t.match(errorText(again.body), /Too many wrong login codes or passwords were entered for this phone number or from this network\. Wait 30 seconds, then try again\./);
  t.notMatch(errorText(again.body), /999|11115/, "no phone number or code in the message");
  t.equal(sb.rpcCount("auth.SendCode"), 1, "no second code was sent");
});

t.test("per IP: wrong codes for several phones add up; another IP is not affected", async (t) => {
  const { sb, browser } = await wizard(t);
  const b = await browser("198.51.100.7");
  for (const phone of ["+9996620011", "+9996620012"]) {
    const login = await b.startLogin(phone);
    for (let i = 0; i < 5; i++) await b.post("/setup/code", { login, code: "00000" });
  }
  const third = await b.post("/setup/phone", { phone: "+9996620013" });
  t.equal(third.statusCode, 429, "10 wrong codes from one IP: a third phone must wait");
  t.equal(third.headers["retry-after"], "30");
  t.equal(sb.rpcCount("auth.SendCode"), 2);
  const other = await (await browser("198.51.100.8")).post("/setup/phone", { phone: "+9996620013" });
  t.equal(other.statusCode, 200, "the same phone from another IP gets its code");
});

t.test("2FA passwords: 5 wrong ones void the login and the right one is then refused", async (t) => {
  const { sb, browser } = await wizard(t);
  const b = await browser();
  const login = await b.startLogin("+9996620200");
  const pw = await b.post("/setup/code", { login, code: sb.lastCode("9996620200")! });
  t.match(pw.body, /id="password"/);
  for (let i = 1; i <= 4; i++) {
    const res = await b.post("/setup/password", { login, password: `guess ${i}` });
    t.equal(res.statusCode, 400);
    t.match(errorText(res.body), /That password is not right\. Try again \(\d tr(y|ies) left\)\./);
  }
  const fifth = await b.post("/setup/password", { login, password: "guess 5" });
  t.match(errorText(fifth.body), /5 wrong passwords, so this login is cancelled/);
  const right = await b.post("/setup/password", { login, password: "correct horse" });
  t.equal(right.statusCode, 410, "the right password after the 5th wrong one does not log in");
  t.equal(sb.rpcCount("auth.CheckPassword"), 5);
  t.notMatch(fifth.body + right.body, /correct horse|guess 5/, "no password echoed");
});

t.test("the wizard's cookie: a value the server did not mint is replaced, never adopted", async (t) => {
  const { sb, app } = await wizard(t);
  const planted = "tgmcp_setup=" + "A".repeat(43); // what an attacker plants in a victim's browser
  const page = await app.inject({ method: "GET", url: "/setup", headers: { cookie: planted } });
  const set = String(page.headers["set-cookie"] ?? "");
  t.match(set, /^tgmcp_setup=[\w-]{43}\.[\w-]{43}; Path=\/setup; HttpOnly; SameSite=Strict$/, "a fresh cookie is set");
  t.not(set.split(";")[0], planted);
  // The attacker read this page's CSRF value: it belongs to the fresh cookie, not to theirs.
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const forged = await app.inject({
    method: "POST",
    url: "/setup/phone",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: planted },
    payload: new URLSearchParams({ csrf, phone: "+9996620001" }).toString(),
  });
  t.equal(forged.statusCode, 403, "a post with the planted cookie is refused");
  t.match(String(forged.headers["set-cookie"]), /^tgmcp_setup=[\w-]{43}\.[\w-]{43};/, "and gets a minted cookie instead");
  t.equal(sb.rpcCount("auth.SendCode"), 0);

  // A minted cookie is kept; one whose signature was changed is not.
  const minted = set.split(";")[0]!;
  const kept = await app.inject({ method: "GET", url: "/setup", headers: { cookie: minted } });
  t.equal(kept.headers["set-cookie"], undefined, "a minted cookie is kept");
  const ok = await app.inject({
    method: "POST",
    url: "/setup/phone",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: minted },
    payload: new URLSearchParams({ csrf, phone: "+9996620001" }).toString(),
  });
  t.equal(ok.statusCode, 200, "the minted cookie and its CSRF value work");
  const tampered = minted.slice(0, -1) + (minted.endsWith("A") ? "B" : "A");
  t.ok((await app.inject({ method: "GET", url: "/setup", headers: { cookie: tampered } })).headers["set-cookie"], "a changed signature is replaced");
});

t.test("over HTTPS the cookie is __Host- prefixed and Secure", async (t) => {
  const { app } = await wizard(t, { TRUST_PROXY: 1 } as Over);
  const page = await app.inject({ method: "GET", url: "/setup", headers: { "x-forwarded-proto": "https" } });
  const set = String(page.headers["set-cookie"]);
  t.match(set, /^__Host-tgmcp_setup=[\w-]{43}\.[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Secure$/);
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const post = (cookie: string) =>
    app.inject({
      method: "POST",
      url: "/setup/phone",
      headers: { "x-forwarded-proto": "https", "content-type": "application/x-www-form-urlencoded", cookie },
      payload: new URLSearchParams({ csrf, phone: "+9996620001" }).toString(),
    });
  t.equal((await post(set.split(";")[0]!)).statusCode, 200);
  t.equal((await post(set.split(";")[0]!.replace("__Host-", ""))).statusCode, 403, "the unprefixed name is not read over HTTPS");
});
