import t from "tap";
import { promises as fs, writeFileSync } from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { AccountStoreError, FileAccountStore } from "../../services/accounts/file-store.js";
import { writeFileAtomic, cleanStaleTemps } from "../../services/accounts/atomic-file.js";
import { generateToken } from "../../services/accounts/tokens.js";
import { buildApp } from "../../app.js";
import { makeConfig } from "../helpers/config.js";
import { startSandbox } from "../helpers/sandbox.js";

const SESSION = "1BVtsOK4Bu-session-" + "z".repeat(200);

async function allFileText(dir: string): Promise<string> {
  let out = "";
  for (const e of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out += await fs.readFile(path.join(e.parentPath ?? (e as any).path, e.name), "utf8");
  }
  return out;
}

t.test("create, verify, load: token and session never stored in clear; 0600 files in 0700 folders", async (t) => {
  const dir = t.testdir();
  const store = new FileAccountStore({ dir: path.join(dir, "s") });
  const { account, token } = await store.createAccount({ session: SESSION, label: "alice" });
  t.match(account, { id: /^[A-Za-z0-9_-]{16}$/, label: "alice" });
  t.same(await store.verifyToken(token), account);
  t.equal(await store.loadSession(account.id, token), SESSION);

  const text = await allFileText(store.dir);
  t.notOk(text.includes(token), "token not on disk");
  t.notOk(text.includes(token.slice(0, 8)), "not even a token prefix");
  t.notOk(text.includes("zzzzzzzz"), "session not on disk in clear");
  const names = await fs.readdir(store.accountsDir);
  t.same(names, [`${account.id}.json`], "file is named by the account id, not the token");

  t.equal((await fs.stat(store.dir)).mode & 0o777, 0o700);
  t.equal((await fs.stat(store.accountsDir)).mode & 0o777, 0o700);
  t.equal((await fs.stat(path.join(store.accountsDir, names[0]))).mode & 0o777, 0o600);
  t.equal((await fs.stat(path.join(store.dir, "install.key"))).mode & 0o777, 0o600);
});

t.test("verifyToken rejects unknown, malformed and other accounts' tokens", async (t) => {
  const store = new FileAccountStore({ dir: t.testdir() });
  const a = await store.createAccount({ session: SESSION });
  const b = await store.createAccount({ session: "other" });
  t.equal(await store.verifyToken(generateToken()), null);
  t.equal(await store.verifyToken("nope"), null);
  t.equal(await store.verifyToken(""), null);
  t.equal((await store.verifyToken(b.token))?.id, b.account.id);
  await t.rejects(store.loadSession(a.account.id, b.token), { code: "BAD_TOKEN" });
  await t.rejects(store.loadSession(a.account.id), { code: "TOKEN_REQUIRED" });
  await t.rejects(store.loadSession("missing"), { code: "NOT_FOUND" });
  await t.rejects(store.loadSession("../x"), { code: "BAD_ID" });
});

t.test("a copy of the folder with another install key opens nothing", async (t) => {
  const dir = t.testdir();
  const store = new FileAccountStore({ dir });
  const { account, token } = await store.createAccount({ session: SESSION });
  // An attacker with the folder (minus the key, or plus it) still lacks the token.
  const stolen = new FileAccountStore({ dir });
  t.equal(await stolen.verifyToken(generateToken()), null);
  await t.rejects(stolen.loadSession(account.id, generateToken()), { code: "BAD_TOKEN" });
  t.equal(await stolen.loadSession(account.id, token), SESSION, "the token holder can");
});

t.test("tampered record: decryption fails with a clear error", async (t) => {
  const store = new FileAccountStore({ dir: t.testdir() });
  const { account, token } = await store.createAccount({ session: SESSION });
  const file = store.recordPath(account.id);
  const rec = JSON.parse(await fs.readFile(file, "utf8"));
  const ct = Buffer.from(rec.session.box.ct, "base64");
  ct[3] ^= 0x40;
  rec.session.box.ct = ct.toString("base64");
  await fs.writeFile(file, JSON.stringify(rec));
  await t.rejects(store.loadSession(account.id, token), { code: "DECRYPT_FAILED", message: /tampered/ });
});

