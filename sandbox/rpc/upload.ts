// upload.*: SaveFilePart, SaveBigFilePart, GetFile; and turning an InputMedia (uploaded file or
// existing photo/document) into a world media record for messages.SendMedia/UploadMedia.
import { Api } from "telegram";
import type { SMedia } from "../world/world.js";
import { num, sameLong } from "./common.js";
import { checkFileRange } from "./files.js";
import { RpcError, type HandlerMap, type RpcContext } from "./types.js";

const MAX_PART = 512 * 1024;

function savePart(ctx: RpcContext, fileId: unknown, part: number, bytes: Buffer, totalParts?: number): boolean {
  const viewer = ctx.requireUser();
  if (part < 0 || part > 7999) throw new RpcError(400, "FILE_PART_INVALID");
  if (bytes.length > MAX_PART) throw new RpcError(400, "FILE_PART_TOO_BIG");
  const key = `${viewer}:${String(fileId)}`;
  let up = ctx.world.uploads.get(key);
  if (!up) ctx.world.uploads.set(key, (up = { parts: [], totalParts }));
  up.parts[part] = Buffer.from(bytes);
  return true;
}

/** Concatenates the parts of an uploaded file (and forgets them). */
function assemble(ctx: RpcContext, viewer: number, file: unknown): { content: Buffer; name: string } {
  if (!(file instanceof Api.InputFile) && !(file instanceof Api.InputFileBig)) throw new RpcError(400, "FILE_PARTS_INVALID");
  const key = `${viewer}:${String(file.id)}`;
  const up = ctx.world.uploads.get(key);
  if (!up || file.parts <= 0) throw new RpcError(400, "FILE_PARTS_INVALID");
  const parts: Buffer[] = [];
  for (let i = 0; i < file.parts; i++) {
    const p = up.parts[i];
    if (!p) throw new RpcError(400, `FILE_PART_${i}_MISSING`);
    parts.push(p);
  }
  ctx.world.uploads.delete(key);
  return { content: Buffer.concat(parts), name: file.name };
}

/** Width and height of a PNG or JPEG, when the header says so. */
export function imageSize(b: Buffer): { w: number; h: number } | undefined {
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47) return { w: b.readUInt32BE(16), h: b.readUInt32BE(20) };
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return undefined;
      const marker = b[i + 1]!;
      const len = b.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { h: b.readUInt16BE(i + 5), w: b.readUInt16BE(i + 7) };
      }
      i += 2 + len;
    }
  }
  return undefined;
}

function existingMedia(ctx: RpcContext, id: unknown, kind: SMedia["kind"]): SMedia {
  const input = id as { id?: unknown; accessHash?: unknown };
  const m = input && input.id !== undefined ? ctx.world.media.get(num(input.id as number)) : undefined;
  if (!m || m.kind !== kind || !sameLong(input.accessHash as number, ctx.world.mediaAccessHash(m.id))) throw new RpcError(400, "MEDIA_INVALID");
  return m;
}

/** The media id for an InputMedia of a send; MEDIA_INVALID for kinds the sandbox does not model. */
export function mediaFromInput(ctx: RpcContext, viewer: number, media: unknown): number {
  const world = ctx.world;
  const now = ctx.now();
  if (media instanceof Api.InputMediaUploadedPhoto) {
    const { content } = assemble(ctx, viewer, media.file);
    const dims = imageSize(content);
    return world.addMedia({ kind: "photo", dcId: ctx.dcId, date: now, size: content.length, mime: "image/jpeg", w: dims?.w ?? 800, h: dims?.h ?? 600, content }).id;
  }
  if (media instanceof Api.InputMediaUploadedDocument) {
    const { content, name } = assemble(ctx, viewer, media.file);
    let fileName: string | undefined = name || undefined;
    let w: number | undefined;
    let h: number | undefined;
    for (const a of media.attributes) {
      if (a instanceof Api.DocumentAttributeFilename) fileName = a.fileName;
      if (a instanceof Api.DocumentAttributeImageSize) ({ w, h } = a);
    }
    return world.addMedia({ kind: "document", dcId: ctx.dcId, date: now, size: content.length, mime: media.mimeType || "application/octet-stream", fileName, w, h, content }).id;
  }
  if (media instanceof Api.InputMediaPhoto) return existingMedia(ctx, media.id, "photo").id;
  if (media instanceof Api.InputMediaDocument) return existingMedia(ctx, media.id, "document").id;
  throw new RpcError(400, "MEDIA_INVALID");
}

export const uploadHandlers: HandlerMap = {
  "upload.SaveFilePart"(q: Api.upload.SaveFilePart, ctx) {
    return savePart(ctx, q.fileId, q.filePart, q.bytes);
  },

  "upload.SaveBigFilePart"(q: Api.upload.SaveBigFilePart, ctx) {
    if (q.fileTotalParts <= 0 || q.filePart >= q.fileTotalParts) throw new RpcError(400, "FILE_PART_INVALID");
    return savePart(ctx, q.fileId, q.filePart, q.bytes, q.fileTotalParts);
  },

  "upload.GetFile"(q: Api.upload.GetFile, ctx) {
    ctx.requireUser();
    const loc = q.location;
    let media: SMedia | undefined;
    if (loc instanceof Api.InputPhotoFileLocation || loc instanceof Api.InputDocumentFileLocation) {
      media = ctx.world.media.get(num(loc.id));
      if (media && !sameLong(loc.accessHash, ctx.world.mediaAccessHash(media.id))) media = undefined;
    }
    if (!media || media.kind === "poll") throw new RpcError(400, "LOCATION_INVALID");
    // Files live on their uploader's DC; any other DC points the client there (303 FILE_MIGRATE_X).
    const dc = media.dcId ?? 2;
    if (dc !== ctx.dcId) throw new RpcError(303, `FILE_MIGRATE_${dc}`);
    const offset = num(q.offset);
    checkFileRange(offset, q.limit, !!q.precise);
    return new Api.upload.File({
      type: media.kind === "photo" ? new Api.storage.FileJpeg() : new Api.storage.FileUnknown(),
      mtime: media.date,
      bytes: ctx.world.mediaBytes(media, offset, q.limit),
    });
  },
};
