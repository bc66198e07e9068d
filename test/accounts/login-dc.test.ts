// tgmcp's login (services/accounts/login.ts) for an account homed on another DC, through real
// gramjs and the sandbox's DCs: the phone login follows PHONE_MIGRATE_3, QR login follows
// auth.loginTokenMigrateTo to DC 3, 2FA works after either, and the saved session points at DC 3.
import t, { type Test } from "tap";
import { Api } from "telegram";
import { StringSession } from "telegram/sessions/index.js";
import { startSandbox, sandboxClient, connectClient } from "../helpers/sandbox.js";
import { LoginFlow } from "../../services/accounts/login.js";
import { buildDemoWorld } from "../../sandbox/world/demo.js";
import type { Sandbox } from "../../sandbox/index.js";

/** Homed on DC 3 by the test-phone convention (99966XYYYY: DC X), code 33333. */
const TESS_PHONE = "9996630001";

async function sandboxWithTess(t: Test, password?: { password: string; hint?: string }): Promise<{ sb: Sandbox; tessId: number }> {
  const world = buildDemoWorld();
  const tess = world.createUser({ phone: TESS_PHONE, firstName: "Tess", lastName: "Third", username: "tess_third" });
  if (password) tess.password = password;
  const sb = await startSandbox(t, { world });
  return { sb, tessId: tess.id };
}

function newFlow(t: Test, sb: Sandbox): LoginFlow {
  const flow = new LoginFlow({ client: sandboxClient(t, sb, "", { autoReconnect: false }) });
  t.teardown(() => flow.close());
  return flow;
}

/** The saved session is on DC 3 and, in a new client, logged in as Tess. */
async function sessionOnDc3(t: Test, sb: Sandbox, session: string, tessId: number): Promise<void> {
  t.equal(new StringSession(session).dcId, 3, "the saved session points at DC 3");
  const c = await connectClient(t, sb, session);
  t.equal(String((await c.getMe()).id), String(tessId), "and works from a new client");
  const dialogs = await c.invoke(new Api.messages.GetDialogs({ offsetPeer: new Api.InputPeerEmpty(), limit: 5 }));
  t.ok("dialogs" in dialogs, "an ordinary call on the home DC");
  t.notOk(
    sb.rpcLog.some((e) => e.userId === tessId && e.error?.startsWith("USER_MIGRATE")),
    "never a call from the wrong DC",
  );
}

t.test("phone + code for a number homed on DC 3: the flow follows PHONE_MIGRATE_3", async (t) => {
  const { sb, tessId } = await sandboxWithTess(t);
  const flow = newFlow(t, sb);
  t.match(await flow.sendCode(`+${TESS_PHONE}`), { step: "code", codeLength: 5 });
  t.same(
    sb.rpcLog.filter((e) => e.method === "auth.SendCode").map((e) => `${e.dc}:${e.error ?? "ok"}`),
    ["2:PHONE_MIGRATE_3", "3:ok"],
  );
  t.match(await flow.submitCode("33333"), { step: "done", user: { id: String(tessId), username: "tess_third" } });
  await sessionOnDc3(t, sb, flow.sessionString(), tessId);
});

t.test("phone + code + 2FA on DC 3", async (t) => {
  const { sb, tessId } = await sandboxWithTess(t, { password: "tr1ple", hint: "three" });
  const flow = newFlow(t, sb);
  await flow.sendCode(`+${TESS_PHONE}`);
  t.same(await flow.submitCode("33333"), { step: "password", hint: "three" });
  t.match(await flow.submitPassword("tr1ple"), { step: "done", user: { id: String(tessId) } });
  t.ok(sb.rpcLog.some((e) => e.method === "auth.CheckPassword" && e.dc === 3 && !e.error), "the password is checked on DC 3");
  await sessionOnDc3(t, sb, flow.sessionString(), tessId);
});

t.test("QR login accepted by a DC 3 account: loginTokenMigrateTo, importLoginToken on DC 3", async (t) => {
  const { sb, tessId } = await sandboxWithTess(t);
  const phone = await connectClient(t, sb, await sb.createSession(tessId)); // Tess's phone app, on DC 3
  const flow = newFlow(t, sb);
  const st = await flow.startQr();
  if (st.step !== "qr") return t.fail("expected qr");
  await phone.invoke(new Api.auth.AcceptLoginToken({ token: Buffer.from(st.url.split("token=")[1]!, "base64url") }));
  t.match(await flow.waitQr(10_000), { step: "done", user: { id: String(tessId) } });
  t.same(
    sb.rpcLog.filter((e) => e.method === "auth.ExportLoginToken" || e.method === "auth.ImportLoginToken").map((e) => `${e.method}@${e.dc}`),
    ["auth.ExportLoginToken@2", "auth.ExportLoginToken@2", "auth.ImportLoginToken@3"],
    "exported on DC 2, redirected, imported on DC 3",
  );
  await sessionOnDc3(t, sb, flow.sessionString(), tessId);
});

t.test("QR login + 2FA for a DC 3 account", async (t) => {
  const { sb, tessId } = await sandboxWithTess(t, { password: "tr1ple" });
  const phone = await connectClient(t, sb, await sb.createSession(tessId));
  const flow = newFlow(t, sb);
  const st = await flow.startQr();
  if (st.step !== "qr") return t.fail("expected qr");
  await phone.invoke(new Api.auth.AcceptLoginToken({ token: Buffer.from(st.url.split("token=")[1]!, "base64url") }));
  t.match(await flow.waitQr(10_000), { step: "password" });
  t.match(await flow.submitPassword("tr1ple"), { step: "done", user: { id: String(tessId) } });
  await sessionOnDc3(t, sb, flow.sessionString(), tessId);
});
