// The sandbox's MTProto 2.0 server: every transport Telegram accepts (sandbox/mtproto/transport.ts),
// encryption, the real DH auth-key exchange (both RSA paddings), sessions, containers, acks,
// ping/pong, quick ACKs and rpc_result/rpc_error, with an optional injected round-trip time.
// Its native schema is gramjs's (it reuses gramjs's own TL classes and crypto helpers, so gramjs
// serialization bugs are mirrored, not caught); a connection that declared another served layer
// is answered in it through the table-driven translation of sandbox/tl/layers.ts.
import net from "node:net";
import crypto from "node:crypto";
import { unzipSync } from "node:zlib";
import { Api } from "telegram";
import type { TlRequest } from "../rpc/types.js";
import { BinaryReader } from "telegram/extensions/index.js";
import { TypeNotFoundError } from "telegram/errors/Common.js";
import { IGE } from "telegram/crypto/IGE.js";
import { AuthKey } from "telegram/crypto/AuthKey.js";
import * as Helpers from "telegram/Helpers.js";
import { bigToBuf, bufToBig, fromGram, i32, i64, modPow, sha1, sha256, tlBytes, toGram, u32 } from "./bytes.js";
import { decryptPqInnerData, kdf, TG_PRIME, TG_PRIME_BUF, type RsaKey } from "./crypto.js";
import { Transport, type Packet } from "./transport.js";
import type { AuthKeyState } from "../rpc/types.js";
import { answerToLayer, GRAMJS_LAYER, isMtprotoMessage, requestFromLayer, SERVED_LAYERS, updatesToLayer, type LayerCall } from "../tl/layers.js";

export { SERVED_LAYERS };

/** An auth key the server knows: the key bytes plus its MTProto sessions. */
export interface KeyRecord extends AuthKeyState {
  key: Buffer;
  id: Buffer;
  salt: Buffer;
  sessions: Map<bigint, Session>;
  /** The layer the client last declared in invokeWithLayer (always one of SERVED_LAYERS). */
  layer?: number;
}

interface Session {
  id: bigint;
  seq: number;
  conn: Conn | null;
}

interface DhState {
  nonce: TlRequest; // int128 values as gramjs's reader gives them (big-integer)
  serverNonce: TlRequest;
  pq: { p: bigint; q: bigint };
  newNonce?: TlRequest;
  a?: bigint;
  aes?: { key: Buffer; iv: Buffer };
}

interface Conn {
  sock: net.Socket;
  /** The first bytes, until they tell the transport. */
  head: Buffer;
  transport: Transport | null;
  queue: Packet[];
  busy: boolean;
  dh: DhState | null;
  /** Writes held back by the injected round-trip time, in order, each with the time it may leave. */
  late: Array<{ at: number; bytes: Buffer; end: boolean }>;
  lateTimer: NodeJS.Timeout | null;
}

interface Outgoing {
  obj: unknown;
  response: boolean;
  content: boolean;
}

/** What the server asks its owner to do with one unwrapped RPC request. */
export type Dispatch = (key: KeyRecord, request: TlRequest, conn: DispatchLink) => Promise<unknown>;

/** The dispatcher's handle on the request's connection. */
export interface DispatchLink {
  drop(): void;
  /** Set by the dispatcher: called once the answer is serialized, encrypted and handed to the network (before any injected RTT). */
  sent?: () => void;
}

export interface MtprotoServerOptions {
  /** The DC this server is: auth keys made here belong to it. */
  dcId: number;
  rsa?: RsaKey;
  dispatch: Dispatch;
  onError?: (err: unknown) => void;
  /**
   * Injected round-trip time: every frame the server sends (answers, pushes, the key exchange)
   * leaves this many ms late; incoming bytes are not delayed. A call's round trip therefore
   * grows by exactly this, rather than by half on each leg (same total, one timer).
   */
  rttMs?: number;
}

/** -404: Telegram's transport error for an unknown auth key or a bad key-exchange message. */
const TRANSPORT_404 = i32(-404);

