// Upload and send through real gramjs to the sandbox: photos, documents, albums and mixed sends
// arrive in the sandbox world with the right types, names, sizes and bytes.
import bigInt from "big-integer";
import { Api } from "telegram";
import t from "tap";
import { World } from "../../sandbox/index.js";
import type { Sandbox } from "../../sandbox/index.js";
import type { Config } from "../../services/config/index.js";
import { ToolError } from "../../services/telegram/errors.js";
import { createFileSender, resolveOptionsFromConfig } from "../../services/telegram/files/index.js";
import { resolveFiles } from "../../services/telegram/files/resolve-files.js";
import { CAPTION_LIMIT, planSends, sendFiles } from "../../services/telegram/files/send-files.js";
import type { PreparedFile } from "../../services/telegram/files/types.js";
import { connectClient, startSandbox } from "../helpers/sandbox.js";
import { sessionOf } from "../helpers/session.js";
import type { AccountSession } from "../../services/telegram/account-session.js";
import { fakeDns, mp3Bytes, mp4Bytes, pdfBytes, pngBytes, startServer } from "./_fixtures.js";

const MB = 1024 * 1024;

function dataUri(mime: string, name: string, data: Buffer): string {
  return `data:${mime};name=${encodeURIComponent(name)};base64,${data.toString("base64")}`;
}

async function setup(t: { teardown(fn: () => unknown): void }): Promise<{ sb: Sandbox; client: AccountSession; me: number; friend: Api.InputPeerUser; friendId: number }> {
  const world = new World();
  const me = world.createUser({ phone: "+15550001001", firstName: "Ada", username: "ada" });
  const other = world.createUser({ phone: "+15550001002", firstName: "Bob", username: "bob" });
  const sandbox = await startSandbox(t, { world });
  const client = sessionOf(await connectClient(t, sandbox, await sandbox.createSession(me.id)));
  const resolved = await client.invoke(new Api.contacts.ResolveUsername({ username: "bob" }));
  const u = resolved.users[0] as Api.User;
  return { sb: sandbox, client, me: me.id, friend: new Api.InputPeerUser({ userId: u.id, accessHash: u.accessHash! }), friendId: other.id };
}

/** What the world stored for a sent message: its media record and album id. */
function stored(sb: Sandbox, messageId: number) {
  const w = sb.world;
  const row = w.globalMessageRow(messageId);
  if (row < 0) throw new Error(`message ${messageId} not in the world`);
  const mediaId = w.store.media.get(row);
  return { text: w.store.text(row), media: mediaId ? w.media.get(mediaId) : undefined, groupedId: w.store.groupedId.get(row) };
}

async function prepared(files: string[], maxBytes = 20 * MB): Promise<PreparedFile[]> {
  return resolveFiles(files, { mode: "http-auth", maxBytes });
}

t.test("one photo and one document", async (t) => {
  const { sb, client, friend } = await setup(t);
  const png = pngBytes(64, 32);
  const [photo] = await prepared([dataUri("image/png", "chart.png", png)]);
  const r1 = await sendFiles(client, friend, [photo], { caption: { text: "Chart", entities: [new Api.MessageEntityBold({ offset: 0, length: 5 })] } });
  t.equal(r1.messages.length, 1);
  t.equal(r1.caption_sent_separately, false);
  const m1 = r1.messages[0];
  t.type(m1.media, Api.MessageMediaPhoto, "arrives as a photo");
  t.equal(m1.message, "Chart");
  const s1 = stored(sb, m1.id);
  t.equal(s1.media?.kind, "photo");
  t.equal(s1.media?.size, png.length);
  t.same(s1.media?.content, png, "the exact bytes were uploaded");
  t.same([s1.media?.w, s1.media?.h], [64, 32]);
  t.equal(s1.text, "Chart");

  const pdf = pdfBytes(5000);
  const [doc] = await prepared([dataUri("application/pdf", "Q3 report.pdf", pdf)]);
  const r2 = await sendFiles(client, friend, [doc], { caption: { text: "Report attached" }, replyTo: m1.id });
  const m2 = r2.messages[0];
  t.type(m2.media, Api.MessageMediaDocument, "arrives as a document");
  const s2 = stored(sb, m2.id);
  t.equal(s2.media?.kind, "document");
  t.equal(s2.media?.fileName, "Q3 report.pdf");
  t.equal(s2.media?.mime, "application/pdf");
  t.equal(s2.media?.size, pdf.length);
  t.same(s2.media?.content, pdf);
  t.equal((m2.replyTo as Api.MessageReplyHeader)?.replyToMsgId, m1.id, "reply_to is kept");
  t.equal(sb.rpcCount("messages.SendMedia"), 2);
  t.equal(sb.rpcCount("messages.SendMultiMedia"), 0);
  t.equal(sb.rpcCount("upload.SaveFilePart"), 2, "small files: one SaveFilePart each");

  // A cancelled call stops before sending anything more.
  sb.resetCounters();
  const ac = new AbortController();
  ac.abort();
  await t.rejects(sendFiles(client, friend, [photo], { signal: ac.signal }), { reason: "upload_failed", message: /cancelled/ });
  t.equal(sb.rpcCount("messages.SendMedia") + sb.rpcCount("upload.SaveFilePart"), 0);
});

