// Child of audit-crash.test.ts: appends audit records of random sizes to the folder it is given,
// one after another, printing each record's id once its append has returned, until it is killed.
import path from "node:path";
import { AuditLog } from "../../services/audit/audit-log.js";
import { awaitInput } from "../accounts/_kill.js";

const [dir, run] = (await awaitInput()).split(" ");
if (!dir || !path.isAbsolute(dir) || !run) throw new Error("expected an absolute folder and a run id");
const log = new AuditLog({ dir, content: true, maxBytes: 0, keep: 0, onError: (err) => { throw err; } });
for (let i = 0; ; i++) {
  const id = `${run}:${i}`;
  const size = Math.floor(Math.random() * 512 * 1024);
  await log.record("crash", { via: "mcp", tool: "send_message", kind: "send", outcome: "ok", confirmed: false, send_mode: "send", text: `${id}:${"x".repeat(size)}` });
  process.stdout.write(id + "\n");
}
