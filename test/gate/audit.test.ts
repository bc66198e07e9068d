// The audit log: a record for every write path (each write tool, invoke_mtproto write methods,
// /mtproto-api write methods), none for reads; content only with AUDIT_CONTENT; rotation by size;
// the /mtproto-api refusals under SEND_MODE confirm/draft and the /metrics counter.
import { appendFileSync, readdirSync, readFileSync } from "node:fs";
import t from "tap";
import { loginAs, startSandbox, demoUser } from "../helpers/sandbox.js";
import { testApp } from "../core/_app.js";
import { parsePrometheus, sampleValue } from "../helpers/prometheus.js";
import { readAudit } from "../../services/audit/read.js";
import { AuditLog } from "../../services/audit/audit-log.js";
import { ACCOUNT, gateCaller, tempDir } from "./_gate.js";

t.test("every write tool leaves one record; reads leave none; content is left out by default", async (t) => {
  const sb = await startSandbox(t);
  const call = gateCaller(t, sb, await loginAs(t, sb));
  const w = sb.world;
  const alice = w.getUser(demoUser(sb, "alice"))!;

  const sent = await call("send_message", { chat_id: "@bobsmith", message: "secret plans", files: undefined });
  t.ok(sent.ok, sent.text);
  const edited = await call("edit_message", { chat_id: "@bobsmith", message_id: sent.data.id, message: "public plans" });
  t.ok(edited.ok, edited.text);
  const phone = await call("send_message_to_phone", { phone_number: "+" + alice.phone, message: "hi Alice" });
  t.ok(phone.ok, phone.text);
  const raw = await call("invoke_mtproto", { method_full_name: "messages.SendMessage", params_json: JSON.stringify({ peer: "me", message: "raw note", random_id: 77 }) });
  t.ok(raw.ok, raw.text);
  const failed = await call("edit_message", { chat_id: "@bobsmith", message_id: 999999, message: "nope" });
  t.notOk(failed.ok);
  for (const [name, args] of [
    ["read_messages", { chat_id: "@bobsmith", message_ids: [sent.data.id] }],
    ["find_chats", { query: "alice" }],
    ["invoke_mtproto", { method_full_name: "messages.GetHistory", params_json: '{"peer": "me", "limit": 1}' }],
  ] as const) {
    const r = await call(name, args);
    t.ok(r.ok, `${name} ran`);
  }

  const recs = await call.records();
  t.same(
    recs.map((r) => [r.tool, r.method ?? null, r.kind, r.outcome, r.confirmed]),
    [
      ["send_message", null, "send", "ok", false],
      ["edit_message", null, "edit", "ok", false],
      ["send_message_to_phone", null, "send", "ok", false],
      ["invoke_mtproto", "messages.SendMessage", "raw", "ok", false],
      ["edit_message", null, "edit", failed.data.error_type, false],
    ],
  );
  const bob = String(demoUser(sb, "bobsmith"));
  t.match(recs[0], { account: ACCOUNT, via: "mcp", chat: "@bobsmith", chat_id: bob, message_ids: [sent.data.id], send_mode: "send" });
  t.match(recs[1], { chat_id: bob, message_ids: [sent.data.id] });
  t.match(recs[2], { chat: "(phone number)", chat_id: String(alice.id) });
  t.equal(recs[3].chat_id, String(w.demoAccountId), "raw: the resolved peer (me)");
  t.ok(Date.parse(recs[0].time) > Date.now() - 60_000, "a current time");
  const raw0 = readFileSync(`${call.audit.dir}/${ACCOUNT}.audit.jsonl`, "utf8");
  t.notMatch(raw0, /secret plans|public plans|hi Alice|raw note/, "no message text without AUDIT_CONTENT");
  t.notOk(raw0.includes(alice.phone), "no phone number");
  t.notOk(recs.some((r) => "text" in r || "files" in r));
});

t.test("AUDIT_CONTENT=true keeps text and file names (never contents)", async (t) => {
  const sb = await startSandbox(t);
  const call = gateCaller(t, sb, await loginAs(t, sb), { AUDIT_CONTENT: true });
  await call("send_message", { chat_id: "me", message: "keep this text" });
  // A refused file (blocked address) still names it; a data: URI keeps only its media type.
  await call("send_message", { chat_id: "me", message: "cap", files: ["https://127.0.0.1/x.pdf", "data:text/plain;base64,c2VjcmV0"] });
  const recs = await call.records();
  t.match(recs[0], { text: "keep this text", outcome: "ok" });
  t.match(recs[1], { text: "cap", files: ["https://127.0.0.1/x.pdf", "data:text/plain (inline data)"], outcome: "FileError" });
  t.notMatch(JSON.stringify(recs), /c2VjcmV0/, "no file contents");
});

