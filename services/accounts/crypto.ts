// Encryption of session strings at rest: AES-256-GCM under a key derived with HKDF-SHA256
// from a secret (the account's bearer token, or SESSION_KEY for the default account).
// A fresh random salt and IV per write; the account id is bound as associated data so a
// sealed blob cannot be moved to another account's file.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

export interface SealedBox {
  alg: "A256GCM-HKDF-SHA256";
  salt: string; // base64
  iv: string; // base64
  tag: string; // base64
  ct: string; // base64
}

export class DecryptError extends Error {
  constructor(message = "session cannot be decrypted (wrong key or tampered file)") {
    super(message);
    this.name = "DecryptError";
  }
}

const INFO = "tgmcp session v1";

function deriveKey(secret: string, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(secret, "utf8"), salt, INFO, 32));
}

export function seal(plaintext: string, secret: string, aad: string): SealedBox {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(secret, salt), iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return {
    alg: "A256GCM-HKDF-SHA256",
    salt: salt.toString("base64"),
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    ct: ct.toString("base64"),
  };
}

export function open(box: SealedBox, secret: string, aad: string): string {
  if (!box || box.alg !== "A256GCM-HKDF-SHA256") throw new DecryptError("unknown session encryption format");
  try {
    const salt = Buffer.from(box.salt, "base64");
    const iv = Buffer.from(box.iv, "base64");
    const tag = Buffer.from(box.tag, "base64");
    if (iv.length !== 12 || tag.length !== 16 || salt.length < 16) throw new DecryptError();
    const decipher = createDecipheriv("aes-256-gcm", deriveKey(secret, salt), iv);
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(box.ct, "base64")), decipher.final()]).toString("utf8");
  } catch {
    // GCM authentication failure: wrong key, other account's blob, or modified bytes.
    throw new DecryptError();
  }
}
