// parse_mode: turns a message with markup into Telegram text + entities.
//
// Rules of parse_mode "auto" (documented in the send/edit tool descriptions):
//  1. HTML when the text contains a complete pair of a Telegram HTML tag
//     (<b>..</b>, <i>, <u>, <s>, <code>, <pre>, <blockquote>, <a href="...">..</a>, ...).
//     A lone "<" or ">" (a < b, x > 0, <placeholder>) never selects HTML.
//  2. Otherwise markdown when the markdown parser below finds at least one construct that
//     Telegram would render: **bold**, *italic* / _italic_ / __italic__, ~~strike~~,
//     ||spoiler||, `code`, ```pre```, [text](https://url).
//     Delimiters only count at word boundaries: snake_case_names, 2*3*4, 2**10, __init__,
//     "* bullets", "1. numbered lists" and "# headings" stay literal.
//  3. Otherwise plain: the text is sent exactly as given.
// Explicit "markdown" / "html" always parse; "plain" never does.
import { Api } from "telegram";
import { HTMLParser } from "telegram/extensions/html.js";

export const PARSE_MODES = ["auto", "markdown", "html", "plain"] as const;
export type ParseMode = (typeof PARSE_MODES)[number];

export interface FormattedText {
  text: string;
  entities: Api.TypeMessageEntity[];
  /** The mode actually applied (auto resolves to one of the others). */
  mode: "markdown" | "html" | "plain";
}

const HTML_PAIR = /<(b|strong|i|em|u|ins|s|strike|del|code|pre|blockquote|tg-spoiler|spoiler)(\s[^<>]*)?>[\s\S]*?<\/\1\s*>/i;
const HTML_LINK = /<a\s+href\s*=\s*("[^"]*"|'[^']*')\s*>[\s\S]*?<\/a\s*>/i;

export function looksLikeHtml(text: string): boolean {
  return HTML_PAIR.test(text) || HTML_LINK.test(text);
}

function parseHtml(text: string): { text: string; entities: Api.TypeMessageEntity[] } {
  // gramjs's parser knows <spoiler>, <u>, <s>/<del>; map the Telegram spellings onto them.
  const normalized = text
    .replace(/<(\/?)tg-spoiler(\s[^<>]*)?>/gi, "<$1spoiler>")
    .replace(/<(\/?)ins(\s[^<>]*)?>/gi, "<$1u>")
    .replace(/<(\/?)strike(\s[^<>]*)?>/gi, "<$1s>")
    .replace(/<br\s*\/?>/gi, "\n");
  const [out, entities] = HTMLParser.parse(normalized);
  return { text: out, entities: entities as Api.TypeMessageEntity[] };
}

const ESCAPABLE = new Set(["\\", "`", "*", "_", "~", "|", "[", "]", "(", ")"]);
const DELIMS = ["**", "__", "~~", "||", "*", "_"] as const;
type Delim = (typeof DELIMS)[number];

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);

function canOpen(src: string, i: number, d: Delim): boolean {
  const after = src[i + d.length];
  if (after === undefined || isSpace(after)) return false;
  // A single * or _ directly followed by the same char is part of a double delimiter.
  if ((d === "*" || d === "_") && after === d) return false;
  return !isWordChar(src[i - 1]) && src[i - 1] !== d[0];
}

function findClose(src: string, from: number, d: Delim): number {
  let j = src.indexOf(d, from + 1);
  while (j > -1) {
    const before = src[j - 1];
    const after = src[j + d.length];
    const doubled = (d === "*" || d === "_") && (after === d || before === d);
    if (src.slice(from, j).includes("\n\n")) return -1;
    if (!isSpace(before) && !isWordChar(after) && !doubled) return j;
    j = src.indexOf(d, j + 1);
  }
  return -1;
}

function entityFor(d: Delim, offset: number, length: number): Api.TypeMessageEntity {
  switch (d) {
    case "**":
      return new Api.MessageEntityBold({ offset, length });
    case "~~":
      return new Api.MessageEntityStrike({ offset, length });
    case "||":
      return new Api.MessageEntitySpoiler({ offset, length });
    default:
      return new Api.MessageEntityItalic({ offset, length });
  }
}

