// Several data centers through real gramjs (and the spec-written raw client where gramjs hides the
// answer): help.getConfig lists every DC; a login for a number homed elsewhere answers
// PHONE_MIGRATE_X and gramjs follows it; files live on their uploader's DC (FILE_MIGRATE_X, and
// gramjs downloads through an exported authorization); a login copied to another DC answers
// USER_MIGRATE_X outside file calls; QR login redirects to the home DC (auth.loginTokenMigrateTo).
import t, { type Test } from "tap";
import bigInt from "big-integer";
import { Api, errors, type TelegramClient } from "telegram";
import { CustomFile } from "telegram/client/uploads.js";
import { buildDemoWorld } from "../../sandbox/world/demo.js";
import { dcPort, type Sandbox } from "../../sandbox/index.js";
import { connectClient, loginAs, rpcError, sandboxClient, startSandbox } from "../helpers/sandbox.js";
import { RawMtprotoClient } from "../helpers/mtproto-client.js";

/** A user homed on DC 3 by the test-phone convention (99966XYYYY: DC X), code 33333. */
const TESS_PHONE = "9996630001";

async function sandboxWithTess(t: Test, opts: { rsa?: boolean } = {}): Promise<{ sb: Sandbox; tessId: number }> {
  const world = buildDemoWorld();
  const tess = world.createUser({ phone: TESS_PHONE, firstName: "Tess", lastName: "Third", username: "tess_third" });
  const sb = await startSandbox(t, { world, ...opts });
  return { sb, tessId: tess.id };
}

/** gramjs 2.26.22 leaves a download's exported-sender release timer running after destroy(). */
function clearExportedSenderTimers(client: TelegramClient): void {
  const timers = (client as unknown as { _exportedSenderReleaseTimeouts: Map<number, NodeJS.Timeout> })._exportedSenderReleaseTimeouts;
  for (const timer of timers.values()) clearTimeout(timer);
  timers.clear();
}

async function raw(t: Test, sb: Sandbox, dcId: number): Promise<RawMtprotoClient> {
  const dc = sb.dc(dcId);
  const c = await RawMtprotoClient.connect({ host: dc.host, port: dc.port, framing: "intermediate", rsa: sb.rsaPublicKey! });
  t.teardown(() => c.close());
  await c.handshake();
  return c;
}

const rawError = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return "no error";
  } catch (e) {
    return (e as { errorMessage?: string }).errorMessage ?? String(e);
  }
};

t.test("three DCs on their own loopback ports, each listed by help.getConfig and answering as itself", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  t.same(
    sb.dcs.map((d) => d.id),
    [1, 2, 3],
  );
  t.equal(sb.port, sb.dc(2).port, "sb.port is DC 2's");
  for (const dc of sb.dcs) {
    t.equal(dc.port, dcPort(sb.port, dc.id), `DC ${dc.id} listens on DC 2's port + ${dc.id - 2}`);
    t.ok(dc.port < 32768, "a port gramjs's StringSession can store");
  }
  for (const dc of sb.dcs) {
    const c = await connectClient(t, sb, await sb.createAnonymousSession(dc.id));
    const config = await c.invoke(new Api.help.GetConfig());
    t.equal(config.thisDc, dc.id, `DC ${dc.id} says it is DC ${dc.id}`);
    t.same(
      config.dcOptions.map((o) => [o.id, o.ipAddress, o.port]),
      sb.dcs.map((d) => [d.id, d.host, d.port]),
      "every DC with its loopback address",
    );
    t.equal((await c.invoke(new Api.help.GetNearestDc())).nearestDc, 2);
  }
  t.ok(sb.rpcLog.some((e) => e.method === "help.GetConfig" && e.dc === 3), "the log says which DC answered");
});

