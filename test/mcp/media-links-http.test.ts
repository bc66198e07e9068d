// download_media over HTTP (http-auth, file store): the signed /files/ link it returns works
// without a bearer token until it expires, for its own account only; tampered, expired and
// foreign links fail; the response is a safe attachment.
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { buildApp } from "../../app.js";
import { buildDemoWorld } from "../../sandbox/world/demo.js";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import { makeConfig } from "../helpers/config.js";
import { startSandbox } from "../helpers/sandbox.js";

const world = buildDemoWorld();
const me = world.demoAccountId;
const alice = world.resolveUsername("alice")!.user!.id;
const addDoc = (name: string, mime: string, content: Buffer) => {
  const media = world.addMedia({ kind: "document", date: 1_700_000_000, size: content.length, mime, fileName: name, content });
  return world.store.id[world.addMessage(world.privateConv(me, alice).idx, { from: alice, text: name, date: 1_700_000_000, mediaId: media.id })]!;
};
const zip = Buffer.from("PK\u0003\u0004 an archive for the link test");
const zipId = addDoc("archive.zip", "application/zip", zip);
const htmlId = addDoc('evil"\r\nX-Injected: 1\r\n<script>.html', "text/html", Buffer.from("<script>alert(1)</script>"));
const plainId = world.store.id[world.addMessage(world.privateConv(me, alice).idx, { from: alice, text: "no media", date: 1_700_000_001 })]!;

const sb = await startSandbox(t, { world });
const dir = await mkdtemp(join(tmpdir(), "tgmcp-media-links-"));
t.teardown(() => rm(dir, { recursive: true, force: true }));
const store = new FileAccountStore({ dir });
const { account, token } = await store.createAccount({ session: await sb.createSession(me) });
const app = await buildApp(makeConfig({ SERVER_MODE: "http-auth", LOG_LEVEL: "silent", SESSION_DIR: dir, MEDIA_LINK_TTL: 600 }), { sandbox: sb, accountStore: store, logger: false, defaultMetrics: false });
t.teardown(() => app.close());
await app.listen({ host: "127.0.0.1", port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

const client = new Client({ name: "media-links", version: "1" });
await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
t.teardown(() => client.close());

async function linkFor(messageId: number): Promise<{ url: string; expires: string }> {
  const r = await client.callTool({ name: "download_media", arguments: { chat_id: "alice", message_id: messageId } });
  const s = r.structuredContent as { returned_as: string; url: string; url_expires_at: string };
  if (s?.returned_as !== "resource_link") throw new Error(`expected a link: ${JSON.stringify(r.content)}`);
  return { url: s.url, expires: s.url_expires_at };
}

t.test("the link downloads the file with no bearer token, until it expires", async (t) => {
  const { url, expires } = await linkFor(zipId);
  t.match(url, new RegExp(`^${base}/files/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}$`));
  t.notOk(url.includes(token), "the bearer token is not in the link");
  const ttl = Date.parse(expires) - Date.now();
  t.ok(ttl > 590_000 && ttl <= 600_000, `valid for MEDIA_LINK_TTL (${ttl} ms left)`);
  for (const attempt of [1, 2]) {
    const res = await fetch(url);
    t.equal(res.status, 200, `request ${attempt}`);
    t.same(Buffer.from(await res.arrayBuffer()), zip, "the exact bytes");
    t.equal(res.headers.get("content-type"), "application/zip");
    t.equal(res.headers.get("content-disposition"), `attachment; filename="archive.zip"; filename*=UTF-8''archive.zip`);
    t.equal(res.headers.get("x-content-type-options"), "nosniff");
    t.equal(res.headers.get("cache-control"), "private, no-store");
  }
  const wrongBearer = await fetch(url, { headers: { authorization: "Bearer not-a-token" } });
  t.equal(wrongBearer.status, 200, "a bearer header is not even read");
});

t.test("resources/read over HTTP: the same file through the bearer-token session", async (t) => {
  const read = await client.readResource({ uri: `tgmcp://media/alice/${zipId}` });
  t.same(read.contents, [{ uri: `tgmcp://media/alice/${zipId}`, mimeType: "application/zip", blob: zip.toString("base64") }]);
});

t.test("tampered, foreign, expired and malformed links fail", async (t) => {
  const { url } = await linkFor(zipId);
  const [payload, sig] = url.split("/files/")[1]!.split(".") as [string, string];
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
  const forged = (c: object) => `${base}/files/${Buffer.from(JSON.stringify(c)).toString("base64url")}.${sig}`;
  const status = async (u: string) => {
    const res = await fetch(u);
    return { status: res.status, body: (await res.json()) as { error: string; error_type: string } };
  };
  t.match(await status(forged({ ...claims, m: plainId })), { status: 403, body: { error_type: "Forbidden" } }, "another message");
  t.match(await status(forged({ ...claims, a: "someone-else" })), { status: 403 }, "another account");
  t.match(await status(forged({ ...claims, e: claims.e + 3600 })), { status: 403 }, "a later expiry");
  t.match(await status(`${base}/files/${payload}.${sig.slice(0, -2)}AA`), { status: 403 }, "another signature");
  const expired = await app.mediaLinks.sign(account.id, "alice", zipId, Date.now() - 601_000);
  t.match(await status(expired.url), { status: 410, body: { error_type: "LinkExpired", error: /expired/ } });
  t.match(await status(`${base}/files/not-a-link`), { status: 400, body: { error_type: "BadRequest" } });
  const gone = await app.mediaLinks.sign("no-such-account", "alice", zipId);
  t.match(await status(gone.url), { status: 404 }, "an account that no longer exists");
  const noMedia = await app.mediaLinks.sign(account.id, "alice", plainId);
  t.match(await status(noMedia.url), { status: 400, body: { error_type: "InvalidParameter", error: /has no media/ } });
});

t.test("a hostile name and type are served as a plain attachment", async (t) => {
  // download_media gives an HTML file as text; its link (any message's file has one) still must not render.
  const { url } = await app.mediaLinks.sign(account.id, "alice", htmlId);
  const res = await fetch(url);
  t.equal(res.status, 200);
  t.equal(res.headers.get("content-type"), "application/octet-stream", "text/html is not served as such");
  t.equal(res.headers.get("x-injected"), null, "no header injection");
  t.match(res.headers.get("content-disposition"), /^attachment; filename="evilX-Injected_ 1_script_.html"; filename\*=UTF-8''/);
  t.match(res.headers.get("content-security-policy"), /sandbox/);
});

t.test("once the account's session is closed, the link says to ask again", async (t) => {
  const { url } = await linkFor(zipId);
  await app.sessionPool.remove(account.id);
  const res = await fetch(url);
  t.equal(res.status, 409);
  t.match(await res.json(), { error_type: "SessionClosed", error: /call download_media again/ });
});
