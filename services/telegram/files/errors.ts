// FileError: the one error type of file preparation and sending. It names the file (in a form
// safe to show: no query string, no data: payload) and a machine-readable reason.

export type FileErrorReason =
  | "too_many_files" // more than 10 files in one call
  | "bad_input" // not a URL, data: URI or usable path
  | "scheme_not_allowed" // http:// without ALLOW_HTTP_URLS, ftp:, file: in HTTP modes...
  | "blocked_address" // SSRF policy: private, loopback, metadata...
  | "too_large" // over MAX_FILE_SIZE_MB
  | "timeout" // connect or total download timeout
  | "too_many_redirects"
  | "http_status" // the server answered with an error status
  | "fetch_failed" // connection refused, TLS error, reset...
  | "bad_data_uri" // malformed data: URI or base64
  | "not_allowed_in_mode" // local paths outside stdio mode
  | "outside_roots" // local path not under FILE_ROOTS
  | "hidden_file" // a dot-file or dot-folder without ALLOW_HIDDEN_FILES
  | "traversal" // ".." in a local path
  | "not_found" // local file missing
  | "not_a_file" // directory, device, fifo...
  | "hard_link" // a file with more than one hard link, without ALLOW_HARD_LINKS
  | "upload_failed"; // Telegram refused the upload or the send

export class FileError extends Error {
  readonly errorType = "FileError";
  constructor(
    /** The file as shown to the user (see displayName). */
    readonly file: string,
    readonly reason: FileErrorReason,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = "FileError";
  }

  /** The structured form for tool results. */
  toJSON(): { error: string; error_type: "FileError"; file: string; reason: FileErrorReason } {
    return { error: this.message, error_type: "FileError", file: this.file, reason: this.reason };
  }
}

function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, "?");
}

function cut(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * A file reference as it may be echoed back: as the caller wrote it (so they recognise it, and so
 * an error never shows the URL parser's reading of it as if it were the input), minus what must
 * not be echoed: data: payloads, URL userinfo and query (signed URLs carry secrets there), each
 * marked with "…". Control characters show as "?"; long inputs are cut at 200 characters.
 */
export function displayName(input: string): string {
  const s = input.trim();
  if (/^data:/i.test(s)) {
    const comma = s.indexOf(",");
    const head = comma < 0 ? s.slice(0, 60) : s.slice(0, Math.min(comma, 80));
    return `${visible(head)},… (${s.length} chars)`;
  }
  // Split where the URL parser splits an http(s) URL: any run of '/' or '\' after the scheme,
  // then the authority up to the first '/', '\', '?' or '#'; userinfo is up to its last '@'.
  const url = /^(https?:)([/\\]*)([^/\\?#]*)([^?#]*)([?#])?/i.exec(s);
  if (url) {
    const authority = url[3]!;
    const at = authority.lastIndexOf("@");
    return cut(visible(`${url[1]}${url[2]}${at < 0 ? authority : `…@${authority.slice(at + 1)}`}${url[4]}${url[5] ? "?…" : ""}`));
  }
  return cut(visible(s));
}

/**
 * A file name safe to give Telegram: the last path segment, no control or path characters,
 * no leading dots, at most 128 characters (extension kept).
 */
export function sanitizeFilename(raw: string | undefined | null): string | undefined {
  if (!raw) return undefined;
  let name = raw.split(/[/\\]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  name = name.replace(/[\u0000-\u001f\u007f<>:"|?*\u202a-\u202e\u2066-\u2069]/g, "_").trim();
  name = name.replace(/^\.+/, "").trim();
  if (!name || /^_+$/.test(name)) return undefined;
  if (name.length > 128) {
    const dot = name.lastIndexOf(".");
    const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : "";
    name = name.slice(0, 128 - ext.length) + ext;
  }
  return name;
}
