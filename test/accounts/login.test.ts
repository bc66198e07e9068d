// Login flows through real gramjs to the sandbox over TCP (real DH, real SRP).
import t, { type Test } from "tap";
import { Api } from "telegram";
import { startSandbox, sandboxClient, loginAs, connectClient } from "../helpers/sandbox.js";
import { LoginError, LoginFlow, maskPhone, normalizePhoneInput, toLoginError, formatWait } from "../../services/accounts/login.js";
import { LoginGuard } from "../../services/accounts/login-guard.js";
import type { Sandbox } from "../../sandbox/index.js";

const DEMO_PHONE = "+999 662 0001";

function newFlow(t: Test, sb: Sandbox, guard?: LoginGuard): LoginFlow {
  const flow = new LoginFlow({ client: sandboxClient(t, sb, "", { autoReconnect: false }), ...(guard ? { guard } : {}) });
  t.teardown(() => flow.close());
  return flow;
}

async function expectLoginError(t: Test, p: Promise<unknown>, code: string, recover?: string): Promise<LoginError> {
  try {
    await p;
  } catch (err) {
    t.type(err, LoginError, `${code} is a LoginError`);
    t.equal((err as LoginError).code, code);
    if (recover) t.equal((err as LoginError).recover, recover);
    return err as LoginError;
  }
  t.fail(`expected ${code}`);
  throw new Error("unreachable");
}

function withPassword(sb: Sandbox, phone: string, password: string, hint?: string): void {
  const u = sb.world.findUserByPhone(phone)!;
  u.password = { password, ...(hint ? { hint } : {}) };
}

async function sessionWorks(t: Test, sb: Sandbox, session: string, expectedUserId: number): Promise<void> {
  const c = await connectClient(t, sb, session);
  const me = (await c.getMe()) as Api.User;
  t.equal(String(me.id), String(expectedUserId), "the saved session is logged in as that user");
}

t.test("phone input is normalized and checked before anything is sent", async (t) => {
  t.equal(normalizePhoneInput(" +44 (7700) 900-123 "), "+447700900123");
  t.equal(normalizePhoneInput("0044 7700900123"), "+447700900123");
  t.throws(() => normalizePhoneInput("12"), { code: "PHONE_NUMBER_INVALID" });
  t.throws(() => normalizePhoneInput("+44 abc 123"), { code: "PHONE_NUMBER_INVALID" });
  t.equal(maskPhone("+447700900123"), "+4477••••••23");
  t.equal(formatWait(1), "1 second");
  t.equal(formatWait(120), "2 minutes");
  t.equal(formatWait(7200), "2 hours");
  t.match(toLoginError(new Error("socket hang up")), { code: "NETWORK", recover: "retry" });
  t.match(toLoginError({ errorMessage: "SOMETHING_ELSE" }), { code: "TELEGRAM_ERROR", message: /SOMETHING_ELSE/ });
});

t.test("phone + code, a wrong code first, then the right one", async (t) => {
  const sb = await startSandbox(t);
  const flow = newFlow(t, sb);
  await expectLoginError(t, flow.submitCode("12345"), "WRONG_STEP", "restart");
  await expectLoginError(t, flow.sendCode("12"), "PHONE_NUMBER_INVALID", "retry");
  t.equal(sb.rpcCount("auth.SendCode"), 0, "an obviously bad number never reaches Telegram");
  await expectLoginError(t, flow.sendCode("+1 202 555 0100"), "PHONE_NUMBER_INVALID", "retry");
  const st = await flow.sendCode(DEMO_PHONE);
  t.match(st, { step: "code", via: "app", codeLength: 5 });
  t.equal(flow.phoneNumber, "+9996620001");
  const code = sb.lastCode("9996620001")!;
  t.ok(code);
  await expectLoginError(t, flow.submitCode(""), "PHONE_CODE_EMPTY", "retry");
  const wrong = code === "00000" ? "11111" : "00000";
  const e = await expectLoginError(t, flow.submitCode(wrong), "PHONE_CODE_INVALID", "retry");
  t.match(e.message, /not right/);
  t.equal(flow.state.step, "code", "still at the code step: try again");
  t.throws(() => flow.sessionString(), { code: "WRONG_STEP" });
  const done = await flow.submitCode(code);
  t.match(done, { step: "done", user: { id: String(sb.world.demoAccountId), firstName: "Demo", username: "demo" } });
  await sessionWorks(t, sb, flow.sessionString(), sb.world.demoAccountId);
});

