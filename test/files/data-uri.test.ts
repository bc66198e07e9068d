// data: URIs: base64 only, optional file name, size-limited, malformed input refused.
import t from "tap";
import { decodeDataUri } from "../../services/telegram/files/data-uri.js";
import { displayName, sanitizeFilename } from "../../services/telegram/files/errors.js";
import { resolveFiles } from "../../services/telegram/files/resolve-files.js";
import { pdfBytes, pngBytes, refused } from "./_fixtures.js";

const png = pngBytes(4, 4);
const b64 = png.toString("base64");

t.test("decodes base64 with an optional name", async (t) => {
  const a = decodeDataUri(`data:image/png;base64,${b64}`, 1e6);
  t.same(a.data, png);
  t.equal(a.declaredMime, "image/png");
  t.equal(a.name, undefined);

  const b = decodeDataUri(`data:image/png;name=chart.png;base64,${b64}`, 1e6);
  t.equal(b.name, "chart.png");
  const c = decodeDataUri(`data:application/pdf;filename=Q3%20report.pdf;base64,${pdfBytes().toString("base64")}`, 1e6);
  t.equal(c.name, "Q3 report.pdf", "percent-encoded names are decoded");
  const d = decodeDataUri(`data:;name=../../x.png;base64,${b64}`, 1e6);
  t.equal(d.name, "x.png", "path parts of a name are dropped");
  t.equal(d.declaredMime, undefined);

  // Line breaks and missing padding are tolerated.
  const wrapped = b64.replace(/=+$/, "").replace(/(.{20})/g, "$1\n");
  t.same(decodeDataUri(`data:image/png;base64,${wrapped}`, 1e6).data, png);
});

t.test("bad base64 and malformed URIs are refused", async (t) => {
  const bad = [
    ["data:image/png;base64,@@@@", /not valid base64/],
    ["data:image/png;base64,abcde", /not valid base64/], // length 5: one char too many
    ["data:image/png;base64,ab=c", /not valid base64/],
    ["data:image/png;base64,YQ==YQ==", /not valid base64/],
    ["data:image/png;base64,%zz", /percent/],
    ["data:text/plain,hello", /only base64/],
    ["data:image/png;base64", /no comma/],
    ["data:image/png;base64,", /empty/],
  ] as const;
  for (const [uri, msg] of bad) {
    await refused(t, (async () => decodeDataUri(uri, 1e6))(), "bad_data_uri", msg);
  }
});

t.test("size limit, decided before decoding", async (t) => {
  const big = Buffer.alloc(3000, 1).toString("base64");
  await refused(t, (async () => decodeDataUri(`data:application/octet-stream;base64,${big}`, 2999))(), "too_large", /3000 bytes, over the limit of 2999/);
  t.equal(decodeDataUri(`data:application/octet-stream;base64,${big}`, 3000).data.length, 3000);
});

t.test("through resolveFiles: allowed in every mode, typed by content, payload never echoed", async (t) => {
  const [f] = await resolveFiles(`data:application/octet-stream;base64,${b64}`, { mode: "http-auth", maxBytes: 1e6 });
  t.equal(f.name, "upload.png", "named upload<ext> from the sniffed type");
  t.equal(f.mime, "image/png");
  t.equal(f.kind, "photo");
  t.equal(f.size, png.length);

  // A text payload that claims to be a JPEG is a document, not a photo.
  const [fake] = await resolveFiles(`data:image/jpeg;name=x.jpg;base64,${Buffer.from("just text").toString("base64")}`, { mode: "stdio", maxBytes: 1e6 });
  t.equal(fake.kind, "document");

  const err = await refused(t, resolveFiles(`data:image/png;base64,${"A".repeat(5000)}!`, { mode: "http-auth", maxBytes: 1e6 }), "bad_data_uri");
  t.ok(err.file.length < 120, "the file is named without its payload");
  t.match(err.file, /^data:image\/png;base64,… \(\d+ chars\)$/);
});

t.test("display names and file name sanitizing", async (t) => {
  t.equal(displayName("https://u:p@example.com/a/b.png?sig=secret#x"), "https://…@example.com/a/b.png?…", "credentials and query elided, and marked");
  t.equal(displayName("https://example.com\\@evil.test/a#x@y"), "https://example.com\\@evil.test/a?…", "'\\' ends the authority, as in the URL parser");
  t.equal(displayName("https://u@example.com?q@x"), "https://…@example.com?…");
  t.equal(displayName("HTTPS://example.com/a.png"), "HTTPS://example.com/a.png");
  t.equal(displayName("/home/me/" + "x".repeat(300)).length, 201);
  t.equal(sanitizeFilename("a\u0000b\u202e.txt"), "a_b_.txt");
  t.equal(sanitizeFilename("..."), undefined);
  t.equal(sanitizeFilename(""), undefined);
  t.equal(sanitizeFilename("C:\\Users\\me\\evil.exe"), "evil.exe");
  const long = sanitizeFilename("n".repeat(300) + ".pdf")!;
  t.equal(long.length, 128);
  t.ok(long.endsWith(".pdf"), "the extension survives truncation");
});
