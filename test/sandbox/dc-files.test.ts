// tgmcp's file sending (services/telegram/files) from an account homed on DC 3, and the download
// of that file by a DC 2 account through tgmcp's gramjs client (client-factory): the upload goes
// to DC 3, the file lives there, and the download follows FILE_MIGRATE_3 with an exported login.
import t from "tap";
import { Api, type TelegramClient } from "telegram";
import { buildDemoWorld } from "../../sandbox/world/demo.js";
import { resolveFiles } from "../../services/telegram/files/resolve-files.js";
import { sendFiles } from "../../services/telegram/files/send-files.js";
import { connectClient, loginAs, startSandbox } from "../helpers/sandbox.js";
import { sessionOf } from "../helpers/session.js";

/** gramjs 2.26.22 leaves a download's exported-sender release timer running after destroy(). */
function clearExportedSenderTimers(client: TelegramClient): void {
  const timers = (client as unknown as { _exportedSenderReleaseTimeouts: Map<number, NodeJS.Timeout> })._exportedSenderReleaseTimeouts;
  for (const timer of timers.values()) clearTimeout(timer);
  timers.clear();
}

t.test("a DC 3 account sends a document with tgmcp; a DC 2 account downloads it from DC 3", async (t) => {
  const world = buildDemoWorld();
  const tess = world.createUser({ phone: "9996630001", firstName: "Tess", username: "tess_third" });
  const sb = await startSandbox(t, { world });
  const client = await connectClient(t, sb, await sb.createSession(tess.id));
  const demoUser = (await client.invoke(new Api.contacts.ResolveUsername({ username: "demo" }))).users[0] as Api.User;
  const peer = new Api.InputPeerUser({ userId: demoUser.id, accessHash: demoUser.accessHash! });

  const text = Buffer.from("minutes of the DC 3 meeting\n".repeat(3000));
  const files = await resolveFiles([`data:text/plain;name=notes.txt;base64,${text.toString("base64")}`], { mode: "http-auth", maxBytes: 10 * 1024 * 1024 });
  const sent = await sendFiles(sessionOf(client), peer, files, { caption: { text: "notes" } });
  t.equal(sent.messages.length, 1);
  const uploads = sb.rpcLog.filter((e) => e.method.startsWith("upload.Save") || e.method === "messages.SendMedia");
  t.ok(uploads.length >= 2 && uploads.every((e) => e.dc === 3 && !e.error), "uploaded to and sent from DC 3, the account's home");

  const demo = await loginAs(t, sb);
  t.teardown(() => clearExportedSenderTimers(demo));
  const [m] = await demo.getMessages("tess_third", { limit: 1 });
  const doc = (m!.media as Api.MessageMediaDocument).document as Api.Document;
  t.equal(doc.dcId, 3, "the file lives on DC 3");
  sb.resetCounters();
  const got = Buffer.from((await demo.downloadMedia(m!, {})) as Buffer);
  t.ok(got.equals(text), "the DC 2 account downloads the exact bytes");
  t.same(
    sb.rpcLog.filter((e) => !e.method.startsWith("help.")).map((e) => `${e.method}@${e.dc}${e.error ? ":" + e.error : ""}`),
    ["upload.GetFile@2:FILE_MIGRATE_3", "auth.ExportAuthorization@2", "auth.ImportAuthorization@3", "upload.GetFile@3"],
  );
});
