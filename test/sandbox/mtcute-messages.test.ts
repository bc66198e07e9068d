// mtcute (layer 227) reads dialogs, history and search, sends, and downloads a file that lives on
// another DC, through the same world gramjs (layer 198) sees: each answer is checked against
// gramjs's view of the same data, so a field lost or garbled between layers shows.
import t from "tap";
import { Api, type TelegramClient } from "telegram";
import { resolveFiles } from "../../services/telegram/files/resolve-files.js";
import { sendFiles } from "../../services/telegram/files/send-files.js";
import { sessionOf } from "../helpers/session.js";
import { getPeerId } from "telegram/Utils.js";
import { buildDemoWorld } from "../../sandbox/world/demo.js";
import { connectClient, loginAs } from "../helpers/sandbox.js";
import { mtcuteClient, startSandboxForMtcute } from "../helpers/mtcute.js";

const DEMO_PHONE = "9996620001";

/** The demo account as an InputPeer for a gramjs client (resolved by username). */
async function demoPeer(g: TelegramClient): Promise<Api.InputPeerUser> {
  const u = (await g.invoke(new Api.contacts.ResolveUsername({ username: "demo" }))).users[0] as Api.User;
  return new Api.InputPeerUser({ userId: u.id, accessHash: u.accessHash! });
}

t.test("dialogs, history and search agree with gramjs's; a sent message reaches the other side", async (t) => {
  const sb = await startSandboxForMtcute(t, { flood: false });
  const c = mtcuteClient(t, sb);
  await c.start({ phone: DEMO_PHONE, code: () => "22222" });
  const g = await loginAs(t, sb);

  const mine: Array<{ id: number; top: number | undefined; unread: number }> = [];
  for await (const d of c.iterDialogs({ limit: 20 })) mine.push({ id: d.peer.id, top: d.lastMessage?.id, unread: d.unreadCount });
  const theirs = (await g.getDialogs({ limit: 20 })).map((d) => ({ id: Number(d.id), top: d.message?.id, unread: d.unreadCount }));
  t.equal(mine.length, 20);
  t.same(mine, theirs, "the same dialogs, order, top messages and unread counts");

  const hist = await c.getHistory("alice", { limit: 30 });
  const gHist = await g.getMessages("alice", { limit: 30 });
  t.ok(hist.length > 3);
  t.same(
    hist.map((m) => [m.id, m.text, m.date.getTime() / 1000, m.isOutgoing]),
    gHist.map((m) => [m.id, m.message, m.date, Boolean(m.out)]),
    "the same history: ids, texts, dates, direction",
  );

  const found = await c.searchMessages({ chatId: "alice", query: "budget", limit: 20 });
  const gFound = await g.getMessages("alice", { search: "budget", limit: 20 });
  t.ok(found.length > 0, "the search finds something");
  t.same(
    found.map((m) => m.id),
    gFound.map((m) => m.id),
    "messages.search: the same hits",
  );
  t.ok(
    found.every((m) => /budget/i.test(m.text)),
    "every hit has the word",
  );
  const global = await c.searchGlobal({ query: "budget", limit: 20 });
  const gGlobal = (await g.invoke(new Api.messages.SearchGlobal({ q: "budget", filter: new Api.InputMessagesFilterEmpty(), offsetPeer: new Api.InputPeerEmpty(), limit: 20 }))) as Api.messages.MessagesSlice;
  t.ok(global.length > 1);
  t.same(
    global.map((m) => `${m.chat.id}/${m.id}`),
    gGlobal.messages.map((m) => `${getPeerId(m.peerId!)}/${m.id}`),
    "messages.searchGlobal: the same hits (chat and id) in the same order",
  );

  const sent = await c.sendText("alice", "Sent by mtcute over layer 227");
  t.equal(sent.text, "Sent by mtcute over layer 227");
  t.ok(sent.isOutgoing);
  const alice = await loginAs(t, sb, "alice");
  const [last] = await alice.getMessages(await demoPeer(alice), { limit: 1 });
  t.equal(last?.message, "Sent by mtcute over layer 227", "alice sees it (through gramjs)");
  t.notOk(last?.out, "as incoming");
});

t.test("a document sent from DC 3 is downloaded by mtcute from DC 3 (exported authorization)", async (t) => {
  const world = buildDemoWorld();
  const tess = world.createUser({ phone: "9996630001", firstName: "Tess", username: "tess_third" });
  const sb = await startSandboxForMtcute(t, { world, flood: false });
  const sender = await connectClient(t, sb, await sb.createSession(tess.id));
  const text = Buffer.from("minutes of the DC 3 meeting\n".repeat(20000)); // 560 KB: several parts
  // Sent as tgmcp sends files (gramjs's own sendFile leaves a timer that holds the process ~25 s).
  const files = await resolveFiles([`data:text/plain;name=notes.txt;base64,${text.toString("base64")}`], { mode: "http-auth", maxBytes: 10 * 1024 * 1024 });
  await sendFiles(sessionOf(sender), await demoPeer(sender), files, { caption: { text: "notes" } });

  const c = mtcuteClient(t, sb);
  await c.start({ phone: DEMO_PHONE, code: () => "22222" });
  const [m] = await c.getHistory("tess_third", { limit: 1 });
  t.equal(m?.text, "notes");
  const media = m!.media;
  t.equal(media?.type, "document");
  if (media?.type !== "document") return;
  t.equal(media.fileName, "notes.txt");
  t.equal(media.fileSize, text.length);
  sb.resetCounters();
  const got = Buffer.from(await c.downloadAsBuffer(media));
  t.ok(got.equals(text), "the exact bytes");
  const log = sb.rpcLog.filter((e) => !e.method.startsWith("help.")).map((e) => `${e.method}@${e.dc}${e.error ? ":" + e.error : ""}`);
  // mtcute goes to the file's DC (document.dc_id) at once, before its login is there: the first
  // parts answer AUTH_KEY_UNREGISTERED, then it copies its login (export on DC 2, import on
  // DC 3) and asks again. gramjs asks its own DC first and follows FILE_MIGRATE_3
  // (test/sandbox/dc-files.test.ts). Telegram answers both as the sandbox does.
  t.ok(
    log.filter((e) => e.startsWith("upload.GetFile")).every((e) => e.startsWith("upload.GetFile@3")),
    "every part asked of DC 3, none of DC 2",
  );
  const imported = log.indexOf("auth.ImportAuthorization@3");
  t.ok(imported > log.indexOf("auth.ExportAuthorization@2") && log.indexOf("auth.ExportAuthorization@2") >= 0, "its login copied from DC 2 to DC 3");
  t.ok(
    log.slice(imported + 1).length > 0 && log.slice(imported + 1).every((e) => e === "upload.GetFile@3"),
    "then every part served by DC 3",
  );
  t.same(
    log.slice(0, imported).filter((e) => e.startsWith("upload.GetFile")),
    log.slice(0, imported).filter((e) => e === "upload.GetFile@3:AUTH_KEY_UNREGISTERED"),
    "before it, only refusals for want of a login",
  );
});
