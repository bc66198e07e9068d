// The file of a message and its download, for download_media and the media resources.
// - locateMedia: one messages.GetMessages (channels.GetMessages in channels) finds the message;
//   its photo (largest size) or document becomes a MediaFile: what it is and where it lives.
// - downloadFile: upload.GetFile by parts through session.invoke, one call per part (the first
//   alone, then a few in parallel), on the file's own DC (files live on their uploader's DC; gramjs's exported-authorization sender
//   reaches it), following FILE_MIGRATE_X if Telegram points elsewhere.
// Part rules (core.telegram.org/api/files): offset and limit multiples of 4 KB, 1 MB divisible by
// limit, no part across a 1 MB boundary. 512 KB parts satisfy all three at every offset.
import bigInt from "big-integer";
import { Api, errors } from "telegram";
import type { AccountSession } from "./account-session.js";
import { markedIdOf, resolvePeer, toInputChannel, type ResolvedPeer } from "./entity-resolver.js";
import { ToolError, entityNotFound, invalidParameter } from "./errors.js";
import type { CallOptions } from "./rpc.js";

/** Bytes per upload.GetFile call. */
export const FILE_PART_BYTES = 512 * 1024;

export interface MediaFile {
  kind: "photo" | "document";
  /** MIME type (photos are always JPEG). */
  mime: string;
  /** The sender's file name (documents), if any. */
  name?: string;
  size: number;
  width?: number;
  height?: number;
  /** The DC the file lives on. */
  dcId: number;
  location: Api.TypeInputFileLocation;
}

export interface LocatedMedia {
  peer: ResolvedPeer;
  messageId: number;
  file: MediaFile;
}

function toInt(x: unknown): number {
  const n = typeof x === "number" ? x : Number(String(x));
  return Number.isFinite(n) ? n : 0;
}

