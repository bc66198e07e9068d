// `tgmcp setup` (a real child process, its backend read from the sandbox info file) logging in an
// account homed on DC 3: with flags, and by QR accepted from the account's DC 3 session. The
// saved session points at DC 3 and works through tgmcp's client factory.
import t, { type Test } from "tap";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Api } from "telegram";
import { StringSession } from "telegram/sessions/index.js";
import { connectClient } from "../helpers/sandbox.js";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import { readSandboxInfoFile } from "../../services/accounts/backend.js";
import { exits, run, sessionIsUser, setupSandbox, startQrSetup } from "../setup/_cli.js";
import type { Sandbox } from "../../sandbox/index.js";

function addTess(sb: Sandbox): number {
  return sb.world.createUser({ phone: "9996630001", firstName: "Tess", lastName: "Third", username: "tess_third" }).id;
}

async function savedSessionOnDc3(t: Test, sb: Sandbox, sessions: string, tessId: number): Promise<void> {
  const session = (await new FileAccountStore({ dir: sessions }).loadSession("default"))!;
  t.equal(new StringSession(session).dcId, 3, "the saved session is for DC 3");
  await sessionIsUser(t, sb, session, tessId);
}

t.test("the info file lists every DC and tgmcp reads them", async (t) => {
  const { sb, info } = await setupSandbox(t);
  const backend = readSandboxInfoFile(info);
  t.same(backend.kind === "sandbox" && backend.dcs, sb.dcs.map(({ id, host, port }) => ({ id, host, port })));
  t.equal(JSON.parse(readFileSync(info, "utf8")).dcs.length, 3);
});

t.test("setup with flags for a number homed on DC 3", async (t) => {
  const { sb, info, dir } = await setupSandbox(t);
  const tessId = addTess(sb);
  const sessions = path.join(dir, "s");
  const r = await run(["setup", "--sandbox-info-file", info, "--session-dir", sessions, "--mode", "stdio", "--phone-number", "+9996630001", "--code", "33333"]);
  exits(t, r, 0);
  t.same(
    sb.rpcLog.filter((e) => e.method === "auth.SendCode").map((e) => `${e.dc}:${e.error ?? "ok"}`),
    ["2:PHONE_MIGRATE_3", "3:ok"],
    "the child was sent from DC 2 to DC 3",
  );
  await savedSessionOnDc3(t, sb, sessions, tessId);
});

t.test("QR setup accepted by the DC 3 account's phone", async (t) => {
  const { sb, info, dir } = await setupSandbox(t);
  const tessId = addTess(sb);
  const phone = await connectClient(t, sb, await sb.createSession(tessId));
  const sessions = path.join(dir, "s");
  const qr = await startQrSetup(t, ["setup", "--sandbox-info-file", info, "--session-dir", sessions, "--mode", "stdio", "--qr", "--json"]);
  await phone.invoke(new Api.auth.AcceptLoginToken({ token: qr.token }));
  const { code, stdout, stderr } = await qr.done;
  if (!t.equal(code, 0, "exits 0")) t.comment(stderr);
  t.match(JSON.parse(stdout), { ok: true, user: { username: "tess_third" } });
  t.ok(sb.rpcLog.some((e) => e.method === "auth.ImportLoginToken" && e.dc === 3 && !e.error), "imported on DC 3");
  await savedSessionOnDc3(t, sb, sessions, tessId);
});
