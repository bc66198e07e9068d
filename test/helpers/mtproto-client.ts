// A minimal MTProto 2.0 client written from Telegram's protocol pages, for testing the sandbox
// where gramjs cannot: the transports gramjs lacks (intermediate, padded intermediate, their
// obfuscated forms), the older SHA1 RSA padding (Telethon 1.x), and an auth key taken as g_ab
// padded to 256 bytes (Telegram, tdlib). Framing, obfuscation, AES-IGE, the key exchange and
// message encryption are done here with node:crypto, independently of the sandbox's code;
// gramjs's TL classes only (de)serialize the objects.
//   core.telegram.org/mtproto/mtproto-transports, /mtproto/auth_key, /mtproto/description
import zlib from "node:zlib";
import net from "node:net";
import crypto from "node:crypto";
import bigInt from "big-integer";
import { Api } from "telegram";
import { BinaryReader } from "telegram/extensions/index.js";
import { LAYER } from "telegram/tl/AllTLObjects.js";

export type Framing = "abridged" | "intermediate" | "padded-intermediate" | "full";

/** Every transport Telegram accepts: the four framings, and the three that can be obfuscated. */
export const TRANSPORT_VARIANTS: ReadonlyArray<{ framing: Framing; obfuscated: boolean }> = [
  { framing: "full", obfuscated: false },
  { framing: "abridged", obfuscated: false },
  { framing: "intermediate", obfuscated: false },
  { framing: "padded-intermediate", obfuscated: false },
  { framing: "abridged", obfuscated: true },
  { framing: "intermediate", obfuscated: true },
  { framing: "padded-intermediate", obfuscated: true },
];

export interface RawClientOptions {
  host: string;
  port: number;
  framing: Framing;
  obfuscated?: boolean;
  /** The server's RSA public key (the sandbox's rsaPublicKey). */
  rsa: { n: bigint; e: number; fingerprint: bigint };
}

export interface HandshakeOptions {
  /** req_DH_params padding: RSA_PAD (current clients) or SHA1(data) + data + random bytes (Telethon 1.x). */
  rsaScheme?: "rsa_pad" | "sha1";
  /** The auth key from g_ab: Telegram's 256 bytes, zero-padded (default), or gramjs's minimal bytes. */
  gab?: "padded" | "stripped";
  /** Picks random b until g_ab has a leading zero byte (the case where the two forms differ). */
  leadingZeroGab?: boolean;
}

export interface Handshake {
  authKey: Buffer;
  /** g_ab's first byte was 0: the padded and the stripped key differ. */
  gabLeadingZero: boolean;
}

/** The server answered a transport error (a negative int instead of a payload), e.g. -404. */
export class TransportErrorCode extends Error {
  constructor(readonly code: number) {
    super(`transport error ${code}`);
  }
}

// 2048-bit DH prime published on core.telegram.org/mtproto/auth_key (clients may check against it).
const DH_PRIME = BigInt(
  "0xC71CAEB9C6B1C9048E6C522F70F13F73980D40238E3E21C14934D037563D930F48198A0AA7C14058229493D22530F4DBFA336F6E0AC925139543AED44CCE7C3720FD51F69458705AC68CD4FE6B6B13ABDC9746512969328454F18FAF8C595F642477FE96BB2A941D5BCD1D4AC8CC49880708FA9B378E3C4F3A9060BEE67CF9A4A4A695811051907E162753B56B0F6B410DBA74D8A84B2A14B3144E0EF1284754FD17ED950D5965B4B9DD46582DB1178D169C6BC465B0D6FF9CA3928FEF5B9AE4E418FC15E83EBEA0F87FA9FF5EED70050DED2849F47BF959D956850CE929851F0D8115F635B105EE2E4E15D04B2454BF6F4FADF034B10403119CD8E3B92FCC5B",
);
const RPC_RESULT = 0xf35c6d01;
const TAGS: Record<Exclude<Framing, "full">, Buffer> = {
  abridged: Buffer.from([0xef, 0xef, 0xef, 0xef]),
  intermediate: Buffer.from([0xee, 0xee, 0xee, 0xee]),
  "padded-intermediate": Buffer.from([0xdd, 0xdd, 0xdd, 0xdd]),
};

