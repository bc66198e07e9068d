// Uploading prepared files through gramjs and sending them with the right media type.
// - Files go up in parts: upload.SaveFilePart, or upload.SaveBigFilePart over 10 MB.
// - Up to 10 files go as one album when Telegram allows it (photos and videos together, or all
//   documents, or all audio); otherwise each file is its own message, in order.
// - The message is the caption (on the first file). Over 1024 characters it cannot be a caption:
//   it is sent first as its own text message and the result says so.
import bigInt from "big-integer";
import { randomBytes } from "node:crypto";
import { Api } from "telegram";
import type { CallOptions } from "../rpc.js";
import type { AccountSession } from "../account-session.js";
import { FileError } from "./errors.js";
import type { PreparedFile } from "./types.js";

export const CAPTION_LIMIT = 1024;
export const MESSAGE_LIMIT = 4096;
export const ALBUM_MAX = 10;

export interface Caption {
  text: string;
  entities?: Api.TypeMessageEntity[];
}

export interface SendFilesOptions {
  /** The message, already formatted (text + entities). */
  caption?: Caption;
  replyTo?: number;
  /** Forum topic (reply_to's top_msg_id), a scheduled send (unix seconds), no notification. */
  topMsgId?: number;
  scheduleDate?: number;
  silent?: boolean;
  /** One random_id per file (idempotent retries); random when missing. */
  randomIds?: bigInt.BigInteger[];
  signal?: AbortSignal;
  /** Parallel part uploads per file (gramjs workers). */
  workers?: number;
}

export interface SendFilesResult {
  /** Every message sent, in order (the separate caption text first when there is one). */
  messages: Api.Message[];
  /** All Updates answers merged into one (users/chats vectors included), for rendering. */
  updates: Api.Updates;
  caption_sent_separately: boolean;
}

/** Groups files into sends: one album when Telegram allows it, otherwise one send per file. */
export function planSends(files: readonly PreparedFile[]): PreparedFile[][] {
  if (files.length <= 1) return files.length ? [[...files]] : [];
  if (files.length > ALBUM_MAX) throw new FileError("files", "too_many_files", `at most ${ALBUM_MAX} files per message`);
  const kinds = new Set(files.map((f) => f.kind));
  const visual = [...kinds].every((k) => k === "photo" || k === "video");
  const sameKind = kinds.size === 1 && (kinds.has("document") || kinds.has("audio"));
  return visual || sameKind ? [[...files]] : files.map((f) => [f]);
}

function randomId(): bigInt.BigInteger {
  return bigInt(randomBytes(8).readBigInt64LE().toString());
}

// The separate caption's random_id is derived from the first file's, so an idempotent retry of
// the whole send repeats it too (and Telegram recognises the duplicate).
const CAPTION_SALT = bigInt("5a17c0de5a17c0de", 16);
function captionRandomId(first: bigInt.BigInteger | undefined): bigInt.BigInteger {
  if (!first) return randomId();
  const two64 = bigInt(2).pow(64);
  let v = first.add(two64).mod(two64).xor(CAPTION_SALT);
  if (v.geq(bigInt(2).pow(63))) v = v.subtract(two64);
  return v;
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new FileError("files", "upload_failed", "the send was cancelled");
}

/** The InputMedia for an uploaded file, by media kind. */
export function uploadedMedia(file: PreparedFile, handle: Api.TypeInputFile): Api.TypeInputMedia {
  const nameAttr = new Api.DocumentAttributeFilename({ fileName: file.name });
  switch (file.kind) {
    case "photo":
      return new Api.InputMediaUploadedPhoto({ file: handle });
    case "video":
      // Duration and size are not probed here; Telegram clients read them from the stream.
      return new Api.InputMediaUploadedDocument({
        file: handle,
        mimeType: file.mime,
        attributes: [new Api.DocumentAttributeVideo({ duration: 0, w: 0, h: 0, supportsStreaming: file.mime === "video/mp4" }), nameAttr],
      });
    case "audio":
      return new Api.InputMediaUploadedDocument({ file: handle, mimeType: file.mime, attributes: [new Api.DocumentAttributeAudio({ duration: 0 }), nameAttr] });
    default:
      // forceFile keeps an image or video that was not recognised as media a plain file.
      return new Api.InputMediaUploadedDocument({ file: handle, mimeType: file.mime, attributes: [nameAttr], forceFile: true });
  }
}