t.test("2FA: password with its hint, a wrong password first", async (t) => {
  const sb = await startSandbox(t);
  withPassword(sb, "9996620200", "correct horse", "the usual one");
  const flow = newFlow(t, sb);
  await flow.sendCode("+9996620200");
  const st = await flow.submitCode(sb.lastCode("9996620200")!);
  t.same(st, { step: "password", hint: "the usual one" });
  await expectLoginError(t, flow.submitPassword(""), "PASSWORD_EMPTY", "retry");
  await expectLoginError(t, flow.submitPassword("wrong"), "PASSWORD_HASH_INVALID", "retry");
  t.equal(flow.state.step, "password");
  const done = await flow.submitPassword("correct horse");
  t.match(done, { step: "done", user: { username: "partner" } });
  await sessionWorks(t, sb, flow.sessionString(), 5_000_000_200);
});

t.test("5 wrong codes void the login: the right code is then refused without reaching Telegram", async (t) => {
  const sb = await startSandbox(t);
  const flow = newFlow(t, sb);
  await flow.sendCode(DEMO_PHONE);
  const code = sb.lastCode("9996620001")!;
  for (let i = 1; i <= 4; i++) {
    const e = await expectLoginError(t, flow.submitCode(`1111${i}`), "PHONE_CODE_INVALID", "retry");
    t.match(e.message, `That code is not right. Check it and try again (${5 - i} ${i === 4 ? "try" : "tries"} left).`);
  }
  const last = await expectLoginError(t, flow.submitCode("11115"), "TOO_MANY_ATTEMPTS", "restart");
  t.equal(last.message, "That code is not right either: 5 wrong codes, so this login is cancelled. Start again and ask for a new login code.");
  await expectLoginError(t, flow.submitCode(code), "TOO_MANY_ATTEMPTS", "restart");
  await expectLoginError(t, flow.resendCode(), "TOO_MANY_ATTEMPTS");
  t.equal(sb.rpcCount("auth.SignIn"), 5, "the right code never reached Telegram");
  t.equal(sb.rpcCount("auth.CancelCode"), 1, "Telegram was told to forget the code");
});

t.test("5 wrong 2FA passwords void the login; with a guard, the phone then waits before any new login", async (t) => {
  const sb = await startSandbox(t);
  withPassword(sb, "9996620200", "correct horse");
  const guard = new LoginGuard();
  const ip = "203.0.113.5";
  const flow = newFlow(t, sb, guard);
  await flow.sendCode("+9996620200", { ip });
  t.match(await flow.submitCode(sb.lastCode("9996620200")!, { ip }), { step: "password" });
  for (let i = 1; i <= 4; i++) {
    const e = await expectLoginError(t, flow.submitPassword(`guess ${i}`, { ip }), "PASSWORD_HASH_INVALID", "retry");
    t.match(e.message, /That password is not right\. Try again \(\d tr(y|ies) left\)/);
  }
  const last = await expectLoginError(t, flow.submitPassword("guess 5", { ip }), "TOO_MANY_ATTEMPTS", "restart");
  t.match(last.message, /5 wrong passwords, so this login is cancelled/);
  await expectLoginError(t, flow.submitPassword("correct horse", { ip }), "TOO_MANY_ATTEMPTS");
  t.equal(sb.rpcCount("auth.CheckPassword"), 5, "the right password never reached Telegram");

  // A new login for this phone, even from another IP: no code is sent while it backs off.
  const next = newFlow(t, sb, guard);
  const wait = await expectLoginError(t, next.sendCode("+9996620200", { ip: "203.0.113.9" }), "TOO_MANY_FAILURES", "wait");
  t.equal(wait.retryAfterS, 30);
  t.equal(sb.rpcCount("auth.SendCode"), 1);
  t.match(await next.sendCode(DEMO_PHONE, { ip }), { step: "code" }, "another phone from the same IP may still log in");
});

