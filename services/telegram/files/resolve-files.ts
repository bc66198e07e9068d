// Turns the tools' `files` parameter (a string or an array of up to 10) into checked in-memory
// files. Every file is fetched and validated before anything is sent, so a refused file sends
// nothing: no half album.
import { decodeDataUri, isDataUri } from "./data-uri.js";
import { FileError, displayName, sanitizeFilename } from "./errors.js";
import { fetchUrl, type FetchTimeouts, type Resolver } from "./fetch-url.js";
import { isLocalPath, readLocalFile } from "./local-path.js";
import { decideType, extFromMime, sniff } from "./sniff.js";
import type { PreparedFile, RawFile } from "./types.js";

export type { PreparedFile } from "./types.js";

export const MAX_FILES = 10;

export interface ResolveOptions {
  mode: "stdio" | "http-no-auth" | "http-auth";
  /** ALLOW_HTTP_URLS */
  allowHttp?: boolean;
  /** MAX_FILE_SIZE_MB * 1024 * 1024; applies to each file. */
  maxBytes: number;
  /** FILE_ROOTS (default: the home directory). */
  fileRoots?: readonly string[];
  /** ALLOW_HIDDEN_FILES */
  allowHidden?: boolean;
  /** ALLOW_HARD_LINKS */
  allowHardLinks?: boolean;
  /** Test escape hatch: addresses exempt from the SSRF policy. Never set in production. */
  allowAddresses?: readonly string[];
  /** Test hook: the DNS resolver used at connect time. */
  lookup?: Resolver;
  timeouts?: FetchTimeouts;
  /** Extra trusted CA certificates (tests). */
  ca?: string | Buffer | Array<string | Buffer>;
}

/** The `files` parameter as a list (undefined, "" and [] mean no files). */
export function normalizeFilesParam(input: unknown): string[] {
  if (input === undefined || input === null) return [];
  const list = typeof input === "string" ? (input.trim() === "" ? [] : [input]) : input;
  if (!Array.isArray(list)) throw new FileError("files", "bad_input", "files must be a string or an array of strings");
  if (list.length > MAX_FILES) throw new FileError("files", "too_many_files", `at most ${MAX_FILES} files per message (got ${list.length})`);
  return list.map((f, i) => {
    if (typeof f !== "string" || f.trim() === "") throw new FileError(`files[${i}]`, "bad_input", "each file must be a non-empty string");
    return f;
  });
}

async function readOne(input: string, opts: ResolveOptions, signal: AbortSignal): Promise<RawFile> {
  const s = input.trim();
  if (isDataUri(s)) return decodeDataUri(s, opts.maxBytes);
  if (/^https?:/i.test(s)) {
    return fetchUrl(s, {
      allowHttp: opts.allowHttp,
      maxBytes: opts.maxBytes,
      allowAddresses: opts.allowAddresses,
      lookup: opts.lookup,
      timeouts: opts.timeouts,
      ca: opts.ca,
      signal,
    });
  }
  if (isLocalPath(s)) {
    return readLocalFile(s, { mode: opts.mode, fileRoots: opts.fileRoots, allowHidden: opts.allowHidden, allowHardLinks: opts.allowHardLinks, maxBytes: opts.maxBytes });
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(s)?.[1] ?? "?";
  throw new FileError(displayName(s), "scheme_not_allowed", `${scheme}: is not supported; use an https URL, a data: URI or (stdio mode) a local path`);
}

/** Names the file, typed by content: "report" + PDF bytes -> "report.pdf". */
export function prepare(input: string, raw: RawFile, fallbackBase: string): PreparedFile {
  const sniffed = sniff(raw.data);
  let name = sanitizeFilename(raw.name) ?? fallbackBase;
  const { mime, kind } = decideType(raw.data, name, raw.declaredMime);
  if (!/\.[A-Za-z0-9]{1,8}$/.test(name)) {
    const ext = sniffed?.ext ?? extFromMime(mime);
    if (ext) name += ext;
  }
  return { source: displayName(input), name, mime, kind, size: raw.data.length, data: raw.data };
}

/**
 * Fetches and checks every file (in parallel). The first refusal cancels the others and is
 * thrown as a FileError naming the file and the reason; nothing is returned half-done.
 */
export async function resolveFiles(input: unknown, opts: ResolveOptions): Promise<PreparedFile[]> {
  const list = normalizeFilesParam(input);
  if (list.length === 0) return [];
  if (!(opts.maxBytes > 0)) throw new TypeError("resolveFiles: maxBytes must be positive");
  const cancel = new AbortController();
  let first: unknown;
  let firstIndex = 0;
  const results = await Promise.allSettled(
    list.map(async (f, i) => {
      try {
        const raw = await readOne(f, opts, cancel.signal);
        return prepare(f, raw, /^data:/i.test(f.trim()) ? "upload" : `file${list.length > 1 ? i + 1 : ""}`);
      } catch (err) {
        if (first === undefined) {
          first = err;
          firstIndex = i;
          cancel.abort();
        }
        throw err;
      }
    }),
  );
  if (first !== undefined) {
    if (first instanceof FileError) throw first;
    throw new FileError(displayName(list[firstIndex]), "fetch_failed", `could not prepare the files (${(first as Error)?.message ?? "error"})`);
  }
  return results.map((r) => (r as PromiseFulfilledResult<PreparedFile>).value);
}
