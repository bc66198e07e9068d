// MTProto 2.0 key derivation, Telegram's DH/SRP prime, and the sandbox's RSA key.
import crypto from "node:crypto";
import { serializeBytes } from "telegram/tl/generationHelpers.js";
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

export interface RsaKey {
  n: bigint;
  e: number;
  d: bigint;
  /** Telegram fingerprint: lower 64 bits of sha1(TL bytes of n, e), as a signed int64 */
  fingerprint: bigint;
}
export type RsaPublicKey = Omit<RsaKey, "d">;

export function rsaFingerprint(n: bigint, e: number): bigint {
  const data = Buffer.concat([serializeBytes(bigToBuf(n)), serializeBytes(bigToBuf(BigInt(e)))]);
  return sha1(data).subarray(12, 20).readBigInt64LE();
}

/** A fresh 2048-bit RSA key for the real DH exchange (each sandbox start makes its own). */
export function makeRsaKey(): RsaKey {
  const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048, publicExponent: 65537 });
  const jwk = privateKey.export({ format: "jwk" });
  const n = bufToBig(Buffer.from(jwk.n!, "base64url"));
  const d = bufToBig(Buffer.from(jwk.d!, "base64url"));
  return { n, e: 65537, d, fingerprint: rsaFingerprint(n, 65537) };
}