t.test("phone login for a number homed on DC 3: PHONE_MIGRATE_3 from DC 2, gramjs switches, the key lives on DC 3", async (t) => {
  const { sb, tessId } = await sandboxWithTess(t);
  const client = sandboxClient(t, sb, "");
  await client.connect();
  t.equal(client.session.dcId, 2, "a new client starts on DC 2");
  const sent = await client.invoke(new Api.auth.SendCode({ phoneNumber: `+${TESS_PHONE}`, apiId: 1, apiHash: "x", settings: new Api.CodeSettings({}) }));
  t.ok(sent instanceof Api.auth.SentCode);
  t.same(
    sb.rpcLog.filter((e) => e.method === "auth.SendCode").map((e) => [e.dc, e.error ?? "ok"]),
    [
      [2, "PHONE_MIGRATE_3"],
      [3, "ok"],
    ],
    "DC 2 points to DC 3, where the code is sent",
  );
  t.equal(client.session.dcId, 3, "gramjs followed the migration");
  const auth = await client.invoke(new Api.auth.SignIn({ phoneNumber: TESS_PHONE, phoneCodeHash: (sent as Api.auth.SentCode).phoneCodeHash, phoneCode: "33333" }));
  t.equal(Number(((auth as Api.auth.Authorization).user as Api.User).id), tessId);
  t.equal(Number((await client.getMe()).id), tessId, "calls work on the home DC");

  // The demo account (DC 2) logs in on DC 2 without any migration, as before.
  const demo = sandboxClient(t, sb, "");
  await demo.connect();
  await demo.invoke(new Api.auth.SendCode({ phoneNumber: "9996620001", apiId: 1, apiHash: "x", settings: new Api.CodeSettings({}) }));
  t.equal(demo.session.dcId, 2);

  // Sign-in and sign-up on the wrong DC also point home; a new test number is made on its DC.
  const c2 = await raw(t, sb, 2);
  t.equal(await rawError(c2.invoke(new Api.auth.SignIn({ phoneNumber: TESS_PHONE, phoneCodeHash: "x", phoneCode: "33333" }))), "PHONE_MIGRATE_3");
  t.equal(await rawError(c2.invoke(new Api.auth.SendCode({ phoneNumber: "9996610077", apiId: 1, apiHash: "x", settings: new Api.CodeSettings({}) }))), "PHONE_MIGRATE_1");
  const c1 = await raw(t, sb, 1);
  const code = (await c1.invoke(new Api.auth.SendCode({ phoneNumber: "9996610077", apiId: 1, apiHash: "x", settings: new Api.CodeSettings({}) }))).result as Api.auth.SentCode;
  await c1.invoke(new Api.auth.SignIn({ phoneNumber: "9996610077", phoneCodeHash: code.phoneCodeHash, phoneCode: "11111" }));
  const made = (await c1.invoke(new Api.auth.SignUp({ phoneNumber: "9996610077", phoneCodeHash: code.phoneCodeHash, firstName: "New", lastName: "" }))).result as Api.auth.Authorization;
  t.equal(sb.homeDcOf(Number(made.user.id)), 1, "signed up on DC 1, homed there");
});

t.test("files live on the uploader's DC: FILE_MIGRATE_X elsewhere, gramjs downloads through an exported authorization", async (t) => {
  const { sb, tessId } = await sandboxWithTess(t);
  const tess = await connectClient(t, sb, await sb.createSession(tessId));
  t.equal(tess.session.dcId, 3, "a session made for Tess is on DC 3");
  t.teardown(() => clearExportedSenderTimers(tess)); // gramjs's sendFile uploads through a borrowed sender too
  const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 13) & 0xff));
  const demoUser = (await tess.invoke(new Api.contacts.ResolveUsername({ username: "demo" }))).users[0]!;
  await tess.sendFile(demoUser, { file: new CustomFile("plan.bin", bytes.length, "", bytes), forceDocument: true });
  t.ok(sb.rpcLog.some((e) => e.method === "messages.SendMedia" && e.dc === 3 && !e.error), "sent from DC 3");

  const demo = await loginAs(t, sb);
  t.teardown(() => clearExportedSenderTimers(demo));
  const [m] = await demo.getMessages("tess_third", { limit: 1 });
  const doc = (m!.media as Api.MessageMediaDocument).document as Api.Document;
  t.equal(doc.dcId, 3, "the document says it lives on DC 3");

  const location = new Api.InputDocumentFileLocation({ id: doc.id, accessHash: doc.accessHash, fileReference: doc.fileReference, thumbSize: "" });
  const migrate = await demo.invoke(new Api.upload.GetFile({ location, offset: bigInt(0), limit: 4096 })).catch((e: unknown) => e);
  t.ok(migrate instanceof errors.FileMigrateError && migrate.newDc === 3, "DC 2 answers FILE_MIGRATE_3");

  sb.resetCounters();
  const got = (await demo.downloadMedia(m!, {})) as Buffer;
  t.ok(Buffer.from(got).equals(bytes), "the bytes, downloaded from DC 3");
  const log = sb.rpcLog.map((e) => `${e.method}@${e.dc}${e.error ? ":" + e.error : ""}`);
  t.same(
    log.filter((l) => !l.startsWith("help.")),
    ["upload.GetFile@2:FILE_MIGRATE_3", "auth.ExportAuthorization@2", "auth.ImportAuthorization@3", "upload.GetFile@3"],
    "gramjs asks DC 2, is pointed to DC 3, copies its login there and downloads",
  );

  // The imported copy is not a device of the account.
  const devices = await demo.invoke(new Api.account.GetAuthorizations());
  t.equal(devices.authorizations.length, 1, "account.getAuthorizations lists only the DC 2 session");
});

