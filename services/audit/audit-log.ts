// The audit log (issue #15): one JSON line per write or dangerous action, per account, next to
// the account's record (<dir>/<id>.audit.jsonl). Written by the tool path (send-gate.ts) and by
// /mtproto-api; never for reads. Each record is one write(2) on a file opened O_APPEND, so a
// crash mid-append leaves at most one partial last line, which the reader skips (read.ts).
// Message text and file names are kept only with AUDIT_CONTENT=true; secrets never are.
import { mkdirSync } from "node:fs";
import { open, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";

/** What happened: performed, refused by the gate, declined by the person, or the error type. */
export type AuditOutcome = "ok" | "refused" | "declined" | (string & {});

export interface AuditEntry {
  /** "mcp" (a tool call) or "mtproto-api" (the HTTP bridge). */
  via: "mcp" | "mtproto-api";
  /** The tool called (via mcp). */
  tool?: string;
  /** The MTProto method (invoke_mtproto and /mtproto-api). */
  method?: string;
  /** send, edit, delete, forward, react, pin, mark_read or raw. */
  kind: string;
  /** The chat as the caller named it. */
  chat?: string;
  /** The resolved marked id, when known. */
  chat_id?: string;
  message_ids?: number[];
  outcome: AuditOutcome;
  /** True when a person accepted it through elicitation (SEND_MODE=confirm). */
  confirmed: boolean;
  /** SEND_MODE in force. */
  send_mode: string;
  /** SEND_MODE=draft turned the send into a draft. */
  draft?: boolean;
  /** AUDIT_CONTENT=true only. */
  text?: string;
  /** AUDIT_CONTENT=true only: file names or URLs as given (never their contents). */
  files?: string[];
}

export interface AuditRecord extends AuditEntry {
  time: string;
  account: string;
}

export interface AuditSink {
  /** Appends one record; never throws (a failure is reported to onError). */
  record(accountId: string, entry: AuditEntry): Promise<void>;
}

export interface AuditLogOptions {
  /** The folder of the logs (next to the account records); undefined: the log is off. */
  dir: string | undefined;
  /** AUDIT_CONTENT */
  content: boolean;
  /** AUDIT_MAX_BYTES (0: never rotate). */
  maxBytes: number;
  /** AUDIT_KEEP: rotated files kept. */
  keep: number;
  onError?: (err: unknown) => void;
  now?: () => Date;
}

/** Account ids are file names here: the store's ids are safe, anything else is refused. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

export function auditFile(dir: string, accountId: string): string {
  return join(dir, `${accountId}.audit.jsonl`);
}

export class AuditLog implements AuditSink {
  /** Per-account queue: appends and rotation of one file never interleave inside this process. */
  private readonly chains = new Map<string, Promise<void>>();
  /** Files whose end this process has checked (a crash may have left a partial last line). */
  private readonly checked = new Set<string>();

  constructor(private readonly opts: AuditLogOptions) {}

  get includesContent(): boolean {
    return this.opts.content;
  }

  /** Where the logs go; undefined when the log is off. */
  get dir(): string | undefined {
    return this.opts.dir;
  }

  record(accountId: string, entry: AuditEntry): Promise<void> {
    if (this.opts.dir === undefined) return Promise.resolve();
    const prev = this.chains.get(accountId) ?? Promise.resolve();
    const next = prev.then(() => this.append(accountId, entry)).catch((err) => this.opts.onError?.(err));
    this.chains.set(accountId, next);
    void next.finally(() => {
      if (this.chains.get(accountId) === next) this.chains.delete(accountId);
    });
    return next;
  }

  /** The line written for an entry: content fields only with AUDIT_CONTENT. */
  line(accountId: string, entry: AuditEntry): string {
    const { text, files, ...rest } = entry;
    const rec: AuditRecord = { time: (this.opts.now?.() ?? new Date()).toISOString(), account: accountId, ...rest };
    if (this.opts.content) {
      if (text !== undefined) rec.text = text;
      if (files?.length) rec.files = files;
    }
    return JSON.stringify(rec) + "\n";
  }

  private async append(accountId: string, entry: AuditEntry): Promise<void> {
    if (!SAFE_ID.test(accountId)) throw new Error("audit: unsafe account id");
    let buf = Buffer.from(this.line(accountId, entry));
    const dir = this.opts.dir!;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = auditFile(dir, accountId);
    await this.rotateIfFull(file, buf.length);
    const fh = await open(file, "a+", 0o600);
    try {
      if (!this.checked.has(file)) {
        // A line cut short by a crash of an earlier process: end it, so that this record starts
        // on its own line (the reader skips the cut one).
        const { size } = await fh.stat();
        if (size > 0) {
          const last = Buffer.alloc(1);
          await fh.read(last, 0, 1, size - 1);
          if (last[0] !== 0x0a) buf = Buffer.concat([Buffer.from("\n"), buf]);
        }
        this.checked.add(file);
      }
      // One write of the whole line: O_APPEND places it at the end in one piece.
      await fh.write(buf, 0, buf.length);
    } finally {
      await fh.close();
    }
  }

  private async rotateIfFull(file: string, adding: number): Promise<void> {
    const { maxBytes, keep } = this.opts;
    if (maxBytes <= 0) return;
    const size = await stat(file).then(
      (s) => s.size,
      () => 0,
    );
    if (size === 0 || size + adding <= maxBytes) return;
    if (keep === 0) return rm(file, { force: true });
    await rm(`${file}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) await rename(`${file}.${i}`, `${file}.${i + 1}`).catch(() => {});
    await rename(file, `${file}.1`);
    this.checked.delete(file);
  }
}
