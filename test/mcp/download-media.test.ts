// download_media end to end through real gramjs to the sandbox's demo world: images as image
// content that the v1 and v2 clients accept, text files' exact text, a PDF's text layer, the
// error paths, and one upload.GetFile per part.
import t from "tap";
import sharp from "sharp";
import { buildDemoWorld } from "../../sandbox/world/demo.js";
import { DEMO_FILES } from "../../sandbox/world/demo-everyday.js";
import { loginAs, startSandbox } from "../helpers/sandbox.js";
import { caller } from "./_harness.js";
import { bindingFor, mcpClient, messageWith } from "./_media.js";

const world = buildDemoWorld();
const me = world.demoAccountId;
const alice = world.resolveUsername("alice")!.user!.id;
// Files of our own, beside the demo world's: a 1 MB + 1 byte text (three parts), an archive, a big photo.
const big = Buffer.alloc(1024 * 1024 + 1, "a");
big.write("first line\n");
const addDoc = (name: string, mime: string, content: Buffer, text: string) => {
  const media = world.addMedia({ kind: "document", date: 1_700_000_000, size: content.length, mime, fileName: name, content });
  return world.store.id[world.addMessage(world.privateConv(me, alice).idx, { from: alice, text, date: 1_700_000_000, mediaId: media.id })]!;
};
const bigId = addDoc("big.log", "text/plain", big, "the big log");
const zip = Buffer.from("PK\u0003\u0004 not really a zip");
const zipId = addDoc("archive.zip", "application/zip", zip, "an archive");
const plainId = world.store.id[world.addMessage(world.privateConv(me, alice).idx, { from: alice, text: "no media here", date: 1_700_000_100 })]!;

const photoId = messageWith(world, "Orbit Updates", (m) => m.kind === "photo" && m.w === 640);
const logoId = messageWith(world, "Orbit Community", (m) => m.fileName === "orbit_logo.png");
const crashId = messageWith(world, "Orbit Community", (m) => m.fileName === DEMO_FILES.crashLog.name);
const configId = messageWith(world, "Orbit Community", (m) => m.fileName === DEMO_FILES.config.name);
const changelogId = messageWith(world, "Orbit Community", (m) => m.fileName === DEMO_FILES.changelog.name);
const pdfId = messageWith(world, "Orbit Updates", (m) => m.fileName === DEMO_FILES.releaseNotes.name);
const pollId = messageWith(world, "Orbit Community", (m) => m.kind === "poll");

const sb = await startSandbox(t, { world });
const client = await loginAs(t, sb);
const call = caller(sb, client, {}, { MEDIA_IMAGE_MAX_SIDE: 320, MEDIA_TEXT_MAX_CHARS: 2_000_000 });
const getFiles = (rpc: string[]) => rpc.filter((m) => m === "upload.GetFile").length;

for (const sdk of ["v2", "v1"] as const) {
  t.test(`a photo is image content the ${sdk} client accepts, downscaled within the caps`, async (t) => {
    const mcp = await mcpClient(t, bindingFor(client, { MEDIA_IMAGE_MAX_SIDE: 320, MEDIA_IMAGE_MAX_BYTES: 20000 }), sdk);
    const r = await mcp.callTool({ name: "download_media", arguments: { chat_id: "orbit_updates", message_id: photoId } });
    t.notOk(r.isError, "not an error");
    const [image, copy] = r.content as Array<{ type: string; data?: string; mimeType?: string; text?: string }>;
    t.equal(image!.type, "image");
    t.equal(image!.mimeType, "image/jpeg");
    const bytes = Buffer.from(image!.data!, "base64");
    const meta = await sharp(bytes).metadata();
    t.equal(meta.format, "jpeg", "the bytes decode as a JPEG");
    t.same([meta.width, meta.height], [320, 240], "longest side at the cap, aspect kept");
    t.ok(bytes.length <= 20000, `within MEDIA_IMAGE_MAX_BYTES (${bytes.length})`);
    t.match(r.structuredContent, {
      message_id: photoId,
      returned_as: "image",
      media: { type: "photo", mime_type: "image/jpeg", width: 640, height: 480 },
      image: { mime_type: "image/jpeg", width: 320, height: 240, size_bytes: bytes.length, downscaled: true },
      resource_uri: `tgmcp://media/orbit_updates/${photoId}`,
    });
    t.same(JSON.parse(copy!.text!), r.structuredContent, "then the JSON copy of the result");
  });
}

