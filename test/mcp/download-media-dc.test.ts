// download_media for a file homed on another DC (the demo account lives on DC 2, this file on
// DC 3): the download goes straight to DC 3 over gramjs's exported-authorization sender, one
// upload.GetFile per part; a FILE_MIGRATE_X answer is followed; closing the session closes the
// DC 3 connection too.
import t from "tap";
import { buildDemoWorld } from "../../sandbox/world/demo.js";
import { makePng } from "../../sandbox/world/files.js";
import { downloadFile, locateMedia } from "../../services/telegram/media.js";
import { loginAs, startSandbox } from "../helpers/sandbox.js";
import { sessionOf } from "../helpers/session.js";
import { caller } from "./_harness.js";
import { bindingFor, mcpClient } from "./_media.js";

const world = buildDemoWorld();
const me = world.demoAccountId;
const alice = world.resolveUsername("alice")!.user!.id;
const png = makePng(300, 200, (x, y) => [x % 256, y, 90]);
const media = world.addMedia({ kind: "document", dcId: 3, date: 1_700_000_000, size: png.length, mime: "image/png", fileName: "dc3.png", content: png, w: 300, h: 200 });
const msgId = world.store.id[world.addMessage(world.privateConv(me, alice).idx, { from: alice, text: "from DC 3", date: 1_700_000_000, mediaId: media.id })]!;

const sb = await startSandbox(t, { world });
const trace = () => sb.rpcLog.filter((e) => !e.method.startsWith("help.") && e.method !== "contacts.ResolveUsername").map((e) => `${e.method}@${e.dc}${e.error ? ":" + e.error : ""}`);

t.test("a DC 3 file: straight to DC 3, one GetFile per part, the bytes exact", async (t) => {
  const client = await loginAs(t, sb);
  const call = caller(sb, client);
  const r = await call("download_media", { chat_id: "alice", message_id: msgId });
  t.ok(r.ok, r.text);
  t.match(r.data, { returned_as: "image", media: { width: 300, height: 200 }, image: { downscaled: false } });
  t.same(trace(), ["messages.GetMessages@2", "auth.ExportAuthorization@2", "auth.ImportAuthorization@3", "upload.GetFile@3"]);
  const again = await call("download_media", { chat_id: "alice", message_id: msgId });
  t.ok(again.ok);
  t.same(trace(), ["messages.GetMessages@2", "upload.GetFile@3"], "the DC 3 login is reused");

  const mcp = await mcpClient(t, bindingFor(client), "v2");
  const read = await mcp.readResource({ uri: `tgmcp://media/alice/${msgId}` });
  t.same(Buffer.from((read.contents[0] as { blob: string }).blob, "base64"), png, "resources/read: the exact bytes from DC 3");
});

t.test("FILE_MIGRATE_X is followed when the file is not where the client went", async (t) => {
  const client = await loginAs(t, sb);
  const session = sessionOf(client);
  const { file } = await locateMedia(session, "alice", msgId);
  t.equal(file.dcId, 3);
  sb.resetCounters();
  const got = await downloadFile(session, { ...file, dcId: 2 });
  t.same(got.bytes, png);
  t.equal(got.calls, 2);
  t.same(trace(), ["upload.GetFile@2:FILE_MIGRATE_3", "auth.ExportAuthorization@2", "auth.ImportAuthorization@3", "upload.GetFile@3"]);
});

t.test("destroying the session closes its DC 3 connection at once", async (t) => {
  const client = await loginAs(t, sb);
  const session = sessionOf(client);
  const before = sb.connectionCount;
  const { file } = await locateMedia(session, "alice", msgId);
  await downloadFile(session, file);
  t.equal(sb.connectionCount, before + 1, "one more connection: DC 3");
  await session.destroy();
  for (let i = 0; i < 100 && sb.connectionCount > before - 1; i++) await new Promise((r) => setTimeout(r, 20));
  t.equal(sb.connectionCount, before - 1, "both the home and the DC 3 connection are closed");
});