export const PART_SIZE = 512 * 1024;
/** Over this, Telegram wants upload.SaveBigFilePart and InputFileBig. */
export const BIG_FILE_THRESHOLD = 10 * 1024 * 1024;

/**
 * Uploads the bytes in 512 KB parts over the client's main connection (a few parts in flight).
 * gramjs's uploadFile borrows a second connection that client.destroy() never closes (it walks
 * a Map with Object.values), keeping the process alive; a server with many accounts should not
 * open an extra connection per upload anyway.
 */
async function upload(session: AccountSession, file: PreparedFile, workers: number, call: CallOptions): Promise<Api.TypeInputFile> {
  const fileId = randomId();
  const big = file.size > BIG_FILE_THRESHOLD;
  const parts = Math.ceil(file.size / PART_SIZE);
  let next = 0;
  const worker = async () => {
    while (next < parts) {
      const part = next++;
      checkAbort(call.signal);
      const bytes = file.data.subarray(part * PART_SIZE, Math.min(file.size, (part + 1) * PART_SIZE));
      const ok = await session.invoke(
        big
          ? new Api.upload.SaveBigFilePart({ fileId, filePart: part, fileTotalParts: parts, bytes })
          : new Api.upload.SaveFilePart({ fileId, filePart: part, bytes }),
        call.signal,
      );
      if (!ok) throw new FileError(file.name, "upload_failed", `Telegram refused part ${part} of the upload`);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, parts)) }, worker));
  } catch (err) {
    throw uploadError(file.name, err);
  }
  return big ? new Api.InputFileBig({ id: fileId, parts, name: file.name }) : new Api.InputFile({ id: fileId, parts, name: file.name, md5Checksum: "" });
}

function uploadError(name: string, err: unknown): Error {
  if (err instanceof FileError) return err;
  // Telegram's own answers (FloodWait, PEER_ID_INVALID...) keep their type for the caller's mapping.
  if ((err as { errorMessage?: unknown })?.errorMessage) return err as Error;
  return new FileError(name, "upload_failed", `the upload failed (${(err as Error)?.message ?? "error"})`);
}

/** An album item: UploadMedia turns the uploaded file into a photo/document Telegram knows. */
async function albumMedia(session: AccountSession, peer: Api.TypeInputPeer, file: PreparedFile, workers: number, call: CallOptions): Promise<Api.TypeInputMedia> {
  const handle = await upload(session, file, workers, call);
  const media = await session.invoke(new Api.messages.UploadMedia({ peer, media: uploadedMedia(file, handle) }), call.signal);
  if (media instanceof Api.MessageMediaPhoto && media.photo instanceof Api.Photo) {
    const p = media.photo;
    return new Api.InputMediaPhoto({ id: new Api.InputPhoto({ id: p.id, accessHash: p.accessHash, fileReference: p.fileReference }) });
  }
  if (media instanceof Api.MessageMediaDocument && media.document instanceof Api.Document) {
    const d = media.document;
    return new Api.InputMediaDocument({ id: new Api.InputDocument({ id: d.id, accessHash: d.accessHash, fileReference: d.fileReference }) });
  }
  throw new FileError(file.name, "upload_failed", "Telegram did not accept the file as media");
}