const sha1 = (...b: Buffer[]) => crypto.createHash("sha1").update(Buffer.concat(b)).digest();
const sha256 = (...b: Buffer[]) => crypto.createHash("sha256").update(Buffer.concat(b)).digest();
const toBig = (b: Buffer) => BigInt("0x" + (b.length ? b.toString("hex") : "0"));
function toBytes(n: bigint, len?: number): Buffer {
  let h = n.toString(16);
  if (h.length % 2) h = "0" + h;
  const b = Buffer.from(h, "hex");
  return len ? Buffer.concat([Buffer.alloc(len - b.length), b]) : b;
}
/** TL int128/int256 values as gramjs holds them (little-endian, signed). */
const tlInt = (b: Buffer) => bigInt(BigInt.asIntN(b.length * 8, toBig(Buffer.from(b).reverse())).toString());
function tlIntBytes(v: bigInt.BigInteger, len: number): Buffer {
  return toBytes(BigInt.asUintN(len * 8, BigInt(v.toString())), len).reverse();
}
const xor = (a: Buffer, b: Buffer) => Buffer.from(a.map((x, i) => x ^ b[i]!));

/** Raw modular exponentiation through OpenSSL (RSA without padding is m^e mod n). */
function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  const key = crypto.createPublicKey({ key: { kty: "RSA", n: toBytes(mod).toString("base64url"), e: toBytes(exp).toString("base64url") }, format: "jwk" });
  return toBig(crypto.publicEncrypt({ key, padding: crypto.constants.RSA_NO_PADDING }, toBytes(base % mod, 256)));
}

function aesIge(data: Buffer, key: Buffer, iv: Buffer, encrypt: boolean): Buffer {
  const aes = encrypt ? crypto.createCipheriv("aes-256-ecb", key, null) : crypto.createDecipheriv("aes-256-ecb", key, null);
  aes.setAutoPadding(false);
  let ivC = iv.subarray(0, 16); // previous ciphertext block
  let ivP = iv.subarray(16, 32); // previous plaintext block
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i += 16) {
    const block = data.subarray(i, i + 16);
    if (encrypt) {
      const c = xor(aes.update(xor(block, ivC)), ivP);
      out.push(c);
      ivC = c;
      ivP = block;
    } else {
      const p = xor(aes.update(xor(block, ivP)), ivC);
      out.push(p);
      ivC = block;
      ivP = p;
    }
  }
  return Buffer.concat(out);
}

/** pq into p < q (Pollard-Brent); the sandbox reuses one pq, so results are remembered. */
const factorCache = new Map<bigint, [bigint, bigint]>();
function factor(pq: bigint): [bigint, bigint] {
  const hit = factorCache.get(pq);
  if (hit) return hit;
  const gcd = (a: bigint, b: bigint): bigint => (b ? gcd(b, a % b) : a < 0n ? -a : a);
  for (let c = 1n; ; c++) {
    let x = 2n;
    let y = 2n;
    let d = 1n;
    while (d === 1n) {
      x = (x * x + c) % pq;
      y = (y * y + c) % pq;
      y = (y * y + c) % pq;
      d = gcd(x - y, pq);
    }
    if (d !== pq) {
      const pair: [bigint, bigint] = d < pq / d ? [d, pq / d] : [pq / d, d];
      factorCache.set(pq, pair);
      return pair;
    }
  }
}

export class RawMtprotoClient {
  private readonly sock: net.Socket;
  private buf = Buffer.alloc(0);
  private waiter: (() => void) | null = null;
  private closed = false;
  private cipher: crypto.Cipher | null = null;
  private decipher: crypto.Decipher | null = null;
  private outSeq = 0;
  private inSeq = 0;
  private lastMsgId = 0n;
  private authKey: Buffer | null = null;
  private salt = Buffer.alloc(8);
  private readonly sessionId = crypto.randomBytes(8);
  private contentSent = 0;
  private initDone = false;
  /** Quick ACK tokens received, in order. */
  readonly quickAcks: number[] = [];

