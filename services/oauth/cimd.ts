// Client ID Metadata Documents (the MCP authorization spec's preferred registration): a client's
// id is an https URL, and the document at that URL is its metadata. tgmcp fetches it with the
// files' SSRF-safe fetcher (services/telegram/files/fetch-url.ts: the address is checked at
// connect time, loopback and private space refused, redirects re-checked), capped in size and
// time, and caches it briefly. A document that fails any check makes the client unknown.
import type { FetchOptions } from "../telegram/files/fetch-url.js";
import { FileError } from "../telegram/files/errors.js";

export interface CimdOptions {
  /** Largest document (default 5 KiB, as the draft suggests). */
  maxBytes?: number;
  /** The whole fetch (default 5 s). */
  timeoutMs?: number;
  /** How long a fetched document is reused (default 5 minutes). */
  cacheMs?: number;
  /** Test seams of the fetcher: addresses exempt from the SSRF policy, extra CAs, a resolver. */
  fetch?: Pick<FetchOptions, "allowAddresses" | "ca" | "lookup">;
  /** Told why a document was refused (logged by the caller; the URL holds no secret). */
  onRefused?: (url: string, reason: string) => void;
  now?: () => number;
}

export type ClientMetadata = Record<string, unknown> & { client_id: string };

/** The client id is a valid CIMD URL: https, a path, no fragment, no credentials, no dot segments. */
export function isCimdUrl(id: string): boolean {
  let u: URL;
  try {
    u = new URL(id);
  } catch {
    return false;
  }
  return u.protocol === "https:" && u.pathname !== "/" && !u.hash && !u.username && !u.password && !/\/\.\.?(\/|$)/.test(id.slice(u.origin.length));
}

export function createCimdResolver(opts: CimdOptions = {}): (url: string) => Promise<ClientMetadata | undefined> {
  const now = opts.now ?? Date.now;
  const cacheMs = opts.cacheMs ?? 5 * 60_000;
  const cache = new Map<string, { value: ClientMetadata | undefined; expiresAt: number }>();
  const refuse = (url: string, reason: string): undefined => {
    opts.onRefused?.(url, reason);
    return undefined;
  };

  async function load(url: string): Promise<ClientMetadata | undefined> {
    if (!isCimdUrl(url)) return refuse(url, "not an https URL with a path");
    let text: string;
    try {
      const { fetchUrl } = await import("../telegram/files/fetch-url.js"); // with undici, on the first fetch
      const file = await fetchUrl(url, { maxBytes: opts.maxBytes ?? 5120, timeouts: { connectMs: opts.timeoutMs ?? 5000, totalMs: opts.timeoutMs ?? 5000 }, ...opts.fetch });
      text = file.data.toString("utf8");
    } catch (e) {
      if (e instanceof FileError) return refuse(url, e.reason);
      throw e;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      return refuse(url, "not JSON");
    }
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) return refuse(url, "not a JSON object");
    const meta = doc as Record<string, unknown>;
    if (meta.client_id !== url) return refuse(url, "client_id differs from the document's URL");
    // A document is public: it cannot hold a shared secret, so the client is a public one.
    if ("client_secret" in meta || "client_secret_expires_at" in meta) return refuse(url, "holds a client_secret");
    const auth = meta.token_endpoint_auth_method;
    if (auth !== undefined && auth !== "none") return refuse(url, "token_endpoint_auth_method must be none");
    return { ...meta, client_id: url, token_endpoint_auth_method: "none" };
  }

  return async (url) => {
    const hit = cache.get(url);
    if (hit && hit.expiresAt > now()) return hit.value;
    const value = await load(url);
    cache.set(url, { value, expiresAt: now() + cacheMs });
    if (cache.size > 1000) cache.delete(cache.keys().next().value as string);
    return value;
  };
}
