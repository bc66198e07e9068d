// A downloaded file in the form a model can use: images downscaled to fit a byte and side cap
// (sharp), text-like documents decoded and capped, PDFs as their text layer (unpdf). sharp and
// unpdf are imported on first use, so a server that never downloads media never loads them.
import type { MediaFile } from "./media.js";
import { ToolError } from "./errors.js";
import { neutralizeText } from "./untrusted-text.js";

export interface MediaLimits {
  /** MEDIA_IMAGE_MAX_BYTES: the largest image returned, after downscaling. */
  imageMaxBytes: number;
  /** MEDIA_IMAGE_MAX_SIDE: the longest side of a returned image, in pixels. */
  imageMaxSide: number;
  /** MEDIA_TEXT_MAX_CHARS: the most characters of a document's text returned. */
  textMaxChars: number;
}

export type Treatment = "image" | "text" | "pdf" | "other";

/** Image formats sharp decodes that models take as they are. */
const PASS_THROUGH_IMAGES = new Set(["image/jpeg", "image/png", "image/webp", "image/gif"]);
const IMAGES = new Set([...PASS_THROUGH_IMAGES, "image/avif", "image/tiff", "image/heif", "image/heic", "image/bmp"]);

const TEXT_MIMES = new Set([
  "application/json",
  "application/ld+json",
  "application/x-ndjson",
  "application/xml",
  "application/javascript",
  "application/x-javascript",
  "application/typescript",
  "application/x-yaml",
  "application/yaml",
  "application/toml",
  "application/x-sh",
  "application/x-python",
  "application/sql",
  "application/csv",
  "application/x-subrip",
]);

const TEXT_EXTENSIONS = new Set(
  (
    "txt text md markdown rst adoc csv tsv json jsonl ndjson xml yaml yml toml ini cfg conf env log diff patch srt vtt tex " +
    "js mjs cjs ts tsx jsx py rb go rs java kt kts c h cc cpp hpp cs swift php sh bash zsh fish ps1 sql r scala lua pl dart " +
    "css scss less vue svelte html htm gradle properties dockerfile makefile"
  ).split(" "),
);

function extensionOf(name: string | undefined): string {
  if (!name) return "";
  const base = name.toLowerCase().split(/[\\/]/).pop()!;
  const dot = base.lastIndexOf(".");
  return dot >= 0 ? base.slice(dot + 1) : base;
}

/** How a file is brought into the conversation, from its MIME type and name. */
export function treatmentOf(file: Pick<MediaFile, "mime" | "name">): Treatment {
  const mime = file.mime.toLowerCase().split(";")[0]!.trim();
  const ext = extensionOf(file.name);
  if (IMAGES.has(mime)) return "image";
  if (mime === "application/pdf" || ext === "pdf") return "pdf";
  if (mime.startsWith("text/") || TEXT_MIMES.has(mime) || TEXT_EXTENSIONS.has(ext)) return "text";
  return "other";
}

// ------------------------------------------------------------------------------------ images

export interface ImageResult {
  data: Buffer;
  mime: string;
  width: number;
  height: number;
  /** True when the image was re-encoded (smaller side or bytes) rather than passed through. */
  downscaled: boolean;
}

type Sharp = typeof import("sharp").default;
let sharpModule: Promise<Sharp> | undefined;
const loadSharp = () => (sharpModule ??= import("sharp").then((m) => m.default));

/** The image within the caps: passed through when it already fits, re-encoded smaller otherwise. */
export async function fitImage(bytes: Buffer, mime: string, limits: Pick<MediaLimits, "imageMaxBytes" | "imageMaxSide">): Promise<ImageResult> {
  const sharp = await loadSharp();
  let meta: Awaited<ReturnType<ReturnType<Sharp>["metadata"]>>;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    throw new ToolError("FileError", "The file is not an image this server can decode.");
  }
  const rotated = (meta.orientation ?? 1) >= 5; // EXIF orientations 5-8 swap width and height
  const width = (rotated ? meta.height : meta.width) ?? 0;
  const height = (rotated ? meta.width : meta.height) ?? 0;
  const fits = bytes.length <= limits.imageMaxBytes && Math.max(width, height) <= limits.imageMaxSide && (meta.orientation ?? 1) === 1;
  const type = mime.toLowerCase();
  if (fits && PASS_THROUGH_IMAGES.has(type)) return { data: bytes, mime: type, width, height, downscaled: false };

  // JPEG for opaque images, WebP where transparency must survive; lower the quality first, then the size.
  const alpha = meta.hasAlpha === true;
  let side = Math.min(limits.imageMaxSide, Math.max(width, height, 1));
  let quality = 85;
  for (let attempt = 0; attempt < 24; attempt++) {
    const pipeline = sharp(bytes).rotate().resize({ width: side, height: side, fit: "inside", withoutEnlargement: true });
    const { data, info } = await (alpha ? pipeline.webp({ quality }) : pipeline.jpeg({ quality })).toBuffer({ resolveWithObject: true });
    if (data.length <= limits.imageMaxBytes) return { data, mime: alpha ? "image/webp" : "image/jpeg", width: info.width, height: info.height, downscaled: true };
    if (quality > 55) quality -= 15;
    else side = Math.max(16, Math.floor(side * 0.75));
  }
  throw new ToolError("FileError", `The image could not be made smaller than MEDIA_IMAGE_MAX_BYTES (${limits.imageMaxBytes} bytes).`);
}

// -------------------------------------------------------------------------------------- text

export interface TextResult {
  text: string;
  /** True when the text was cut (at the character cap, or the download stopped early). */
  truncated: boolean;
}

/** Cuts at `max` characters without splitting a surrogate pair. */
function cap(text: string, max: number): TextResult {
  if (text.length <= max) return { text, truncated: false };
  let end = max;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return { text: text.slice(0, end), truncated: true };
}

/** Decodes a text file (UTF-8, or UTF-16 with a byte-order mark). `partial`: the bytes stop mid-file. */
export function decodeText(bytes: Buffer, maxChars: number, partial = false): TextResult {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder("utf-16le").decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder("utf-16be").decode(bytes.subarray(2));
  else text = new TextDecoder("utf-8").decode(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes);
  if (partial) text = text.replace(/\uFFFD+$/, ""); // a character cut by the download's end
  const r = cap(neutralizeText(text), maxChars);
  return { text: r.text, truncated: r.truncated || partial };
}

type Unpdf = typeof import("unpdf");
let unpdfModule: Promise<Unpdf> | undefined;
const loadUnpdf = () => (unpdfModule ??= import("unpdf"));

/** The text layer of a PDF, pages separated by a blank line; empty when it has none (a scan). */
export async function pdfText(bytes: Buffer, maxChars: number): Promise<TextResult & { pages: number }> {
  const { getDocumentProxy, extractText } = await loadUnpdf();
  let pdf: Awaited<ReturnType<Unpdf["getDocumentProxy"]>> | undefined;
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes));
    const { totalPages, text } = await extractText(pdf, { mergePages: false });
    const joined = text.map((p) => p.trim()).join("\n\n");
    return { ...cap(neutralizeText(joined), maxChars), pages: totalPages };
  } catch {
    throw new ToolError("FileError", "The PDF could not be read (damaged or encrypted).");
  } finally {
    await pdf?.loadingTask.destroy().catch(() => {}); // frees the document and its worker
  }
}
