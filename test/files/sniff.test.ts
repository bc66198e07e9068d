// Content sniffing and media kinds: the bytes decide, not the name or a header.
import t from "tap";
import { cleanMime, decideType, extFromMime, mediaKind, mimeFromName, sniff, PHOTO_MAX_BYTES } from "../../services/telegram/files/sniff.js";
import { mp3Bytes, mp4Bytes, pdfBytes, pngBytes } from "./_fixtures.js";

const b = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));

t.test("magic bytes", async (t) => {
  const cases: Array<[Buffer, string | undefined]> = [
    [b([0xff, 0xd8, 0xff, 0xe0], "JFIF"), "image/jpeg"],
    [pngBytes(2, 2), "image/png"],
    [b("GIF89a", [1, 0, 1, 0]), "image/gif"],
    [b("RIFF", [0, 0, 0, 0], "WEBPVP8 "), "image/webp"],
    [b("RIFF", [0, 0, 0, 0], "WAVEfmt "), "audio/wav"],
    [b("RIFF", [0, 0, 0, 0], "AVI LIST"), "video/x-msvideo"],
    [b("BM", Array(30).fill(0)), "image/bmp"],
    [b([0x49, 0x49, 0x2a, 0x00]), "image/tiff"],
    [mp4Bytes(), "video/mp4"],
    [b([0, 0, 0, 20], "ftypqt  "), "video/quicktime"],
    [b([0, 0, 0, 20], "ftypM4A "), "audio/mp4"],
    [b([0, 0, 0, 20], "ftypheic"), "image/heic"],
    [b([0, 0, 0, 20], "ftypavif"), "image/avif"],
    [b([0, 0, 0, 20], "ftyp3gp4"), "video/3gpp"],
    [b([0x1a, 0x45, 0xdf, 0xa3], "....webm"), "video/webm"],
    [b([0x1a, 0x45, 0xdf, 0xa3], "....matroska"), "video/x-matroska"],
    [b("OggS", Array(24).fill(0), "OpusHead"), "audio/ogg"],
    [b("OggS", Array(24).fill(0), "\x80theora"), "video/ogg"],
    [b("fLaC"), "audio/flac"],
    [mp3Bytes(), "audio/mpeg"],
    [b([0xff, 0xfb, 0x90, 0x44]), "audio/mpeg"],
    [pdfBytes(), "application/pdf"],
    [b("PK", [3, 4], "...."), "application/zip"],
    [b([0x1f, 0x8b, 8, 0]), "application/gzip"],
    [b([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]), "application/x-7z-compressed"],
    [b("Rar!", [0x1a, 7]), "application/vnd.rar"],
    [b("hello world"), undefined],
    [Buffer.alloc(0), undefined],
  ];
  for (const [buf, mime] of cases) t.equal(sniff(buf)?.mime, mime, mime ?? "unknown");
  t.equal(sniff(b("OggS", Array(40).fill(0)))?.ext, ".ogg");
});

t.test("type decisions", async (t) => {
  t.same(decideType(pngBytes(2, 2), "x.jpg", "image/jpeg"), { mime: "image/png", kind: "photo" }, "bytes win over name and header");
  t.same(decideType(Buffer.from("text"), "x.jpg", "image/jpeg"), { mime: "image/jpeg", kind: "document" }, "unsniffed media claims stay documents");
  t.same(decideType(Buffer.from("a,b"), "t.csv", undefined), { mime: "text/csv", kind: "document" });
  t.same(decideType(Buffer.from("?"), "noext", "application/octet-stream"), { mime: "application/octet-stream", kind: "document" });
  t.same(decideType(b("PK", [3, 4]), "r.docx", "application/zip"), { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", kind: "document" });
  t.same(decideType(mp4Bytes(), "v", undefined), { mime: "video/mp4", kind: "video" });
  t.same(decideType(mp3Bytes(), "s", undefined), { mime: "audio/mpeg", kind: "audio" });
  t.same(decideType(b("GIF89a"), "a.gif", undefined), { mime: "image/gif", kind: "document" });
  t.equal(mediaKind("image/png", PHOTO_MAX_BYTES + 1), "document", "photos over 10 MB go as documents");
  t.equal(mediaKind("image/png", PHOTO_MAX_BYTES), "photo");
  t.equal(cleanMime("Image/PNG; charset=binary"), "image/png");
  t.equal(cleanMime("garbage"), undefined);
  t.equal(cleanMime(undefined), undefined);
  t.equal(mimeFromName("A.PDF"), "application/pdf");
  t.equal(mimeFromName("noext"), undefined);
  t.equal(extFromMime("image/jpeg"), ".jpg");
});
