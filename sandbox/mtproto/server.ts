// The sandbox's MTProto 2.0 server over TCPFull: framing, encryption, real DH
// auth-key exchange, sessions, containers, acks, ping/pong and rpc_result/rpc_error.
// It speaks exactly gramjs's schema because it reuses gramjs's own TL classes and
// crypto helpers (so gramjs serialization bugs are mirrored, not caught: the layer is pinned).
import net from "node:net";
import crypto from "node:crypto";
import { Api } from "telegram";
import { BinaryReader } from "telegram/extensions/index.js";
import { IGE } from "telegram/crypto/IGE.js";
import { AuthKey } from "telegram/crypto/AuthKey.js";
import { MessageContainer } from "telegram/tl/core/index.js";
import * as Helpers from "telegram/Helpers.js";
import { bigToBuf, bufToBig, fromGram, i32, i64, modPow, sha1, sha256, tlBytes, toGram, u32 } from "./bytes.js";
import { kdf, TG_PRIME, TG_PRIME_BUF, type RsaKey } from "./crypto.js";
import type { AuthKeyState } from "../rpc/types.js";

/** An auth key the server knows: the key bytes plus its MTProto sessions. */
export interface KeyRecord extends AuthKeyState {
  key: Buffer;
  id: Buffer;
  salt: Buffer;
  sessions: Map<bigint, Session>;
}

interface Session {
  id: bigint;
  seq: number;
  conn: Conn | null;
}

interface DhState {
  nonce: any;
  serverNonce: any;
  newNonce?: any;
  a?: bigint;
  aes?: { key: Buffer; iv: Buffer };
}

interface Conn {
  sock: net.Socket;
  buf: Buffer;
  inSeq: number;
  outSeq: number;
  busy: boolean;
  dh: DhState | null;
}

interface Outgoing {
  obj: unknown;
  response: boolean;
  content: boolean;
}

/** What the server asks its owner to do with one unwrapped RPC request. */
export type Dispatch = (key: KeyRecord, request: any, conn: { drop(): void }) => Promise<unknown>;

export interface MtprotoServerOptions {
  rsa?: RsaKey;
  dispatch: Dispatch;
  onError?: (err: unknown) => void;
}

const RPC_RESULT = 0xf35c6d01;
const WRAPPERS = [Api.InvokeWithLayer, Api.InitConnection, Api.InvokeWithoutUpdates, Api.InvokeAfterMsg, Api.InvokeAfterMsgs];

export class MtprotoServer {
  readonly keys = new Map<string, KeyRecord>();
  private server: net.Server | null = null;
  private readonly conns = new Set<Conn>();
  private lastMsgId = 0n;

  constructor(private readonly opts: MtprotoServerOptions) {}

  addAuthKey(key: Buffer, userId: number | null = null): KeyRecord {
    const id = sha1(key).subarray(12, 20);
    const rec: KeyRecord = {
      idHex: id.toString("hex"),
      key,
      id,
      salt: crypto.randomBytes(8),
      sessions: new Map(),
      userId,
      revoked: false,
      login: {},
      createdAt: Math.floor(Date.now() / 1000),
    };
    this.keys.set(rec.idHex, rec);
    return rec;
  }

