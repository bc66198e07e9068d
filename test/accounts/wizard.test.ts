// The login wizard service (services/accounts/wizard.ts) on its own, through real gramjs to the
// sandbox: pages and outcomes without HTTP, where a finished login's session goes, logins bound
// to their owner, the code-send limit, and QR status checks that never finish a login.
import t, { type Test } from "tap";
import { Api } from "telegram";
import { startSandbox, sandboxClient, connectClient } from "../helpers/sandbox.js";
import { LoginWizard, type LoginWizardOptions, type WizardOutcome } from "../../services/accounts/wizard.js";
import { LoginGuard } from "../../services/accounts/login-guard.js";
import { CodeSendLimiter } from "../../services/accounts/send-limits.js";
import { MemoryAccountStore } from "../../services/accounts/memory-store.js";
import type { Sandbox } from "../../sandbox/index.js";

function wizardFor(t: Test, sb: Sandbox, over: Partial<LoginWizardOptions> = {}) {
  const accounts = new MemoryAccountStore();
  const wizard = new LoginWizard({ accounts, createClient: () => sandboxClient(t, sb, "", { autoReconnect: false }), guard: new LoginGuard(), target: { kind: "new" }, ...over });
  t.teardown(() => wizard.close());
  return { wizard, accounts };
}

/** The login id of a page (fails the test on "done", "start" or "expired"). */
function loginOf(t: Test, out: WizardOutcome): string {
  if (out.step === "done" || out.step === "start" || out.step === "expired") throw new Error(`expected a page of a login, got ${JSON.stringify(out)}`);
  t.notOk(out.error, `no error on the ${out.step} page`);
  return out.login;
}

t.test("phone -> code -> done: a new account with a token, and the login is gone", async (t) => {
  const sb = await startSandbox(t);
  const saved: string[] = [];
  const { wizard, accounts } = wizardFor(t, sb, { target: { kind: "new", label: "laptop" }, onSaved: async (id) => void saved.push(id) });
  const code = await wizard.advance(undefined, { kind: "phone", phone: "+999 662 0001" }, { owner: "browser-1", ip: "10.0.0.1" });
  t.match(code, { step: "code", phone: "+9996••••01", reauth: false });
  const login = loginOf(t, code);

  const done = await wizard.advance(login, { kind: "code", code: sb.lastCode("9996620001")! }, { owner: "browser-1", ip: "10.0.0.1" });
  if (done.step !== "done") throw new Error(JSON.stringify(done));
  t.equal(done.reauth, false);
  t.type(done.token, "string");
  t.same(saved, [done.accountId], "onSaved told the caller which account changed");
  const account = await accounts.getAccount(done.accountId);
  t.equal(account?.label, "laptop");
  const session = (await accounts.loadSession(done.accountId))!;
  const me = (await (await connectClient(t, sb, session)).getMe()) as Api.User;
  t.equal(me.phone, "9996620001", "the saved session is logged in");

  t.same(await wizard.advance(login, { kind: "code", code: "22222" }, { owner: "browser-1" }), { step: "expired" }, "a finished login cannot be advanced");
});

t.test("a login belongs to its owner; a wrong code keeps the page with an error and the tries left", async (t) => {
  const sb = await startSandbox(t);
  const { wizard, accounts } = wizardFor(t, sb, { target: { kind: "session" } });
  const login = loginOf(t, await wizard.advance(undefined, { kind: "phone", phone: "+9996620001" }, { owner: "a" }));
  t.same(await wizard.advance(login, { kind: "code", code: "22222" }, { owner: "b" }), { step: "expired" }, "another owner cannot continue it");
  t.same(await wizard.advance(login, { kind: "password", password: "x" }, { owner: "a" }), { step: "expired" }, "nor can an input for another step");

  const wrong = await wizard.advance(login, { kind: "code", code: "11111" }, { owner: "a" });
  t.match(wrong, { step: "code", login, error: { code: "PHONE_CODE_INVALID", message: /4 tries left/ } });
  const done = await wizard.advance(login, { kind: "code", code: "22222" }, { owner: "a" });
  t.match(done, { step: "done", accountId: (await accounts.defaultAccount()).id });
  t.notOk(done.step === "done" && done.token, "a plain session has no token");
});

t.test("the code-send limit refuses before a login exists; a re-authorization stays on its method page", async (t) => {
  const sb = await startSandbox(t);
  const limiter = new CodeSendLimiter({ perIp: { max: 1, windowMs: 60_000 }, perPhone: { max: 5, windowMs: 60_000 } });
  const { wizard, accounts } = wizardFor(t, sb, { limiter });
  loginOf(t, await wizard.advance(undefined, { kind: "phone", phone: "+9996620001" }, { owner: "a", ip: "10.0.0.9" }));
  const refused = await wizard.advance(undefined, { kind: "phone", phone: "+9996620002" }, { owner: "a", ip: "10.0.0.9" });
  t.match(refused, { step: "start", error: { code: "CODE_SEND_LIMIT", message: /Too many login codes were requested/ } });
  t.ok(refused.step === "start" && refused.error!.retryAfterS! > 0, "with the seconds to wait");
  t.equal(sb.rpcCount("auth.SendCode"), 1, "no second code was sent");

  const { account, token } = await accounts.createAccount({});
  const method = await wizard.reauthorize(account.id, token, { owner: "a" });
  t.match(method, { step: "method", reauth: true, accountId: account.id });
  const bad = await wizard.advance(method.step === "method" ? method.login : "", { kind: "phone", phone: "12" }, { owner: "a", ip: "10.0.0.10" });
  t.match(bad, { step: "method", reauth: true, error: { code: "PHONE_NUMBER_INVALID" } }, "the re-authorization is kept");
});

t.test("QR: asking for the status never finishes the login; qr-check does", async (t) => {
  const sb = await startSandbox(t);
  const { wizard, accounts } = wizardFor(t, sb);
  const qr = await wizard.advance(undefined, { kind: "qr" }, { owner: "a" });
  if (qr.step !== "qr") throw new Error(JSON.stringify(qr));
  t.match(qr.url, /^tg:\/\/login\?token=/);
  t.same(await wizard.qrStatus(qr.login, { owner: "a" }), { status: "waiting" });
  t.same(await wizard.qrStatus(qr.login, { owner: "b" }), { status: "expired" }, "someone else's login");

  // A logged-in app scans the code.
  const phone = await connectClient(t, sb, await sb.createSession(sb.world.demoAccountId));
  const token = Buffer.from(new URL(qr.url.replace("tg://", "http://x/")).searchParams.get("token")!, "base64url");
  await phone.invoke(new Api.auth.AcceptLoginToken({ token }));
  let status = await wizard.qrStatus(qr.login, { owner: "a" });
  for (let i = 0; status.status === "waiting" && i < 50; i++) {
    await new Promise((r) => setTimeout(r, 20));
    status = await wizard.qrStatus(qr.login, { owner: "a" });
  }
  t.same(status, { status: "ready" });
  t.same(await accounts.list(), [], "nothing saved by asking");
  const done = await wizard.advance(qr.login, { kind: "qr-check" }, { owner: "a" });
  t.match(done, { step: "done", user: { id: String(sb.world.demoAccountId) } });
});
