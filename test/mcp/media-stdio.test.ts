// download_media and resources/read over real stdio: `tgmcp serve` (SERVER_MODE=stdio, the
// embedded sandbox's demo world) and the v1 client, as Claude Desktop runs it.
import t from "tap";
import sharp from "sharp";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { buildDemoWorld } from "../../sandbox/world/demo.js";
import { DEMO_FILES } from "../../sandbox/world/demo-everyday.js";
import { makePdf } from "../../sandbox/world/files.js";
import { ROOT, SERVE_COMMAND, serverEnv } from "../e2e/_server.js";
import { messageWith } from "./_media.js";

// The child builds the same deterministic demo world: the ids are the same.
const world = buildDemoWorld();
const photoId = messageWith(world, "Orbit Updates", (m) => m.kind === "photo" && m.w === 640);
const handbookId = messageWith(world, "Orbit Updates", (m) => m.fileName === DEMO_FILES.handbook.name);

const transport = new StdioClientTransport({
  command: SERVE_COMMAND.command,
  args: SERVE_COMMAND.args,
  cwd: ROOT,
  env: serverEnv(t, { SERVER_MODE: "stdio", LOG_LEVEL: "warn" }),
  stderr: "pipe",
});
const client = new Client({ name: "media-stdio", version: "1.0.0" });
await client.connect(transport);
t.teardown(() => client.close());

t.test("the media resource template is listed", async (t) => {
  const { resourceTemplates } = await client.listResourceTemplates();
  t.match(resourceTemplates, [{ uriTemplate: "tgmcp://media/{chat}/{message}", name: "telegram-media" }]);
});

t.test("a photo as image content over stdio", async (t) => {
  await client.listTools(); // the v1 client validates structuredContent against the listed output schema
  const r = await client.callTool({ name: "download_media", arguments: { chat_id: "orbit_updates", message_id: photoId } });
  t.notOk(r.isError, "not an error");
  const [image] = r.content as Array<{ type: string; data: string; mimeType: string }>;
  t.equal(image!.type, "image");
  const meta = await sharp(Buffer.from(image!.data, "base64")).metadata();
  t.same([meta.format, meta.width, meta.height], ["jpeg", 640, 480], "the photo, within the default caps, as it is");
});

t.test("resources/read over stdio returns the file's bytes", async (t) => {
  const uri = `tgmcp://media/orbit_updates/${handbookId}`;
  const read = await client.readResource({ uri });
  const [content] = read.contents as Array<{ uri: string; mimeType: string; blob: string }>;
  t.equal(content!.uri, uri);
  t.equal(content!.mimeType, "application/pdf");
  const expected = makePdf(DEMO_FILES.handbook.pages.map((p) => [...p]), "Orbit handbook");
  t.same(Buffer.from(content!.blob, "base64"), expected, "the demo world's PDF, byte for byte");
  await t.rejects(client.readResource({ uri: "tgmcp://media/orbit_updates/999999" }), /not found/);
});