  private constructor(
    private readonly opts: RawClientOptions,
    sock: net.Socket,
  ) {
    this.sock = sock;
    sock.on("data", (d: Buffer) => {
      const plain = this.decipher ? this.decipher.update(d) : d;
      this.buf = Buffer.concat([this.buf, plain]);
      this.wake();
    });
    sock.on("close", () => {
      this.closed = true;
      this.wake();
    });
    sock.on("error", () => {});
  }

  static async connect(opts: RawClientOptions): Promise<RawMtprotoClient> {
    const sock = net.connect(opts.port, opts.host);
    await new Promise<void>((resolve, reject) => {
      sock.once("connect", resolve);
      sock.once("error", reject);
    });
    sock.setNoDelay(true);
    const c = new RawMtprotoClient(opts, sock);
    c.sendHeader();
    return c;
  }

  close(): void {
    this.sock.destroy();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  private async read(n: number): Promise<Buffer> {
    while (this.buf.length < n) {
      if (this.closed) throw new Error("connection closed by the server");
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return Buffer.from(out);
  }

  private write(b: Buffer): void {
    this.sock.write(this.cipher ? this.cipher.update(b) : b);
  }

  // ---- transport ----
  private sendHeader(): void {
    const { framing, obfuscated } = this.opts;
    if (!obfuscated) {
      if (framing === "abridged") this.write(Buffer.from([0xef]));
      else if (framing !== "full") this.write(TAGS[framing]);
      return;
    }
    if (framing === "full") throw new Error("obfuscation carries abridged, intermediate or padded intermediate only");
    let init: Buffer;
    for (;;) {
      init = crypto.randomBytes(64);
      const first = init.readUInt32LE(0);
      const clash = [0x44414548, 0x54534f50, 0x20544547, 0x4954504f, 0x02010316, 0xdddddddd, 0xeeeeeeee].includes(first);
      if (init[0] !== 0xef && !clash && init.readUInt32LE(4) !== 0) break;
    }
    TAGS[framing].copy(init, 56);
    const rev = Buffer.from(init).reverse();
    const cipher = crypto.createCipheriv("aes-256-ctr", init.subarray(8, 40), init.subarray(40, 56));
    this.decipher = crypto.createDecipheriv("aes-256-ctr", rev.subarray(8, 40), rev.subarray(40, 56));
    const encrypted = cipher.update(init);
    this.sock.write(Buffer.concat([init.subarray(0, 56), encrypted.subarray(56, 64)]));
    this.cipher = cipher;
  }

  private sendPacket(payload: Buffer, quickAck = false): void {
    switch (this.opts.framing) {
      case "abridged": {
        const words = payload.length / 4;
        const ack = quickAck ? 0x80 : 0;
        const head = words < 0x7f ? Buffer.from([words | ack]) : Buffer.from([0x7f | ack, words & 0xff, (words >> 8) & 0xff, (words >> 16) & 0xff]);
        return this.write(Buffer.concat([head, payload]));
      }
      case "intermediate":
      case "padded-intermediate": {
        const pad = this.opts.framing === "padded-intermediate" ? crypto.randomBytes(crypto.randomInt(16)) : Buffer.alloc(0);
        const len = Buffer.alloc(4);
        len.writeUInt32LE(((payload.length + pad.length) | (quickAck ? 0x80000000 : 0)) >>> 0);
        return this.write(Buffer.concat([len, payload, pad]));
      }
      case "full": {
        const head = Buffer.alloc(8);
        head.writeInt32LE(payload.length + 12, 0);
        head.writeInt32LE(this.outSeq++, 4);
        const body = Buffer.concat([head, payload]);
        const crc = Buffer.alloc(4);
        crc.writeUInt32LE(zlib.crc32(body));
        return this.write(Buffer.concat([body, crc]));
      }
    }
  }

  /** The next payload from the server; quick ACK tokens on the way are recorded in quickAcks. */
  private async readPacket(): Promise<Buffer> {
    for (;;) {
      let payload: Buffer | null = null;
      switch (this.opts.framing) {
        case "abridged": {
          const b = (await this.read(1))[0]!;
          if (b & 0x80) {
            this.quickAcks.push(Buffer.concat([Buffer.from([b]), await this.read(3)]).readUInt32BE(0));
            break;
          }
          const words = b < 0x7f ? b : (await this.read(3)).readUIntLE(0, 3);
          payload = await this.read(words * 4);
          break;
        }
        case "intermediate": {
          const v = (await this.read(4)).readUInt32LE(0);
          if (v & 0x80000000) this.quickAcks.push(v);
          else payload = await this.read(v);
          break;
        }
        case "padded-intermediate": {
          const data = await this.read((await this.read(4)).readUInt32LE(0));
          if (data.length >= 8 && data.readUInt32LE(0) === 0xffffffff) this.quickAcks.push(data.readUInt32LE(4));
          else payload = data;
          break;
        }
        case "full": {
          const len = (await this.read(4)).readInt32LE(0);
          const rest = await this.read(len - 4);
          const lenBuf = Buffer.alloc(4);
          lenBuf.writeInt32LE(len);
          if (zlib.crc32(Buffer.concat([lenBuf, rest.subarray(0, -4)])) !== rest.readUInt32LE(rest.length - 4)) throw new Error("bad crc32 from the server");
          if (rest.readInt32LE(0) !== this.inSeq++) throw new Error("bad transport seq from the server");
          payload = rest.subarray(4, -4);
          break;
        }
      }
      if (!payload) continue;
      // Shorter than any MTProto message (padded intermediate may add up to 15 bytes): an error code.
      if (payload.length < 24) throw new TransportErrorCode(payload.readInt32LE(0));
      return payload;
    }
  }

  private newMsgId(): bigint {
    const now = BigInt(Date.now());
    let id = ((now / 1000n) << 32n) | (((now % 1000n) * 4294967n) & ~3n);
    if (id <= this.lastMsgId) id = this.lastMsgId + 4n;
    this.lastMsgId = id;
    return id;
  }

  // ---- unencrypted messages ----
  /** Sends one unencrypted message (the key exchange's) and returns the answer's object. */
  async plainCall(obj: { getBytes(): Buffer }): Promise<any> {
    const body = obj.getBytes();
    const head = Buffer.alloc(20);
    head.writeBigInt64LE(this.newMsgId(), 8);
    head.writeInt32LE(body.length, 16);
    this.sendPacket(Buffer.concat([head, body]));
    const res = await this.readPacket();
    if (res.readBigInt64LE(0) !== 0n) throw new Error("expected an unencrypted answer");
    const len = res.readInt32LE(16);
    return new BinaryReader(res.subarray(20, 20 + len)).tgReadObject();
  }

  /** The DH key exchange of core.telegram.org/mtproto/auth_key, step by step. */
  async handshake(o: HandshakeOptions = {}): Promise<Handshake> {
    const rsa = this.opts.rsa;
    const nonce = crypto.randomBytes(16);
    const resPq = await this.plainCall(new Api.ReqPqMulti({ nonce: tlInt(nonce) }));
    if (!(resPq instanceof Api.ResPQ) || !resPq.nonce.eq(tlInt(nonce))) throw new Error(`bad res_pq: ${resPq?.className}`);
    if (!resPq.serverPublicKeyFingerprints.some((f) => BigInt(f.toString()) === rsa.fingerprint)) throw new Error("our RSA key is not offered");
    const serverNonce = tlIntBytes(resPq.serverNonce, 16);
    const pq = toBig(resPq.pq);
    const [p, q] = factor(pq);

    const newNonce = crypto.randomBytes(32);
    const fields = { pq: toBytes(pq), p: toBytes(p), q: toBytes(q), nonce: tlInt(nonce), serverNonce: tlInt(serverNonce), newNonce: tlInt(newNonce) };
    let encryptedData: Buffer;
    const pub = crypto.createPublicKey({ key: { kty: "RSA", n: toBytes(rsa.n).toString("base64url"), e: toBytes(BigInt(rsa.e)).toString("base64url") }, format: "jwk" });
    const rsaRaw = (m: Buffer) => crypto.publicEncrypt({ key: pub, padding: crypto.constants.RSA_NO_PADDING }, m);
    if (o.rsaScheme === "sha1") {
      // data_with_hash := SHA1(data) + data + random bytes, 255 bytes; RSA of it as a number, stored in 256 bytes.
      const data = new Api.PQInnerData(fields).getBytes();
      const dataWithHash = Buffer.concat([sha1(data), data, crypto.randomBytes(255 - 20 - data.length)]);
      encryptedData = rsaRaw(Buffer.concat([Buffer.alloc(1), dataWithHash]));
    } else {
      const data = new Api.PQInnerDataDc({ ...fields, dc: 2 }).getBytes();
      if (data.length > 144) throw new Error("p_q_inner_data too long for RSA_PAD");
      const dataWithPadding = Buffer.concat([data, crypto.randomBytes(192 - data.length)]);
      const reversed = Buffer.from(dataWithPadding).reverse();
      for (;;) {
        const tempKey = crypto.randomBytes(32);
        const aesEncrypted = aesIge(Buffer.concat([reversed, sha256(tempKey, dataWithPadding)]), tempKey, Buffer.alloc(32), true);
        const keyAesEncrypted = Buffer.concat([xor(tempKey, sha256(aesEncrypted)), aesEncrypted]);
        if (toBig(keyAesEncrypted) >= rsa.n) continue; // must be below the modulus: new temp_key
        encryptedData = rsaRaw(keyAesEncrypted);
        break;
      }
    }
    const dhParams = await this.plainCall(
      new Api.ReqDHParams({ nonce: tlInt(nonce), serverNonce: tlInt(serverNonce), p: toBytes(p), q: toBytes(q), publicKeyFingerprint: bigInt(rsa.fingerprint.toString()), encryptedData }),
    );
    if (!(dhParams instanceof Api.ServerDHParamsOk)) throw new Error(`bad server_DH_params: ${dhParams?.className}`);

    const tmpKey = Buffer.concat([sha1(newNonce, serverNonce), sha1(serverNonce, newNonce).subarray(0, 12)]);
    const tmpIv = Buffer.concat([sha1(serverNonce, newNonce).subarray(12, 20), sha1(newNonce, newNonce), newNonce.subarray(0, 4)]);
    const answerWithHash = aesIge(dhParams.encryptedAnswer, tmpKey, tmpIv, false);
    const reader = new BinaryReader(answerWithHash.subarray(20));
    const inner = reader.tgReadObject() as Api.ServerDHInnerData;
    if (!sha1(answerWithHash.subarray(20, 20 + reader.tellPosition())).equals(answerWithHash.subarray(0, 20))) throw new Error("server_DH_inner_data hash mismatch");
    if (!inner.nonce.eq(tlInt(nonce)) || !inner.serverNonce.eq(tlInt(serverNonce))) throw new Error("nonce mismatch in server_DH_inner_data");
    const dhPrime = toBig(inner.dhPrime);
    if (dhPrime !== DH_PRIME) throw new Error("unknown dh_prime");
    const g = BigInt(inner.g);
    const gA = toBig(inner.gA);
    const low = 1n << (2048n - 64n);
    if (g < 2n || g > 7n || gA <= low || gA >= dhPrime - low) throw new Error("g or g_a out of range");

    let b: bigint;
    let gB: bigint;
    let gAB: bigint;
    do {
      b = toBig(crypto.randomBytes(256)) % (dhPrime - 1n); // a 2048-bit exponent, reduced (g^(p-1) = 1)
      gB = modPow(g, b, dhPrime);
      gAB = modPow(gA, b, dhPrime);
    } while (gB <= low || gB >= dhPrime - low || (o.leadingZeroGab && gAB >> 2040n !== 0n));
    const gabLeadingZero = gAB >> 2040n === 0n;
    const authKey = o.gab === "stripped" ? toBytes(gAB) : toBytes(gAB, 256);

    const data = new Api.ClientDHInnerData({ nonce: tlInt(nonce), serverNonce: tlInt(serverNonce), retryId: bigInt.zero, gB: toBytes(gB, 256) }).getBytes();
    let dataWithHash = Buffer.concat([sha1(data), data]);
    dataWithHash = Buffer.concat([dataWithHash, crypto.randomBytes((16 - (dataWithHash.length % 16)) % 16)]);
    const gen = await this.plainCall(new Api.SetClientDHParams({ nonce: tlInt(nonce), serverNonce: tlInt(serverNonce), encryptedData: aesIge(dataWithHash, tmpKey, tmpIv, true) }));
    if (!(gen instanceof Api.DhGenOk)) throw new Error(`bad set_client_DH_params answer: ${gen?.className}`);
    // new_nonce_hash1: the 128 lower-order bits of SHA1(new_nonce + 0x01 + auth_key_aux_hash).
    const expected = sha1(newNonce, Buffer.from([1]), sha1(authKey).subarray(0, 8)).subarray(4, 20);
    if (!tlIntBytes(gen.newNonceHash1, 16).equals(expected)) throw new Error("new_nonce_hash1 mismatch: the server derived another auth key");

    this.authKey = authKey;
    this.salt = xor(newNonce.subarray(0, 8), serverNonce.subarray(0, 8)); // the initial server_salt
    return { authKey, gabLeadingZero };
  }

  // ---- encrypted messages (MTProto 2.0) ----
  private kdf(msgKey: Buffer, x: 0 | 8): { key: Buffer; iv: Buffer } {
    const k = this.authKey!;
    const a = sha256(msgKey, k.subarray(x, x + 36));
    const b = sha256(k.subarray(40 + x, 76 + x), msgKey);
    return {
      key: Buffer.concat([a.subarray(0, 8), b.subarray(8, 24), a.subarray(24, 32)]),
      iv: Buffer.concat([b.subarray(0, 8), a.subarray(8, 24), b.subarray(24, 32)]),
    };
  }

  /**
   * Sends one request (the first one wrapped in invokeWithLayer + initConnection) and returns
   * its result; an rpc_error rejects with { errorCode, errorMessage }. With quickAck, also
   * returns the token the server must echo; padding (12-1009) sets the least random padding.
   */
  async invoke(request: { getBytes(): Buffer }, o: { quickAck?: boolean; padding?: number } = {}): Promise<{ result: any; quickAckToken: number }> {
    if (!this.authKey) throw new Error("no auth key: handshake first");
    const query = this.initDone
      ? request
      : new Api.InvokeWithLayer({
          layer: LAYER,
          query: new Api.InitConnection({
            apiId: 1,
            deviceModel: "raw-mtproto-test-client",
            systemVersion: process.platform,
            appVersion: "1",
            systemLangCode: "en",
            langPack: "",
            langCode: "en",
            query: request as Api.AnyRequest,
          }),
        });
    this.initDone = true;
    const body = query.getBytes();
    const msgId = this.newMsgId();
    const head = Buffer.alloc(32);
    this.salt.copy(head, 0);
    this.sessionId.copy(head, 8);
    head.writeBigInt64LE(msgId, 16);
    head.writeInt32LE(this.contentSent++ * 2 + 1, 24);
    head.writeInt32LE(body.length, 28);
    const unpadded = Buffer.concat([head, body]);
    // 12 to 1024 random bytes of padding, making the length a multiple of 16 (MTProto 2.0).
    const minPad = Math.min(Math.max(o.padding ?? 12, 12), 1024 - 15);
    const plain = Buffer.concat([unpadded, crypto.randomBytes(minPad + ((16 - ((unpadded.length + minPad) % 16)) % 16))]);
    const msgKeyLarge = sha256(this.authKey.subarray(88, 120), plain);
    const msgKey = msgKeyLarge.subarray(8, 24);
    const { key, iv } = this.kdf(msgKey, 0);
    this.sendPacket(Buffer.concat([sha1(this.authKey).subarray(12, 20), msgKey, aesIge(plain, key, iv, true)]), o.quickAck);
    const quickAckToken = (msgKeyLarge.readUInt32LE(0) | 0x80000000) >>> 0;

    for (;;) {
      const payload = await this.readPacket();
      if (!payload.subarray(0, 8).equals(sha1(this.authKey).subarray(12, 20))) throw new Error("answer under another auth key id");
      const inKey = payload.subarray(8, 24);
      const k = this.kdf(inKey, 8);
      const enc = payload.subarray(24, payload.length - ((payload.length - 24) % 16));
      const dec = aesIge(enc, k.key, k.iv, false);
      if (!sha256(this.authKey.subarray(96, 128), dec).subarray(8, 24).equals(inKey)) throw new Error("msg_key mismatch in the answer");
      if (!dec.subarray(8, 16).equals(this.sessionId)) throw new Error("answer for another session");
      const len = dec.readInt32LE(28);
      const msg = dec.subarray(32, 32 + len);
      const ctor = msg.readUInt32LE(0);
      if (ctor !== RPC_RESULT) {
        const obj = new BinaryReader(msg).tgReadObject() as any;
        if (obj instanceof Api.NewSessionCreated || obj instanceof Api.MsgsAck || obj instanceof Api.Pong) continue;
        throw new Error(`unexpected service message ${obj?.className}`); // bad_server_salt included: the salt is the spec's
      }
      if (msg.readBigInt64LE(4) !== msgId) continue;
      const result = new BinaryReader(msg.subarray(12)).tgReadObject() as any;
      if (result instanceof Api.RpcError) throw Object.assign(new Error(result.errorMessage), { errorCode: result.errorCode, errorMessage: result.errorMessage });
      return { result, quickAckToken };
    }
  }

  /**
   * Sends message bodies as they are (no wrapping, not even the first), one message each or
   * all in one msg_container, and returns each one's rpc_result in order: the object, or
   * { errorCode, errorMessage } for an rpc_error. For bytes gramjs would not write.
   */
  async invokeBodies(bodies: Buffer[], o: { container?: boolean } = {}): Promise<any[]> {
    if (!this.authKey) throw new Error("no auth key: handshake first");
    const msgs = bodies.map((body) => ({ msgId: this.newMsgId(), seq: this.contentSent++ * 2 + 1, body }));
    const envelope = (msgId: bigint, seq: number, body: Buffer) => {
      const head = Buffer.alloc(16);
      head.writeBigInt64LE(msgId, 0);
      head.writeInt32LE(seq, 8);
      head.writeInt32LE(body.length, 12);
      return Buffer.concat([head, body]);
    };
    const outgoing = o.container
      ? [{ msgId: this.newMsgId(), seq: this.contentSent * 2, body: Buffer.concat([u32le(0x73f1f8dc), u32le(msgs.length), ...msgs.map((m) => envelope(m.msgId, m.seq, m.body))]) }]
      : msgs;
    for (const m of outgoing) {
      const unpadded = Buffer.concat([this.salt, this.sessionId, envelope(m.msgId, m.seq, m.body)]);
      const plain = Buffer.concat([unpadded, crypto.randomBytes(12 + ((16 - ((unpadded.length + 12) % 16)) % 16))]);
      const msgKey = sha256(this.authKey.subarray(88, 120), plain).subarray(8, 24);
      const { key, iv } = this.kdf(msgKey, 0);
      this.sendPacket(Buffer.concat([sha1(this.authKey).subarray(12, 20), msgKey, aesIge(plain, key, iv, true)]));
    }
    const results = new Map<bigint, any>();
    while (results.size < msgs.length) {
      const payload = await this.readPacket();
      const k = this.kdf(payload.subarray(8, 24), 8);
      const dec = aesIge(payload.subarray(24, payload.length - ((payload.length - 24) % 16)), k.key, k.iv, false);
      const msg = dec.subarray(32, 32 + dec.readInt32LE(28));
      if (msg.readUInt32LE(0) !== RPC_RESULT) continue; // new_session_created, acks
      const result = new BinaryReader(msg.subarray(12)).tgReadObject() as any;
      results.set(msg.readBigInt64LE(4), result instanceof Api.RpcError ? { errorCode: result.errorCode, errorMessage: result.errorMessage } : result);
    }
    return msgs.map((m) => results.get(m.msgId));
  }
}

const u32le = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