/** What kind of media a message has, in words, for the "nothing to download" error. */
function mediaKind(m: Api.TypeMessageMedia): string {
  const name = m.className.replace(/^MessageMedia/, "");
  return name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

/** The downloadable file of a message's media, or a clear error. */
export function mediaFileOf(media: Api.TypeMessageMedia | undefined, where: string): MediaFile {
  if (!media || media instanceof Api.MessageMediaEmpty) throw invalidParameter(`${where} has no media to download.`);
  if (media instanceof Api.MessageMediaPhoto) {
    const photo = media.photo;
    if (!(photo instanceof Api.Photo)) throw new ToolError("FileError", `The photo of ${where} is no longer available.`);
    // The largest stored size; stripped and vector thumbnails are previews, not the photo.
    let best: { type: string; w: number; h: number; size: number } | undefined;
    for (const s of photo.sizes) {
      const size = s instanceof Api.PhotoSize ? s.size : s instanceof Api.PhotoSizeProgressive ? Math.max(...s.sizes) : undefined;
      if (size === undefined || !(s instanceof Api.PhotoSize || s instanceof Api.PhotoSizeProgressive)) continue;
      if (!best || s.w * s.h > best.w * best.h) best = { type: s.type, w: s.w, h: s.h, size };
    }
    if (!best) throw new ToolError("FileError", `The photo of ${where} has no downloadable size.`);
    return {
      kind: "photo",
      mime: "image/jpeg",
      size: best.size,
      width: best.w,
      height: best.h,
      dcId: photo.dcId,
      location: new Api.InputPhotoFileLocation({ id: photo.id, accessHash: photo.accessHash, fileReference: photo.fileReference, thumbSize: best.type }),
    };
  }
  if (media instanceof Api.MessageMediaDocument) {
    const doc = media.document;
    if (!(doc instanceof Api.Document)) throw new ToolError("FileError", `The file of ${where} is no longer available.`);
    const file: MediaFile = {
      kind: "document",
      mime: doc.mimeType || "application/octet-stream",
      size: toInt(doc.size),
      dcId: doc.dcId,
      location: new Api.InputDocumentFileLocation({ id: doc.id, accessHash: doc.accessHash, fileReference: doc.fileReference, thumbSize: "" }),
    };
    for (const a of doc.attributes) {
      if (a instanceof Api.DocumentAttributeFilename) file.name = a.fileName;
      else if (a instanceof Api.DocumentAttributeImageSize || a instanceof Api.DocumentAttributeVideo) {
        file.width = a.w;
        file.height = a.h;
      }
    }
    return file;
  }
  throw invalidParameter(`${where} has a ${mediaKind(media)}, which has no file to download.`);
}

/** Finds message `messageId` of the chat and its file: one GetMessages call (plus cached chat resolution). */
export async function locateMedia(session: AccountSession, chatId: string | number, messageId: number, opts: CallOptions = {}): Promise<LocatedMedia> {
  const peer = await resolvePeer(session, chatId, opts);
  const id = [new Api.InputMessageID({ id: messageId })];
  // messages.GetMessages names no chat: the chat policy is checked here, and the answer is kept to this chat below.
  if (!(peer.inputPeer instanceof Api.InputPeerChannel)) session.assertRight(peer.isSelf ? "self" : peer.markedId, "read", "messages.GetMessages");
  const r =
    peer.inputPeer instanceof Api.InputPeerChannel
      ? await session.invoke(new Api.channels.GetMessages({ channel: toInputChannel(peer), id }), opts.signal)
      : await session.invoke(new Api.messages.GetMessages({ id }), opts.signal, { filtersResults: true });
  const where = `Message ${messageId} of chat ${String(chatId)}`;
  if (r instanceof Api.messages.MessagesNotModified) throw entityNotFound(`${where} was not found.`);
  session.peers.rememberFrom(r);
  // messages.GetMessages is not scoped to a chat (ids are per account there): keep only this chat's.
  const self = r.users.find((u): u is Api.User => u instanceof Api.User && u.self === true);
  const chatMarked = peer.isSelf ? (self?.id.toString() ?? session.knownSelfId()) : peer.markedId;
  const m = r.messages.find((x): x is Api.Message => x instanceof Api.Message && x.id === messageId && markedIdOf(x.peerId) === chatMarked);
  if (!m) throw entityNotFound(`${where} was not found (deleted, or not in that chat). Check the id with read_messages or search_messages_in_chat.`);
  return { peer, messageId, file: mediaFileOf(m.media, where) };
}

export interface DownloadOptions extends CallOptions {
  /** Stop after this many bytes (rounded up to whole parts); the file's size otherwise. */
  maxBytes?: number;
}

export interface Downloaded {
  bytes: Buffer;
  /** True when maxBytes stopped the download before the end of the file. */
  partial: boolean;
  /** upload.GetFile calls made (one per part; one more for each FILE_MIGRATE_X followed). */
  calls: number;
}

/** Parts in flight at once after the first (TDLib-like; well within Telegram's per-DC limits). */
const PARTS_IN_FLIGHT = 4;

/**
 * Downloads a file by parts, on its own DC. The first part goes alone: it finds the file's DC
 * (FILE_MIGRATE_X) and a CDN refusal before more is asked. The rest, whose offsets the known size
 * gives, go PARTS_IN_FLIGHT at a time: a 5 MB file takes 4 sequential round trips, not 10.
 */
export async function downloadFile(session: AccountSession, file: MediaFile, opts: DownloadOptions = {}): Promise<Downloaded> {
  const want = Math.min(file.size, opts.maxBytes ?? file.size);
  let dcId = file.dcId;
  let calls = 0;
  let migrations = 0;
  const part = async (offset: number): Promise<Buffer> => {
    for (;;) {
      const request = new Api.upload.GetFile({ location: file.location, offset: bigInt(offset), limit: FILE_PART_BYTES, precise: false });
      let result: Api.upload.TypeFile;
      try {
        calls++;
        result = await session.invoke(request, opts.signal, { dcId });
      } catch (err) {
        if (err instanceof errors.FileMigrateError && migrations++ < 2) {
          dcId = err.newDc;
          continue;
        }
        throw err;
      }
      if (!(result instanceof Api.upload.File)) throw new ToolError("FileError", "Telegram serves this file from a CDN, which this server does not download.");
      return Buffer.from(result.bytes);
    }
  };
  // A zero-size file still gets one call (its size may be unknown).
  const chunks = [await part(0)];
  // A short first part is the last one (the file is smaller than its stated size).
  if (chunks[0]!.length === FILE_PART_BYTES) {
    const offsets: number[] = [];
    for (let o = FILE_PART_BYTES; o < want; o += FILE_PART_BYTES) offsets.push(o);
    const rest: Buffer[] = new Array(offsets.length);
    let next = 0;
    const worker = async () => {
      while (next < offsets.length) {
        const i = next++;
        rest[i] = await part(offsets[i]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARTS_IN_FLIGHT, offsets.length) }, worker));
    chunks.push(...rest);
  }
  const all = Buffer.concat(chunks);
  const bytes = all.length > want ? all.subarray(0, want) : all;
  return { bytes, partial: want < file.size, calls };
}

/** The refusal of a file over a byte limit (MAX_FILE_SIZE_MB, or the caller's max_bytes). */
export function fileTooLarge(file: MediaFile, limit: number, setting: string): ToolError {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return new ToolError("FileError", `The file is ${mb(file.size)} (${file.size} bytes), over ${setting} (${limit} bytes); it was not downloaded.`);
}

/** A message's whole file (resources/read, /files/ links): located, size-checked, downloaded. */
export async function fetchMediaFile(session: AccountSession, chatId: string | number, messageId: number, maxFileBytes: number, opts: CallOptions = {}): Promise<{ file: MediaFile; bytes: Buffer }> {
  const { file } = await locateMedia(session, chatId, messageId, opts);
  if (file.size > maxFileBytes) throw fileTooLarge(file, maxFileBytes, "MAX_FILE_SIZE_MB");
  const { bytes } = await downloadFile(session, file, opts);
  return { file, bytes };
}
