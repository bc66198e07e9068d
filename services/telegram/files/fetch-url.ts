// Downloading a file from an http(s) URL without becoming an SSRF proxy.
// - The address policy (ssrf.ts) is applied at connect time, inside the dispatcher's DNS lookup,
//   so the address checked is the address dialled: there is no second resolution to rebind.
//   The connected socket's remote address is checked again before any byte is sent.
// - IP-literal hosts never reach the lookup, so they are checked before the request.
// - Redirects are followed by hand (undici's request() has no redirect interceptor), up to 3,
//   each hop checked like the first.
// - The body is streamed and the download aborts as soon as it passes maxBytes.
import type { LookupAddress, LookupOptions } from "node:dns";
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";
import { Agent, buildConnector, request } from "undici";
import { FileError, displayName, sanitizeFilename } from "./errors.js";
import { checkAddress, classifyHost, isIpLiteral, normalizeAllowList, type BlockReason } from "./ssrf.js";
import type { RawFile } from "./types.js";

/** Resolves a host name to its addresses (injectable for tests; default: the system resolver). */
export type Resolver = (hostname: string) => Promise<string[]>;

export interface FetchTimeouts {
  /** TCP + TLS connect, including the DNS look-up (default 10 s). */
  connectMs?: number;
  /** The whole download, all redirects included (default 60 s). */
  totalMs?: number;
}

export interface FetchOptions {
  /** Allow plain http:// (ALLOW_HTTP_URLS). */
  allowHttp?: boolean;
  maxBytes: number;
  /**
   * Addresses exempt from the address policy. Tests list their loopback server here; production
   * never sets it. Exact addresses only, no ranges.
   */
  allowAddresses?: readonly string[];
  lookup?: Resolver;
  timeouts?: FetchTimeouts;
  /** Extra trusted CA certificates (tests with a self-signed local HTTPS server). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Aborts the download (resolveFiles uses it to stop the others when one file fails). */
  signal?: AbortSignal;
}

export const MAX_REDIRECTS = 3;
const DEFAULT_CONNECT_MS = 10_000;
const DEFAULT_TOTAL_MS = 60_000;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const systemResolver: Resolver = async (hostname) => (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** Raised inside the connector; turned into a FileError by fetchUrl. */
class BlockedAddress extends Error {
  readonly code = "TGMCP_BLOCKED_ADDRESS";
  constructor(
    readonly host: string,
    readonly address: string,
    readonly reason: BlockReason,
  ) {
    super(`${host} -> ${address} is blocked (${reason})`);
  }
}

function findCause<T>(err: unknown, pred: (e: unknown) => e is T): T | undefined {
  let e = err;
  for (let i = 0; i < 8 && e; i++) {
    if (pred(e)) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function blockedMessage(host: string, address: string, reason: BlockReason): string {
  const what = host === address || isIpLiteral(host) ? address : `${host} resolves to ${address}`;
  return `blocked address: ${what} (${reason}); only public internet addresses may be fetched`;
}

/**
 * The DNS look-up the connector uses: every address the name resolves to must pass the policy,
 * otherwise the connection is refused (nothing is dialled).
 */
function guardedLookup(resolver: Resolver, allow: ReadonlySet<string>): LookupFunction {
  // Errors are reported without an address, as dns.lookup itself does.
  type Callback = (err: NodeJS.ErrnoException | null, address?: string | LookupAddress[], family?: number) => void;
  return ((hostname: string, options: LookupOptions, callback: Callback) => {
    resolver(hostname).then(
      (addresses) => {
        if (addresses.length === 0) {
          callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }));
          return;
        }
        for (const a of addresses) {
          const reason = checkAddress(a, allow);
          if (reason) {
            callback(new BlockedAddress(hostname, a, reason));
            return;
          }
        }
        let list = addresses.map((address) => ({ address, family: isIP(address) }));
        if (options?.family === 4 || options?.family === 6) list = list.filter((a) => a.family === options.family);
        if (list.length === 0) {
          callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }));
          return;
        }
        if (options?.all) callback(null, list);
        else callback(null, list[0].address, list[0].family);
      },
      (err) => callback(err),
    );
  }) as LookupFunction;
}