/** The messages of an Updates answer, in the order of the random_ids sent. */
function sentMessages(result: Api.TypeUpdates, randomIds: bigInt.BigInteger[]): Api.Message[] {
  const updates = result instanceof Api.Updates || result instanceof Api.UpdatesCombined ? result.updates : result instanceof Api.UpdateShort ? [result.update] : [];
  const idByRandom = new Map<string, number>();
  const byId = new Map<number, Api.Message>();
  for (const u of updates) {
    if (u instanceof Api.UpdateMessageID) idByRandom.set(String(u.randomId), u.id);
    else if ((u instanceof Api.UpdateNewMessage || u instanceof Api.UpdateNewChannelMessage || u instanceof Api.UpdateNewScheduledMessage) && u.message instanceof Api.Message) byId.set(u.message.id, u.message);
  }
  const ordered = randomIds.map((r) => byId.get(idByRandom.get(r.toString()) ?? -1)).filter((m): m is Api.Message => !!m);
  return ordered.length ? ordered : [...byId.values()];
}

function peerOf(peer: Api.TypeInputPeer, selfId: bigInt.BigInteger | undefined): Api.TypePeer | undefined {
  if (peer instanceof Api.InputPeerUser) return new Api.PeerUser({ userId: peer.userId });
  if (peer instanceof Api.InputPeerChat) return new Api.PeerChat({ chatId: peer.chatId });
  if (peer instanceof Api.InputPeerChannel) return new Api.PeerChannel({ channelId: peer.channelId });
  if (peer instanceof Api.InputPeerSelf && selfId) return new Api.PeerUser({ userId: selfId });
  return undefined;
}

/** Sends the long caption as a text message; returns it as an UpdateNewMessage-bearing Updates. */
async function sendCaptionText(session: AccountSession, peer: Api.TypeInputPeer, caption: Caption, replyTo: number | undefined, rid: bigInt.BigInteger, call: CallOptions, opts: SendFilesOptions = {}): Promise<Api.Updates> {
  const result = await session.invoke(
    new Api.messages.SendMessage({
      peer,
      message: caption.text,
      entities: caption.entities?.length ? caption.entities : undefined,
      replyTo: inputReplyTo(replyTo, opts.topMsgId),
      randomId: rid,
      scheduleDate: opts.scheduleDate,
      silent: opts.silent,
    }),
    call.signal,
  );
  if (result instanceof Api.UpdateShortSentMessage) {
    // Private chats answer in this short form: rebuild the message it stands for.
    const selfId = peer instanceof Api.InputPeerSelf ? bigInt(await session.selfUserId(call.signal)) : undefined;
    const message = new Api.Message({
      id: result.id,
      out: true,
      peerId: peerOf(peer, selfId)!,
      date: result.date,
      message: caption.text,
      entities: result.entities ?? caption.entities,
      media: result.media,
      replyTo: replyTo ? new Api.MessageReplyHeader({ replyToMsgId: replyTo }) : undefined,
    });
    return new Api.Updates({
      updates: [new Api.UpdateMessageID({ id: result.id, randomId: rid }), new Api.UpdateNewMessage({ message, pts: result.pts, ptsCount: result.ptsCount })],
      users: [],
      chats: [],
      date: result.date,
      seq: 0,
    });
  }
  return toUpdates(result);
}

function inputReplyTo(replyTo: number | undefined, topMsgId: number | undefined): Api.InputReplyToMessage | undefined {
  return replyTo || topMsgId ? new Api.InputReplyToMessage({ replyToMsgId: replyTo ?? topMsgId!, topMsgId }) : undefined;
}

function toUpdates(u: Api.TypeUpdates): Api.Updates {
  if (u instanceof Api.Updates) return u;
  if (u instanceof Api.UpdatesCombined) return new Api.Updates({ updates: u.updates, users: u.users, chats: u.chats, date: u.date, seq: u.seq });
  if (u instanceof Api.UpdateShort) return new Api.Updates({ updates: [u.update], users: [], chats: [], date: u.date, seq: 0 });
  return new Api.Updates({ updates: [], users: [], chats: [], date: 0, seq: 0 });
}