t.test("an image within the caps passes through byte for byte", async (t) => {
  const r = await call("download_media", { chat_id: "orbit_community", message_id: logoId });
  t.ok(r.ok, "not an error");
  t.match(r.data, { returned_as: "image", media: { type: "document", mime_type: "image/png", file_name: "orbit_logo.png", width: 96, height: 64 }, image: { downscaled: false } });
  t.equal(getFiles(r.rpc), 1, "one upload.GetFile for a one-part file");
  const mcp = await mcpClient(t, bindingFor(client), "v2");
  const got = await mcp.callTool({ name: "download_media", arguments: { chat_id: "orbit_community", message_id: logoId } });
  const logo = [...world.media.values()].find((m) => m.fileName === "orbit_logo.png")!.content!;
  t.same((got.content as Array<{ type: string; data?: string; mimeType?: string }>)[0], { type: "image", data: logo.toString("base64"), mimeType: "image/png" });
});

t.test("text files come back as their exact text, capped and marked", async (t) => {
  for (const [id, file] of [
    [crashId, DEMO_FILES.crashLog],
    [configId, DEMO_FILES.config],
    [changelogId, DEMO_FILES.changelog],
  ] as const) {
    const r = await call("download_media", { chat_id: "orbit_community", message_id: id });
    t.ok(r.ok, "not an error");
    t.equal(r.data.text, file.text, `${file.name}: exact text`);
    t.match(r.data, { returned_as: "text", truncated: false, media: { file_name: file.name } });
  }
  const cut = await call("download_media", { chat_id: "orbit_community", message_id: crashId, max_bytes: 40 });
  t.equal(cut.data.text, DEMO_FILES.crashLog.text.slice(0, 40), "max_bytes: the beginning");
  t.equal(cut.data.truncated, true);
  const few = caller(sb, client, {}, { MEDIA_TEXT_MAX_CHARS: 100 });
  const capped = await few("download_media", { chat_id: "orbit_community", message_id: crashId });
  t.equal(capped.data.text, DEMO_FILES.crashLog.text.slice(0, 100), "MEDIA_TEXT_MAX_CHARS: the first characters");
  t.equal(capped.data.truncated, true);
});

t.test("the document's text is its own content block; the JSON copy leaves it out", async (t) => {
  const mcp = await mcpClient(t, bindingFor(client), "v1");
  const r = await mcp.callTool({ name: "download_media", arguments: { chat_id: "orbit_community", message_id: crashId } });
  const [text, copy] = r.content as Array<{ type: string; text: string }>;
  t.same(text, { type: "text", text: DEMO_FILES.crashLog.text });
  t.notOk("text" in JSON.parse(copy!.text), "no second copy of the text");
  t.equal((r.structuredContent as { text: string }).text, DEMO_FILES.crashLog.text, "structuredContent has it");
});

t.test("a PDF's text layer", async (t) => {
  const r = await call("download_media", { chat_id: "orbit_updates", message_id: pdfId });
  t.ok(r.ok, r.text);
  t.equal(r.data.text, DEMO_FILES.releaseNotes.pages.map((p) => p.join("\n")).join("\n\n"));
  t.match(r.data, { returned_as: "text", pages: 2, truncated: false, media: { mime_type: "application/pdf" } });
});

