// A crash in the middle of an append: a real process appending audit records (some of half a
// megabyte, so that a kill can land inside a write) is SIGKILLed at random moments, over and over
// on the same file. The reader must return only whole records, every record a child had finished
// must be there, and a cut line costs at most that one record.
import path from "node:path";
import t from "tap";
import { readAudit } from "../../services/audit/read.js";
import { bundle } from "../accounts/_bundle.js";
import { RandomKiller } from "../accounts/_kill.js";

const RUNS = 20;

t.test("audit appends killed at any moment leave only valid lines for the reader", async (t) => {
  const dir = t.testdir();
  const script = await bundle(path.join(import.meta.dirname, "_audit-append-loop.ts"), dir);
  const logs = path.join(dir, "logs");
  const killer = new RandomKiller(t, script);
  const finished = new Set<string>();
  for (let k = 0; k < RUNS; k++) for (const id of await killer.run(`${logs} r${k}`, { perLine: true })) finished.add(id);
  await killer.close();

  const { records, skipped } = await readAudit(logs, { account: "crash" });
  t.ok(finished.size >= RUNS * 2, `${finished.size} appends finished before a kill`);
  t.ok(skipped <= RUNS, `${skipped} cut line(s) skipped, at most one per kill`);
  const seen = new Set<string>();
  for (const r of records) {
    const m = /^(r\d+:\d+):(x*)$/.exec(r.text ?? "");
    if (!m) t.fail(`a record with a damaged text: ${(r.text ?? "").slice(0, 40)}`);
    else seen.add(m[1]!);
    if (r.account !== "crash" || r.outcome !== "ok") t.fail("a damaged record");
  }
  const missing = [...finished].filter((id) => !seen.has(id));
  t.same(missing, [], "every finished append is readable");
});