/** A dispatcher whose every connection goes through the address policy. */
export function createGuardedAgent(opts: { allow: ReadonlySet<string>; lookup?: Resolver; connectMs?: number; ca?: FetchOptions["ca"] }): Agent {
  const base = buildConnector({
    lookup: guardedLookup(opts.lookup ?? systemResolver, opts.allow),
    timeout: opts.connectMs ?? DEFAULT_CONNECT_MS,
    ...(opts.ca ? { ca: opts.ca } : {}),
  } as buildConnector.BuildOptions);
  const connect: buildConnector.connector = (options, callback) => {
    base(options, (err, socket) => {
      if (err || !socket) {
        callback(err ?? new Error("connect failed"), null);
        return;
      }
      // Belt and braces: judge the peer we are actually connected to.
      const remote = socket.remoteAddress ?? "";
      const reason = checkAddress(remote, opts.allow);
      if (reason) {
        socket.destroy();
        callback(new BlockedAddress(options.hostname, remote || "unknown", reason), null);
        return;
      }
      callback(null, socket);
    });
  };
  return new Agent({ connect, connections: 4 });
}

/** Checks a URL before any connection: scheme, credentials, IP-literal and special-use hosts. */
export function checkUrl(raw: string, opts: { allowHttp?: boolean; allow: ReadonlySet<string> }, shown = displayName(raw)): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new FileError(shown, "bad_input", "not a valid URL");
  }
  if (url.protocol === "http:") {
    if (!opts.allowHttp) throw new FileError(shown, "scheme_not_allowed", "plain http:// URLs are refused (https only; the server's ALLOW_HTTP_URLS setting allows http)");
  } else if (url.protocol !== "https:") {
    throw new FileError(shown, "scheme_not_allowed", `${url.protocol} URLs are not supported (https only)`);
  }
  if (url.username || url.password) throw new FileError(shown, "bad_input", "URLs with credentials (user:password@) are refused");
  const host = url.hostname;
  if (!host) throw new FileError(shown, "bad_input", "the URL has no host");
  if (isIpLiteral(host)) {
    const reason = checkAddress(host, opts.allow);
    if (reason) throw new FileError(shown, "blocked_address", blockedMessage(host, host.replace(/^\[|\]$/g, ""), reason));
  } else {
    const reason = classifyHost(host);
    if (reason) throw new FileError(shown, "blocked_address", `blocked address: ${host} (${reason}); only public internet addresses may be fetched`);
  }
  return url;
}

/** File name from a Content-Disposition header (filename* wins over filename). */
export function filenameFromDisposition(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*([^;]+)/i.exec(header);
  if (star) {
    const v = star[1].trim().replace(/^"(.*)"$/, "$1");
    const m = /^([\w!#$%&+^`{}~-]*)'[^']*'(.*)$/.exec(v);
    try {
      const name = sanitizeFilename(decodeURIComponent(m ? m[2] : v));
      if (name) return name;
    } catch {
      // fall back to filename=
    }
  }
  const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]+)/i.exec(header);
  if (!plain) return undefined;
  const v = plain[2] !== undefined ? plain[2].replace(/\\(.)/g, "$1") : plain[1].trim();
  return sanitizeFilename(v);
}

function filenameFromUrl(url: URL): string | undefined {
  const last = url.pathname.split("/").pop() ?? "";
  try {
    return sanitizeFilename(decodeURIComponent(last));
  } catch {
    return sanitizeFilename(last);
  }
}

