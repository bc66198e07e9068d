// MTProto 2.0 key derivation, Telegram's DH/SRP prime, and the sandbox's RSA key.
import crypto from "node:crypto";
import { serializeBytes } from "telegram/tl/generationHelpers.js";
import { BinaryReader } from "telegram/extensions/index.js";
import { IGE } from "telegram/crypto/IGE.js";
import { bigToBuf, bufToBig, sha1, sha256 } from "./bytes.js";

// The 2048-bit safe prime Telegram uses for DH and SRP. gramjs's Password.js checks
// SRP parameters against exactly these bytes.
export const TG_PRIME_HEX =
  "c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f642477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b";
export const TG_PRIME = BigInt("0x" + TG_PRIME_HEX);
export const TG_PRIME_BUF = Buffer.from(TG_PRIME_HEX, "hex");

/** MTProto 2.0 message key -> AES-IGE key/iv. x=0 client->server, x=8 server->client. */
export function kdf(authKey: Buffer, msgKey: Buffer, x: 0 | 8): { key: Buffer; iv: Buffer } {
  const a = sha256(Buffer.concat([msgKey, authKey.subarray(x, x + 36)]));
  const b = sha256(Buffer.concat([authKey.subarray(40 + x, 76 + x), msgKey]));
  return {
    key: Buffer.concat([a.subarray(0, 8), b.subarray(8, 24), a.subarray(24, 32)]),
    iv: Buffer.concat([b.subarray(0, 8), a.subarray(8, 24), b.subarray(24, 32)]),
  };
}

export interface RsaPublicKey {
  n: bigint;
  e: number;
  /** Telegram fingerprint: lower 64 bits of sha1(TL bytes of n, e), as a signed int64 */
  fingerprint: bigint;
}
export interface RsaKey extends RsaPublicKey {
  d: bigint;
  /** The same key for OpenSSL's raw RSA (the private operation in ~1 ms instead of ~50 ms of BigInt). */
  privateKey: crypto.KeyObject;
}

export function rsaFingerprint(n: bigint, e: number): bigint {
  const data = Buffer.concat([serializeBytes(bigToBuf(n)), serializeBytes(bigToBuf(BigInt(e)))]);
  return sha1(data).subarray(12, 20).readBigInt64LE();
}

/**
 * A fresh 2048-bit RSA key for the real DH exchange (each sandbox start makes its own). Made on
 * libuv's thread pool: finding the primes takes 0.1-0.5 s of CPU, which the sandbox spends
 * building its world meanwhile.
 */
export async function makeRsaKey(): Promise<RsaKey> {
  const privateKey = await new Promise<crypto.KeyObject>((resolve, reject) =>
    crypto.generateKeyPair("rsa", { modulusLength: 2048, publicExponent: 65537 }, (err, _pub, priv) => (err ? reject(err) : resolve(priv))),
  );
  const jwk = privateKey.export({ format: "jwk" });
  const n = bufToBig(Buffer.from(jwk.n!, "base64url"));
  const d = bufToBig(Buffer.from(jwk.d!, "base64url"));
  return { n, e: 65537, d, privateKey, fingerprint: rsaFingerprint(n, 65537) };
}

/**
 * req_DH_params's encrypted_data back to p_q_inner_data (core.telegram.org/mtproto/auth_key),
 * in either padding Telegram accepts:
 * - RSA_PAD (4.1 on that page; gramjs, tdlib, current clients): temp_key_xor + AES-IGE(reversed
 *   data_with_padding + SHA256(temp_key + data_with_padding)), checked by that SHA256;
 * - the older scheme (Telethon 1.x): SHA1(data) + data + random bytes, 255 bytes as a number,
 *   so the 256-byte plaintext starts with a zero byte; checked by that SHA1.
 * Returns null when neither checks out (Telegram then answers -404).
 */
export function decryptPqInnerData(key: RsaKey, encrypted: Buffer): { inner: unknown; scheme: "rsa_pad" | "sha1" } | null {
  if (encrypted.length > 256) return null;
  const c = Buffer.concat([Buffer.alloc(256 - encrypted.length), encrypted]);
  if (bufToBig(c) >= key.n) return null;
  const m = crypto.privateDecrypt({ key: key.privateKey, padding: crypto.constants.RSA_NO_PADDING }, c);

  const tempKey = bufferXor(m.subarray(0, 32), sha256(m.subarray(32)));
  const dataWithHash = new IGE(tempKey, Buffer.alloc(32)).decryptIge(m.subarray(32)) as Buffer;
  const dataWithPadding = Buffer.from(dataWithHash.subarray(0, 192)).reverse();
  if (sha256(Buffer.concat([tempKey, dataWithPadding])).equals(dataWithHash.subarray(192))) {
    return { inner: new BinaryReader(dataWithPadding).tgReadObject(), scheme: "rsa_pad" };
  }

  if (m[0] !== 0) return null;
  try {
    const reader = new BinaryReader(m.subarray(21));
    const inner = reader.tgReadObject();
    if (!sha1(m.subarray(21, 21 + reader.tellPosition())).equals(m.subarray(1, 21))) return null;
    return { inner, scheme: "sha1" };
  } catch {
    return null; // not a TL object: garbage, not the old scheme either
  }
}

function bufferXor(a: Buffer, b: Buffer): Buffer {
  return Buffer.from(a.map((x, i) => x ^ b[i]!));
}
