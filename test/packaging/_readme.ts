// Reads README.md the way a user does: sections by heading, fenced code blocks, and the
// curl commands in them (turned into fetch calls by the tests).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./_docker-files.js";

export const readme = (): string => readFileSync(join(ROOT, "README.md"), "utf8");

/** The text under a heading (any level) up to the next heading of the same or a higher level. */
export function section(text: string, heading: string): string {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => /^#{1,6} /.test(l) && l.replace(/^#+ /, "") === heading);
  if (start < 0) throw new Error(`README has no heading "${heading}"`);
  const level = /^#+/.exec(lines[start]!)![0].length;
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++) {
    const m = /^(#{1,6}) /.exec(lines[i]!);
    // Lines inside fenced code are not headings.
    if (m && m[1]!.length <= level && !insideFence(lines, i)) {
      end = i;
      break;
    }
  }
  return lines.slice(start + 1, end).join("\n");
}

function insideFence(lines: string[], index: number): boolean {
  let open = false;
  for (let i = 0; i < index; i++) if (/^```/.test(lines[i]!)) open = !open;
  return open;
}

export interface CodeBlock {
  lang: string;
  code: string;
}

export function codeBlocks(text: string): CodeBlock[] {
  return [...text.matchAll(/^```([a-z]*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}

/** Shell words of one command: '...' literal, "..." with \" and \\ escapes, bare words. */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let i = 0;
  const s = command;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) break;
    let word = "";
    while (i < s.length && !/\s/.test(s[i]!)) {
      const c = s[i]!;
      if (c === "'") {
        const end = s.indexOf("'", i + 1);
        if (end < 0) throw new Error("unterminated ' in: " + command);
        word += s.slice(i + 1, end);
        i = end + 1;
      } else if (c === '"') {
        i++;
        while (i < s.length && s[i] !== '"') {
          if (s[i] === "\\" && (s[i + 1] === '"' || s[i + 1] === "\\" || s[i + 1] === "$")) i++;
          word += s[i]!;
          i++;
        }
        if (s[i] !== '"') throw new Error('unterminated " in: ' + command);
        i++;
      } else {
        word += c;
        i++;
      }
    }
    words.push(word);
  }
  return words;
}

export interface CurlRequest {
  comment: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** The curl commands of a bash block (comments before a command become its `comment`). */
export function curlCommands(code: string): CurlRequest[] {
  const out: CurlRequest[] = [];
  let comment = "";
  const joined = code.replace(/\\\n\s*/g, " ");
  // A quoted argument may span lines: split commands on newlines outside quotes.
  const commands: string[] = [];
  let cur = "";
  let quote: string | null = null;
  for (const ch of joined) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    if (ch === "\n" && !quote) {
      commands.push(cur);
      cur = "";
    } else cur += ch;
  }
  if (cur.trim()) commands.push(cur);
  for (const raw of commands) {
    const line = raw.trim();
    if (line.startsWith("#")) {
      comment = line.slice(1).trim();
      continue;
    }
    if (!line.startsWith("curl ")) continue;
    const words = shellWords(line).slice(1);
    const req: CurlRequest = { comment, method: "GET", url: "", headers: {} };
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (w === "-s" || w === "-S" || w === "-sS") continue;
      if (w === "-X") req.method = words[++i]!;
      else if (w === "-H") {
        const h = words[++i]!;
        const c = h.indexOf(":");
        req.headers[h.slice(0, c).trim().toLowerCase()] = h.slice(c + 1).trim();
      } else if (w === "-d" || w === "--data" || w === "--data-raw") {
        req.body = words[++i]!;
        if (req.method === "GET") req.method = "POST";
      } else if (w.startsWith("-")) throw new Error(`curl option ${w} is not understood by the README test`);
      else req.url = w;
    }
    out.push(req);
    comment = "";
  }
  return out;
}

/** Runs a README curl command with fetch, with the placeholders replaced. */
export async function runCurl(req: CurlRequest, replace: Record<string, string>): Promise<{ status: number; headers: Headers; json: any; text: string }> {
  const sub = (s: string) => Object.entries(replace).reduce((acc, [k, v]) => acc.split(k).join(v), s);
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, sub(v)]));
  const res = await fetch(sub(req.url), { method: req.method, headers, body: req.body });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}
