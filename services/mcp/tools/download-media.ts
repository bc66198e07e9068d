// download_media: a message's photo or file, in the form a model can use.
// - images: MCP image content, downscaled to MEDIA_IMAGE_MAX_BYTES / MEDIA_IMAGE_MAX_SIDE;
// - text-like documents and PDFs: their text, capped at MEDIA_TEXT_MAX_CHARS (`truncated`);
// - anything else (and what max_bytes keeps from downloading): a resource_link to
//   tgmcp://media/{chat}/{message} (resources/read), plus a signed /files/ `url` over HTTP.
// Content and structuredContent: structuredContent is the result below (never the bytes; for
// documents it carries `text`, so a client that reads only structuredContent has it). The
// content array is the image / document text / resource_link first, then the JSON copy of the
// result; for documents that copy leaves `text` out, which the block before it already is.
// RPCs: one GetMessages, then one upload.GetFile per 512 KB part (none for a link).
import { Type, type Static } from "typebox";
import type { ContentBlock } from "@modelcontextprotocol/server";
import type { MediaFile } from "../../telegram/media.js";
import { mediaUri } from "../media-resource.js";
import { ChatIdParam, IdSchema } from "../schemas.js";
import { READ_ONLY_HINTS, ToolReply, callOptions, defineTool, type ToolContext } from "../types.js";
import { lazyImport } from "../lazy-import.js";

// Imported by the first call (with gramjs), not at start: ARCHITECTURE.md, "A stdio start".
const mediaCode = lazyImport(() => import("../../telegram/media.js"));
const mediaContentCode = lazyImport(() => import("../../telegram/media-content.js"));

export const DownloadMediaResultSchema = Type.Object({
  chat_id: IdSchema,
  message_id: Type.Integer(),
  media: Type.Object({
    type: Type.Enum(["photo", "document"]),
    mime_type: Type.String(),
    file_name: Type.Optional(Type.String()),
    size_bytes: Type.Integer(),
    width: Type.Optional(Type.Integer()),
    height: Type.Optional(Type.Integer()),
  }),
  returned_as: Type.Enum(["image", "text", "resource_link"], { description: "Which content block carries the media." }),
  image: Type.Optional(
    Type.Object({ mime_type: Type.String(), width: Type.Integer(), height: Type.Integer(), size_bytes: Type.Integer(), downscaled: Type.Boolean() }, { description: "The image as returned." }),
  ),
  text: Type.Optional(Type.String({ description: "The document's text (PDF: its text layer)." })),
  truncated: Type.Optional(Type.Boolean({ description: "The text was cut (MEDIA_TEXT_MAX_CHARS or max_bytes)." })),
  pages: Type.Optional(Type.Integer()),
  resource_uri: Type.String({ description: "resources/read gives the original file." }),
  url: Type.Optional(Type.String({ description: "HTTP only: signed download link, no token needed, valid until url_expires_at." })),
  url_expires_at: Type.Optional(Type.String()),
  note: Type.Optional(Type.String()),
});

type Result = Static<typeof DownloadMediaResultSchema>;

function mediaOf(file: MediaFile): Result["media"] {
  const m: Result["media"] = { type: file.kind, mime_type: file.mime, size_bytes: file.size };
  if (file.name !== undefined) m.file_name = file.name;
  if (file.width !== undefined) m.width = file.width;
  if (file.height !== undefined) m.height = file.height;
  return m;
}

/** The resource_link reply: no download now; the file is read later through the resource or the URL. */
async function linkReply(base: Result, file: MediaFile, ctx: ToolContext, chatId: string, note?: string): Promise<ToolReply<Result>> {
  const result: Result = { ...base, returned_as: "resource_link" };
  if (ctx.mediaLinks) {
    const link = await ctx.mediaLinks(chatId, base.message_id);
    result.url = link.url;
    result.url_expires_at = link.expiresAt.toISOString();
  }
  if (note) result.note = note;
  const name = file.name ?? `${file.kind}-${base.message_id}`;
  const block: ContentBlock = { type: "resource_link", uri: base.resource_uri, name, mimeType: file.mime, size: file.size };
  return new ToolReply(result, [block]);
}

