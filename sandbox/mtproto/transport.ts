// MTProto transports as Telegram's servers accept them (core.telegram.org/mtproto/mtproto-transports):
// abridged, intermediate, padded intermediate and full, each told apart by the connection's
// first bytes, and the obfuscated variants (a 64-byte random init carrying the protocol tag,
// then AES-256-CTR both ways). A Transport turns the raw byte stream into MTProto payloads
// and payloads back into bytes for the wire.
import crypto from "node:crypto";
import * as Helpers from "telegram/Helpers.js";
import { u32 } from "./bytes.js";

export type Framing = "abridged" | "intermediate" | "padded-intermediate" | "full";

/** One MTProto payload off the wire; quickAck when the client asked for a quick ACK of it. */
export interface Packet {
  payload: Buffer;
  quickAck: boolean;
}

/** Refused by its first bytes (HTTP, fake-TLS, an unknown obfuscated tag) or malformed framing. */
export class TransportError extends Error {}

const MAX_PACKET = 16 * 1024 * 1024;
const TAG_ABRIDGED = 0xefefefef;
const TAG_INTERMEDIATE = 0xeeeeeeee;
const TAG_PADDED = 0xdddddddd;
// First ints the server reads as other protocols, never as MTProto: HTTP methods and TLS
// (obfuscation's init must avoid them, so a connection starting with one is not obfuscated).
const HTTP_OR_TLS = new Set([0x44414548 /* HEAD */, 0x54534f50 /* POST */, 0x20544547 /* GET  */, 0x4954504f /* OPTI */, 0x02010316 /* TLS */]);

export class Transport {
  private inBuf: Buffer = Buffer.alloc(0);
  private inSeq = 0;
  private outSeq = 0;

  private constructor(
    readonly framing: Framing,
    private readonly obfuscation: { decipher: crypto.Decipher; cipher: crypto.Cipher } | null,
  ) {}

  get obfuscated(): boolean {
    return this.obfuscation !== null;
  }

  /**
   * Reads the protocol from the first bytes of a connection, as Telegram does: 0xef abridged,
   * 0xeeeeeeee intermediate, 0xdddddddd padded intermediate, a zero second int full (the first
   * frame's seq no is 0), anything else a 64-byte obfuscation init. Returns null until enough
   * bytes have arrived; `consumed` bytes of `head` belong to the header, the rest to frames.
   */
  static detect(head: Buffer): { transport: Transport; consumed: number } | null {
    if (head.length < 1) return null;
    if (head[0] === 0xef) return { transport: new Transport("abridged", null), consumed: 1 };
    if (head.length < 4) return null;
    const first = head.readUInt32LE(0);
    if (first === TAG_INTERMEDIATE) return { transport: new Transport("intermediate", null), consumed: 4 };
    if (first === TAG_PADDED) return { transport: new Transport("padded-intermediate", null), consumed: 4 };
    if (HTTP_OR_TLS.has(first)) throw new TransportError("HTTP and TLS transports are not served");
    if (head.length < 8) return null;
    if (head.readUInt32LE(4) === 0) return { transport: new Transport("full", null), consumed: 0 };
    if (head.length < 64) return null;

    // Obfuscation: the client encrypts with key/iv at 8..40/40..56 of its init and decrypts with
    // those of the reversed init; the server mirrors that. The init itself is the first 64
    // bytes of the client's stream, and its decryption carries the protocol tag at 56..60.
    const init = head.subarray(0, 64);
    const reversed = Buffer.from(init).reverse();
    const decipher = crypto.createDecipheriv("aes-256-ctr", init.subarray(8, 40), init.subarray(40, 56));
    const cipher = crypto.createCipheriv("aes-256-ctr", reversed.subarray(8, 40), reversed.subarray(40, 56));
    const tag = decipher.update(init).readUInt32LE(56);
    const framing: Framing | undefined =
      tag === TAG_ABRIDGED ? "abridged" : tag === TAG_INTERMEDIATE ? "intermediate" : tag === TAG_PADDED ? "padded-intermediate" : undefined;
    if (!framing) throw new TransportError(`unknown obfuscated protocol tag 0x${tag.toString(16)}`);
    return { transport: new Transport(framing, { decipher, cipher }), consumed: 64 };
  }

