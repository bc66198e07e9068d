// Small byte and bigint helpers for the sandbox's hand-written TL framing.
import crypto from "node:crypto";
import bigInt from "big-integer";

export const sha1 = (b: Buffer): Buffer => crypto.createHash("sha1").update(b).digest();
export const sha256 = (b: Buffer): Buffer => crypto.createHash("sha256").update(b).digest();

export function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}
export function i32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
}
export function i64(n: bigint | number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64LE(BigInt.asIntN(64, BigInt(n)));
  return b;
}

export const bufToBig = (b: Buffer): bigint => BigInt("0x" + (b.length ? b.toString("hex") : "0"));
export function bigToBuf(n: bigint, len?: number): Buffer {
  let h = n.toString(16);
  if (h.length % 2) h = "0" + h;
  const b = Buffer.from(h, "hex");
  return len ? Buffer.concat([Buffer.alloc(Math.max(0, len - b.length)), b]) : b;
}
/**
 * base^exp mod mod. node:crypto has no modular exponentiation, but the raw RSA public operation
 * (m^e mod n, no padding) is exactly one, done by OpenSSL some 10x faster than BigInt code: the
 * 2048-bit DH and SRP steps use it. OpenSSL needs an odd modulus above 512 bits and e < n;
 * anything else takes the plain square-and-multiply loop.
 */
export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  base %= mod;
  if (mod & 1n && exp > 0n && exp < mod && mod >> 512n > 0n) {
    const n = bigToBuf(mod);
    const key = crypto.createPublicKey({ key: { kty: "RSA", n: n.toString("base64url"), e: bigToBuf(exp).toString("base64url") }, format: "jwk" });
    return bufToBig(crypto.publicEncrypt({ key, padding: crypto.constants.RSA_NO_PADDING }, bigToBuf(base, n.length)));
  }
  let r = 1n;
  while (exp > 0n) {
    if (exp & 1n) r = (r * base) % mod;
    base = (base * base) % mod;
    exp >>= 1n;
  }
  return r % mod;
}

/** native bigint -> big-integer (what gramjs's Api classes hold for long fields) */
export const toGram = (n: bigint | number | string): bigInt.BigInteger => bigInt(BigInt(n).toString());
/** big-integer (or number) -> native bigint */
export const fromGram = (n: { toString(): string } | number): bigint => BigInt(n.toString());

const BOOL_TRUE = 0x997275b5;
const BOOL_FALSE = 0xbc799737;
const VECTOR = 0x1cb5c415;

/** TL bytes of a handler result: Api object, Bool, Vector (array) or prebuilt Buffer. */
export function tlBytes(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (v === true) return u32(BOOL_TRUE);
  if (v === false) return u32(BOOL_FALSE);
  if (Array.isArray(v)) return Buffer.concat([u32(VECTOR), i32(v.length), ...v.map(tlBytes)]);
  if (v && typeof (v as { getBytes?: unknown }).getBytes === "function") return (v as { getBytes(): Buffer }).getBytes();
  throw new Error(`cannot serialize handler result: ${String(v)}`);
}

/** Vector<long> / Vector<int>, which have no Api class. */
export const vectorOfLongs = (xs: Array<bigint | number>): Buffer =>
  Buffer.concat([u32(VECTOR), i32(xs.length), ...xs.map((x) => i64(x))]);
export const vectorOfInts = (xs: number[]): Buffer => Buffer.concat([u32(VECTOR), i32(xs.length), ...xs.map(i32)]);