const RPC_RESULT = 0xf35c6d01;
const MSG_CONTAINER = 0x73f1f8dc;
const GZIP_PACKED = 0x3072cfa1;
const FUTURE_SALTS = 0xae500895;
/** How many future salts get_future_salts may ask for (Telegram: "at most 64"). */
const MAX_FUTURE_SALTS = 64;
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
      dcId: this.opts.dcId,
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
    const server = net.createServer((sock) => this.onConnection(sock));
    return new Promise((resolve, reject) => {
      server.once("error", (err) => {
        server.close();
        reject(err);
      });
      server.listen(port, host, () => {
        this.server = server;
        resolve((server.address() as net.AddressInfo).port);
      });
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
    let obj = updates;
    for (const s of key.sessions.values()) {
      if (!s.conn || s.conn.sock.destroyed) continue;
      if (obj === updates && key.layer !== undefined && key.layer !== GRAMJS_LAYER) obj = updatesToLayer(key.layer, tlBytes(updates));
      this.sendEncrypted(s.conn, key, s, { obj, response: false, content: true });
    }
  }

  get connectionCount(): number {
    return this.conns.size;
  }

  private onConnection(sock: net.Socket): void {
    sock.setNoDelay(true);
    const conn: Conn = { sock, head: Buffer.alloc(0), transport: null, queue: [], busy: false, dh: null, late: [], lateTimer: null };
    this.conns.add(conn);
    sock.on("close", () => {
      this.conns.delete(conn);
      if (conn.lateTimer) clearTimeout(conn.lateTimer);
      for (const key of this.keys.values()) {
        for (const [id, s] of key.sessions) if (s.conn === conn) key.sessions.delete(id);
      }
    });
    sock.on("error", () => {});
    sock.on("data", (d: Buffer) => {
      try {
        // Bytes go through the transport in arrival order (obfuscation is a CTR stream).
        if (!conn.transport) {
          conn.head = Buffer.concat([conn.head, d]);
          const found = Transport.detect(conn.head);
          if (!found) return;
          conn.transport = found.transport;
          d = conn.head.subarray(found.consumed);
          conn.head = Buffer.alloc(0);
        }
        conn.queue.push(...conn.transport.push(d));
      } catch (err) {
        this.opts.onError?.(err);
        sock.destroy();
        return;
      }
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
      for (let p = conn.queue.shift(); p && !conn.sock.destroyed; p = conn.queue.shift()) {
        if (p.payload.length < 20) throw new Error(`short MTProto payload (${p.payload.length} bytes)`);
        if (p.payload.readBigInt64LE(0) === 0n) await this.onPlain(conn, p.payload);
        else await this.onEncrypted(conn, p);
      }
    } finally {
      conn.busy = false;
    }
  }

  /**
   * Writes to the socket, RTT late when one is injected: each write waits in the connection's
   * queue until performance.now() has passed its send time + RTT (a timer alone may fire up to a
   * millisecond early), and leaves in order.
   */
  private write(conn: Conn, bytes: Buffer, end = false): void {
    const rtt = this.opts.rttMs ?? 0;
    if (rtt <= 0) return this.send(conn, bytes, end);
    conn.late.push({ at: performance.now() + rtt, bytes, end });
    this.armLate(conn);
  }

  private armLate(conn: Conn): void {
    if (conn.lateTimer || conn.late.length === 0 || conn.sock.destroyed) return;
    const wait = Math.max(0, Math.ceil(conn.late[0]!.at - performance.now()));
    conn.lateTimer = setTimeout(() => {
      conn.lateTimer = null;
      const now = performance.now();
      while (conn.late.length && conn.late[0]!.at <= now) {
        const w = conn.late.shift()!;
        this.send(conn, w.bytes, w.end);
      }
      this.armLate(conn);
    }, wait);
  }

  private send(conn: Conn, bytes: Buffer, end: boolean): void {
    if (conn.sock.destroyed) return;
    if (end) conn.sock.end(bytes);
    else conn.sock.write(bytes);
  }

  private sendFrame(conn: Conn, payload: Buffer, end = false): void {
    if (conn.sock.destroyed) return;
    this.write(conn, conn.transport!.encode(payload), end);
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

  // ---- unencrypted messages: the DH auth-key exchange (core.telegram.org/mtproto/auth_key) ----
  private async onPlain(conn: Conn, payload: Buffer): Promise<void> {
    const len = payload.readInt32LE(16);
    let res: TlRequest;
    try {
      if (len < 4 || 20 + len > payload.length) throw new DhRefused(`bad plain message length ${len}`);
      res = await this.handleDh(conn, new BinaryReader(payload.subarray(20, 20 + len)).tgReadObject());
    } catch (err) {
      // "If the query is incorrect, the server returns a -404 error and the handshake must be restarted."
      this.opts.onError?.(err);
      conn.dh = null;
      this.sendFrame(conn, TRANSPORT_404, true);
      return;
    }
    const body = res.getBytes();
    this.sendFrame(conn, Buffer.concat([Buffer.alloc(8), i64(this.newMsgId(true)), i32(body.length), body]));
  }

  private async handleDh(conn: Conn, req: TlRequest): Promise<TlRequest> {
    const rsa = this.opts.rsa;
    if (!rsa) throw new DhRefused("DH key exchange is disabled (no RSA key)");
    if (req instanceof Api.ReqPqMulti || req instanceof Api.ReqPq) {
      // Fixed small primes: gramjs factorizes pq itself; the sandbox has no need for real PoW.
      const pq = { p: 998244353n, q: 1000000007n }; // p < q, as the client must send them
      conn.dh = { nonce: req.nonce, serverNonce: Helpers.readBigIntFromBuffer(crypto.randomBytes(16), true, true), pq };
      return new Api.ResPQ({
        nonce: req.nonce,
        serverNonce: conn.dh.serverNonce,
        pq: bigToBuf(pq.p * pq.q),
        serverPublicKeyFingerprints: [toGram(rsa.fingerprint)],
      });
    }
    const dh = conn.dh;
    if (!dh) throw new DhRefused("DH message out of order");
    if (!req.nonce?.eq?.(dh.nonce) || !req.serverNonce?.eq?.(dh.serverNonce)) throw new DhRefused("DH nonce mismatch");
    if (req instanceof Api.ReqDHParams) {
      if (fromGram(req.publicKeyFingerprint) !== rsa.fingerprint) throw new DhRefused("unknown RSA key fingerprint");
      if (bufToBig(req.p) !== dh.pq.p || bufToBig(req.q) !== dh.pq.q) throw new DhRefused("wrong factors of pq");
      const decrypted = decryptPqInnerData(rsa, req.encryptedData);
      if (!decrypted) throw new DhRefused("encrypted_data is neither RSA_PAD nor SHA1-padded RSA");
      const inner = decrypted.inner as TlRequest;
      const known = [Api.PQInnerData, Api.PQInnerDataDc, Api.PQInnerDataTemp, Api.PQInnerDataTempDc];
      if (!known.some((C) => inner instanceof C)) throw new DhRefused(`unexpected ${inner?.className} in encrypted_data`);
      if (!inner.nonce.eq(dh.nonce) || !inner.serverNonce.eq(dh.serverNonce)) throw new DhRefused("DH nonce mismatch in p_q_inner_data");
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
      if (!dh.aes || dh.a === undefined) throw new DhRefused("set_client_DH_params before req_DH_params");
      const plain = new IGE(dh.aes.key, dh.aes.iv).decryptIge(req.encryptedData) as Buffer;
      const reader = new BinaryReader(plain.subarray(20));
      const inner = reader.tgReadObject() as TlRequest;
      if (!(inner instanceof Api.ClientDHInnerData)) throw new DhRefused(`unexpected ${inner?.className} in set_client_DH_params`);
      if (!sha1(plain.subarray(20, 20 + reader.tellPosition())).equals(plain.subarray(0, 20))) throw new DhRefused("client_DH_inner_data hash mismatch");
      const gb = bufToBig(inner.gB);
      if (gb <= 1n || gb >= TG_PRIME - 1n) throw new DhRefused("g_b out of range");
      // The key is g_ab as 256 big-endian bytes, zero-padded on the left, as Telegram (and tdlib)
      // take it. gramjs strips leading zeros instead; about one handshake in 256 it then fails its
      // own new_nonce_hash1 check and starts over (as it does against Telegram).
      const keyBuf = bigToBuf(modPow(gb, dh.a, TG_PRIME), 256);
      const ak = new AuthKey();
      await ak.setKey(keyBuf);
      const rec = this.addAuthKey(keyBuf);
      // server_salt := substr(new_nonce, 0, 8) XOR substr(server_nonce, 0, 8)
      const newNonce = Helpers.toSignedLittleBuffer(dh.newNonce, 32);
      const serverNonce = Helpers.toSignedLittleBuffer(dh.serverNonce, 16);
      rec.salt = Buffer.from(newNonce.subarray(0, 8).map((x, i) => x ^ serverNonce[i]!));
      conn.dh = null;
      return new Api.DhGenOk({ nonce: dh.nonce, serverNonce: dh.serverNonce, newNonceHash1: await ak.calcNewNonceHash(dh.newNonce, 1) });
    }
    throw new DhRefused(`unexpected plain message ${req?.className}`);
  }

  // ---- encrypted messages ----
  private async onEncrypted(conn: Conn, packet: Packet): Promise<void> {
    const payload = packet.payload;
    const key = this.keys.get(payload.subarray(0, 8).toString("hex"));
    if (!key) {
      this.sendFrame(conn, TRANSPORT_404); // Telegram's answer to an unknown auth key
      return;
    }
    const msgKey = payload.subarray(8, 24);
    const { key: aesKey, iv } = kdf(key.key, msgKey, 0);
    // Whole AES blocks only: padded intermediate may add up to 15 bytes after the payload.
    const encrypted = payload.subarray(24, payload.length - ((payload.length - 24) % 16));
    const plain = new IGE(aesKey, iv).decryptIge(encrypted) as Buffer;
    const msgKeyLarge = sha256(Buffer.concat([key.key.subarray(88, 120), plain]));
    if (!msgKeyLarge.subarray(8, 24).equals(msgKey)) throw new Error("msg_key mismatch");
    if (packet.quickAck) {
      // Received, decrypted and accepted: the token is msg_key_large's first int with its top bit set.
      const ack = conn.transport!.encodeQuickAck((msgKeyLarge.readUInt32LE(0) | 0x80000000) >>> 0);
      if (ack) this.write(conn, ack);
    }
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
    const body = plain.subarray(32, 32 + len);
    const msgs = body.length >= 4 && body.readUInt32LE(0) === MSG_CONTAINER ? splitContainer(body) : [{ msgId, body }];
    // Requests of one container are answered concurrently, like Telegram's workers, but each
    // rpc_result goes out on its own (gramjs drops the rest of a container holding an rpc_error).
    await Promise.all(msgs.map((m) => this.onMessage(conn, key, session!, m.msgId, m.body)));
  }

  private sendEncrypted(conn: Conn, key: KeyRecord, session: Session, out: Outgoing): void {
    if (conn.sock.destroyed || !conn.transport) return;
    const body = tlBytes(out.obj);
    const seq = out.content ? session.seq++ * 2 + 1 : session.seq * 2;
    const plain = Buffer.concat([key.salt, i64(session.id), i64(this.newMsgId(out.response)), i32(seq), i32(body.length), body]);
    const padLen = 12 + ((16 - ((plain.length + 12) % 16)) % 16); // 12..27 bytes, total % 16 == 0
    const padded = Buffer.concat([plain, crypto.randomBytes(padLen)]);
    const msgKey = sha256(Buffer.concat([key.key.subarray(96, 128), padded])).subarray(8, 24);
    const { key: aesKey, iv } = kdf(key.key, msgKey, 8);
    this.sendFrame(conn, Buffer.concat([key.id, msgKey, new IGE(aesKey, iv).encryptIge(padded) as Buffer]));
  }

  private async onMessage(conn: Conn, key: KeyRecord, session: Session, msgId: bigint, body: Buffer): Promise<void> {
    const decoded = decodeRequest(body, key.layer);
    if ("error" in decoded) {
      // Per request, as Telegram answers: the connection and the other messages go on.
      const rpc = Buffer.concat([u32(RPC_RESULT), i64(msgId), tlBytes(new Api.RpcError({ errorCode: 400, errorMessage: decoded.error }))]);
      this.sendEncrypted(conn, key, session, { obj: rpc, response: true, content: true });
      return;
    }
    const obj = decoded.obj;
    if (obj instanceof Api.MsgsAck) return;
    if (obj instanceof Api.Ping || obj instanceof Api.PingDelayDisconnect) {
      this.sendEncrypted(conn, key, session, { obj: new Api.Pong({ msgId: toGram(msgId), pingId: obj.pingId }), response: true, content: false });
      return;
    }
    if (obj instanceof Api.GetFutureSalts) {
      // Answered as its own message, not in an rpc_result (core.telegram.org/mtproto/service_messages).
      // The sandbox never rotates a key's salt: every future salt is the same one, an hour each.
      // Written by hand: gramjs boxes the elements of the bare vector<future_salt>.
      const now = Math.floor(Date.now() / 1000);
      const n = Math.min(Math.max(obj.num, 1), MAX_FUTURE_SALTS);
      const salts = Array.from({ length: n }, (_, i) => Buffer.concat([i32(now + i * 3600 - 1800), i32(now + (i + 1) * 3600 - 1800), key.salt]));
      const answer = Buffer.concat([u32(FUTURE_SALTS), i64(msgId), i32(now), i32(n), ...salts]);
      this.sendEncrypted(conn, key, session, { obj: answer, response: true, content: true });
      return;
    }
    if (obj instanceof Api.DestroySession) {
      // Another session of this key (never the one asking): destroy_session_ok, or _none when unknown.
      const id = fromGram(obj.sessionId);
      const known = id !== session.id && key.sessions.delete(id);
      const Answer = known ? Api.DestroySessionOk : Api.DestroySessionNone;
      this.sendEncrypted(conn, key, session, { obj: new Answer({ sessionId: obj.sessionId }), response: true, content: true });
      return;
    }
    if (obj?.classType !== "request") return;
    let q = obj;
    while (WRAPPERS.some((W) => q instanceof W)) {
      if (q instanceof Api.InvokeWithLayer) key.layer = q.layer; // served: decodeRequest checked it
      if (q instanceof Api.InitConnection) {
        key.client = { apiId: q.apiId, deviceModel: q.deviceModel, systemVersion: q.systemVersion, appVersion: q.appVersion, langCode: q.langCode };
      }
      q = q.query;
    }

    let dropped = false;
    const link: DispatchLink = {
      drop: () => {
        dropped = true;
        conn.sock.destroy();
      },
    };
    const result = await this.opts.dispatch(key, q, link);
    if (dropped) return;
    let answer = tlBytes(result);
    if (decoded.call && !(result instanceof Api.RpcError)) answer = answerToLayer(decoded.call, answer);
    const rpc = Buffer.concat([u32(RPC_RESULT), i64(msgId), answer]);
    this.sendEncrypted(conn, key, session, { obj: rpc, response: true, content: true });
    link.sent?.();
  }
}

/** The messages of a msg_container, each with its own msg_id and body (parsed one by one later). */
function splitContainer(body: Buffer): Array<{ msgId: bigint; body: Buffer }> {
  const count = body.readInt32LE(4);
  const out: Array<{ msgId: bigint; body: Buffer }> = [];
  let at = 8;
  for (let i = 0; i < count; i++) {
    if (at + 16 > body.length) throw new Error("truncated msg_container");
    const len = body.readInt32LE(at + 12);
    if (len < 0 || at + 16 + len > body.length) throw new Error("bad message length in msg_container");
    out.push({ msgId: body.readBigInt64LE(at), body: body.subarray(at + 16, at + 16 + len) });
    at += 16 + len;
  }
  return out;
}

/**
 * Parses one message body. What the sandbox cannot parse is that request's error, as on
 * Telegram: `CONNECTION_LAYER_INVALID` for invokeWithLayer with a layer not served (its query is
 * in a schema the sandbox does not have, so it is not read), `INPUT_METHOD_INVALID_<id>_0` for an
 * unknown method (Telegram's errors carry the constructor id and a second number), and
 * `INPUT_CONSTRUCTOR_INVALID` for an unknown constructor among its arguments; other malformed
 * bodies are `INPUT_FETCH_ERROR`.
 */
function decodeRequest(body: Buffer, keyLayer: number | undefined): { obj: TlRequest; call?: LayerCall } | { error: string } {
  if (body.length >= 4 && body.readUInt32LE(0) === GZIP_PACKED) {
    // A whole request may come gzip_packed (mtcute packs any that shrinks; gramjs never packs).
    // mtcute's packed bytes are zlib (deflate with a zlib header), not gzip, and Telegram takes
    // them: the header is detected, as zlib's inflate does with automatic header detection.
    try {
      const r = new BinaryReader(body);
      r.readInt(false);
      body = unzipSync(r.tgReadBytes());
    } catch {
      return { error: "INPUT_FETCH_ERROR" };
    }
  }
  let wrapped: { layer?: number; queryAt: number } | null = null;
  try {
    wrapped = unwrap(body);
  } catch {
    // left to the full parse below
  }
  if (wrapped?.layer !== undefined && !SERVED_LAYERS.has(wrapped.layer)) return { error: "CONNECTION_LAYER_INVALID" };
  // The layer this request is written in: the one it declares, else the key's last (gramjs's
  // when none was ever declared). Only other layers go through the translation.
  const layer = wrapped?.layer ?? keyLayer ?? GRAMJS_LAYER;
  if (layer !== GRAMJS_LAYER && !isMtprotoMessage(body)) {
    const t = requestFromLayer(layer, body);
    if ("error" in t) return t;
    try {
      return { obj: new BinaryReader(t.body).tgReadObject(), call: t.call };
    } catch {
      return { error: "INPUT_FETCH_ERROR" };
    }
  }
  const reader = new BinaryReader(body);
  try {
    return { obj: reader.tgReadObject() };
  } catch (err) {
    if (!(err instanceof TypeNotFoundError)) return { error: "INPUT_FETCH_ERROR" };
    // gramjs leaves the reader at the unknown constructor: at the query's place, it is the method.
    if (wrapped && reader.tellPosition() === wrapped.queryAt) return { error: `INPUT_METHOD_INVALID_${err.invalidConstructorId >>> 0}_0` };
    return { error: "INPUT_CONSTRUCTOR_INVALID" };
  }
}

/**
 * Walks the invoke wrappers (invokeWithLayer, initConnection, invokeWithoutUpdates,
 * invokeAfterMsg(s)) byte by byte: the declared layer and where the actual method starts.
 * Stops at a layer not served, whose initConnection may be laid out differently.
 */
function unwrap(body: Buffer): { layer?: number; queryAt: number } {
  const r = new BinaryReader(body);
  let layer: number | undefined;
  for (;;) {
    const at = r.tellPosition();
    const id = r.readInt(false);
    if (id === Api.InvokeWithLayer.CONSTRUCTOR_ID) {
      layer = r.readInt();
      if (!SERVED_LAYERS.has(layer)) return { layer, queryAt: -1 };
    } else if (id === Api.InitConnection.CONSTRUCTOR_ID) {
      const flags = r.readInt();
      r.readInt(); // api_id
      for (let i = 0; i < 6; i++) r.tgReadString(); // device_model .. lang_code
      if (flags & 1) r.tgReadObject(); // proxy
      if (flags & 2) r.tgReadObject(); // params
    } else if (id === Api.InvokeAfterMsg.CONSTRUCTOR_ID) {
      r.readLong();
    } else if (id === Api.InvokeAfterMsgs.CONSTRUCTOR_ID) {
      r.readInt(false); // vector
      r.read(8 * r.readInt());
    } else if (id !== Api.InvokeWithoutUpdates.CONSTRUCTOR_ID) {
      return { layer, queryAt: at };
    }
  }
}

/** A key-exchange message Telegram would refuse with -404. */
class DhRefused extends Error {}