t.test("album: photos and a video in one SendMultiMedia, caption on the first", async (t) => {
  const { sb, client, friend } = await setup(t);
  const imgs = [pngBytes(10, 10), pngBytes(20, 10), pngBytes(30, 10)];
  const mp4 = mp4Bytes(4096);
  const files = await prepared([...imgs.map((b, i) => dataUri("image/png", `shot${i + 1}.png`, b)), dataUri("video/mp4", "clip.mp4", mp4)]);
  t.same(
    files.map((f) => f.kind),
    ["photo", "photo", "photo", "video"],
  );
  const r = await sendFiles(client, friend, files, { caption: { text: "Project screenshots" } });
  t.equal(r.messages.length, 4);
  t.equal(sb.rpcCount("messages.SendMultiMedia"), 1, "one album");
  t.equal(sb.rpcCount("messages.UploadMedia"), 4, "each item uploaded as media first");
  const st = r.messages.map((m) => stored(sb, m.id));
  t.ok(st[0].groupedId !== undefined && st.every((s) => s.groupedId === st[0].groupedId), "all in one group");
  t.same(
    st.map((s) => s.media?.kind),
    ["photo", "photo", "photo", "document"],
  );
  t.same(
    st.map((s) => s.media?.size),
    [...imgs.map((b) => b.length), mp4.length],
  );
  t.equal(st[3].media?.mime, "video/mp4");
  t.equal(st[3].media?.fileName, "clip.mp4");
  t.same(
    r.messages.map((m) => m.message),
    ["Project screenshots", "", "", ""],
  );
  t.same(
    r.messages.map((m) => m.groupedId?.toString()),
    Array(4).fill(r.messages[0].groupedId?.toString()),
  );
});

t.test("album of documents; mixed kinds go one by one in order", async (t) => {
  const { sb, client, friend } = await setup(t);
  const docs = await prepared([dataUri("application/pdf", "a.pdf", pdfBytes(100)), dataUri("text/plain", "b.txt", Buffer.from("bee"))]);
  const r1 = await sendFiles(client, friend, docs, { caption: { text: "Two docs" } });
  t.equal(sb.rpcCount("messages.SendMultiMedia"), 1);
  t.same(
    r1.messages.map((m) => stored(sb, m.id).media?.fileName),
    ["a.pdf", "b.txt"],
  );

  sb.resetCounters();
  const mixed = await prepared([dataUri("image/png", "p.png", pngBytes(5, 5)), dataUri("application/pdf", "d.pdf", pdfBytes(100)), dataUri("audio/mpeg", "s.mp3", mp3Bytes())]);
  t.same(
    planSends(mixed).map((g) => g.length),
    [1, 1, 1],
  );
  const r2 = await sendFiles(client, friend, mixed, { caption: { text: "Mixed" }, replyTo: r1.messages[0].id });
  t.equal(sb.rpcCount("messages.SendMedia"), 3, "three separate sends");
  t.equal(sb.rpcCount("messages.SendMultiMedia"), 0);
  t.same(
    r2.messages.map((m) => m.message),
    ["Mixed", "", ""],
    "the caption goes on the first",
  );
  t.ok(r2.messages[0].id < r2.messages[1].id && r2.messages[1].id < r2.messages[2].id, "in order");
  t.equal((r2.messages[0].replyTo as Api.MessageReplyHeader)?.replyToMsgId, r1.messages[0].id);
  t.notOk(r2.messages[1].replyTo, "only the first message replies");
  t.same(
    r2.messages.map((m) => stored(sb, m.id).media?.mime),
    ["image/jpeg" /* the sandbox stores photos as jpeg */, "application/pdf", "audio/mpeg"],
  );
});

t.test("a caption over 1024 characters is sent as its own text message", async (t) => {
  const { sb, client, friend } = await setup(t);
  const long = "x".repeat(CAPTION_LIMIT + 1);
  const files = await prepared([dataUri("image/png", "p.png", pngBytes(5, 5))]);
  const r = await sendFiles(client, friend, files, { caption: { text: long } });
  t.equal(r.caption_sent_separately, true);
  t.equal(r.messages.length, 2);
  t.equal(r.messages[0].message, long, "the text first");
  t.notOk(r.messages[0].media, "no media on the text");
  t.equal(r.messages[1].message, "", "the photo without a caption");
  t.equal(stored(sb, r.messages[0].id).text, long);
  t.type(r.messages[1].media, Api.MessageMediaPhoto);

  const exact = await sendFiles(client, friend, files, { caption: { text: "y".repeat(CAPTION_LIMIT) } });
  t.equal(exact.caption_sent_separately, false, "exactly 1024 is still a caption");

  // To Saved Messages the text answer comes in the short form; it is rebuilt.
  const self = await sendFiles(client, new Api.InputPeerSelf(), files, { caption: { text: long } });
  t.equal(self.messages[0].message, long);
  t.ok(self.messages[0].id > 0);
  t.equal(self.updates.updates.filter((u) => u instanceof Api.UpdateNewMessage).length, 2);
});

