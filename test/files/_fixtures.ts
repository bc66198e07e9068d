// Fixtures for the file tests: real file bytes, a local HTTP(S) server and a fake DNS resolver.
// (Not a test file: .taprc only runs *.test.ts.)
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { crc32, deflateSync } from "node:zlib";
import { FileError, type FileErrorReason } from "../../services/telegram/files/errors.js";

interface Teardownable {
  teardown(fn: () => unknown): void;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

/** A valid RGB PNG of w x h pixels, optionally padded with an ancillary chunk to reach `minBytes`. */
export function pngBytes(w: number, h: number, minBytes = 0): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw[y * (w * 3 + 1) + 1 + x * 3] = (x * 7 + y) & 255;
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk("IHDR", ihdr), pngChunk("IDAT", deflateSync(raw))];
  const base = parts.reduce((n, p) => n + p.length, 0) + 12;
  if (minBytes > base + 12) parts.push(pngChunk("tEXt", Buffer.alloc(minBytes - base - 12, 0x61)));
  parts.push(pngChunk("IEND", Buffer.alloc(0)));
  return Buffer.concat(parts);
}

/** A small but real PDF document. */
export function pdfBytes(padTo = 0): Buffer {
  const body = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
  return Buffer.concat([Buffer.from(body, "latin1"), Buffer.alloc(Math.max(0, padTo - body.length), 0x20)]);
}

/** An MP4 header (ftyp box + filler): enough for content sniffing and the sandbox. */
export function mp4Bytes(size = 2048): Buffer {
  const b = Buffer.alloc(size);
  b.writeUInt32BE(24, 0);
  b.write("ftypisom", 4, "latin1");
  b.writeUInt32BE(512, 8);
  b.write("isommp41", 16, "latin1");
  return b;
}

/** An MP3 (ID3 header + filler). */
export function mp3Bytes(size = 2048): Buffer {
  const b = Buffer.alloc(size);
  b.write("ID3", 0, "latin1");
  b[3] = 4;
  return b;
}

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestServer {
  port: number;
  /** Requests received, by path. */
  hits: string[];
  url(path: string, host?: string): string;
}

// Self-signed certificate for example.com, files.example.test, cdn.example.test and 127.0.0.1, valid
// 100 years (trusted only by tests that pass it as `ca`).
export const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg95knmGuqDHyU/gwZ
fkRHH95BG+QSD3XEa4958TtL+YKhRANCAATkDZ+GLdExtA3P8lrCDZQxPUfK1rjW
kMgeT7xKCWGJlhHnh3VPNFd652OtFQQf1DbhdBK7mXnCNBqr65U7+cD4
-----END PRIVATE KEY-----
`;
export const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBxzCCAW2gAwIBAgIUQiaK1Kgo90aWj/UGayKSl2NIqeYwCgYIKoZIzj0EAwIw
FTETMBEGA1UEAwwKdGdtY3AgdGVzdDAgFw0yNjExMjMxMjQzNTdaGA8yMTI2MTAz
MDEyNDM1N1owFTETMBEGA1UEAwwKdGdtY3AgdGVzdDBZMBMGByqGSM49AgEGCCqG
SM49AwEHA0IABOQNn4Yt0TG0Dc/yWsINlDE9R8rWuNaQyB5PvEoJYYmWEeeHdU80
V3rnY60VBB/UNuF0EruZecI0GqvrlTv5wPijgZgwgZUwHQYDVR0OBBYEFA9P0MZj
m8VkNLpLbLiLbjQ5FMIyMB8GA1UdIwQYMBaAFA9P0MZjm8VkNLpLbLiLbjQ5FMIy
MEIGA1UdEQQ7MDmCC2V4YW1wbGUuY29tghJmaWxlcy5leGFtcGxlLnRlc3SCEGNk
bi5leGFtcGxlLnRlc3SHBH8AAAEwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQD
AgNIADBFAiBO2peeoYIIrGYwi/rSotwMZB+QE1MAc/D4gFFNO+b+5gIhAML6DGpo
Nlbb1rfJ1TGTmeBnG21pAX0M/DtkeB7WDdw1
-----END CERTIFICATE-----
`;

/** A loopback HTTP or HTTPS server with the given routes (404 otherwise), closed at teardown. */
export async function startServer(t: Teardownable, routes: Record<string, Route>, opts: { https?: boolean } = {}): Promise<TestServer> {
  const hits: string[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0];
    hits.push(path);
    const route = routes[path];
    if (route) route(req, res);
    else {
      res.statusCode = 404;
      res.end("not found");
    }
  };
  const server: Server = opts.https ? createHttpsServer({ key: TEST_KEY, cert: TEST_CERT }, handler) : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const port = (server.address() as AddressInfo).port;
  const scheme = opts.https ? "https" : "http";
  return { port, hits, url: (path, host = "files.example.test") => `${scheme}://${host}:${port}${path}` };
}

/**
 * A fake DNS: name -> addresses, or a function called on each look-up (for rebinding).
 * Unknown names fail like NXDOMAIN. `calls` records every look-up.
 */
export function fakeDns(table: Record<string, string[] | ((n: number) => string[])>) {
  const calls: string[] = [];
  const resolver = async (hostname: string): Promise<string[]> => {
    calls.push(hostname);
    const entry = table[hostname];
    if (!entry) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return typeof entry === "function" ? entry(calls.filter((c) => c === hostname).length) : entry;
  };
  return { resolver, calls };
}

/** Awaits `p`, asserts it failed with a FileError of this reason (and message), returns it. */
export async function refused(t: any, p: Promise<unknown>, reason: FileErrorReason, match?: RegExp): Promise<FileError> {
  try {
    await p;
  } catch (err) {
    t.type(err, FileError, "a FileError");
    const fe = err as FileError;
    t.equal(fe.reason, reason, `reason ${reason}: ${fe.message}`);
    if (match) t.match(fe.message, match);
    return fe;
  }
  t.fail(`expected a refusal (${reason})`);
  return new FileError("", "bad_input", "");
}