  listen(port: number, host: string): Promise<number> {
    this.server = net.createServer((sock) => this.onConnection(sock));
    return new Promise((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, host, () => resolve((this.server!.address() as net.AddressInfo).port));
    });
  }

  async close(): Promise<void> {
    for (const c of this.conns) c.sock.destroy();
    if (this.server) await new Promise<void>((r) => this.server!.close(() => r()));
    this.server = null;
  }

  /** Destroys the live connections of the given keys (all keys when omitted). */
  dropConnections(filter?: (key: KeyRecord) => boolean): number {
    let n = 0;
    for (const key of this.keys.values()) {
      if (filter && !filter(key)) continue;
      for (const s of key.sessions.values()) {
        if (s.conn && !s.conn.sock.destroyed) {
          s.conn.sock.destroy();
          n++;
        }
      }
    }
    return n;
  }

  /** Pushes an Updates object to every live session of a key. */
  push(key: KeyRecord, updates: unknown): void {
    for (const s of key.sessions.values()) {
      if (s.conn && !s.conn.sock.destroyed) this.sendEncrypted(s.conn, key, s, { obj: updates, response: false, content: true });
    }
  }

  get connectionCount(): number {
    return this.conns.size;
  }

  private onConnection(sock: net.Socket): void {
    sock.setNoDelay(true);
    const conn: Conn = { sock, buf: Buffer.alloc(0), inSeq: 0, outSeq: 0, busy: false, dh: null };
    this.conns.add(conn);
    sock.on("close", () => {
      this.conns.delete(conn);
      for (const key of this.keys.values()) {
        for (const [id, s] of key.sessions) if (s.conn === conn) key.sessions.delete(id);
      }
    });
    sock.on("error", () => {});
    sock.on("data", (d) => {
      conn.buf = conn.buf.length ? Buffer.concat([conn.buf, d]) : d;
      this.drain(conn).catch((err) => {
        this.opts.onError?.(err);
        sock.destroy();
      });
    });
  }

  private async drain(conn: Conn): Promise<void> {
    if (conn.busy) return;
    conn.busy = true;
    try {
      while (conn.buf.length >= 4 && !conn.sock.destroyed) {
        const len = conn.buf.readInt32LE(0);
        if (len < 12 || len > 16 * 1024 * 1024) throw new Error(`bad frame length ${len}`);
        if (conn.buf.length < len) break;
        const frame = conn.buf.subarray(0, len);
        conn.buf = conn.buf.subarray(len);
        const seq = frame.readInt32LE(4);
        if (Helpers.crc32(frame.subarray(0, len - 4)) !== frame.readUInt32LE(len - 4)) throw new Error("bad crc32");
        if (seq !== conn.inSeq++) throw new Error(`bad transport seq ${seq}`);
        const payload = Buffer.from(frame.subarray(8, len - 4));
        if (payload.readBigInt64LE(0) === 0n) await this.onPlain(conn, payload);
        else await this.onEncrypted(conn, payload);
      }
    } finally {
      conn.busy = false;
    }
  }

  private sendFrame(conn: Conn, payload: Buffer): void {
    if (conn.sock.destroyed) return;
    const head = Buffer.alloc(8);
    head.writeInt32LE(payload.length + 12, 0);
    head.writeInt32LE(conn.outSeq++, 4);
    const body = Buffer.concat([head, payload]);
    conn.sock.write(Buffer.concat([body, u32(Helpers.crc32(body))]));
  }

  /** Server msg_ids are time-based and strictly increasing: 1 mod 4 for responses, 3 otherwise. */
  private newMsgId(isResponse: boolean): bigint {
    const now = BigInt(Date.now());
    let id = ((now / 1000n) << 32n) | (((now % 1000n) * 4294967n) & ~3n);
    if (id <= this.lastMsgId) id = (this.lastMsgId & ~3n) + 4n;
    id |= isResponse ? 1n : 3n;
    this.lastMsgId = id;
    return id;
  }

  // ---- unencrypted messages: the DH auth-key exchange ----
  private async onPlain(conn: Conn, payload: Buffer): Promise<void> {
    const len = payload.readInt32LE(16);
    const req = new BinaryReader(payload.subarray(20, 20 + len)).tgReadObject();
    const res = await this.handleDh(conn, req);
    const body = res.getBytes();
    this.sendFrame(conn, Buffer.concat([Buffer.alloc(8), i64(this.newMsgId(true)), i32(body.length), body]));
  }

  private async handleDh(conn: Conn, req: any): Promise<any> {
    const rsa = this.opts.rsa;
    if (!rsa) throw new Error("DH key exchange is disabled (no RSA key)");
    if (req instanceof Api.ReqPqMulti || req instanceof Api.ReqPq) {
      // Small primes: gramjs factorizes pq itself; the sandbox has no need for real PoW.
      const p = 1000000007n;
      const q = 998244353n;
      conn.dh = { nonce: req.nonce, serverNonce: Helpers.readBigIntFromBuffer(crypto.randomBytes(16), true, true) };
      return new Api.ResPQ({
        nonce: req.nonce,
        serverNonce: conn.dh.serverNonce,
        pq: bigToBuf(p * q),
        serverPublicKeyFingerprints: [toGram(rsa.fingerprint)],
      });
    }
    const dh = conn.dh;
    if (!dh) throw new Error("DH message out of order");
    if (req instanceof Api.ReqDHParams) {
      // RSA_PAD decryption (core.telegram.org/mtproto/auth_key)
      const m = bigToBuf(modPow(bufToBig(req.encryptedData), rsa.d, rsa.n), 256);
      const tempKey = Helpers.bufferXor(m.subarray(0, 32), sha256(m.subarray(32)));
      const dataWithHash = new IGE(tempKey, Buffer.alloc(32)).decryptIge(m.subarray(32));
      const dataWithPadding = Buffer.from(dataWithHash.subarray(0, 192)).reverse();
      if (!sha256(Buffer.concat([tempKey, dataWithPadding])).equals(dataWithHash.subarray(192))) throw new Error("RSA_PAD hash mismatch");
      const inner = new BinaryReader(dataWithPadding).tgReadObject() as any;
      if (!inner.nonce.eq(dh.nonce) || !inner.serverNonce.eq(dh.serverNonce)) throw new Error("DH nonce mismatch");
      dh.newNonce = inner.newNonce;
      const g = 3;
      dh.a = bufToBig(crypto.randomBytes(256)) % TG_PRIME;
      const innerData = new Api.ServerDHInnerData({
        nonce: dh.nonce,
        serverNonce: dh.serverNonce,
        g,
        dhPrime: TG_PRIME_BUF,
        gA: bigToBuf(modPow(BigInt(g), dh.a, TG_PRIME), 256),
        serverTime: Math.floor(Date.now() / 1000),
      }).getBytes();
      let answer = Buffer.concat([sha1(innerData), innerData]);
      answer = Buffer.concat([answer, crypto.randomBytes((16 - (answer.length % 16)) % 16)]);
      const { key, iv } = await Helpers.generateKeyDataFromNonce(dh.serverNonce, dh.newNonce);
      dh.aes = { key, iv };
      return new Api.ServerDHParamsOk({ nonce: dh.nonce, serverNonce: dh.serverNonce, encryptedAnswer: new IGE(key, iv).encryptIge(answer) as Buffer });
    }
    if (req instanceof Api.SetClientDHParams) {
      const plain = new IGE(dh.aes!.key, dh.aes!.iv).decryptIge(req.encryptedData) as Buffer;
      const inner = new BinaryReader(plain.subarray(20)).tgReadObject() as any; // ClientDHInnerData
      const gab = modPow(bufToBig(inner.gB), dh.a!, TG_PRIME);
      // gramjs derives the key as the minimal big-endian bytes of g_ab (not padded to 256).
      const keyBuf = bigToBuf(gab);
      const ak = new AuthKey();
      await ak.setKey(keyBuf);
      this.addAuthKey(keyBuf);
      conn.dh = null;
      return new Api.DhGenOk({ nonce: dh.nonce, serverNonce: dh.serverNonce, newNonceHash1: await ak.calcNewNonceHash(dh.newNonce, 1) });
    }
    throw new Error(`unexpected plain message ${req?.className}`);
  }

  // ---- encrypted messages ----
  private async onEncrypted(conn: Conn, payload: Buffer): Promise<void> {
    const key = this.keys.get(payload.subarray(0, 8).toString("hex"));
    if (!key) {
      this.sendFrame(conn, i32(-404)); // Telegram's answer to an unknown auth key
      return;
    }
    const msgKey = payload.subarray(8, 24);
    const { key: aesKey, iv } = kdf(key.key, msgKey, 0);
    const plain = new IGE(aesKey, iv).decryptIge(payload.subarray(24)) as Buffer;
    if (!sha256(Buffer.concat([key.key.subarray(88, 120), plain])).subarray(8, 24).equals(msgKey)) throw new Error("msg_key mismatch");
    const salt = plain.subarray(0, 8);
    const sessionId = plain.readBigInt64LE(8);
    const msgId = plain.readBigInt64LE(16);
    const seqNo = plain.readInt32LE(24);
    const len = plain.readInt32LE(28);
    if (msgId % 4n !== 0n) throw new Error("client msg_id must be divisible by 4");

    let session = key.sessions.get(sessionId);
    if (!session) {
      session = { id: sessionId, seq: 0, conn };
      key.sessions.set(sessionId, session);
      this.sendEncrypted(conn, key, session, {
        obj: new Api.NewSessionCreated({
          firstMsgId: toGram(msgId),
          uniqueId: toGram(crypto.randomBytes(8).readBigInt64LE()),
          serverSalt: toGram(key.salt.readBigInt64LE()),
        }),
        response: false,
        content: true,
      });
    }
    session.conn = conn;
    if (!salt.equals(key.salt)) {
      this.sendEncrypted(conn, key, session, {
        obj: new Api.BadServerSalt({ badMsgId: toGram(msgId), badMsgSeqno: seqNo, errorCode: 48, newServerSalt: toGram(key.salt.readBigInt64LE()) }),
        response: true,
        content: false,
      });
      return;
    }
    let obj = new BinaryReader(plain.subarray(32, 32 + len)).tgReadObject() as any;
    obj = await obj; // MessageContainer.fromReader is async
    const msgs: Array<{ msgId: bigint; obj: any }> =
      obj instanceof MessageContainer ? (obj as any).messages.map((m: any) => ({ msgId: fromGram(m.msgId), obj: m.obj })) : [{ msgId, obj }];
    // Requests of one container are answered concurrently, like Telegram's workers, but each
    // rpc_result goes out on its own (gramjs drops the rest of a container holding an rpc_error).
    await Promise.all(msgs.map((m) => this.onMessage(conn, key, session!, m.msgId, m.obj)));
  }

  private sendEncrypted(conn: Conn, key: KeyRecord, session: Session, out: Outgoing): void {
    if (conn.sock.destroyed) return;
    const body = tlBytes(out.obj);
    const seq = out.content ? session.seq++ * 2 + 1 : session.seq * 2;
    const plain = Buffer.concat([key.salt, i64(session.id), i64(this.newMsgId(out.response)), i32(seq), i32(body.length), body]);
    const padLen = 12 + ((16 - ((plain.length + 12) % 16)) % 16); // 12..27 bytes, total % 16 == 0
    const padded = Buffer.concat([plain, crypto.randomBytes(padLen)]);
    const msgKey = sha256(Buffer.concat([key.key.subarray(96, 128), padded])).subarray(8, 24);
    const { key: aesKey, iv } = kdf(key.key, msgKey, 8);
    this.sendFrame(conn, Buffer.concat([key.id, msgKey, new IGE(aesKey, iv).encryptIge(padded) as Buffer]));
  }

  private async onMessage(conn: Conn, key: KeyRecord, session: Session, msgId: bigint, obj: any): Promise<void> {
    if (obj instanceof Api.MsgsAck) return;
    if (obj instanceof Api.Ping || obj instanceof Api.PingDelayDisconnect) {
      this.sendEncrypted(conn, key, session, { obj: new Api.Pong({ msgId: toGram(msgId), pingId: obj.pingId }), response: true, content: false });
      return;
    }
    if (obj?.classType !== "request") return;
    let q = obj;
    while (WRAPPERS.some((W) => q instanceof W)) {
      if (q instanceof Api.InitConnection) {
        key.client = { apiId: q.apiId, deviceModel: q.deviceModel, systemVersion: q.systemVersion, appVersion: q.appVersion, langCode: q.langCode };
      }
      q = q.query;
    }

    let dropped = false;
    const drop = () => {
      dropped = true;
      conn.sock.destroy();
    };
    const result = await this.opts.dispatch(key, q, { drop });
    if (dropped) return;
    const rpc = Buffer.concat([u32(RPC_RESULT), i64(msgId), tlBytes(result)]);
    this.sendEncrypted(conn, key, session, { obj: rpc, response: true, content: true });
  }
}