export const downloadMediaTool = defineTool({
  name: "download_media",
  title: "Download a message's media",
  description: `Bring a message's photo or file into the conversation: images as image content (downscaled to fit), text, code and PDFs as text (capped; truncated says so), anything else as a resource_link for resources/read (over HTTP also a short-lived url). Use it when a message has media the user asks about.`,
  input: Type.Object(
    {
      chat_id: ChatIdParam(),
      message_id: Type.Integer({ minimum: 1 }),
      max_bytes: Type.Optional(Type.Integer({ minimum: 1, description: "Download cap (default and ceiling: MAX_FILE_SIZE_MB); a text file gives its beginning." })),
    },
    { additionalProperties: false },
  ),
  output: DownloadMediaResultSchema,
  annotations: READ_ONLY_HINTS,
  toolset: "messaging",
  async handler(args, ctx) {
    const { downloadFile, fileTooLarge, locateMedia } = await mediaCode();
    const { decodeText, fitImage, pdfText, treatmentOf } = await mediaContentCode();
    const opts = callOptions(ctx);
    const limits = ctx.options.media;
    const chatId = String(args.chat_id).trim();
    const { peer, file } = await locateMedia(ctx.session, chatId, args.message_id, opts);
    const base: Result = {
      chat_id: /^-?\d{1,15}$/.test(peer.markedId) ? Number(peer.markedId) : peer.markedId,
      message_id: args.message_id,
      media: mediaOf(file),
      returned_as: "resource_link",
      resource_uri: mediaUri(chatId, args.message_id),
    };
    const cap = Math.min(limits.maxFileBytes, args.max_bytes ?? Infinity);
    const capName = args.max_bytes !== undefined && args.max_bytes < limits.maxFileBytes ? "max_bytes" : "MAX_FILE_SIZE_MB";
    const treatment = treatmentOf(file);

    if (treatment === "text") {
      // Only the beginning is needed for a capped text: up to 4 UTF-8 bytes per character.
      const { bytes, partial } = await downloadFile(ctx.session, file, { ...opts, maxBytes: Math.min(cap, limits.textMaxChars * 4 + 4) });
      const { text, truncated } = decodeText(bytes, limits.textMaxChars, partial);
      const result: Result = { ...base, returned_as: "text", text, truncated };
      const { text: _omitted, ...copy } = result;
      return new ToolReply(result, [{ type: "text", text }], copy);
    }
    if (file.size > limits.maxFileBytes) throw fileTooLarge(file, limits.maxFileBytes, "MAX_FILE_SIZE_MB");
    if (treatment === "other") return linkReply(base, file, ctx, chatId);
    if (file.size > cap) return linkReply(base, file, ctx, chatId, `Not downloaded: the file is ${file.size} bytes, over ${capName} (${cap}); read it through the link.`);

    const { bytes } = await downloadFile(ctx.session, file, opts);
    if (treatment === "image") {
      const img = await fitImage(bytes, file.mime, limits);
      const result: Result = {
        ...base,
        returned_as: "image",
        image: { mime_type: img.mime, width: img.width, height: img.height, size_bytes: img.data.length, downscaled: img.downscaled },
      };
      return new ToolReply(result, [{ type: "image", data: img.data.toString("base64"), mimeType: img.mime }]);
    }
    const pdf = await pdfText(bytes, limits.textMaxChars);
    if (pdf.text.trim() === "") return linkReply({ ...base, pages: pdf.pages }, file, ctx, chatId, "The PDF has no text layer (a scan?); read the file through the link.");
    const result: Result = { ...base, returned_as: "text", text: pdf.text, truncated: pdf.truncated, pages: pdf.pages };
    const { text: _omitted, ...copy } = result;
    return new ToolReply(result, [{ type: "text", text: pdf.text }], copy);
  },
});