t.test("one upload.GetFile per 512 KB part, never one past the end", async (t) => {
  const r = await call("download_media", { chat_id: "alice", message_id: bigId });
  t.ok(r.ok, r.text);
  t.equal(r.data.text.length, big.length);
  t.equal(r.data.text.slice(0, 11), "first line\n");
  t.same(r.rpc.filter((m) => m !== "contacts.ResolveUsername"), ["messages.GetMessages", "upload.GetFile", "upload.GetFile", "upload.GetFile"]);
});

t.test("oversize files: refused over MAX_FILE_SIZE_MB, a text file's beginning, a link over max_bytes", async (t) => {
  const small = caller(sb, client, {}, { MAX_FILE_SIZE_MB: 0.5 });
  const text = await small("download_media", { chat_id: "alice", message_id: bigId });
  t.ok(text.ok, text.text);
  t.equal(text.data.truncated, true, "a text file gives its beginning");
  t.equal(getFiles(text.rpc), 1, "only the first part is downloaded");
  const png = await small("download_media", { chat_id: "orbit_community", message_id: logoId, max_bytes: 100 });
  t.match(png.data, { returned_as: "resource_link", note: /over max_bytes/ });
  t.equal(getFiles(png.rpc), 0, "nothing downloaded");
  const tiny = caller(sb, client, {}, { MAX_FILE_SIZE_MB: 0.001 });
  const refused = await tiny("download_media", { chat_id: "orbit_updates", message_id: photoId });
  t.notOk(refused.ok);
  t.match(refused.data, { error_type: "FileError", error: /over MAX_FILE_SIZE_MB/ });
  t.equal(getFiles(refused.rpc), 0);
});

t.test("anything else is a resource_link, downloaded only when read", async (t) => {
  const mcp = await mcpClient(t, bindingFor(client), "v2");
  const r = await mcp.callTool({ name: "download_media", arguments: { chat_id: "alice", message_id: zipId } });
  t.notOk(r.isError);
  const [link] = r.content as Array<Record<string, unknown>>;
  t.same(link, { type: "resource_link", uri: `tgmcp://media/alice/${zipId}`, name: "archive.zip", mimeType: "application/zip", size: zip.length });
  t.match(r.structuredContent, { returned_as: "resource_link", resource_uri: `tgmcp://media/alice/${zipId}` });
  t.notOk((r.structuredContent as { url?: string }).url, "no url outside HTTP");
  const read = await mcp.readResource({ uri: `tgmcp://media/alice/${zipId}` });
  t.same(read.contents, [{ uri: `tgmcp://media/alice/${zipId}`, mimeType: "application/zip", blob: zip.toString("base64") }]);
  await t.rejects(mcp.readResource({ uri: `tgmcp://media/alice/${plainId}` }), /has no media/, "a message without media");
  await t.rejects(mcp.readResource({ uri: "tgmcp://media/alice/99999999" }), /not found/, "an unknown message");
});

t.test("clear errors: no media, a poll, an unknown message, an unknown chat", async (t) => {
  const none = await call("download_media", { chat_id: "alice", message_id: plainId });
  t.match(none.data, { ok: false, error_type: "InvalidParameter", error: /has no media to download/ });
  const poll = await call("download_media", { chat_id: "orbit_community", message_id: pollId });
  t.match(poll.data, { ok: false, error_type: "InvalidParameter", error: /poll, which has no file/ });
  const missing = await call("download_media", { chat_id: "orbit_community", message_id: 999999 });
  t.match(missing.data, { ok: false, error_type: "EntityNotFound", error: /not found/ });
  const wrongChat = await call("download_media", { chat_id: "me", message_id: bigId });
  t.match(wrongChat.data, { ok: false, error_type: "EntityNotFound" }, "another chat's message id is not found here");
  const nobody = await call("download_media", { chat_id: "no_such_user_here", message_id: 1 });
  t.match(nobody.data, { ok: false, error_type: "EntityNotFound" });
  const bad = await call("download_media", { chat_id: "alice", message_id: 0 });
  t.match(bad.data, { ok: false, error_type: "InvalidParameter" });
});