const LINK = /^\[([^\]\n]+)\]\(((?:https?:\/\/|tg:\/\/|mailto:)[^\s()]+)\)/;

/** A small, strict markdown parser (see the rules at the top of this file). */
export function parseMarkdown(src: string): { text: string; entities: Api.TypeMessageEntity[] } {
  let out = "";
  const entities: Api.TypeMessageEntity[] = [];
  let i = 0;
  outer: while (i < src.length) {
    const c = src[i];
    if (c === "\\" && ESCAPABLE.has(src[i + 1])) {
      out += src[i + 1];
      i += 2;
      continue;
    }
    if (src.startsWith("```", i)) {
      const close = src.indexOf("```", i + 3);
      if (close > -1) {
        let inner = src.slice(i + 3, close);
        let language = "";
        const lang = /^([A-Za-z0-9_+#.-]+)\n/.exec(inner);
        if (lang) {
          language = lang[1];
          inner = inner.slice(lang[0].length);
        } else if (inner.startsWith("\n")) inner = inner.slice(1);
        if (inner.endsWith("\n")) inner = inner.slice(0, -1);
        if (inner.length > 0) {
          entities.push(new Api.MessageEntityPre({ offset: out.length, length: inner.length, language }));
          out += inner;
          i = close + 3;
          continue;
        }
      }
    }
    if (c === "`" && src[i + 1] !== "`") {
      const close = src.indexOf("`", i + 1);
      if (close > i + 1 && !src.slice(i + 1, close).includes("\n")) {
        const inner = src.slice(i + 1, close);
        entities.push(new Api.MessageEntityCode({ offset: out.length, length: inner.length }));
        out += inner;
        i = close + 1;
        continue;
      }
    }
    if (c === "[") {
      const m = LINK.exec(src.slice(i));
      if (m) {
        const inner = parseMarkdown(m[1]);
        for (const e of inner.entities) e.offset += out.length;
        entities.push(new Api.MessageEntityTextUrl({ offset: out.length, length: inner.text.length, url: m[2] }), ...inner.entities);
        out += inner.text;
        i += m[0].length;
        continue;
      }
    }
    for (const d of DELIMS) {
      if (!src.startsWith(d, i) || !canOpen(src, i, d)) continue;
      const close = findClose(src, i + d.length, d);
      if (close < 0) continue;
      const raw = src.slice(i + d.length, close);
      // __init__ and friends are identifiers, not italics.
      if (d === "__" && /^[A-Za-z0-9]+$/.test(raw)) continue;
      const inner = parseMarkdown(raw);
      if (inner.text.length === 0) continue;
      for (const e of inner.entities) e.offset += out.length;
      entities.push(entityFor(d, out.length, inner.text.length), ...inner.entities);
      out += inner.text;
      i = close + d.length;
      continue outer;
    }
    out += c;
    i++;
  }
  return { text: out, entities };
}

/** Applies a parse_mode to a message. Auto resolves per the rules above. */
export function formatMessage(text: string, mode: ParseMode = "auto"): FormattedText {
  if (mode === "plain") return { text, entities: [], mode: "plain" };
  if (mode === "html") return { ...parseHtml(text), mode: "html" };
  if (mode === "markdown") return { ...parseMarkdown(text), mode: "markdown" };
  if (looksLikeHtml(text)) {
    const r = parseHtml(text);
    if (r.entities.length > 0) return { ...r, mode: "html" };
  }
  const md = parseMarkdown(text);
  if (md.entities.length > 0) return { ...md, mode: "markdown" };
  // Nothing to render: send exactly what was given (escapes included).
  return { text, entities: [], mode: "plain" };
}

/** Which mode auto would pick, without building entities the caller does not need. */
export function detectParseMode(text: string): "markdown" | "html" | "plain" {
  return formatMessage(text, "auto").mode;
}