t.test("revoke: the token stops at once, also for another process's store", async (t) => {
  const dir = t.testdir();
  const server = new FileAccountStore({ dir });
  const cli = new FileAccountStore({ dir });
  const { account, token } = await cli.createAccount({ session: SESSION });
  t.ok(await server.verifyToken(token), "server finds a token created by the CLI");
  t.equal(await cli.revoke(account.id), true);
  t.equal(await server.verifyToken(token), null, "revoked token rejected on the next call");
  t.equal(await cli.revoke(account.id), false);
  t.same(await cli.list(), []);
});

t.test("rotate: new token works, old one stops, session re-keyed", async (t) => {
  const dir = t.testdir();
  const server = new FileAccountStore({ dir });
  const cli = new FileAccountStore({ dir });
  const { account, token } = await cli.createAccount({ session: SESSION });
  t.ok(await server.verifyToken(token));
  const fresh = await cli.rotate(account.id, token);
  t.not(fresh, token);
  t.equal(await server.verifyToken(token), null, "old token rejected");
  t.equal((await server.verifyToken(fresh))?.id, account.id, "new token accepted");
  t.equal(await server.loadSession(account.id, fresh), SESSION);
  await t.rejects(server.loadSession(account.id, token), { code: "BAD_TOKEN" });
  await t.rejects(cli.rotate(account.id, token), { code: "BAD_TOKEN" }, "rotating needs the current token");
  await t.rejects(cli.rotate("nobody", fresh), { code: "NOT_FOUND" });
  // The server reuses records it read (while the file is unchanged): another store's write shows at once.
  await cli.markNeedsSetup(account.id, "SESSION_REVOKED");
  t.match(await server.verifyToken(fresh), { id: account.id, needsSetup: { reason: "SESSION_REVOKED" } });
  await cli.saveSession(account.id, "new session", fresh);
  t.equal(await server.loadSession(account.id, fresh), "new session");
});

t.test("rotation in two steps: the old token works until the switch; a new token works at once and its first use switches", async (t) => {
  const dir = t.testdir();
  const server = new FileAccountStore({ dir });
  const cli = new FileAccountStore({ dir });
  const { account, token: first } = await cli.createAccount({ session: SESSION });

  // Prepared, not confirmed (a `tokens rotate` killed after printing): both tokens work.
  const second = await cli.prepareRotation(account.id, first);
  t.equal((await server.verifyToken(first))?.id, account.id, "the old token works until the switch");
  t.equal(await server.loadSession(account.id, first), SESSION);
  t.equal(await server.loadSession(account.id, second), SESSION, "the session is sealed under the new token too");
  t.notOk((await allFileText(dir)).includes(second.slice(0, 8)), "the new token is not on disk either");
  t.equal((await server.verifyToken(second))?.id, account.id, "the new token works");
  t.equal(await server.verifyToken(first), null, "its first use ended the old one");
  t.equal(await cli.confirmRotation(account.id, second), true, "confirming after the switch changes nothing");
  await t.rejects(cli.loadSession(account.id, first), { code: "BAD_TOKEN" });

  // Prepared and confirmed (a rotation that finished): the old token stops at once.
  const third = await cli.prepareRotation(account.id, second);
  t.equal(await cli.confirmRotation(account.id, third), true);
  t.equal(await server.verifyToken(second), null);
  t.equal(await cli.confirmRotation(account.id, second), false, "an old token cannot be switched back to");
  t.equal(await cli.confirmRotation("nobody", third), false);

  // A second rotation before a switch replaces the pending token.
  const lost = await cli.prepareRotation(account.id, third);
  const fourth = await cli.prepareRotation(account.id, third);
  t.equal(await server.verifyToken(lost), null, "only the newest pending token works");
  t.equal((await server.verifyToken(third))?.id, account.id);

  // A session saved before the switch drops the pending token (it holds the session of before).
  await cli.saveSession(account.id, "newer session", third);
  t.equal(await server.verifyToken(fourth), null);
  t.equal(await server.loadSession(account.id, third), "newer session");

  // Rotating with a pending token switches to it first; a pending token unused for a day is dropped.
  const fifth = await cli.prepareRotation(account.id, third);
  const sixth = await cli.rotate(account.id, fifth);
  t.equal(await server.verifyToken(third), null);
  t.equal(await server.verifyToken(fifth), null);
  t.equal(await server.loadSession(account.id, sixth), "newer session");
  const stale = await cli.prepareRotation(account.id, sixth);
  const rec = JSON.parse(await fs.readFile(cli.recordPath(account.id), "utf8"));
  rec.next.expiresAt = new Date(Date.now() - 1000).toISOString();
  await fs.writeFile(cli.recordPath(account.id), JSON.stringify(rec));
  t.equal(await new FileAccountStore({ dir }).verifyToken(stale), null, "expired");
  t.equal(await cli.confirmRotation(account.id, stale), false);
  t.equal((await server.verifyToken(sixth))?.id, account.id, "the old token still works");
  await cli.markNeedsSetup(account.id, "SESSION_REVOKED");
  t.notOk(JSON.parse(await fs.readFile(cli.recordPath(account.id), "utf8")).next, "the expired token is gone from the record");
});