t.test("an authorization copied to another DC: file calls work, others answer USER_MIGRATE_X; export/import errors", async (t) => {
  const { sb, tessId } = await sandboxWithTess(t);
  const tess = await connectClient(t, sb, await sb.createSession(tessId));
  const exp = await tess.invoke(new Api.auth.ExportAuthorization({ dcId: 2 }));
  t.equal(Number(exp.id), tessId);

  const c2 = await raw(t, sb, 2);
  const auth = (await c2.invoke(new Api.auth.ImportAuthorization({ id: exp.id, bytes: exp.bytes }))).result;
  t.ok(auth instanceof Api.auth.Authorization, "imported on DC 2");
  t.equal(await rawError(c2.invoke(new Api.messages.GetDialogs({ offsetPeer: new Api.InputPeerEmpty(), limit: 10, offsetDate: 0, offsetId: 0, hash: bigInt(0) }))), "USER_MIGRATE_3");
  t.equal(await rawError(c2.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }))), "USER_MIGRATE_3");
  // A seeded photo lives on DC 2: it downloads here.
  const photo = [...sb.world.media.values()].find((m) => m.kind === "photo")!;
  const file = (
    await c2.invoke(
      new Api.upload.GetFile({
        location: new Api.InputPhotoFileLocation({ id: bigInt(photo.id), accessHash: bigInt(sb.world.mediaAccessHash(photo.id)), fileReference: Buffer.from([1, 2, 3, 4]), thumbSize: "x" }),
        offset: bigInt(0),
        limit: 1024,
        precise: true, // 1 KB parts need precise (upload.getFile's rules)
      }),
    )
  ).result as Api.upload.File;
  t.equal(file.bytes.length, 1024, "upload.getFile works for a file of this DC");

  const c2b = await raw(t, sb, 2);
  t.equal(await rawError(c2b.invoke(new Api.auth.ImportAuthorization({ id: exp.id, bytes: exp.bytes }))), "AUTH_BYTES_INVALID", "the bytes are single-use");
  const exp1 = await tess.invoke(new Api.auth.ExportAuthorization({ dcId: 1 }));
  t.equal(await rawError(c2b.invoke(new Api.auth.ImportAuthorization({ id: exp1.id, bytes: exp1.bytes }))), "AUTH_BYTES_INVALID", "bytes for DC 1 do not work on DC 2");
  t.equal(await rpcError(tess.invoke(new Api.auth.ExportAuthorization({ dcId: 3 }))), "DC_ID_INVALID", "not to its own DC");
  t.equal(await rpcError(tess.invoke(new Api.auth.ExportAuthorization({ dcId: 5 }))), "DC_ID_INVALID", "not to a DC the sandbox lacks");
});

t.test("QR login accepted by a user homed on DC 3: loginTokenMigrateTo, then importLoginToken on DC 3", async (t) => {
  const { sb, tessId } = await sandboxWithTess(t);
  const tess = await connectClient(t, sb, await sb.createSession(tessId));
  // gramjs on DC 2 (it takes the UpdateLoginToken push the raw client does not); the raw client on DC 3.
  const c2 = await connectClient(t, sb, await sb.createAnonymousSession(2));
  const token = await c2.invoke(new Api.auth.ExportLoginToken({ apiId: 1, apiHash: "x", exceptIds: [] }));
  t.ok(token instanceof Api.auth.LoginToken);
  await tess.invoke(new Api.auth.AcceptLoginToken({ token: (token as Api.auth.LoginToken).token }));
  const again = (await c2.invoke(new Api.auth.ExportLoginToken({ apiId: 1, apiHash: "x", exceptIds: [] }))) as Api.auth.LoginTokenMigrateTo;
  t.ok(again instanceof Api.auth.LoginTokenMigrateTo, "DC 2 redirects");
  t.equal(again.dcId, 3);
  const c2other = await raw(t, sb, 2);
  t.equal(await rawError(c2other.invoke(new Api.auth.ImportLoginToken({ token: again.token }))), "AUTH_TOKEN_INVALID", "the token is for DC 3 only");
  const c3 = await raw(t, sb, 3);
  const done = (await c3.invoke(new Api.auth.ImportLoginToken({ token: again.token }))).result as Api.auth.LoginTokenSuccess;
  t.ok(done instanceof Api.auth.LoginTokenSuccess);
  t.equal(Number(((done.authorization as Api.auth.Authorization).user as Api.User).id), tessId, "logged in on DC 3");
  t.equal(await rawError(c3.invoke(new Api.auth.ImportLoginToken({ token: again.token }))), "AUTH_TOKEN_INVALID", "single-use");
});
