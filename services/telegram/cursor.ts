// Opaque pagination cursors: `cursor` in, `next_cursor` out. A cursor is
// `<kind>.<fingerprint>.<state>`: which listing made it, a fingerprint of the query parameters
// other than cursor/limit, and the pagination state as base64url JSON. A cursor reused with
// another query or tool is refused instead of silently returning the wrong page. Short on
// purpose (a model reads it in every paged result, issue #19): callers pack their state as
// arrays rather than keyed objects.
import { createHash } from "node:crypto";
import { invalidParameter } from "./errors.js";

const NOT_OURS = "cursor is not a cursor this server issued; pass next_cursor from a previous result unchanged, or omit it for the first page.";

function stableJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return "[" + value.map(stableJson).join(",") + "]";
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return "{" + keys.map((k) => JSON.stringify(k) + ":" + stableJson(obj[k])).join(",") + "}";
}

/** 60 bits of the parameters' hash: enough to tell queries apart (it binds, it does not authenticate). */
export function queryFingerprint(params: Record<string, unknown>): string {
  const json = stableJson(params);
  let fp = fingerprints.get(json);
  if (fp === undefined) {
    fp = createHash("sha256").update(json).digest("base64url").slice(0, 10);
    // Paging repeats the same query: its hash is remembered (a bounded map, cleared when full).
    if (fingerprints.size >= 1024) fingerprints.clear();
    fingerprints.set(json, fp);
  }
  return fp;
}

const fingerprints = new Map<string, string>();

export function encodeCursor<S>(kind: string, params: Record<string, unknown>, state: S): string {
  return `${kind}.${queryFingerprint(params)}.${Buffer.from(JSON.stringify(state), "utf8").toString("base64url")}`;
}

/** Decodes a cursor made by encodeCursor for the same kind and parameters; InvalidParameter otherwise. */
export function decodeCursor<S>(cursor: string, kind: string, params: Record<string, unknown>): S {
  const parts = cursor.split(".");
  if (parts.length !== 3 || !parts[0] || !parts[1] || !parts[2]) throw invalidParameter(NOT_OURS);
  let state: S;
  try {
    state = JSON.parse(Buffer.from(parts[2], "base64url").toString("utf8")) as S;
  } catch {
    throw invalidParameter(NOT_OURS);
  }
  if (state === undefined || state === null) throw invalidParameter(NOT_OURS);
  if (parts[0] !== kind) throw invalidParameter(`cursor belongs to another tool (${parts[0]}); omit it for the first page.`);
  if (parts[1] !== queryFingerprint(params)) {
    throw invalidParameter("cursor was issued for different search parameters; repeat the same query, chat and dates with it, or omit it to start over.");
  }
  return state;
}
