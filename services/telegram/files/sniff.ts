// Content sniffing: the file's first bytes decide its type, not the name or a server's header
// (both are easy to get wrong), then the mime type decides how Telegram shows it.

export type MediaKind = "photo" | "video" | "audio" | "document";

export interface Sniffed {
  mime: string;
  ext: string; // with the dot, e.g. ".png"
}

function ascii(buf: Uint8Array, start: number, end: number): string {
  return Buffer.from(buf.subarray(start, Math.min(end, buf.length))).toString("latin1");
}

function startsWith(buf: Uint8Array, bytes: number[], offset = 0): boolean {
  if (buf.length < offset + bytes.length) return false;
  return bytes.every((b, i) => buf[offset + i] === b);
}

/** Detects a file type from its magic bytes; null when unknown. */
export function sniff(buf: Uint8Array): Sniffed | null {
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return { mime: "image/jpeg", ext: ".jpg" };
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: "image/png", ext: ".png" };
  const head6 = ascii(buf, 0, 6);
  if (head6 === "GIF87a" || head6 === "GIF89a") return { mime: "image/gif", ext: ".gif" };
  if (ascii(buf, 0, 4) === "RIFF") {
    const form = ascii(buf, 8, 12);
    if (form === "WEBP") return { mime: "image/webp", ext: ".webp" };
    if (form === "WAVE") return { mime: "audio/wav", ext: ".wav" };
    if (form === "AVI ") return { mime: "video/x-msvideo", ext: ".avi" };
  }
  if (ascii(buf, 0, 2) === "BM" && buf.length >= 26) return { mime: "image/bmp", ext: ".bmp" };
  if (startsWith(buf, [0x49, 0x49, 0x2a, 0x00]) || startsWith(buf, [0x4d, 0x4d, 0x00, 0x2a])) return { mime: "image/tiff", ext: ".tiff" };
  if (ascii(buf, 4, 8) === "ftyp") {
    const brand = ascii(buf, 8, 12);
    if (brand === "qt  ") return { mime: "video/quicktime", ext: ".mov" };
    if (brand === "M4A " || brand === "M4B ") return { mime: "audio/mp4", ext: ".m4a" };
    if (["heic", "heix", "heim", "heis", "mif1", "msf1"].includes(brand)) return { mime: "image/heic", ext: ".heic" };
    if (brand === "avif" || brand === "avis") return { mime: "image/avif", ext: ".avif" };
    if (brand.startsWith("3g")) return { mime: "video/3gpp", ext: ".3gp" };
    return { mime: "video/mp4", ext: ".mp4" };
  }
  if (startsWith(buf, [0x1a, 0x45, 0xdf, 0xa3])) {
    // EBML: the DocType string says webm or matroska.
    return ascii(buf, 0, 64).includes("webm") ? { mime: "video/webm", ext: ".webm" } : { mime: "video/x-matroska", ext: ".mkv" };
  }
  if (ascii(buf, 0, 4) === "OggS") {
    const head = ascii(buf, 0, 64);
    if (head.includes("theora")) return { mime: "video/ogg", ext: ".ogv" };
    return { mime: "audio/ogg", ext: head.includes("OpusHead") ? ".opus" : ".ogg" };
  }
  if (ascii(buf, 0, 4) === "fLaC") return { mime: "audio/flac", ext: ".flac" };
  if (ascii(buf, 0, 3) === "ID3") return { mime: "audio/mpeg", ext: ".mp3" };
  // MPEG audio frame sync: 11 set bits, layer III, a valid bitrate index.
  if (buf.length >= 3 && buf[0] === 0xff && (buf[1] & 0xe6) === 0xe2 && (buf[2] & 0xf0) !== 0xf0) return { mime: "audio/mpeg", ext: ".mp3" };
  if (ascii(buf, 0, 5) === "%PDF-") return { mime: "application/pdf", ext: ".pdf" };
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04]) || startsWith(buf, [0x50, 0x4b, 0x05, 0x06])) return { mime: "application/zip", ext: ".zip" };
  if (startsWith(buf, [0x1f, 0x8b])) return { mime: "application/gzip", ext: ".gz" };
  if (startsWith(buf, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return { mime: "application/x-7z-compressed", ext: ".7z" };
  if (ascii(buf, 0, 4) === "Rar!") return { mime: "application/vnd.rar", ext: ".rar" };
  return null;
}

const MIME_BY_EXT: Record<string, string> = {
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".bmp": "image/bmp",
  ".tif": "image/tiff",
  ".tiff": "image/tiff",
  ".heic": "image/heic",
  ".svg": "image/svg+xml",
  ".mp4": "video/mp4",
  ".m4v": "video/mp4",
  ".mov": "video/quicktime",
  ".webm": "video/webm",
  ".mkv": "video/x-matroska",
  ".avi": "video/x-msvideo",
  ".mp3": "audio/mpeg",
  ".m4a": "audio/mp4",
  ".ogg": "audio/ogg",
  ".oga": "audio/ogg",
  ".opus": "audio/ogg",
  ".flac": "audio/flac",
  ".wav": "audio/wav",
  ".pdf": "application/pdf",
  ".zip": "application/zip",
  ".gz": "application/gzip",
  ".txt": "text/plain",
  ".md": "text/markdown",
  ".csv": "text/csv",
  ".json": "application/json",
  ".html": "text/html",
  ".xml": "application/xml",
  ".doc": "application/msword",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ".xls": "application/vnd.ms-excel",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".ppt": "application/vnd.ms-powerpoint",
  ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
};

const EXT_BY_MIME: Record<string, string> = {};
for (const [ext, mime] of Object.entries(MIME_BY_EXT)) EXT_BY_MIME[mime] ??= ext;

export function mimeFromName(name: string): string | undefined {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? undefined : MIME_BY_EXT[name.slice(dot).toLowerCase()];
}

export function extFromMime(mime: string): string | undefined {
  return EXT_BY_MIME[mime.toLowerCase()];
}

/** Cleans a declared mime type ("Image/PNG; charset=x" -> "image/png"); undefined if malformed. */
export function cleanMime(declared: string | undefined | null): string | undefined {
  if (!declared) return undefined;
  const m = /^\s*([a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+)\s*(;|$)/i.exec(declared);
  return m ? m[1].toLowerCase() : undefined;
}

/** Telegram photos: jpeg, png and webp up to 10 MB (bigger ones go as documents). */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

/** How Telegram should show a file whose bytes were recognised as this mime type. */
export function mediaKind(mime: string, size: number): MediaKind {
  if (["image/jpeg", "image/png", "image/webp"].includes(mime)) return size <= PHOTO_MAX_BYTES ? "photo" : "document";
  if (["video/mp4", "video/quicktime", "video/webm"].includes(mime)) return "video";
  if (["audio/mpeg", "audio/mp4", "audio/ogg", "audio/flac", "audio/wav"].includes(mime)) return "audio";
  return "document";
}

/**
 * The file's mime type and media kind. Sniffed bytes win (a zip-based office file keeps its more
 * precise type from the name); then the declared type (HTTP header or data: URI); then the name.
 * Only sniffed content can become a photo, video or audio: a text file named x.jpg is a document.
 */
export function decideType(data: Uint8Array, name: string, declared?: string): { mime: string; kind: MediaKind } {
  const sniffed = sniff(data);
  const byName = mimeFromName(name);
  if (sniffed) {
    if (sniffed.mime === "application/zip" && byName?.startsWith("application/vnd.openxmlformats")) return { mime: byName, kind: "document" };
    return { mime: sniffed.mime, kind: mediaKind(sniffed.mime, data.length) };
  }
  const decl = cleanMime(declared);
  const mime = decl && decl !== "application/octet-stream" ? decl : (byName ?? "application/octet-stream");
  return { mime, kind: "document" };
}
