// Media download by parts through real gramjs: upload.getFile's offset/limit rules and errors,
// and the demo world's files with real bytes (PDFs with a text layer, JPEG photos, PNG and text
// documents) coming back exactly.
import t from "tap";
import bigInt from "big-integer";
import { Api, type TelegramClient } from "telegram";
import { loginAs, rpcError, startSandbox } from "../helpers/sandbox.js";
import { imageSize } from "../../sandbox/rpc/upload.js";
import { DEMO_FILES } from "../../sandbox/world/demo-everyday.js";
import type { Sandbox } from "../../sandbox/index.js";

/** gramjs 2.26.22 leaves a 30 s timer per download's exported sender; clear it (see sandbox/README.md). */
function clearExportedSenderTimers(client: TelegramClient): void {
  const timers = (client as unknown as { _exportedSenderReleaseTimeouts: Map<number, NodeJS.Timeout> })._exportedSenderReleaseTimeouts;
  for (const timer of timers.values()) clearTimeout(timer);
  timers.clear();
}

async function messagesOf(client: TelegramClient, username: string): Promise<Api.Message[]> {
  const r = await client.invoke(new Api.contacts.ResolveUsername({ username }));
  const c = r.chats[0] as Api.Channel;
  const peer = new Api.InputPeerChannel({ channelId: c.id, accessHash: c.accessHash! });
  const h = (await client.invoke(new Api.messages.GetHistory({ peer, offsetId: 0, offsetDate: 0, addOffset: 0, limit: 100, maxId: 0, minId: 0, hash: bigInt(0) }))) as Api.messages.ChannelMessages;
  return h.messages.filter((m): m is Api.Message => m instanceof Api.Message);
}

const fileName = (d: Api.Document) => (d.attributes.find((a) => a instanceof Api.DocumentAttributeFilename) as Api.DocumentAttributeFilename | undefined)?.fileName;
const worldBytes = (sb: Sandbox, id: bigInt.BigInteger) => sb.world.media.get(Number(id.toString()))!.content!;

t.test("downloads: real PDFs, JPEG photos, PNG and text documents, byte for byte", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demo = await loginAs(t, sb);
  t.teardown(() => clearExportedSenderTimers(demo));
  const posts = await messagesOf(demo, "orbit_updates");
  const docs = posts.filter((m) => m.media instanceof Api.MessageMediaDocument);
  const pdf = docs.find((m) => fileName((m.media as Api.MessageMediaDocument).document as Api.Document) === DEMO_FILES.handbook.name)!;
  const pdfBytes = (await demo.downloadMedia(pdf)) as Buffer;
  t.equal(pdfBytes.subarray(0, 8).toString("latin1"), "%PDF-1.4");
  t.ok(pdfBytes.equals(worldBytes(sb, ((pdf.media as Api.MessageMediaDocument).document as Api.Document).id)), "the PDF, byte for byte");
  for (const line of DEMO_FILES.handbook.pages[0]) t.ok(pdfBytes.includes(Buffer.from(`(${line}) Tj`, "latin1")), `text layer has "${line}"`);

  const photoMsg = posts.find((m) => m.media instanceof Api.MessageMediaPhoto && m.message === "Our new office in Lisbon")!;
  const jpeg = (await demo.downloadMedia(photoMsg)) as Buffer;
  t.same([jpeg[0], jpeg[1], jpeg.at(-2), jpeg.at(-1)], [0xff, 0xd8, 0xff, 0xd9], "a JPEG from SOI to EOI");
  t.same(imageSize(jpeg), { w: 640, h: 480 }, "its frame header says 640x480");
  t.ok(jpeg.equals(worldBytes(sb, ((photoMsg.media as Api.MessageMediaPhoto).photo as Api.Photo).id)));

  const forum = await messagesOf(demo, "orbit_community");
  const png = forum.find((m) => m.media instanceof Api.MessageMediaDocument && ((m.media as Api.MessageMediaDocument).document as Api.Document).mimeType === "image/png")!;
  const pngBytes = (await demo.downloadMedia(png)) as Buffer;
  t.same(imageSize(pngBytes), { w: 96, h: 64 }, "a PNG document");
});

t.test("upload.getFile by parts: Telegram's offset/limit rules", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demo = await loginAs(t, sb);
  const forum = await messagesOf(demo, "orbit_community");
  const txt = forum.find((m) => m.media instanceof Api.MessageMediaDocument && fileName((m.media as Api.MessageMediaDocument).document as Api.Document) === DEMO_FILES.crashLog.name)!;
  const doc = (txt.media as Api.MessageMediaDocument).document as Api.Document;
  const location = new Api.InputDocumentFileLocation({ id: doc.id, accessHash: doc.accessHash, fileReference: doc.fileReference, thumbSize: "" });
  const get = (offset: number, limit: number, precise = false) => demo.invoke(new Api.upload.GetFile({ location, offset: bigInt(offset), limit, precise }));
  const part = (await get(0, 4096)) as Api.upload.File;
  t.equal(part.bytes.toString("utf8"), DEMO_FILES.crashLog.text, "the text file's exact content in one part");
  t.equal(((await get(4096, 4096)) as Api.upload.File).bytes.length, 0, "past the end: empty");
  t.equal(await rpcError(get(0, 1000)), "LIMIT_INVALID", "limit not a multiple of 4 KB");
  t.equal(await rpcError(get(0, 3 * 4096)), "LIMIT_INVALID", "1 MB not a multiple of limit");
  t.equal(await rpcError(get(0, 2 * 1024 * 1024)), "LIMIT_INVALID", "over 1 MB");
  t.equal(await rpcError(get(100, 4096)), "OFFSET_INVALID", "offset not a multiple of 4 KB");
  t.equal(await rpcError(get(1024 * 1024 - 4096, 8192)), "LIMIT_INVALID", "a part may not cross a 1 MB boundary");
  t.equal(((await get(1024, 1024, true)) as Api.upload.File).bytes.length, 0, "precise: 1 KB steps are fine");
  t.equal(await rpcError(get(0, 1000, true)), "LIMIT_INVALID", "precise still needs 1 KB steps");
  const bad = new Api.InputDocumentFileLocation({ id: doc.id, accessHash: doc.accessHash.add(1), fileReference: doc.fileReference, thumbSize: "" });
  t.equal(await rpcError(demo.invoke(new Api.upload.GetFile({ location: bad, offset: bigInt(0), limit: 4096 }))), "LOCATION_INVALID", "a wrong access hash");

  const pdfMsg = forum.find((m) => m.media instanceof Api.MessageMediaDocument && fileName((m.media as Api.MessageMediaDocument).document as Api.Document) === DEMO_FILES.releaseNotes.name)!;
  const pdf = (pdfMsg.media as Api.MessageMediaDocument).document as Api.Document;
  const size = Number(pdf.size.toString());
  const pdfLoc = new Api.InputDocumentFileLocation({ id: pdf.id, accessHash: pdf.accessHash, fileReference: pdf.fileReference, thumbSize: "" });
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < size; offset += 4096) chunks.push(((await demo.invoke(new Api.upload.GetFile({ location: pdfLoc, offset: bigInt(offset), limit: 4096 }))) as Api.upload.File).bytes);
  t.ok(Buffer.concat(chunks).equals(sb.world.media.get(Number(pdf.id.toString()))!.content!), "a PDF read in 4 KB parts, one call per part");
});
