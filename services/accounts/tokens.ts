// Bearer tokens: 32 random bytes (base64url, 43 chars), shown once and never stored.
// The store keeps only a verifier: HMAC-SHA256 of the token under a per-install key,
// so neither the folder nor a log line ever holds something that opens an account.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const TOKEN_BYTES = 32;
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

/** A new bearer token: 256 bits from the OS CSPRNG, base64url without padding. */
export function generateToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

/** Shape check only (cheap, before any crypto): 43 base64url characters. */
export function looksLikeToken(token: unknown): token is string {
  return typeof token === "string" && TOKEN_RE.test(token);
}

/** A new non-secret account id: 12 random bytes, base64url (16 chars), safe in logs and file names. */
export function newAccountId(): string {
  // Ids are typed on command lines (`tgmcp tokens revoke ID`): one that began with "-"
  // would be read as an option, so the first character is always a letter or digit.
  for (;;) {
    const id = randomBytes(12).toString("base64url");
    if (/^[A-Za-z0-9]/.test(id)) return id;
  }
}

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
/** Account ids double as file names: only base64url characters, never a path. */
export function isValidAccountId(id: unknown): id is string {
  return typeof id === "string" && ID_RE.test(id) && id !== "." && id !== "..";
}

/** The stored verifier of a token: HMAC-SHA256(installKey, token), hex. */
export function tokenVerifier(token: string, installKey: Buffer): string {
  return createHmac("sha256", installKey).update(token, "utf8").digest("hex");
}

/** Constant-time comparison of a presented token against a stored verifier. */
export function verifierMatches(token: string, storedVerifier: string, installKey: Buffer): boolean {
  return verifiersMatch(tokenVerifier(token, installKey), storedVerifier);
}

/** Constant-time comparison of a presented token's verifier (tokenVerifier) against a stored one. */
export function verifiersMatch(presented: string, storedVerifier: string): boolean {
  const a = Buffer.from(presented, "hex");
  const b = Buffer.from(storedVerifier, "hex");
  // Both are SHA-256 outputs when the record is well-formed; a malformed record never matches.
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}
