// Publishes the reviewed method classes (services/mtproto/method-classes.ts) in
// services/mtproto/README.md, and drafts entries for functions a new layer adds.
//
//   node --import tsx scripts/method-classes.ts            the README table
//   node --import tsx scripts/method-classes.ts --write    update services/mtproto/README.md in place
//   node --import tsx scripts/method-classes.ts --missing  draft entries for functions the table lacks
//
// test/mtproto/method-classes.test.ts fails when the README differs from this output.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DANGER_KINDS, methodEntry, nameSuggests } from "../services/mtproto/policy.js";
import { METHOD_CLASSES } from "../services/mtproto/method-classes.js";
import { getSchema, type TlDef, type TlSchema } from "../services/mtproto/schema.js";

const ROOT = join(fileURLToPath(new URL(".", import.meta.url)), "..");
export const README = join(ROOT, "services/mtproto/README.md");

const START = "<!-- generated:method-classes (scripts/method-classes.ts; do not edit by hand) -->";
const END = "<!-- /generated:method-classes -->";

const WRAPPERS = "wrappers (no module)";
const family = (d: TlDef) => (d.tlName.includes(".") ? d.tlName.slice(0, d.tlName.indexOf(".")) : WRAPPERS);
const cell = (s: string) => s.replace(/\|/g, "\\|");

/** The full table: every function of the layer, by family, with its class and the reason. */
export function classTable(schema: TlSchema = getSchema()): string {
  // By family, the module-less wrappers last.
  const last = (d: TlDef) => (family(d) === WRAPPERS ? 1 : 0);
  const defs = [...schema.functions.values()].sort((a, b) => last(a) - last(b) || a.tlName.localeCompare(b.tlName));
  const families = new Map<string, TlDef[]>();
  for (const d of defs) families.set(family(d), [...(families.get(family(d)) ?? []), d]);
  const count = (list: TlDef[], c: string) => list.filter((d) => methodEntry(d).class === c).length;
  const out = [`Layer ${schema.layer}: ${defs.length} functions, ${count(defs, "read")} read, ${count(defs, "write")} write, ${count(defs, "dangerous")} dangerous.`];
  for (const [name, list] of families) {
    out.push("", `#### ${name} (${list.length}: ${count(list, "read")} read, ${count(list, "write")} write, ${count(list, "dangerous")} dangerous)`, "");
    out.push("| method | class | why |", "|---|---|---|");
    for (const d of list) {
      const e = methodEntry(d);
      const cls = e.class === "dangerous" ? `**dangerous** (${e.kind})` : e.class;
      out.push(`| \`${d.className}\` | ${cls} | ${cell(e.note ?? (e.class === "dangerous" ? DANGER_KINDS[e.kind!] : ""))} |`);
    }
  }
  return out.join("\n");
}

/** The README with its generated section replaced by the current table. */
export function renderReadme(text: string): string {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start === -1 || end < start) throw new Error(`services/mtproto/README.md has no section ${START} ... ${END}`);
  return `${text.slice(0, start)}${START}\n${classTable()}\n${text.slice(end)}`;
}

/** Draft entries (to review, then paste into method-classes.ts) for functions the table lacks. */
export function missingDrafts(schema: TlSchema = getSchema()): string[] {
  return [...schema.functions.values()]
    .filter((d) => !Object.hasOwn(METHOD_CLASSES, d.tlName))
    .sort((a, b) => a.tlName.localeCompare(b.tlName))
    .map((d) => {
      const s = nameSuggests(d);
      const guess = s?.class === "dangerous" ? `dangerous("${s.kind ?? "delete"}")` : s?.class === "read" ? "read()" : "write()";
      return `  ${JSON.stringify(d.tlName)}: ${guess}, // REVIEW: ${s ? s.rule : "the name says nothing"}`;
    });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const arg = process.argv[2];
  if (arg === "--write") writeFileSync(README, renderReadme(readFileSync(README, "utf8")));
  else if (arg === "--missing") process.stdout.write(missingDrafts().join("\n") + "\n");
  else if (arg === undefined) process.stdout.write(classTable() + "\n");
  else {
    process.stderr.write("usage: node --import tsx scripts/method-classes.ts [--write | --missing]\n");
    process.exitCode = 2;
  }
}
