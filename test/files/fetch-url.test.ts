// URL fetching against a real loopback HTTP(S) server, with an injected resolver. The loopback
// server is reachable only where a test allows 127.0.0.1 explicitly; everywhere else the address
// policy must refuse it (and the server's hit list proves no request arrived).
import { once } from "node:events";
import t from "tap";
import { request } from "undici";
import { createGuardedAgent, fetchUrl, filenameFromDisposition, type FetchOptions } from "../../services/telegram/files/fetch-url.js";
import { normalizeAllowList } from "../../services/telegram/files/ssrf.js";
import { resolveFiles } from "../../services/telegram/files/resolve-files.js";
import { TEST_CERT, fakeDns, pdfBytes, pngBytes, refused, startServer, type Route } from "./_fixtures.js";

const LIMIT = 64 * 1024;
const png = pngBytes(16, 8);
const pdf = pdfBytes(3000);

function routes(extra: Record<string, Route> = {}): Record<string, Route> {
  return {
    "/photo.png": (_req, res) => {
      res.setHeader("content-type", "image/png");
      res.end(png);
    },
    "/download": (_req, res) => {
      res.setHeader("content-type", "application/octet-stream");
      res.setHeader("content-disposition", `attachment; filename="ignored.bin"; filename*=UTF-8''Quarterly%20report.pdf`);
      res.end(pdf);
    },
    "/noname/": (_req, res) => res.end(pdf),
    "/missing": (_req, res) => {
      res.statusCode = 404;
      res.end("no");
    },
    ...extra,
  };
}

t.test("SSRF corpus: IP literals and special names are refused before any connection", async (t) => {
  const srv = await startServer(t, routes());
  const dns = fakeDns({});
  const opts: FetchOptions = { maxBytes: LIMIT, allowHttp: true, lookup: dns.resolver };
  const p = srv.port;
  const corpus: Array<[string, RegExp]> = [
    [`http://2130706433:${p}/photo.png`, /127\.0\.0\.1.*loopback/],
    [`http://0177.0.0.1:${p}/photo.png`, /loopback/],
    [`http://0x7f.1:${p}/photo.png`, /loopback/],
    [`http://0x7f000001:${p}/photo.png`, /loopback/],
    [`http://127.1:${p}/photo.png`, /loopback/],
    [`http://127.0.0.1:${p}/photo.png`, /loopback/],
    [`http://0.0.0.0:${p}/photo.png`, /unspecified/],
    [`http://0:${p}/photo.png`, /unspecified/],
    [`http://[::1]:${p}/photo.png`, /loopback/],
    [`http://[::ffff:127.0.0.1]:${p}/photo.png`, /loopback/],
    [`http://[::ffff:7f00:1]:${p}/photo.png`, /loopback/],
    [`http://[64:ff9b::127.0.0.1]:${p}/photo.png`, /loopback/],
    [`http://169.254.169.254/latest/meta-data/`, /cloud-metadata/],
    [`http://[fd00:ec2::254]/latest/meta-data/`, /cloud-metadata/],
    [`http://100.100.100.200/latest/meta-data/`, /cloud-metadata/],
    [`http://metadata.google.internal/computeMetadata/v1/`, /cloud-metadata/],
    [`http://[fd12:3456::1]/x`, /unique-local/],
    [`http://[fe80::1]/x`, /link-local/],
    [`http://10.0.0.1/x`, /private/],
    [`http://192.168.1.1/x`, /private/],
    [`http://100.64.1.1/x`, /cgnat/],
    [`http://198.18.0.1/x`, /benchmarking/],
    [`http://192.0.2.1/x`, /documentation/],
    [`http://224.0.0.1/x`, /multicast/],
    [`http://localhost:${p}/photo.png`, /local-name/],
    [`http://app.localhost:${p}/photo.png`, /local-name/],
    [`https://127.0.0.1:8000/health`, /loopback/], // the seed's example
  ];
  for (const [url, why] of corpus) {
    await refused(t, fetchUrl(url, opts), "blocked_address", why);
  }
  t.same(srv.hits, [], "the server never saw a request");
  t.same(dns.calls, [], "literals and special names never reach the resolver");
});