t.test("rotation by size keeps AUDIT_KEEP old files, and the reader reads them all in order", async (t) => {
  const dir = tempDir(t);
  const log = new AuditLog({ dir, content: true, maxBytes: 400, keep: 2 });
  for (let i = 0; i < 12; i++) await log.record("acc1", { via: "mcp", tool: "send_message", kind: "send", outcome: "ok", confirmed: false, send_mode: "send", text: `message number ${i}` });
  const files = readdirSync(dir).sort();
  t.same(files, ["acc1.audit.jsonl", "acc1.audit.jsonl.1", "acc1.audit.jsonl.2"]);
  for (const f of files) t.ok(readFileSync(`${dir}/${f}`).length <= 400, `${f} is within AUDIT_MAX_BYTES`);
  const { records, skipped } = await readAudit(dir, { account: "acc1" });
  t.equal(skipped, 0);
  const nums = records.map((r) => Number(/\d+$/.exec(r.text!)![0]));
  t.ok(nums.length >= 3 && nums.length < 12, `older records went (${nums.length} kept)`);
  t.same(nums, [...nums].sort((a, b) => a - b), "oldest first");
  t.equal(nums.at(-1), 11, "the newest is last");
});

t.test("/mtproto-api: writes audited, reads not; SEND_MODE confirm/draft refuse writes with 403; /metrics counts", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const me = sb.world.demoAccountId;
  const post = (app: any, method: string, body: unknown) => app.inject({ method: "POST", url: `/mtproto-api/${method}`, headers: { "content-type": "application/json" }, payload: JSON.stringify(body) });

  const dir = tempDir(t);
  const { app, store } = await testApp(t, sb, { AUDIT_DIR: dir });
  store.add({ id: "demo", session: await sb.createSession(me), isDefault: true });
  const w = await post(app, "messages.SendMessage", { params: { peer: "me", message: "via http" } });
  t.equal(w.statusCode, 200, w.body.slice(0, 200));
  const r = await post(app, "messages.GetHistory", { params: { peer: "me", limit: 1 } });
  t.equal(r.statusCode, 200);
  const bad = await post(app, "messages.SendMessage", { params: { peer: "@nosuchuser_zz", message: "x" } });
  t.equal(bad.statusCode, 404);
  const recs = (await readAudit(dir)).records;
  t.same(
    recs.map((x) => [x.via, x.method, x.outcome, x.chat]),
    [
      ["mtproto-api", "messages.SendMessage", "ok", "me"],
      ["mtproto-api", "messages.SendMessage", "EntityNotFound", "@nosuchuser_zz"],
    ],
  );
  t.equal(recs[0]!.account, "demo");

  for (const mode of ["confirm", "draft"] as const) {
    const d = tempDir(t);
    const { app: gated, store: s2 } = await testApp(t, sb, { SEND_MODE: mode, AUDIT_DIR: d });
    s2.add({ id: "demo", session: await sb.createSession(me), isDefault: true });
    const saved = sb.world.findPrivateConv(me, me)!;
    const before = saved.count;
    const refused = await post(gated, "messages.SendMessage", { params: { peer: "me", message: "nope" } });
    t.equal(refused.statusCode, 403, `${mode}: a write is refused`);
    t.match(refused.json(), { ok: false, error_type: "Forbidden", error_code: `SEND_MODE_${mode.toUpperCase()}`, method: "messages.SendMessage", error: new RegExp(`SEND_MODE=${mode}`) });
    t.equal(saved.count, before, `${mode}: nothing sent`);
    const read = await post(gated, "messages.GetHistory", { params: { peer: "me", limit: 1 } });
    t.equal(read.statusCode, 200, `${mode}: a read runs`);
    t.match((await readAudit(d)).records, [{ method: "messages.SendMessage", outcome: "refused", send_mode: mode }]);
    const metrics = parsePrometheus((await gated.inject({ method: "GET", url: "/metrics" })).body);
    t.equal(sampleValue(metrics.samples, "tgmcp_send_gate_actions_total", { outcome: "refused" }), 1, `${mode}: counted as refused`);
  }
});

t.test("a line cut by a crash is skipped, and the next process starts its record on a new line", async (t) => {
  const dir = tempDir(t);
  const entry = { via: "mcp" as const, tool: "send_message", kind: "send", outcome: "ok", confirmed: false, send_mode: "send" };
  await new AuditLog({ dir, content: false, maxBytes: 0, keep: 0 }).record("acc2", entry);
  appendFileSync(`${dir}/acc2.audit.jsonl`, '{"time":"2026-11-29T10:00:00.000Z","account":"acc2","via":"mcp","to'); // the crash
  await new AuditLog({ dir, content: false, maxBytes: 0, keep: 0 }).record("acc2", { ...entry, tool: "edit_message", kind: "edit" });
  const { records, skipped } = await readAudit(dir);
  t.equal(skipped, 1);
  t.same(records.map((r) => r.tool), ["send_message", "edit_message"]);
});
