// The per-call character cap (MAX_RESULT_CHARS, issue #19): a list result whose text block
// (compact JSON) would pass it holds fewer items and pages on with has_more + next_cursor,
// never a silently cut answer. A page always holds at least one item, so paging always moves on
// (one message is at most a few thousand characters; the cap is meant to be far above that).
import type { CallOptions } from "./rpc.js";

export interface ListOptions extends CallOptions {
  /** MAX_RESULT_CHARS; 0 or absent: no cap. */
  maxChars?: number;
}

/**
 * The most items (1..n) whose result fits `max` characters of compact JSON. `build(k)` renders
 * the result with the first k items; the size grows with k, so a binary search finds the cut in
 * about log2(n) renders, and only for results that do not fit whole.
 */
export function fitCount(n: number, build: (k: number) => unknown, max: number): number {
  const fits = (k: number) => JSON.stringify(build(k)).length <= max;
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
