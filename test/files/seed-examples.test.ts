// The seeds' "File Sending" examples, through the messaging service (send_message and
// send_message_to_phone) with the FileSender of services/telegram/files, real gramjs and the sandbox.
// example.com resolves (in this test only) to the local HTTPS server, which the test allows.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { World } from "../../sandbox/index.js";
import type { Sandbox } from "../../sandbox/index.js";
import { loadConfig, type Config } from "../../services/config/index.js";
import { ToolError } from "../../services/telegram/errors.js";
import { createFileSender, resolveOptionsFromConfig } from "../../services/telegram/files/index.js";
import { sendMessage, sendToPhone, type SendContext } from "../../services/telegram/messaging.js";
import { connectClient, startSandbox } from "../helpers/sandbox.js";
import { sessionOf } from "../helpers/session.js";
import { TEST_CERT, fakeDns, pdfBytes, pngBytes, startServer } from "./_fixtures.js";

const pdf = pdfBytes(4000);
const img1 = pngBytes(40, 30);
const img2 = pngBytes(50, 30);

function config(env: Record<string, string>): Config {
  const r = loadConfig({ env, envFile: false, home: tmpdir() });
  if (!r.ok) throw new Error(r.errors.join("; "));
  return r.config;
}

function lastMedia(sb: Sandbox, id: number) {
  const row = sb.world.globalMessageRow(id);
  const mediaId = sb.world.store.media.get(row);
  return mediaId ? sb.world.media.get(mediaId) : undefined;
}

async function failure(p: Promise<unknown>): Promise<ToolError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ToolError) return err;
    throw err;
  }
  throw new Error("expected the send to fail");
}

t.test("seed examples", async (t) => {
  const world = new World();
  const me = world.createUser({ phone: "+15550002001", firstName: "Ada", username: "ada" });
  world.createUser({ phone: "+1234567890", firstName: "Phone", lastName: "Friend" });
  world.createUser({ phone: "+15550002003", firstName: "Chan", username: "channelowner" });
  const sb = await startSandbox(t, { world });
  const client = sessionOf(await connectClient(t, sb, await sb.createSession(me.id)));

  const srv = await startServer(
    t,
    {
      "/document.pdf": (_q, res) => {
        res.setHeader("content-type", "application/pdf");
        res.end(pdf);
      },
      "/img1.png": (_q, res) => res.end(img1),
      "/img2.png": (_q, res) => res.end(img2),
    },
    { https: true },
  );
  // The URLs of the seed carry no port; the test server has one, so the test adds it.
  const url = (path: string) => `https://example.com:${srv.port}${path}`;
  const dns = fakeDns({ "example.com": ["127.0.0.1"] });
  const hooks = { allowAddresses: ["127.0.0.1"], lookup: dns.resolver, ca: TEST_CERT };

  const base = mkdtempSync(join(tmpdir(), "tgmcp-seed-"));
  t.teardown(() => rmSync(base, { recursive: true, force: true }));
  mkdirSync(join(base, "path", "to"), { recursive: true });
  writeFileSync(join(base, "path", "to", "report.pdf"), pdf);

  const http = config({ SERVER_MODE: "http-auth", FILE_ROOTS: base });
  const stdio = config({ SERVER_MODE: "stdio", FILE_ROOTS: base });
  // The file policy comes from the configuration when the sender is made (one per server).
  const ctx = (c: Config): SendContext => ({ accountId: "acc-1", files: createFileSender(resolveOptionsFromConfig(c), hooks) });

  // "Send file from URL"
  const r1 = await sendMessage(client, "me", { message: "Check this document", parse_mode: "auto", files: url("/document.pdf") }, ctx(http));
  t.equal(r1.status, "sent");
  t.equal(r1.text, "Check this document");
  const m1 = lastMedia(sb, r1.message_id!);
  t.same([m1?.kind, m1?.fileName, m1?.mime, m1?.size], ["document", "document.pdf", "application/pdf", pdf.length]);

  // "Send multiple images as album"
  const r2 = await sendMessage(client, "@ada", { message: "Project screenshots", parse_mode: "auto", files: [url("/img1.png"), url("/img2.png")] }, ctx(http));
  t.equal(r2.message_ids?.length, 2, "both album messages reported");
  t.same(
    r2.message_ids!.map((id) => [lastMedia(sb, id)?.kind, lastMedia(sb, id)?.size]),
    [
      ["photo", img1.length],
      ["photo", img2.length],
    ],
  );
  t.equal(sb.rpcCount("messages.SendMultiMedia"), 1);

  // "Send local file (stdio mode only)"
  const local = join(base, "path", "to", "report.pdf");
  const r3 = await sendMessage(client, "me", { message: "Report attached", parse_mode: "auto", files: local }, ctx(stdio));
  t.equal(lastMedia(sb, r3.message_id!)?.fileName, "report.pdf");
  t.notOk(r3.caption_sent_separately, "a short caption rides on the file");
  // A caption over Telegram's 1024 characters goes first as its own message, and the result says so.
  const long = "Quarterly report. ".repeat(70);
  const longSend = await sendMessage(client, "me", { message: long, parse_mode: "plain", files: local }, ctx(stdio));
  t.equal(longSend.caption_sent_separately, true);
  t.equal(longSend.message_ids?.length, 2, "the text message, then the file");
  t.equal(lastMedia(sb, longSend.message_ids!.at(-1)!)?.fileName, "report.pdf", "the file is still sent");
  // ... and refused in HTTP modes.
  const e1 = await failure(sendMessage(client, "me", { message: "Report attached", parse_mode: "auto", files: local }, ctx(http)));
  t.equal(e1.errorType, "FileError");
  t.match(e1.message, /stdio mode/);

  // "Blocked internal URL (SSRF protection)": with the production sender (no test allow-list).
  sb.resetCounters();
  const production: SendContext = { accountId: "acc-1", files: createFileSender(resolveOptionsFromConfig(http)) };
  const e2 = await failure(sendMessage(client, "me", { message: "This will be rejected", parse_mode: "auto", files: "https://127.0.0.1:8000/health" }, production));
  t.equal(e2.errorType, "FileError");
  t.match(e2.message, /blocked address: 127\.0\.0\.1 \(loopback\)/);
  t.same(e2.extra.details, ["file: https://127.0.0.1:8000/health", "reason: blocked_address"]);
  t.equal(sb.rpcCount(), 0, "nothing reached Telegram");

  // http:// is refused unless ALLOW_HTTP_URLS.
  await t.rejects(sendMessage(client, "me", { message: "x", parse_mode: "auto", files: "http://example.com/a.png" }, ctx(http)), /ALLOW_HTTP_URLS/);

  // send_message_to_phone "Message with file"
  const r4 = await sendToPhone(
    client,
    { phone_number: "+1234567890", message: "Check this document", first_name: "Contact", last_name: "Name", remove_if_new: false, parse_mode: "auto", files: url("/document.pdf") },
    ctx(http),
  );
  t.equal(r4.status, "sent");
  t.equal(lastMedia(sb, r4.message_id!)?.fileName, "document.pdf");
});