  /** Adds bytes from the socket (after the header) and returns the complete packets. */
  push(data: Buffer): Packet[] {
    const plain = this.obfuscation ? this.obfuscation.decipher.update(data) : data;
    this.inBuf = this.inBuf.length ? Buffer.concat([this.inBuf, plain]) : plain;
    const out: Packet[] = [];
    for (let p = this.next(); p; p = this.next()) out.push(p);
    return out;
  }

  private next(): Packet | null {
    const buf = this.inBuf;
    let header: number;
    let size: number;
    let quickAck = false;
    switch (this.framing) {
      case "abridged": {
        if (buf.length < 1) return null;
        quickAck = (buf[0]! & 0x80) !== 0; // the length byte's top bit asks for a quick ACK
        const short = buf[0]! & 0x7f;
        if (short < 0x7f) {
          header = 1;
          size = short * 4;
        } else {
          if (buf.length < 4) return null;
          header = 4;
          size = buf.readUIntLE(1, 3) * 4;
        }
        break;
      }
      case "intermediate":
      case "padded-intermediate": {
        if (buf.length < 4) return null;
        const v = buf.readUInt32LE(0);
        quickAck = (v & 0x80000000) !== 0;
        header = 4;
        size = v & 0x7fffffff;
        break;
      }
      case "full": {
        if (buf.length < 4) return null;
        const len = buf.readInt32LE(0);
        if (len < 12 || len > MAX_PACKET) throw new TransportError(`bad frame length ${len}`);
        if (buf.length < len) return null;
        const frame = buf.subarray(0, len);
        if (Helpers.crc32(frame.subarray(0, len - 4)) !== frame.readUInt32LE(len - 4)) throw new TransportError("bad crc32");
        const seq = frame.readInt32LE(4);
        if (seq !== this.inSeq++) throw new TransportError(`bad transport seq ${seq}`);
        this.inBuf = buf.subarray(len);
        return { payload: Buffer.from(frame.subarray(8, len - 4)), quickAck: false };
      }
    }
    if (size > MAX_PACKET) throw new TransportError(`bad frame length ${size}`);
    if (buf.length < header + size) return null;
    const payload = Buffer.from(buf.subarray(header, header + size));
    this.inBuf = buf.subarray(header + size);
    return { payload, quickAck };
  }

  /** The wire bytes of one payload (framed, then obfuscated when the connection is). */
  encode(payload: Buffer): Buffer {
    let frame: Buffer;
    switch (this.framing) {
      case "abridged": {
        const words = payload.length >> 2;
        const head = words < 0x7f ? Buffer.from([words]) : Buffer.from([0x7f, words & 0xff, (words >> 8) & 0xff, (words >> 16) & 0xff]);
        frame = Buffer.concat([head, payload]);
        break;
      }
      case "intermediate":
        frame = Buffer.concat([u32(payload.length), payload]);
        break;
      case "padded-intermediate": {
        // 0-15 random bytes after the payload; the length covers both.
        const pad = crypto.randomBytes(crypto.randomInt(16));
        frame = Buffer.concat([u32(payload.length + pad.length), payload, pad]);
        break;
      }
      case "full": {
        const head = Buffer.alloc(8);
        head.writeInt32LE(payload.length + 12, 0);
        head.writeInt32LE(this.outSeq++, 4);
        const body = Buffer.concat([head, payload]);
        frame = Buffer.concat([body, u32(Helpers.crc32(body))]);
        break;
      }
    }
    return this.obfuscate(frame);
  }

  /** A quick ACK for a packet that asked for one (token: the msg_key hash's first int with its top bit set). */
  encodeQuickAck(token: number): Buffer | null {
    switch (this.framing) {
      case "abridged": {
        // Sent byte-swapped and unframed: its first byte has the top bit set, unlike any length byte.
        const b = Buffer.alloc(4);
        b.writeUInt32BE(token >>> 0);
        return this.obfuscate(b);
      }
      case "intermediate":
        return this.obfuscate(u32(token)); // unframed; >= 0x80000000, never a valid length
      case "padded-intermediate": {
        const pad = crypto.randomBytes(crypto.randomInt(9));
        return this.obfuscate(Buffer.concat([u32(8 + pad.length), u32(0xffffffff), u32(token), pad]));
      }
      case "full":
        return null; // the full transport has no quick ACK flag
    }
  }

  private obfuscate(b: Buffer): Buffer {
    return this.obfuscation ? this.obfuscation.cipher.update(b) : b;
  }
}
