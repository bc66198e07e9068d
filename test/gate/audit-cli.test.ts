// `tgmcp audit` as a user runs it (a child process from dist/): the records of SESSION_DIR's
// accounts, filtered by --account and --since, as lines or --json; a cut line is skipped and said.
import { execFile } from "node:child_process";
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import t from "tap";
import { AuditLog } from "../../services/audit/audit-log.js";
import { childEnv, cliCommand } from "../helpers/child-env.js";
import { tempDir } from "./_gate.js";

const run = promisify(execFile);

async function audit(sessionDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { command, args: base } = cliCommand("audit", ...args);
  try {
    const r = await run(command, base, { env: childEnv({ SESSION_DIR: sessionDir }), cwd: sessionDir });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

t.test("tgmcp audit: lines, --json, --account, --since, a cut line", async (t) => {
  const sessionDir = tempDir(t);
  const dir = join(sessionDir, "accounts");
  const old = new AuditLog({ dir, content: false, maxBytes: 0, keep: 0, now: () => new Date(Date.now() - 3 * 3600_000) });
  const log = new AuditLog({ dir, content: true, maxBytes: 0, keep: 0 });
  await old.record("alpha", { via: "mcp", tool: "send_message", kind: "send", chat: "@bob", chat_id: "1001", message_ids: [5], outcome: "ok", confirmed: true, send_mode: "confirm" });
  await log.record("alpha", { via: "mcp", tool: "edit_message", kind: "edit", chat: "me", outcome: "declined", confirmed: false, send_mode: "confirm", text: "new text" });
  await log.record("beta", { via: "mtproto-api", method: "messages.SendMessage", kind: "raw", chat: "me", outcome: "refused", confirmed: false, send_mode: "draft" });
  appendFileSync(join(dir, "beta.audit.jsonl"), '{"time":"2026-');

  const all = await audit(sessionDir);
  t.equal(all.code, 0, all.stderr);
  const lines = all.stdout.trim().split("\n");
  t.equal(lines.length, 3);
  t.match(lines[0], /^\S+Z {2}alpha {2}send_message {2}chat 1001 msg 5 {2}ok \(confirmed\) {2}mode=confirm$/);
  t.match(lines[1], /alpha {2}edit_message {2}chat me {2}declined {2}mode=confirm text="new text"$/);
  t.match(lines[2], /beta {2}mtproto-api messages\.SendMessage {2}chat me {2}refused {2}mode=draft$/);
  t.match(all.stderr, /skipped 1 incomplete line/);

  const json = await audit(sessionDir, "--json", "--account", "alpha", "--since", "1h");
  t.equal(json.code, 0, json.stderr);
  const recs = json.stdout.trim().split("\n").map((l) => JSON.parse(l));
  t.same(recs.map((r) => [r.account, r.tool, r.outcome]), [["alpha", "edit_message", "declined"]], "--account and --since filter");

  const since = await audit(sessionDir, "--since", new Date(Date.now() - 4 * 3600_000).toISOString().slice(0, 19) + "Z", "--account", "alpha");
  t.equal(since.stdout.trim().split("\n").length, 2, "an ISO time");

  const none = await audit(sessionDir, "--account", "gamma");
  t.match(none.stdout, /No audit records in .* for account gamma/);
  const bad = await audit(sessionDir, "--since", "yesterday");
  t.equal(bad.code, 2);
  t.match(bad.stderr, /--since "yesterday" is neither a date/);
});