t.test("SSRF corpus: names resolving to non-public addresses are refused at connect", async (t) => {
  const srv = await startServer(t, routes());
  const dns = fakeDns({
    "loopback.example.test": ["127.0.0.1"],
    "intranet.example.test": ["10.1.2.3"],
    "meta.example.test": ["169.254.169.254"],
    "ula.example.test": ["fd12:3456:789a::1"],
    "mapped.example.test": ["::ffff:127.0.0.1"],
    "nat64.example.test": ["64:ff9b::a9fe:a9fe"],
    // One public and one private answer: refused as a whole (nothing is dialled).
    "mixed.example.test": ["93.184.216.34", "127.0.0.1"],
  });
  const opts: FetchOptions = { maxBytes: LIMIT, allowHttp: true, lookup: dns.resolver };
  const cases: Array<[string, RegExp]> = [
    ["loopback.example.test", /loopback\.example\.test resolves to 127\.0\.0\.1 \(loopback\)/],
    ["intranet.example.test", /10\.1\.2\.3 \(private\)/],
    ["meta.example.test", /cloud-metadata/],
    ["ula.example.test", /unique-local/],
    ["mapped.example.test", /loopback/],
    ["nat64.example.test", /cloud-metadata/],
    ["mixed.example.test", /127\.0\.0\.1 \(loopback\)/],
  ];
  for (const [host, why] of cases) {
    await refused(t, fetchUrl(srv.url("/photo.png", host), opts), "blocked_address", why);
  }
  t.same(srv.hits, [], "the loopback server is reachable but was never asked");
  t.same(dns.calls, cases.map(([h]) => h), "one look-up per connection, made by the connector");
});

t.test("allowed explicitly: the local server serves files; names come from the headers or the path", async (t) => {
  const srv = await startServer(t, routes());
  const dns = fakeDns({ "files.example.test": ["127.0.0.1"] });
  const opts: FetchOptions = { maxBytes: LIMIT, allowHttp: true, lookup: dns.resolver, allowAddresses: ["127.0.0.1"] };

  const a = await fetchUrl(srv.url("/photo.png"), opts);
  t.same(a.data, png);
  t.equal(a.name, "photo.png");
  t.equal(a.declaredMime, "image/png");

  const b = await fetchUrl(srv.url("/download"), opts);
  t.equal(b.name, "Quarterly report.pdf", "filename* from Content-Disposition wins");
  t.equal(b.data.length, pdf.length);

  const c = await fetchUrl(srv.url("/noname/"), opts);
  t.equal(c.name, undefined, "no name from a path ending in /");

  // An IP literal on the allow-list (in any spelling) is allowed too.
  const d = await fetchUrl(`http://127.1:${srv.port}/photo.png`, opts);
  t.same(d.data, png);

  await refused(t, fetchUrl(srv.url("/missing"), opts), "http_status", /404/);
});

t.test("DNS rebinding: every connection checks the address it dials", async (t) => {
  const srv = await startServer(t, routes());
  // The first answer is acceptable (127.0.0.1 stands in for a public address through the
  // allow-list); every later answer is the metadata address.
  const dns = fakeDns({ "rebind.example.test": (n) => (n === 1 ? ["127.0.0.1"] : ["169.254.169.254"]) });
  const opts: FetchOptions = { maxBytes: LIMIT, allowHttp: true, lookup: dns.resolver, allowAddresses: ["127.0.0.1"] };
  const first = await fetchUrl(srv.url("/photo.png", "rebind.example.test"), opts);
  t.same(first.data, png, "first download went to the address that was checked");
  await refused(t, fetchUrl(srv.url("/photo.png", "rebind.example.test"), opts), "blocked_address", /169\.254\.169\.254/);
  t.same(dns.calls, ["rebind.example.test", "rebind.example.test"], "exactly one look-up per connection: nothing resolved twice");
  t.same(srv.hits, ["/photo.png"], "the second request was never sent");
});