t.test("a damaged install.key stops the start-up with a message that names it and says what to do", async (t) => {
  const dir = t.testdir({ "install.key": "" }); // what a first start killed mid-write used to leave
  const key = path.join(dir, "install.key");
  const expected = { code: "BAD_INSTALL_KEY", message: /install key .*install\.key is malformed \(0 bytes.*delete the file and start again.*restore it from a backup/ };
  t.throws(() => new FileAccountStore({ dir }), expected);
  writeFileSync(key, "c2hvcnQ=\n");
  t.throws(() => new FileAccountStore({ dir }), { code: "BAD_INSTALL_KEY", message: /\(9 bytes/ });

  // The server refuses to start (before: it started, and every authenticated request got a 500).
  writeFileSync(key, "");
  const sb = await startSandbox(t);
  const config = makeConfig({ SERVER_MODE: "http-auth", PORT: 0, SESSION_DIR: dir, LOG_LEVEL: "silent" });
  await t.rejects(buildApp(config, { sandbox: sb, logger: false, defaultMetrics: false }), expected);

  // A key that goes bad while a store is open is reported the same way.
  const other = t.testdir();
  const store = new FileAccountStore({ dir: other });
  writeFileSync(path.join(other, "install.key"), "not base64 at all\n");
  await t.rejects(store.createAccount({}), { code: "BAD_INSTALL_KEY" });
});

t.test("list: ids and creation dates only; needsSetup; saveSession clears it", async (t) => {
  const store = new FileAccountStore({ dir: t.testdir() });
  const a = await store.createAccount({});
  const b = await store.createAccount({ session: SESSION });
  const listed = await store.list();
  t.same(listed.map((x) => x.id).sort(), [a.account.id, b.account.id].sort());
  for (const acc of listed) t.same(Object.keys(acc).sort(), ["createdAt", "id"]);
  t.equal(await store.loadSession(a.account.id, a.token), null, "no session yet");
  await store.markNeedsSetup(b.account.id, "SESSION_REVOKED");
  t.match((await store.verifyToken(b.token))?.needsSetup, { reason: "SESSION_REVOKED" });
  await store.saveSession(b.account.id, "renewed", b.token);
  t.equal((await store.verifyToken(b.token))?.needsSetup, undefined);
  t.equal(await store.loadSession(b.account.id, b.token), "renewed");
  await t.rejects(store.saveSession(b.account.id, "x", a.token), { code: "BAD_TOKEN" });
  await t.rejects(store.saveSession("ghost", "x"), { code: "NOT_FOUND" });
});

t.test("default account: plain under permissions, or sealed under SESSION_KEY", async (t) => {
  const dir = t.testdir();
  const plain = new FileAccountStore({ dir, defaultAccountId: "telegram" });
  const acc = await plain.defaultAccount();
  t.equal(acc.id, "telegram");
  t.same(await plain.defaultAccount(), acc, "created once");
  t.equal(await plain.loadSession("telegram"), null);
  await plain.saveSession("telegram", SESSION);
  t.equal(await plain.loadSession("telegram"), SESSION);
  t.equal(await plain.verifyToken(generateToken()), null);

  const keyed = new FileAccountStore({ dir, defaultAccountId: "telegram", sessionKey: "k1" });
  t.equal(await keyed.loadSession("telegram"), SESSION, "a plain session stays readable when a key is added");
  await keyed.saveSession("telegram", SESSION);
  t.notOk((await allFileText(dir)).includes("zzzzzzzz"), "sealed once saved with a key");
  t.equal(await keyed.loadSession("telegram"), SESSION);
  await t.rejects(plain.loadSession("telegram"), { code: "SESSION_KEY_REQUIRED" });
  const wrong = new FileAccountStore({ dir, defaultAccountId: "telegram", sessionKey: "k2" });
  await t.rejects(wrong.loadSession("telegram"), { code: "DECRYPT_FAILED", message: /wrong SESSION_KEY/ });
  t.equal(await keyed.hasSession("telegram"), true);
  await keyed.clearSession("telegram");
  t.equal(await keyed.hasSession("telegram"), false);
  t.throws(() => new FileAccountStore({ dir, defaultAccountId: "../x" }), AccountStoreError);
  await t.rejects(keyed.rotate("telegram", generateToken()), { code: "NO_TOKEN" });
  t.same((await keyed.list()).map((a) => a.id), ["telegram"]);
  t.same(await keyed.listTokenAccounts(), [], "the default session has no token");
  const { account } = await keyed.createAccount({});
  t.same((await keyed.listTokenAccounts()).map((a) => a.id), [account.id]);
});

t.test("concurrent writes never corrupt: the last complete session wins", async (t) => {
  const dir = t.testdir();
  const s1 = new FileAccountStore({ dir });
  const s2 = new FileAccountStore({ dir }); // as if a second process
  const { account, token } = await s1.createAccount({ session: "v0" });
  const values = Array.from({ length: 40 }, (_, i) => `session-${i}-` + "q".repeat(5000));
  await Promise.all(values.map((v, i) => (i % 2 ? s1 : s2).saveSession(account.id, v, token)));
  const got = await s1.loadSession(account.id, token);
  t.ok(values.includes(got!), "one of the written sessions, intact");
  const leftovers = (await fs.readdir(s1.accountsDir)).filter((n) => n.endsWith(".tmp"));
  t.same(leftovers, [], "no temp files left behind");
});

t.test("crash mid-write: a stray temp file is ignored and the old session stays readable", async (t) => {
  const dir = t.testdir();
  const store = new FileAccountStore({ dir });
  const { account, token } = await store.createAccount({ session: SESSION });
  // What a writer killed before rename leaves: a half-written temp next to the record.
  const stray = path.join(store.accountsDir, `.${account.id}.json.99999.deadbeef.tmp`);
  await fs.writeFile(stray, '{"v":1,"id":"', { mode: 0o600 });
  t.equal(await store.loadSession(account.id, token), SESSION);
  t.equal((await store.list()).length, 1);
  const old = new Date(Date.now() - 120_000);
  await fs.utimes(stray, old, old);
  t.equal(await cleanStaleTemps(store.accountsDir), 1, "stale temps are cleaned");
  t.equal(await cleanStaleTemps(path.join(dir, "missing")), 0);
});

t.test("a process SIGKILLed while rewriting a file never leaves it half-written", async (t) => {
  const dir = t.testdir();
  const file = path.join(dir, "rec.json");
  const big = (n: number) => JSON.stringify({ n, pad: "p".repeat(2_000_000) });
  await writeFileAtomic(file, big(0));
  const child = spawn(process.execPath, ["--import", "tsx", "-e", `
    import { writeFileAtomic } from ${JSON.stringify(path.resolve("services/accounts/atomic-file.ts"))};
    let n = 1;
    process.stdout.write("go\\n");
    for (;;) await writeFileAtomic(${JSON.stringify(file)}, JSON.stringify({ n: n++, pad: "p".repeat(2_000_000) }));
  `], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, _TAPJS_PROCESSINFO_COVERAGE_: "0" } }); // tsx: not merged into tap's coverage
  await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
  await new Promise((r) => setTimeout(r, 300));
  child.kill("SIGKILL");
  await new Promise((r) => child.once("exit", r));
  const parsed = JSON.parse(await fs.readFile(file, "utf8"));
  t.type(parsed.n, "number", "the record parses after the crash");
  t.equal(parsed.pad.length, 2_000_000);
});