t.test("expired code: resend, then sign in", async (t) => {
  const sb = await startSandbox(t);
  const flow = newFlow(t, sb);
  await flow.sendCode(DEMO_PHONE);
  sb.faults.error("auth.SignIn", 400, "PHONE_CODE_EXPIRED");
  await expectLoginError(t, flow.submitCode(sb.lastCode("9996620001")!), "PHONE_CODE_EXPIRED", "resend");
  t.match(await flow.resendCode(), { step: "code" });
  t.equal(sb.rpcCount("auth.ResendCode"), 1);
  t.match(await flow.submitCode(sb.lastCode("9996620001")!), { step: "done" });
});

t.test("resend after the code hash is gone asks for a fresh code", async (t) => {
  const sb = await startSandbox(t);
  const flow = newFlow(t, sb);
  await flow.sendCode(DEMO_PHONE);
  sb.faults.error("auth.ResendCode", 400, "PHONE_CODE_EXPIRED");
  t.match(await flow.resendCode(), { step: "code" });
  t.equal(sb.rpcCount("auth.SendCode"), 2);
  t.match(await flow.submitCode(sb.lastCode("9996620001")!), { step: "done" });
});

t.test("FLOOD_WAIT says how long, and the flow recovers", async (t) => {
  const sb = await startSandbox(t);
  const flow = newFlow(t, sb);
  sb.faults.floodWait("auth.SendCode", 120);
  const e = await expectLoginError(t, flow.sendCode(DEMO_PHONE), "FLOOD_WAIT", "wait");
  t.equal(e.retryAfterS, 120);
  t.match(e.message, /2 minutes/);
  t.match(await flow.sendCode(DEMO_PHONE), { step: "code" }, "works once the wait is over");
});

t.test("a number without an account gets a clear answer", async (t) => {
  const sb = await startSandbox(t);
  const flow = newFlow(t, sb);
  await flow.sendCode("+9991234567");
  await expectLoginError(t, flow.submitCode(sb.lastCode("9991234567")!), "PHONE_NUMBER_UNOCCUPIED", "restart");
});

t.test("QR login accepted by another logged-in session", async (t) => {
  const sb = await startSandbox(t);
  const other = await loginAs(t, sb, "demo");
  const flow = newFlow(t, sb);
  const st = await flow.startQr();
  t.equal(st.step, "qr");
  if (st.step !== "qr") return;
  t.match(st.url, /^tg:\/\/login\?token=[A-Za-z0-9_-]+$/);
  t.ok(st.expiresAt > Date.now());
  t.same(await flow.pollQr(), st, "pending until accepted");
  const token = Buffer.from(st.url.split("token=")[1], "base64url");
  await other.invoke(new Api.auth.AcceptLoginToken({ token }));
  const done = await flow.waitQr(10_000);
  t.match(done, { step: "done", user: { id: String(sb.world.demoAccountId) } });
  await sessionWorks(t, sb, flow.sessionString(), sb.world.demoAccountId);
});

t.test("QR login with 2FA, and a refresh on expiry", async (t) => {
  const sb = await startSandbox(t);
  withPassword(sb, "9996620200", "s3cret", "pet's name");
  const other = await loginAs(t, sb, "partner");
  const flow = newFlow(t, sb);
  const first = await flow.startQr();
  if (first.step !== "qr") return t.fail("expected qr");
  const refreshed = await flow.pollQr(first.expiresAt + 1);
  if (refreshed.step !== "qr") return t.fail("expected qr");
  t.not(refreshed.url, first.url, "an expired token is replaced by a new one");
  await t.rejects(other.invoke(new Api.auth.AcceptLoginToken({ token: Buffer.from(first.url.split("token=")[1], "base64url") })), /AUTH_TOKEN_INVALID/, "the old token no longer works");
  await other.invoke(new Api.auth.AcceptLoginToken({ token: Buffer.from(refreshed.url.split("token=")[1], "base64url") }));
  const st = await flow.waitQr(10_000);
  t.same(st, { step: "password", hint: "pet's name" });
  await expectLoginError(t, flow.submitPassword("nope"), "PASSWORD_HASH_INVALID");
  t.match(await flow.submitPassword("s3cret"), { step: "done", user: { username: "partner" } });
});

t.test("waitQr returns the pending state at its timeout", async (t) => {
  const sb = await startSandbox(t);
  const flow = newFlow(t, sb);
  const st = await flow.startQr();
  t.same(await flow.waitQr(10), st);
  await flow.close();
  await flow.close();
});