t.test("redirects: followed by hand, every hop checked, at most 3", async (t) => {
  let srvPort = 0;
  const to = (location: string): Route => (_req, res) => {
    res.statusCode = 302;
    res.setHeader("location", location.replace("PORT", String(srvPort)));
    res.end();
  };
  const srv = await startServer(
    t,
    routes({
      "/to-photo": to("/photo.png"),
      "/hop1": to("/hop2"),
      "/hop2": to("/hop3"),
      "/hop3": to("/photo.png"),
      "/loop": to("/loop"),
      "/to-private-literal": to("http://10.0.0.1/secret"),
      "/to-metadata": to("http://169.254.169.254/latest/meta-data/iam"),
      "/to-loopback-name": to("http://internal.example.test:PORT/photo.png"),
      "/to-ftp": to("ftp://files.example.test/x"),
      "/no-location": (_req, res) => {
        res.statusCode = 301;
        res.end();
      },
    }),
  );
  srvPort = srv.port;
  const dns = fakeDns({ "files.example.test": ["127.0.0.1"], "internal.example.test": ["192.168.0.10"] });
  const opts: FetchOptions = { maxBytes: LIMIT, allowHttp: true, lookup: dns.resolver, allowAddresses: ["127.0.0.1"] };

  const ok = await fetchUrl(srv.url("/to-photo"), opts);
  t.same(ok.data, png);
  t.equal(ok.finalUrl, srv.url("/photo.png"));
  const three = await fetchUrl(srv.url("/hop1"), opts);
  t.same(three.data, png, "3 redirects are fine");

  await refused(t, fetchUrl(srv.url("/loop"), opts), "too_many_redirects");
  t.equal(srv.hits.filter((h) => h === "/loop").length, 4, "the first request and 3 redirects, then stop");
  await refused(t, fetchUrl(srv.url("/to-private-literal"), opts), "blocked_address", /redirect to http:\/\/10\.0\.0\.1\/secret refused.*private/);
  await refused(t, fetchUrl(srv.url("/to-metadata"), opts), "blocked_address", /cloud-metadata/);
  await refused(t, fetchUrl(srv.url("/to-loopback-name"), opts), "blocked_address", /internal\.example\.test resolves to 192\.168\.0\.10/);
  await refused(t, fetchUrl(srv.url("/to-ftp"), opts), "scheme_not_allowed");
  await refused(t, fetchUrl(srv.url("/no-location"), opts), "http_status", /without a Location/);

  // https -> http downgrade is refused when plain http is not allowed.
  const tls = await startServer(t, { "/down": to("http://files.example.test:PORT/photo.png") }, { https: true });
  await refused(t, fetchUrl(tls.url("/down"), { ...opts, allowHttp: false, ca: TEST_CERT }), "scheme_not_allowed", /http/);
});

t.test("size limit: with and without Content-Length, the download stops at the limit", async (t) => {
  let streamClosed: Promise<unknown> = Promise.resolve();
  let written = 0;
  const srv = await startServer(
    t,
    routes({
      "/big-declared": (_req, res) => {
        res.setHeader("content-length", String(LIMIT * 16));
        res.write(Buffer.alloc(1024));
        streamClosed = once(res, "close");
      },
      "/big-stream": (_req, res) => {
        // No Content-Length and no end: only the client's limit can stop this.
        const chunk = Buffer.alloc(16 * 1024, 1);
        const pump = () => {
          while (!res.destroyed && res.write(chunk)) written += chunk.length;
        };
        res.on("drain", pump);
        streamClosed = once(res, "close");
        pump();
      },
      "/exact": (_req, res) => res.end(Buffer.alloc(LIMIT, 7)),
    }),
  );
  const dns = fakeDns({ "files.example.test": ["127.0.0.1"] });
  const opts: FetchOptions = { maxBytes: LIMIT, allowHttp: true, lookup: dns.resolver, allowAddresses: ["127.0.0.1"] };

  await refused(t, fetchUrl(srv.url("/big-declared"), opts), "too_large", new RegExp(`${LIMIT * 16} bytes`));
  await streamClosed;
  await refused(t, fetchUrl(srv.url("/big-stream"), opts), "too_large", /passed the limit/);
  await streamClosed;
  t.ok(written < LIMIT * 64, "the endless body was cut off, the server saw the connection close");
  const exact = await fetchUrl(srv.url("/exact"), opts);
  t.equal(exact.data.length, LIMIT, "exactly the limit is allowed");
});

