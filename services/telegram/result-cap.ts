// The per-call character cap (MAX_RESULT_CHARS, issue #19): a list result whose text block
// (compact JSON) would pass it holds fewer items and pages on with has_more + next_cursor,
// never a silently cut answer. A page always holds at least one item, so paging always moves on
// (one message is at most a few thousand characters; the cap is meant to be far above that).
import type { CallOptions } from "./rpc.js";

export interface ListOptions extends CallOptions {
  /** MAX_RESULT_CHARS; 0 or absent: no cap. */
  maxChars?: number;
}

// The compact JSON of each result rendered to check the cap, by identity. The tool's text block
// is that same JSON (services/mcp/server-factory.ts reads it with compactJson), so a result that
// fits is rendered once, not twice: 0.04 ms of a 50-message search. Safe because a result is
// not changed once built (the tool returns it as it is); a WeakMap lets unused renders go.
const rendered = new WeakMap<object, string>();

/** The compact JSON of a value: the render of the cap check when this very object had one. */
export function compactJson(value: unknown): string {
  return (typeof value === "object" && value !== null ? rendered.get(value) : undefined) ?? JSON.stringify(value);
}

function renderedLength(value: object): number {
  let json = rendered.get(value);
  if (json === undefined) {
    json = JSON.stringify(value);
    rendered.set(value, json);
  }
  return json.length;
}

/**
 * The most items (1..n) whose result fits `max` characters of compact JSON. `build(k)` renders
 * the result with the first k items; the size grows with k, so a binary search finds the cut in
 * about log2(n) renders, and only for results that do not fit whole.
 */
function fitCount(n: number, build: (k: number) => object, max: number): number {
  const fits = (k: number) => renderedLength(build(k)) <= max;
  if (n <= 1 || fits(n)) return n;
  let lo = 1; // kept even when over: a page never comes back empty
  let hi = n - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The result with the most of its n items that fits `max` (0: no cap): build(n) itself when it fits. */
export function fitted<T extends object>(n: number, build: (k: number) => T, max: number | undefined): T {
  const all = build(n);
  if (!max || n <= 1 || renderedLength(all) <= max) return all;
  return build(fitCount(n, (k) => (k === n ? all : build(k)), max));
}
