// Text written by other people (message text, names, titles, file names) is data shown to a model.
// Characters whose only effect is to make the displayed text differ from the stored one are
// neutralised here, once, when results are shaped; what goes to Telegram is never altered, and
// ids and server-side search (Telegram matches the stored original) are untouched.
//
// Two treatments (README "Untrusted content"):
// - MARKED, each run replaced by one U+FFFD: bidi embeddings/overrides/isolates U+202A-202E and
//   U+2066-2069 (they reorder what a person sees: "Trojan Source"), tag characters U+E0000-E007F
//   (they carry hidden ASCII only a model reads), and variation selectors that follow another
//   selector or nothing (data smuggled in selector runs). These exist to hide something, so the
//   reader must see that something was there; U+FFFD is one character, widely known as "replaced".
// - REMOVED: invisible formatting with no visible content that innocent copy-paste often carries:
//   U+200B ZWSP, U+200C/U+200D ZWNJ/ZWJ (except where scripts and emoji need them, below),
//   U+200E/U+200F/U+061C direction marks, U+2060-2064 word joiner and invisible operators,
//   U+FEFF, U+180E, U+00AD soft hyphen. Removing them gives exactly the text a person sees.
// Kept: ZWJ between emoji (family, profession sequences), ZWJ/ZWNJ between letters of non-Latin
// scripts (Persian, Devanagari...), VS15/VS16 right after a character, U+E0100-E01EF right after a
// Han ideograph, and the tag sequence of a subdivision flag (U+1F3F4, 3-7 tag letters/digits, U+E007F).

const MARK = "\uFFFD";

const isBidiControl = (c: number) => (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
const isTag = (c: number) => c >= 0xe0000 && c <= 0xe007f;
const isVs = (c: number) => (c >= 0xfe00 && c <= 0xfe0f) || (c >= 0xe0100 && c <= 0xe01ef);
const isInvisible = (c: number) =>
  c === 0x200b || c === 0x200c || c === 0x200d || c === 0x200e || c === 0x200f || c === 0x061c || (c >= 0x2060 && c <= 0x2064) || c === 0xfeff || c === 0x180e || c === 0x00ad;
const isSkinTone = (c: number) => c >= 0x1f3fb && c <= 0x1f3ff;

const PICTO = /\p{Extended_Pictographic}/u;
const NON_LATIN_LETTER = /^(?![\p{Script=Latin}\p{Script=Common}])[\p{L}\p{M}]$/u;
const HAN = /\p{Script=Han}/u;

/** True when the text may hold something this module changes (most text does not: no copy is made). */
function suspect(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xad) continue;
    // 0xDB40 is the high surrogate of U+E0000-E03FF (tags and supplementary variation selectors).
    if (isInvisible(c) || isBidiControl(c) || (c >= 0xfe00 && c <= 0xfe0f) || c === 0xdb40) return true;
  }
  return false;
}

const isFlagTag = (c: number) => (c >= 0xe0030 && c <= 0xe0039) || (c >= 0xe0061 && c <= 0xe007a);

/**
 * The length of a subdivision-flag tag sequence starting at i (after U+1F3F4), or 0: 3 to 7 tag
 * digits/lowercase letters (an ISO 3166-2 code such as "gbsct") and U+E007F. Anything longer is not a flag.
 */
function flagTags(cps: number[], i: number): number {
  let j = i;
  while (j < cps.length && j - i < 8 && isFlagTag(cps[j])) j++;
  return j - i >= 3 && j - i <= 7 && cps[j] === 0xe007f ? j - i + 1 : 0;
}

/** Text as shown to the model: see the rules above. */
export function neutralizeText(s: string): string {
  if (!suspect(s)) return s;
  const cps = Array.from(s, (ch) => ch.codePointAt(0)!);
  const out: string[] = [];
  let marked = false; // the last thing emitted was a MARK: a run collapses into one
  const emit = (cp: number) => {
    out.push(String.fromCodePoint(cp));
    marked = false;
  };
  const mark = () => {
    if (!marked) out.push(MARK);
    marked = true;
  };
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    const prev = i > 0 ? cps[i - 1] : undefined;
    if (c === 0x1f3f4) {
      const n = flagTags(cps, i + 1);
      emit(c);
      for (let k = 1; k <= n; k++) emit(cps[i + k]);
      i += n;
    } else if (isBidiControl(c) || isTag(c)) {
      mark();
    } else if (isVs(c)) {
      const base = prev !== undefined && !isVs(prev) && !isBidiControl(prev) && !isTag(prev) && !isInvisible(prev);
      const ok = base && (c <= 0xfe0f || HAN.test(String.fromCodePoint(prev!)));
      if (ok) emit(c);
      else mark();
    } else if (c === 0x200c || c === 0x200d) {
      const next = cps[i + 1];
      if (prev === undefined || next === undefined) continue;
      const p = String.fromCodePoint(prev);
      const n = String.fromCodePoint(next);
      // An emoji sequence: the joiner may follow the emoji's VS16 or skin tone.
      const emojiBefore = PICTO.test(p) || ((prev === 0xfe0f || isSkinTone(prev)) && i > 1 && PICTO.test(String.fromCodePoint(cps[i - 2])));
      if ((c === 0x200d && emojiBefore && PICTO.test(n)) || (NON_LATIN_LETTER.test(p) && NON_LATIN_LETTER.test(n))) emit(c);
    } else if (isInvisible(c)) {
      continue;
    } else {
      emit(c);
    }
  }
  return out.join("");
}
