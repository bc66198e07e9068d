// Signed download links for download_media over HTTP: `/files/<token>`, where the token binds one
// account, one chat and message, and an expiry, under an HMAC key derived from the install key.
// The link carries no bearer token and opens nothing else; it is checked without any state, so
// any instance sharing the install key can serve it, as often as asked until it expires.
import { createHmac, timingSafeEqual } from "node:crypto";

export interface MediaLinkClaims {
  /** Account id. */
  a: string;
  /** The chat as the caller named it. */
  c: string;
  /** Message id. */
  m: number;
  /** Expiry, Unix seconds. */
  e: number;
}

export type LinkCheck = { ok: true; claims: MediaLinkClaims } | { ok: false; reason: "malformed" | "bad_signature" | "expired" };

export interface MediaLinksOptions {
  /** The HMAC key (32 bytes), e.g. FileAccountStore.derivedKey("media-links"); resolved on first use. */
  key(): Promise<Buffer>;
  /** The server's public base URL, without a trailing slash. */
  baseUrl(): string;
  /** Seconds a link stays valid (MEDIA_LINK_TTL). */
  ttlSeconds: number;
}

const DOMAIN = "tgmcp media link v1.";

export class MediaLinks {
  private keyPromise: Promise<Buffer> | undefined;

  constructor(private readonly opts: MediaLinksOptions) {}

  private key(): Promise<Buffer> {
    return (this.keyPromise ??= this.opts.key());
  }

  private async mac(payload: string): Promise<Buffer> {
    return createHmac("sha256", await this.key()).update(DOMAIN + payload).digest();
  }

  /** A link to the file of `message` in `chat`, for `account`, valid for ttlSeconds from `now` (ms). */
  async sign(account: string, chat: string, message: number, now = Date.now()): Promise<{ url: string; token: string; expiresAt: Date }> {
    const claims: MediaLinkClaims = { a: account, c: chat, m: message, e: Math.floor(now / 1000) + this.opts.ttlSeconds };
    const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
    const token = `${payload}.${(await this.mac(payload)).toString("base64url")}`;
    return { url: `${this.opts.baseUrl()}/files/${token}`, token, expiresAt: new Date(claims.e * 1000) };
  }

  /** Checks a token's signature, then its expiry; the claims when both hold. */
  async verify(token: string, now = Date.now()): Promise<LinkCheck> {
    const parts = token.split(".");
    if (parts.length !== 2 || !/^[A-Za-z0-9_-]{1,2048}$/.test(parts[0]!) || !/^[A-Za-z0-9_-]{43}$/.test(parts[1]!)) return { ok: false, reason: "malformed" };
    const [payload, sig] = parts as [string, string];
    const expected = await this.mac(payload);
    const given = Buffer.from(sig, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad_signature" };
    let claims: MediaLinkClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as MediaLinkClaims;
    } catch {
      return { ok: false, reason: "malformed" };
    }
    if (typeof claims?.a !== "string" || typeof claims.c !== "string" || !Number.isInteger(claims.m) || !Number.isInteger(claims.e)) return { ok: false, reason: "malformed" };
    if (claims.e * 1000 <= now) return { ok: false, reason: "expired" };
    return { ok: true, claims };
  }
}
