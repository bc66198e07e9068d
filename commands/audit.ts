// `tgmcp audit [--account ID] [--since 2026-11-29|1h] [--json]`: reads the audit logs the server
// writes (services/audit), oldest first. A partial last line (a crash mid-append) is skipped and
// counted on stderr.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig, formatConfigErrors } from "../services/config/index.js";
import { formatRecord, parseSince, readAudit } from "../services/audit/read.js";
import type { SetupIO } from "./setup.js";

export const AUDIT_HELP = `Usage: tgmcp audit [--account ID] [--since WHEN] [--json] [--session-dir DIR | --audit-dir DIR]

Shows what was written on Telegram through tgmcp: one line per send, edit, delete, forward,
reaction, pin, mark-read or write/dangerous raw method, with its chat, message ids, outcome
(ok, an error type, refused, declined) and whether a person confirmed it. Reads are not logged.

  --account ID       only this account
  --since WHEN       a date or time (2026-11-29, 2026-11-29T10:00Z) or a duration back (30m, 1h, 7d)
  --json             one JSON record per line
  --session-dir DIR  where sessions live (SESSION_DIR, default ~/.config/tgmcp); logs are in DIR/accounts
  --audit-dir DIR    read the logs from DIR instead (AUDIT_DIR)
  --env-file F       read settings from F instead of ./.env`;

const defaultIO = (): SetupIO => ({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });

export async function runAudit(argv: string[], io: SetupIO = defaultIO()): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        account: { type: "string" },
        since: { type: "string" },
        json: { type: "boolean" },
        "session-dir": { type: "string" },
        "audit-dir": { type: "string" },
        "env-file": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    io.stderr.write(`tgmcp audit: ${(err as Error | undefined)?.message ?? err}\n${AUDIT_HELP}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(AUDIT_HELP + "\n");
    return 0;
  }
  const flags: Record<string, string> = {};
  if (typeof values["session-dir"] === "string") flags["session-dir"] = values["session-dir"];
  if (typeof values["audit-dir"] === "string") flags["audit-dir"] = values["audit-dir"];
  const envFile = values["env-file"] as string | undefined;
  const loaded = loadConfig({ env: io.env, flags, cwd: io.cwd, ...(envFile ? { envFile } : {}) });
  if (!loaded.ok) {
    io.stderr.write(formatConfigErrors(loaded.errors) + "\n");
    return 2;
  }
  let since: Date | undefined;
  if (typeof values.since === "string") {
    since = parseSince(values.since);
    if (!since) {
      io.stderr.write(`tgmcp audit: --since ${JSON.stringify(values.since)} is neither a date (2026-11-29, 2026-11-29T10:00Z) nor a duration (30m, 1h, 7d)\n`);
      return 2;
    }
  }
  const account = values.account as string | undefined;
  if (account !== undefined && !/^[A-Za-z0-9_-]{1,128}$/.test(account)) {
    io.stderr.write(`tgmcp audit: --account takes an account id (see \`tgmcp tokens list\`)\n`);
    return 2;
  }
  const dir = loaded.config.AUDIT_DIR ?? join(loaded.config.SESSION_DIR, "accounts");
  const { records, skipped } = await readAudit(dir, { account, since });
  if (values.json) for (const r of records) io.stdout.write(JSON.stringify(r) + "\n");
  else if (records.length === 0) io.stdout.write(`No audit records in ${dir}${account ? ` for account ${account}` : ""}${since ? ` since ${since.toISOString()}` : ""}.\n`);
  else for (const r of records) io.stdout.write(formatRecord(r) + "\n");
  if (skipped) io.stderr.write(`tgmcp audit: skipped ${skipped} incomplete line${skipped > 1 ? "s" : ""} (a write cut short by a crash)\n`);
  return 0;
}