t.test("timeouts: a slow server and a connect that never completes", async (t) => {
  const srv = await startServer(t, routes({ "/slow": () => undefined /* never answers */ }));
  const dns = fakeDns({ "files.example.test": ["127.0.0.1"] });
  const opts: FetchOptions = { maxBytes: LIMIT, allowHttp: true, lookup: dns.resolver, allowAddresses: ["127.0.0.1"], timeouts: { totalMs: 300 } };
  await refused(t, fetchUrl(srv.url("/slow"), opts), "timeout", /timed out/);

  // A look-up that never answers: the connect timeout covers DNS as well.
  const hang = async () => new Promise<string[]>(() => undefined);
  await refused(t, fetchUrl(srv.url("/photo.png", "hang.example.test"), { ...opts, lookup: hang, timeouts: { connectMs: 200, totalMs: 5000 } }), "timeout", /connecting/);
});

t.test("https: verified against the trusted CA; http only when allowed", async (t) => {
  const tls = await startServer(t, routes(), { https: true });
  const dns = fakeDns({ "files.example.test": ["127.0.0.1"], "other.example.test": ["127.0.0.1"] });
  const opts: FetchOptions = { maxBytes: LIMIT, lookup: dns.resolver, allowAddresses: ["127.0.0.1"], ca: TEST_CERT };
  const ok = await fetchUrl(tls.url("/photo.png"), opts);
  t.same(ok.data, png);
  await refused(t, fetchUrl(tls.url("/photo.png"), { ...opts, ca: undefined }), "fetch_failed", /TLS|certificate/i);
  await refused(t, fetchUrl(tls.url("/photo.png", "other.example.test"), opts), "fetch_failed", /TLS|certificate|altname/i);

  const plain = await startServer(t, routes());
  await refused(t, fetchUrl(plain.url("/photo.png"), opts), "scheme_not_allowed", /ALLOW_HTTP_URLS/);
  await refused(t, fetchUrl("ftp://files.example.test/x", opts), "scheme_not_allowed");
  await refused(t, fetchUrl("https://user:pw@files.example.test/x", opts), "bad_input", /credentials/);
  await refused(t, fetchUrl("https://", opts), "bad_input");
  await refused(t, fetchUrl(`https://nowhere.example.test/x`, opts), "fetch_failed", /does not resolve/);
  t.equal(plain.hits.length, 0);
});

t.test("resolveFiles over URLs: all or nothing, the refused file is named", async (t) => {
  const srv = await startServer(t, routes());
  const dns = fakeDns({ "files.example.test": ["127.0.0.1"], "evil.example.test": ["10.0.0.8"] });
  const base = { mode: "http-auth" as const, maxBytes: LIMIT, allowHttp: true, lookup: dns.resolver, allowAddresses: ["127.0.0.1"] };
  const files = await resolveFiles([srv.url("/photo.png"), srv.url("/download")], base);
  t.same(
    files.map((f) => [f.name, f.mime, f.kind, f.size]),
    [
      ["photo.png", "image/png", "photo", png.length],
      ["Quarterly report.pdf", "application/pdf", "document", pdf.length],
    ],
  );
  const noName = await resolveFiles(srv.url("/noname/"), base);
  t.equal(noName[0].name, "file.pdf", "a name made up from the content type");

  const err = await refused(t, resolveFiles([srv.url("/photo.png"), "https://evil.example.test/a.png?token=secret"], base), "blocked_address");
  t.equal(err.file, "https://evil.example.test/a.png?…", "named, without its query string");
  t.notMatch(err.message, /secret/);
  t.same(err.toJSON(), { error: err.message, error_type: "FileError", file: err.file, reason: "blocked_address" });
});