function header(h: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Downloads one URL under the policy above; throws FileError naming the URL and the reason. */
export async function fetchUrl(input: string, opts: FetchOptions): Promise<RawFile & { finalUrl: string }> {
  const shown = displayName(input);
  const allow = normalizeAllowList(opts.allowAddresses);
  let url = checkUrl(input, { allowHttp: opts.allowHttp, allow }, shown);
  const totalMs = opts.timeouts?.totalMs ?? DEFAULT_TOTAL_MS;
  const agent = createGuardedAgent({ allow, lookup: opts.lookup, connectMs: opts.timeouts?.connectMs, ca: opts.ca });
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error("total timeout")), totalMs);
  const signal = opts.signal ? AbortSignal.any([timeout.signal, opts.signal]) : timeout.signal;

  try {
    for (let hop = 0; ; hop++) {
      const res = await request(url, {
        dispatcher: agent,
        method: "GET",
        // identity: the byte limit applies to what is received, and nothing is decompressed.
        headers: { "user-agent": "tgmcp (file fetch)", accept: "*/*", "accept-encoding": "identity" },
        signal,
        headersTimeout: totalMs,
        bodyTimeout: totalMs,
      });
      if (REDIRECT_STATUSES.has(res.statusCode)) {
        await res.body.dump().catch(() => undefined);
        const location = header(res.headers, "location");
        if (!location) throw new FileError(shown, "http_status", `the server answered ${res.statusCode} without a Location`);
        if (hop >= MAX_REDIRECTS) throw new FileError(shown, "too_many_redirects", `more than ${MAX_REDIRECTS} redirects`);
        let next: string;
        try {
          next = new URL(location, url).toString();
        } catch {
          throw new FileError(shown, "http_status", "the server redirected to an invalid URL");
        }
        try {
          url = checkUrl(next, { allowHttp: opts.allowHttp, allow }, shown);
        } catch (err) {
          if (err instanceof FileError) throw new FileError(shown, err.reason, `redirect to ${displayName(next)} refused: ${err.message.slice(shown.length + 2)}`);
          throw err;
        }
        continue;
      }
      if (res.statusCode < 200 || res.statusCode >= 300) {
        await res.body.dump().catch(() => undefined);
        throw new FileError(shown, "http_status", `the server answered HTTP ${res.statusCode}`);
      }

      const declaredLength = Number(header(res.headers, "content-length"));
      if (Number.isFinite(declaredLength) && declaredLength > opts.maxBytes) {
        res.body.destroy();
        throw new FileError(shown, "too_large", `the file is ${declaredLength} bytes, over the limit of ${opts.maxBytes} bytes`);
      }
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of res.body) {
        total += chunk.length;
        if (total > opts.maxBytes) {
          res.body.destroy();
          throw new FileError(shown, "too_large", `the download passed the limit of ${opts.maxBytes} bytes and was stopped`);
        }
        chunks.push(chunk);
      }
      if (total === 0) throw new FileError(shown, "bad_input", "the server sent an empty file");
      return {
        data: Buffer.concat(chunks, total),
        name: filenameFromDisposition(header(res.headers, "content-disposition")) ?? filenameFromUrl(url),
        declaredMime: header(res.headers, "content-type"),
        finalUrl: url.toString(),
      };
    }
  } catch (err) {
    throw toFileError(err, shown, timeout.signal.aborted);
  } finally {
    clearTimeout(timer);
    agent.destroy().catch(() => undefined);
  }
}

function toFileError(err: unknown, shown: string, timedOut: boolean): FileError {
  if (err instanceof FileError) return err;
  const blocked = findCause(err, (e): e is BlockedAddress => e instanceof BlockedAddress);
  if (blocked) return new FileError(shown, "blocked_address", blockedMessage(blocked.host, blocked.address, blocked.reason));
  const code = findCause(err, (e): e is { code: string } => typeof (e as { code?: unknown } | undefined)?.code === "string")?.code;
  if (timedOut || code === "UND_ERR_CONNECT_TIMEOUT" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
    const phase = code === "UND_ERR_CONNECT_TIMEOUT" ? "connecting" : "downloading";
    return new FileError(shown, "timeout", `timed out while ${phase}`);
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return new FileError(shown, "fetch_failed", "the host name does not resolve");
  if (code === "ECONNREFUSED") return new FileError(shown, "fetch_failed", "the connection was refused");
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return new FileError(shown, "fetch_failed", "the connection was closed by the server");
  if (code === "UND_ERR_ABORTED" || (err as Error | undefined)?.name === "AbortError") return new FileError(shown, "fetch_failed", "the download was cancelled");
  if (code && /CERT|SSL|TLS|SELF_SIGNED/i.test(code)) return new FileError(shown, "fetch_failed", `TLS error (${code})`);
  return new FileError(shown, "fetch_failed", `download failed${code ? ` (${code})` : ""}`);
}
