// Opaque pagination cursors: `cursor` in, `next_cursor` out. A cursor is base64url JSON
// holding the per-term pagination state, bound to the query it came from (a fingerprint of
// the parameters other than cursor/limit), so a cursor reused with another query is refused
// instead of silently returning the wrong page.
import { createHash } from "node:crypto";
import { invalidParameter } from "./errors.js";

interface CursorBody<S> {
  v: 1;
  /** Which listing made it (e.g. "search_chat"). */
  k: string;
  /** Fingerprint of the query parameters. */
  f: string;
  s: S;
}

function stableJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return "[" + value.map(stableJson).join(",") + "]";
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return "{" + keys.map((k) => JSON.stringify(k) + ":" + stableJson(obj[k])).join(",") + "}";
}

export function queryFingerprint(params: Record<string, unknown>): string {
  return createHash("sha256").update(stableJson(params)).digest("base64url").slice(0, 12);
}

export function encodeCursor<S>(kind: string, params: Record<string, unknown>, state: S): string {
  const body: CursorBody<S> = { v: 1, k: kind, f: queryFingerprint(params), s: state };
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
}

/** Decodes a cursor made by encodeCursor for the same kind and parameters; InvalidParameter otherwise. */
export function decodeCursor<S>(cursor: string, kind: string, params: Record<string, unknown>): S {
  let body: CursorBody<S>;
  try {
    body = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidParameter("cursor is not a cursor this server issued; pass next_cursor from a previous result unchanged, or omit it for the first page.");
  }
  if (!body || body.v !== 1 || typeof body.k !== "string" || typeof body.f !== "string" || body.s === undefined) {
    throw invalidParameter("cursor is not a cursor this server issued; pass next_cursor from a previous result unchanged, or omit it for the first page.");
  }
  if (body.k !== kind) throw invalidParameter(`cursor belongs to another tool (${body.k}); omit it for the first page.`);
  if (body.f !== queryFingerprint(params)) {
    throw invalidParameter("cursor was issued for different search parameters; repeat the same query, chat and dates with it, or omit it to start over.");
  }
  return body.s;
}
