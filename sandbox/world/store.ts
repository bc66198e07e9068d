// Columnar message storage: one row per message, fields in typed arrays, text as UTF-8 in one
// growable buffer. A million messages then cost tens of bytes each plus their text, instead of a
// JS object per message. Rare fields (media, forwards, entities, reactions) live in sparse maps.
import type { Api } from "telegram";

/** Marked peer ids, as gramjs computes them: users > 0, chats -id, channels -(1e12 + id). */
export const CHANNEL_MARK = 1_000_000_000_000;

export const F_DELETED = 1;
export const F_PINNED = 2;
/** Text changed after indexing: search re-checks the current text. */
export const F_REINDEXED = 4;
export const F_EDIT_HIDE = 8;
/** Sent by the scheduler (message.from_scheduled). */
export const F_FROM_SCHEDULED = 16;

/** Forward header of a forwarded message. */
export interface FwdInfo {
  /** Marked peer id of the original author (user id, or -100... for a channel). */
  fromKey: number;
  date: number;
  /** Message id in the original channel, for forwarded channel posts. */
  channelPost?: number;
  fromName?: string;
  /** Automatic copies of channel posts in discussion groups: where they were saved from. */
  savedFromKey?: number;
  savedFromMsgId?: number;
}

function grow<T extends Int32Array | Float64Array | Uint8Array | Uint32Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  let size = a.length * 2;
  while (size < need) size *= 2;
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

export class MessageStore {
  length = 0;
  conv = new Int32Array(1024);
  id = new Int32Array(1024);
  date = new Int32Array(1024);
  /** Author: user id; 0 for an anonymous channel post; a marked channel id (< 0) for a channel's copy in its discussion group. */
  from = new Float64Array(1024);
  replyTo = new Int32Array(1024);
  views = new Int32Array(1024);
  editDate = new Int32Array(1024);
  flags = new Uint8Array(1024);
  private textOff = new Uint32Array(1024);
  private textLen = new Uint32Array(1024);
  private textBuf = Buffer.alloc(1 << 16);
  private textUsed = 0;

  readonly media = new Map<number, number>(); // row -> media id
  readonly fwd = new Map<number, FwdInfo>();
  readonly entities = new Map<number, Api.TypeMessageEntity[]>();
  readonly reactions = new Map<number, Map<string, number[]>>(); // row -> emoticon -> user ids
  readonly groupedId = new Map<number, bigint>();
  /** Thread of a message (forum topic or comment thread): row -> top message id. */
  readonly threadTop = new Map<number, number>();
  /** Service messages: row -> action. */
  readonly actions = new Map<number, Api.TypeMessageAction>();
  /** Users a message mentions (entities, @username, replies to them): row -> user ids. */
  readonly mentions = new Map<number, number[]>();
  /** Channel posts with a discussion group: row -> id of the group's copy (the thread top). */
  readonly discussion = new Map<number, number>();

  /** Pre-sizes the columns for a bulk build. */
  reserve(rows: number, textBytes: number): void {
    this.ensure(rows);
    if (textBytes > this.textBuf.length) {
      const b = Buffer.alloc(textBytes);
      this.textBuf.copy(b, 0, 0, this.textUsed);
      this.textBuf = b;
    }
  }

  private ensure(rows: number): void {
    if (rows <= this.conv.length) return;
    this.conv = grow(this.conv, rows);
    this.id = grow(this.id, rows);
    this.date = grow(this.date, rows);
    this.from = grow(this.from, rows);
    this.replyTo = grow(this.replyTo, rows);
    this.views = grow(this.views, rows);
    this.editDate = grow(this.editDate, rows);
    this.flags = grow(this.flags, rows);
    this.textOff = grow(this.textOff, rows);
    this.textLen = grow(this.textLen, rows);
  }

  append(conv: number, id: number, date: number, from: number, text: string): number {
    const row = this.length;
    this.ensure(row + 1);
    this.conv[row] = conv;
    this.id[row] = id;
    this.date[row] = date;
    this.from[row] = from;
    this.length++;
    this.writeText(row, text);
    return row;
  }

  private writeText(row: number, text: string): void {
    const max = Buffer.byteLength(text, "utf8");
    if (this.textUsed + max > this.textBuf.length) {
      let size = this.textBuf.length * 2;
      while (size < this.textUsed + max) size *= 2;
      const b = Buffer.alloc(size);
      this.textBuf.copy(b, 0, 0, this.textUsed);
      this.textBuf = b;
    }
    const n = this.textBuf.write(text, this.textUsed, "utf8");
    this.textOff[row] = this.textUsed;
    this.textLen[row] = n;
    this.textUsed += n;
  }

  text(row: number): string {
    const off = this.textOff[row]!;
    return this.textBuf.toString("utf8", off, off + this.textLen[row]!);
  }

  /** Replaces a row's text (the old bytes are left behind: edits are rare). */
  setText(row: number, text: string): void {
    this.writeText(row, text);
  }

  /** Bytes held by the columns and the text buffer (for memory reports). */
  byteSize(): number {
    return (
      this.conv.byteLength * 10 + // ten 4-8 byte columns, roughly
      this.from.byteLength +
      this.textBuf.length
    );
  }
}
