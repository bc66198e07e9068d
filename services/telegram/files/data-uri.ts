// data: URIs (RFC 2397), base64 only: data:<mime>[;name=<file>][;base64],<payload>.
import { FileError, displayName, sanitizeFilename } from "./errors.js";
import type { RawFile } from "./types.js";

export function isDataUri(input: string): boolean {
  return /^data:/i.test(input.trim());
}

/** Decodes a base64 data: URI into bytes, refusing malformed ones and ones over maxBytes. */
export function decodeDataUri(input: string, maxBytes: number): RawFile {
  const shown = displayName(input);
  const s = input.trim();
  const comma = s.indexOf(",");
  if (comma < 0) throw new FileError(shown, "bad_data_uri", "malformed data: URI (no comma)");
  const params = s.slice(5, comma).split(";").map((p) => p.trim());
  const declaredMime = params[0] && params[0].includes("/") ? params[0].toLowerCase() : undefined;
  if (params[params.length - 1]?.toLowerCase() !== "base64") {
    throw new FileError(shown, "bad_data_uri", "only base64 data: URIs are accepted (…;base64,<payload>)");
  }
  let name: string | undefined;
  for (const p of params.slice(1, -1)) {
    const eq = p.indexOf("=");
    if (eq < 0) continue;
    const key = p.slice(0, eq).toLowerCase();
    if (key !== "name" && key !== "filename") continue;
    let value = p.slice(eq + 1).replace(/^"(.*)"$/, "$1");
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep it as written
    }
    name = sanitizeFilename(value);
  }

  // Tolerate whitespace and missing padding; refuse anything else that is not base64.
  let payload = s.slice(comma + 1);
  if (payload.includes("%")) {
    try {
      payload = decodeURIComponent(payload);
    } catch {
      throw new FileError(shown, "bad_data_uri", "bad percent-encoding in the payload");
    }
  }
  payload = payload.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(payload) || payload.replace(/=+$/, "").length % 4 === 1 || (payload.includes("=") && payload.length % 4 !== 0)) {
    throw new FileError(shown, "bad_data_uri", "the payload is not valid base64");
  }
  const unpadded = payload.replace(/=+$/, "").length;
  const size = Math.floor((unpadded * 3) / 4);
  // Decided before decoding, so an oversized payload is never turned into a buffer.
  if (size > maxBytes) throw new FileError(shown, "too_large", `the file is ${size} bytes, over the limit of ${maxBytes} bytes`);
  if (size === 0) throw new FileError(shown, "bad_data_uri", "the data: URI is empty");
  return { data: Buffer.from(payload, "base64"), name, declaredMime };
}
