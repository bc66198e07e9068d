// Word-prefix, case-insensitive full-text index over message rows, like Telegram's search:
// "proj" finds "project" and "Projects". Tokens live in a list kept sorted (lazily) so a prefix
// is a binary search; each token's postings are a growable Int32Array of row numbers. Searching
// touches only the postings of matching tokens, never every message.

const WORD = /[\p{L}\p{N}]+/gu;

/** Lower-cased words of a text, deduplicated, in order of first appearance. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const m of text.toLowerCase().matchAll(WORD)) {
    const w = m[0];
    if (!seen.has(w)) {
      seen.add(w);
      out.push(w);
    }
  }
  return out;
}

interface Postings {
  rows: Int32Array;
  length: number;
  /** false when a row was appended out of order (an edit re-indexed an old row). */
  sorted: boolean;
}

export class SearchIndex {
  private readonly ids = new Map<string, number>();
  private readonly words: string[] = [];
  private readonly postings: Postings[] = [];
  /** Token ids sorted by their word; rebuilt when new words appear. */
  private order: Int32Array = new Int32Array(0);
  private orderDirty = false;

  /** Id of a word (created on first use). */
  tokenId(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.ids.set(word, id);
      this.words.push(word);
      this.postings.push({ rows: new Int32Array(4), length: 0, sorted: true });
      this.orderDirty = true;
    }
    return id;
  }

  get tokenCount(): number {
    return this.words.length;
  }

  /** Index a text for a row. */
  add(row: number, text: string): void {
    for (const w of tokenize(text)) this.addToken(row, this.tokenId(w));
  }

  /** Index pre-tokenized words (ids from tokenId(), distinct) for a row: the large generator's fast path. */
  addTokenIds(row: number, tokenIds: ArrayLike<number>): void {
    for (let i = 0; i < tokenIds.length; i++) this.addToken(row, tokenIds[i]!);
  }

  private addToken(row: number, id: number): void {
    const p = this.postings[id]!;
    if (p.length === p.rows.length) {
      const grown = new Int32Array(p.rows.length * 2);
      grown.set(p.rows);
      p.rows = grown;
    }
    if (p.length > 0 && p.rows[p.length - 1]! >= row) {
      if (p.rows[p.length - 1] === row) return;
      p.sorted = false;
    }
    p.rows[p.length++] = row;
  }

  /** Shrinks postings to their size (after a bulk build) to save memory. */
  compact(): void {
    for (const p of this.postings) if (p.rows.length > p.length) p.rows = p.rows.slice(0, p.length);
    this.sortOrder();
  }

  private sortOrder(): void {
    if (!this.orderDirty && this.order.length === this.words.length) return;
    const ids = Array.from({ length: this.words.length }, (_, i) => i);
    const w = this.words;
    ids.sort((a, b) => (w[a]! < w[b]! ? -1 : w[a]! > w[b]! ? 1 : 0));
    this.order = Int32Array.from(ids);
    this.orderDirty = false;
  }

  private sortedPostings(id: number): Int32Array {
    const p = this.postings[id]!;
    if (!p.sorted) {
      const s = p.rows.slice(0, p.length).sort();
      let n = 0;
      for (let i = 0; i < s.length; i++) if (i === 0 || s[i] !== s[i - 1]) s[n++] = s[i]!;
      p.rows = s;
      p.length = n;
      p.sorted = true;
    }
    return p.rows.subarray(0, p.length);
  }

  /** Rows (ascending, distinct) holding a word starting with `prefix` (lower-case). */
  prefixRows(prefix: string): Int32Array {
    this.sortOrder();
    const order = this.order;
    const w = this.words;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (w[order[mid]!]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const lists: Int32Array[] = [];
    let total = 0;
    for (let i = lo; i < order.length && w[order[i]!]!.startsWith(prefix); i++) {
      const rows = this.sortedPostings(order[i]!);
      lists.push(rows);
      total += rows.length;
    }
    if (lists.length === 0) return new Int32Array(0);
    if (lists.length === 1) return lists[0]!;
    if (lists.length <= 8) {
      // few lists: linear pairwise merges beat a sort
      let acc = lists[0]!;
      for (let k = 1; k < lists.length; k++) acc = union(acc, lists[k]!);
      return acc;
    }
    const all = new Int32Array(total);
    let off = 0;
    for (const l of lists) {
      all.set(l, off);
      off += l.length;
    }
    all.sort();
    let n = 0;
    for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i]!;
    return all.subarray(0, n);
  }

  /**
   * Rows matching every word of the query by prefix (ascending), or null for a query without
   * words (the caller then means "all messages").
   */
  query(q: string): Int32Array | null {
    const terms = tokenize(q);
    if (terms.length === 0) return null;
    const lists = terms.map((t) => this.prefixRows(t)).sort((a, b) => a.length - b.length);
    let acc = lists[0]!;
    for (let k = 1; k < lists.length && acc.length > 0; k++) acc = intersect(acc, lists[k]!);
    return acc;
  }
}

/** Union of two ascending arrays of distinct values. */
function union(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out[n++] = x;
      i++;
      j++;
    } else if (x < y) {
      out[n++] = x;
      i++;
    } else {
      out[n++] = y;
      j++;
    }
  }
  while (i < a.length) out[n++] = a[i++]!;
  while (j < b.length) out[n++] = b[j++]!;
  return out.subarray(0, n);
}

/** Intersection of two ascending arrays. */
function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out[n++] = x;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out.subarray(0, n);
}

/** True when every query word is a prefix of some word of the text (re-checks edited rows). */
export function textMatches(text: string, q: string): boolean {
  const words = tokenize(text);
  return tokenize(q).every((t) => words.some((w) => w.startsWith(t)));
}