t.test("SSRF errors name the URL as the caller wrote it, not as the URL parser rewrote it", async (t) => {
  const srv = await startServer(t, routes());
  const dns = fakeDns({});
  const opts: FetchOptions = { maxBytes: LIMIT, allowHttp: true, lookup: dns.resolver };
  const p = srv.port;
  // The parser reads '\' as '/', so the host is 127.0.0.1 and "example.com" is only part of the path.
  const backslash = await refused(t, fetchUrl(`http://127.0.0.1:${p}\\@example.com/x`, opts), "blocked_address", /127\.0\.0\.1 \(loopback\)/);
  t.equal(backslash.file, `http://127.0.0.1:${p}\\@example.com/x`);
  t.equal(backslash.message.slice(0, backslash.file.length + 2), `${backslash.file}: `);
  // Userinfo ends at the last '@' of the authority: what is dropped is marked, the host is kept.
  const twoAts = await refused(t, fetchUrl(`http://a@b@127.0.0.1:${p}/x`, opts), "bad_input", /credentials/);
  t.equal(twoAts.file, `http://…@127.0.0.1:${p}/x`);
  const tab = await refused(t, fetchUrl(`http://127.0.0.1:${p}/a\tb`, opts), "blocked_address");
  t.equal(tab.file, `http://127.0.0.1:${p}/a?b`, "control characters shown, not silently dropped");
  const long = await refused(t, fetchUrl(`http://127.0.0.1:${p}/${"x".repeat(500)}`, opts), "blocked_address");
  t.equal(long.file, `http://127.0.0.1:${p}/${"x".repeat(200 - `http://127.0.0.1:${p}/`.length)}…`, "cut at 200 characters");
  t.same(srv.hits, [], "nothing was fetched");
});

t.test("Content-Disposition parsing", async (t) => {
  t.equal(filenameFromDisposition(`attachment; filename="a \\"b\\".txt"`), `a _b_.txt`);
  t.equal(filenameFromDisposition(`attachment; filename=plain.txt`), "plain.txt");
  t.equal(filenameFromDisposition(`attachment; filename="../../etc/passwd"`), "passwd");
  t.equal(filenameFromDisposition(`attachment; filename*=UTF-8''%D0%BE%D1%82%D1%87%D1%91%D1%82.pdf`), "отчёт.pdf");
  t.equal(filenameFromDisposition(`attachment; filename=".bashrc"`), "bashrc");
  t.equal(filenameFromDisposition(`inline`), undefined);
  t.equal(filenameFromDisposition(undefined), undefined);
});

t.test("the dispatcher itself judges the connected peer (IP literals skip the look-up)", async (t) => {
  const srv = await startServer(t, routes());
  // Without the URL pre-check: only the connector's check on the socket's remote address is left.
  const agent = createGuardedAgent({ allow: normalizeAllowList([]) });
  t.teardown(() => agent.destroy());
  await t.rejects(request(`http://127.0.0.1:${srv.port}/photo.png`, { dispatcher: agent }), /127\.0\.0\.1 is blocked \(loopback\)/);
  t.same(srv.hits, [], "no request was sent on the refused socket");
  const allowed = createGuardedAgent({ allow: normalizeAllowList(["127.0.0.1"]) });
  t.teardown(() => allowed.destroy());
  const res = await request(`http://127.0.0.1:${srv.port}/photo.png`, { dispatcher: allowed });
  t.equal(res.statusCode, 200);
  await res.body.dump();
});
