// Reads the audit logs back (`tgmcp audit`): every <id>.audit.jsonl and its rotated copies in a
// folder, oldest first. A line that is not a whole record (the partial last line a crash can
// leave) is skipped and counted, never fatal.
import { readdir, readFile } from "node:fs/promises";
import type { AuditRecord } from "./audit-log.js";

const FILE_RE = /^([A-Za-z0-9_-]{1,128})\.audit\.jsonl(?:\.(\d{1,3}))?$/;

export interface ReadAuditOptions {
  /** Only this account. */
  account?: string;
  /** Only records at or after this time. */
  since?: Date;
}

export interface AuditReadResult {
  records: AuditRecord[];
  /** Lines that were not whole records (a crash mid-append), skipped. */
  skipped: number;
}

function isRecord(x: unknown): x is AuditRecord {
  const r = x as Partial<AuditRecord> | null;
  return !!r && typeof r === "object" && typeof r.time === "string" && typeof r.account === "string" && typeof r.outcome === "string" && typeof r.kind === "string";
}

export async function readAudit(dir: string, opts: ReadAuditOptions = {}): Promise<AuditReadResult> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { records: [], skipped: 0 };
    throw err;
  }
  const files = names
    .map((n) => ({ n, m: FILE_RE.exec(n) }))
    .filter((f): f is { n: string; m: RegExpExecArray } => f.m !== null && (!opts.account || f.m[1] === opts.account))
    // Oldest first: the highest rotation number, then down to the live file.
    .sort((a, b) => (a.m[1] === b.m[1] ? Number(b.m[2] ?? 0) - Number(a.m[2] ?? 0) : a.m[1] < b.m[1] ? -1 : 1));
  const records: AuditRecord[] = [];
  let skipped = 0;
  for (const f of files) {
    const text = await readFile(`${dir}/${f.n}`, "utf8");
    for (const line of text.split("\n")) {
      if (line === "") continue;
      let rec: unknown;
      try {
        rec = JSON.parse(line);
      } catch {
        skipped++;
        continue;
      }
      if (!isRecord(rec)) {
        skipped++;
        continue;
      }
      if (opts.since && !(Date.parse(rec.time) >= opts.since.getTime())) continue;
      records.push(rec);
    }
  }
  records.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  return { records, skipped };
}

/**
 * --since: an ISO date or time (2026-11-29, 2026-11-29T10:00Z) or a duration back from now
 * (90s, 30m, 1h, 7d). Undefined when it is neither.
 */
export function parseSince(value: string, now: Date = new Date()): Date | undefined {
  const d = /^(\d{1,6})([smhd])$/.exec(value.trim());
  if (d) {
    const unit = { s: 1, m: 60, h: 3600, d: 86400 }[d[2] as "s" | "m" | "h" | "d"];
    return new Date(now.getTime() - Number(d[1]) * unit * 1000);
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** One line per record for people: time, account, what, where, outcome. */
export function formatRecord(r: AuditRecord): string {
  const what = r.tool ? (r.method ? `${r.tool} ${r.method}` : r.tool) : `${r.via} ${r.method ?? ""}`.trim();
  const where = r.chat_id ?? r.chat ?? "-";
  const ids = r.message_ids?.length ? ` msg ${r.message_ids.join(",")}` : "";
  const flags = [r.confirmed ? "confirmed" : "", r.draft ? "draft" : ""].filter(Boolean).join(" ");
  const content = r.text !== undefined ? ` text=${JSON.stringify(r.text)}` : "";
  const files = r.files?.length ? ` files=${JSON.stringify(r.files)}` : "";
  return `${r.time}  ${r.account}  ${what}  chat ${where}${ids}  ${r.outcome}${flags ? ` (${flags})` : ""}  mode=${r.send_mode}${content}${files}`;
}