function merge(all: Api.Updates[]): Api.Updates {
  const users = new Map<string, Api.TypeUser>();
  const chats = new Map<string, Api.TypeChat>();
  for (const u of all) {
    for (const x of u.users) users.set(String(x.id), x);
    for (const x of u.chats) chats.set(String(x.id), x);
  }
  return new Api.Updates({
    updates: all.flatMap((u) => u.updates),
    users: [...users.values()],
    chats: [...chats.values()],
    date: Math.max(0, ...all.map((u) => u.date)),
    seq: 0,
  });
}

/**
 * Uploads and sends prepared files to `peer`. The files were fully checked by resolveFiles,
 * so a refusal cannot happen half-way; Telegram errors are thrown as gramjs raised them.
 */
export async function sendFiles(session: AccountSession, peer: Api.TypeInputPeer, files: readonly PreparedFile[], opts: SendFilesOptions = {}): Promise<SendFilesResult> {
  if (files.length === 0) throw new FileError("files", "bad_input", "no files to send");
  const caption = opts.caption && opts.caption.text.trim() !== "" ? opts.caption : undefined;
  if (caption && caption.text.length > MESSAGE_LIMIT) {
    throw new FileError("message", "bad_input", `the message is ${caption.text.length} characters; Telegram allows ${MESSAGE_LIMIT}`);
  }
  const workers = opts.workers ?? 4;
  const call: CallOptions = { signal: opts.signal };
  const rids = files.map((_, i) => opts.randomIds?.[i] ?? randomId());
  const separate = !!caption && caption.text.length > CAPTION_LIMIT;
  const answers: Api.Updates[] = [];
  const messages: Api.Message[] = [];
  let replyTo = opts.replyTo;

  if (separate) {
    checkAbort(opts.signal);
    const u = await sendCaptionText(session, peer, caption!, replyTo, captionRandomId(opts.randomIds?.[0]), call, opts);
    answers.push(u);
    messages.push(...sentMessages(u, []));
    replyTo = undefined; // the reply is the text; the files follow it
  }
  let captionPending = separate ? undefined : caption;

  let index = 0;
  for (const group of planSends(files)) {
    checkAbort(opts.signal);
    const groupRids = rids.slice(index, index + group.length);
    index += group.length;
    const cap = captionPending;
    captionPending = undefined;
    const reply = inputReplyTo(replyTo, opts.topMsgId);
    let result: Api.TypeUpdates;
    if (group.length === 1) {
      const handle = await upload(session, group[0], workers, call);
      checkAbort(opts.signal);
      result = await session.invoke(
        new Api.messages.SendMedia({
          peer,
          media: uploadedMedia(group[0], handle),
          message: cap?.text ?? "",
          entities: cap?.entities?.length ? cap.entities : undefined,
          replyTo: reply,
          randomId: groupRids[0],
          scheduleDate: opts.scheduleDate,
          silent: opts.silent,
        }),
        call.signal,
      );
    } else {
      // The album's files go up at once (1 round trip for the parts, 1 for UploadMedia, instead of
      // 2 per file), sharing the part budget so no more than `workers` x 2 parts are in flight.
      const perFile = Math.max(1, Math.floor((workers * 2) / group.length));
      const media = await Promise.all(group.map((f) => albumMedia(session, peer, f, perFile, call)));
      checkAbort(opts.signal);
      result = await session.invoke(
        new Api.messages.SendMultiMedia({
          peer,
          multiMedia: media.map(
            (m, i) =>
              new Api.InputSingleMedia({
                media: m,
                randomId: groupRids[i],
                message: i === 0 && cap ? cap.text : "",
                entities: i === 0 && cap?.entities?.length ? cap.entities : undefined,
              }),
          ),
          replyTo: reply,
          scheduleDate: opts.scheduleDate,
          silent: opts.silent,
        }),
        call.signal,
      );
    }
    const u = toUpdates(result);
    answers.push(u);
    messages.push(...sentMessages(u, groupRids));
    replyTo = undefined; // only the first message replies
  }
  return { messages, updates: merge(answers), caption_sent_separately: separate };
}