t.test("a file over 10 MB goes up in big parts", async (t) => {
  const { sb, client, friend } = await setup(t);
  const big = pdfBytes(10 * MB + 4096);
  const [f] = await prepared([dataUri("application/pdf", "big.pdf", big)], 11 * MB);
  const r = await sendFiles(client, friend, [f], {});
  t.equal(sb.rpcCount("upload.SaveBigFilePart"), Math.ceil(big.length / (512 * 1024)), "SaveBigFilePart, 512 KB parts");
  t.equal(sb.rpcCount("upload.SaveFilePart"), 0);
  const s = stored(sb, r.messages[0].id);
  t.equal(s.media?.size, big.length);
  t.ok(s.media?.content?.equals(big), "bytes intact");
  // A photo over 10 MB is sent as a document.
  const bigPng = pngBytes(4, 4, 10 * MB + 10);
  const [p] = await prepared([dataUri("image/png", "huge.png", bigPng)], 11 * MB);
  t.equal(p.kind, "document");
});

t.test("the FileSender for send_message: config keys, refusals send nothing", async (t) => {
  const { sb, client, friend } = await setup(t);
  const srv = await startServer(t, {
    "/img1.png": (_q, res) => res.end(pngBytes(12, 12)),
    "/img2.png": (_q, res) => res.end(pngBytes(13, 12)),
  });
  const dns = fakeDns({ "cdn.example.test": ["127.0.0.1"], "evil.example.test": ["169.254.169.254"] });
  const config = { SERVER_MODE: "http-auth", ALLOW_HTTP_URLS: true, MAX_FILE_SIZE_MB: 1, FILE_ROOTS: ["/nonexistent"], ALLOW_HIDDEN_FILES: false, ALLOW_HARD_LINKS: true } as unknown as Config;
  t.same(
    { ...resolveOptionsFromConfig(config), lookup: undefined },
    { mode: "http-auth", allowHttp: true, maxBytes: MB, fileRoots: ["/nonexistent"], allowHidden: false, allowHardLinks: true, lookup: undefined },
  );
  const sender = createFileSender(resolveOptionsFromConfig(config), { allowAddresses: ["127.0.0.1"], lookup: dns.resolver });
  const rid = (n: number) => Array.from({ length: n }, (_, i) => bigInt(1000 + i));

  const { updates } = await sender.sendFiles({
    session: client,
    peer: friend,
    files: [srv.url("/img1.png", "cdn.example.test"), srv.url("/img2.png", "cdn.example.test")],
    caption: { text: "Project screenshots", entities: [], mode: "plain" },
    randomIds: rid(2),
  });
  t.type(updates, Api.Updates);
  t.equal(sb.rpcCount("messages.SendMultiMedia"), 1, "the seed's album example");

  // One refused file among good ones: nothing is uploaded or sent.
  sb.resetCounters();
  for (const [files, reason] of [
    [[srv.url("/img1.png", "cdn.example.test"), "https://evil.example.test/x.png"], "blocked_address"],
    [[srv.url("/img1.png", "cdn.example.test"), "/etc/hostname"], "not_allowed_in_mode"],
    [[`data:image/png;base64,${Buffer.alloc(MB + 1).toString("base64")}`], "too_large"],
    [["data:image/png;base64,***"], "bad_data_uri"],
  ] as const) {
    try {
      await sender.sendFiles({ session: client, peer: friend, files: [...files], caption: { text: "x", entities: [], mode: "plain" }, randomIds: rid(files.length) });
      t.fail("expected a refusal");
    } catch (err) {
      t.type(err, ToolError);
      t.equal((err as ToolError).errorType, "FileError");
      t.ok((err as ToolError).extra.details?.includes(`reason: ${reason}`), `${reason}: ${(err as Error).message}`);
    }
  }
  t.equal(sb.rpcCount("upload.SaveFilePart") + sb.rpcCount("messages.SendMedia") + sb.rpcCount("messages.SendMultiMedia"), 0, "nothing uploaded or sent");

  // The detailed form also reports the messages and caption_sent_separately.
  const again = await sender.sendFiles({
    session: client,
    peer: friend,
    files: [srv.url("/img1.png", "cdn.example.test")],
    caption: { text: "once", entities: [], mode: "plain" },
    randomIds: [bigInt(5000)],
  });
  t.equal(again.messages.length, 1);
  t.equal(again.caption_sent_separately, false);
  t.equal(again.messages[0].message, "once");
});
