// `tgmcp setup` and `tgmcp tokens` as real processes: flags, piped answers, and a
// pseudo-terminal (python3's pty module) for the interactive prompts. Logins go through
// real gramjs in the child process to an in-process sandbox over TCP.
import t, { type Test } from "tap";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { Api } from "telegram";
import { startSandbox, connectClient } from "../helpers/sandbox.js";
import { sandboxInfo } from "../../commands/sandbox.js";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import type { Sandbox } from "../../sandbox/index.js";
import { childEnv, cliCommand } from "../helpers/child-env.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PTY = path.join(ROOT, "test/setup/pty-driver.py");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], opts: { stdin?: string; env?: Record<string, string>; cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const cli = cliCommand(...args);
    const child = spawn(cli.command, cli.args, {
      cwd: opts.cwd ?? ROOT,
      env: childEnv(opts.env),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.stdin ?? "");
  });
}

function runPty(steps: Array<[string, string]>, args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const cli = cliCommand(...args);
    const child = spawn("python3", [PTY, JSON.stringify(steps), cli.command, ...cli.args], {
      cwd: opts.cwd ?? ROOT,
      env: childEnv({ TERM: "dumb", ...opts.env }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Asserts the exit code; the output (which holds sandbox tokens) is shown only on failure. */
function exits(t: Test, r: Run, code: number) {
  if (!t.equal(r.code, code, `exits ${code}`)) t.comment(r.stdout + r.stderr);
}

async function setupSandbox(t: Test): Promise<{ sb: Sandbox; info: string; dir: string }> {
  const sb = await startSandbox(t);
  const dir = t.testdir();
  const info = path.join(dir, "sandbox.json");
  writeFileSync(info, JSON.stringify(await sandboxInfo(sb)));
  return { sb, info, dir };
}

async function sessionIsUser(t: Test, sb: Sandbox, session: string, userId: number) {
  const c = await connectClient(t, sb, session);
  const me = (await c.getMe()) as Api.User;
  t.equal(String(me.id), String(userId), "the saved session is logged in");
}

t.test("http-auth setup with flags only: token printed once, session encrypted, usable", async (t) => {
  const { sb, info, dir } = await setupSandbox(t);
  const sessions = path.join(dir, "sessions");
  const r = await run(["setup", "--sandbox-info-file", info, "--session-dir", sessions, "--mode", "http-auth", "--phone-number", "+9996620001", "--code", "22222", "--session-name", "laptop", "--json"]);
  exits(t, r, 0);
  const out = JSON.parse(r.stdout);
  t.match(out, { ok: true, mode: "http-auth", account_id: /^[\w-]{16}$/, token: /^[\w-]{43}$/, user: { username: "demo" } });
  t.same(out.mcp_json.mcpServers.telegram.headers, { Authorization: `Bearer ${out.token}` });
  t.match(out.mcp_json.mcpServers.telegram.url, /^http:\/\/127\.0\.0\.1:8000\/mcp$/);
  t.match(r.stderr, /SANDBOX/);
  t.match(r.stderr, /shown only this once/);
  const store = new FileAccountStore({ dir: sessions });
  t.match(await store.verifyToken(out.token), { id: out.account_id, label: "laptop" });
  const list = await run(["tokens", "list", "--session-dir", sessions]);
  t.match(list.stdout, new RegExp(`${out.account_id}.*ok\\s+laptop`));
  await sessionIsUser(t, sb, (await store.loadSession(out.account_id, out.token))!, sb.world.demoAccountId);
});

t.test("piped answers: a wrong code, then the right one, then the 2FA password", async (t) => {
  const { sb, info, dir } = await setupSandbox(t);
  sb.world.findUserByPhone("9996620200")!.password = { password: "open sesame", hint: "cave" };
  const sessions = path.join(dir, "s");
  const r = await run(["setup", "--sandbox-info-file", info, "--session-dir", sessions, "--mode", "stdio", "--phone-number", "+9996620200"], {
    stdin: "00000\n22222\nwrong\nopen sesame\n",
  });
  exits(t, r, 0);
  t.match(r.stdout, /That code is not right/);
  t.match(r.stdout, /That password is not right/);
  t.match(r.stderr, /Password \(hint: cave\)/);
  t.match(r.stdout, /"command": "tgmcp"/);
  t.match(r.stdout, /"SERVER_MODE": "stdio"/);
  t.match(r.stdout, /SANDBOX_INFO_FILE/);
  t.notMatch(r.stdout + r.stderr, /open sesame/, "the password is never echoed");
  const store = new FileAccountStore({ dir: sessions });
  await sessionIsUser(t, sb, (await store.loadSession("default"))!, 5_000_000_200);

  // A second run refuses to replace the session unless told to.
  const again = await run(["setup", "--sandbox-info-file", info, "--session-dir", sessions, "--mode", "stdio", "--phone-number", "+9996620001", "--code", "22222"]);
  t.equal(again.code, 2);
  t.match(again.stderr, /already exists.*--overwrite/s);
  const over = await run(["setup", "--sandbox-info-file", info, "--session-dir", sessions, "--mode", "stdio", "--phone-number", "+9996620001", "--code", "22222", "--overwrite"]);
  exits(t, over, 0);
  await sessionIsUser(t, sb, (await store.loadSession("default"))!, sb.world.demoAccountId);
});

t.test("clear failures: bad phone, flood wait, no backend, bad flags", async (t) => {
  const { sb, info, dir } = await setupSandbox(t);
  const base = ["setup", "--sandbox-info-file", info, "--session-dir", path.join(dir, "s"), "--mode", "http-auth"];
  const bad = await run([...base, "--phone-number", "+1 202 555 0100", "--json"]);
  t.equal(bad.code, 1);
  t.match(JSON.parse(bad.stdout), { ok: false, code: "PHONE_NUMBER_INVALID" });
  t.match(bad.stderr, /does not accept this phone number/);

  sb.faults.floodWait("auth.SendCode", 3600);
  const flood = await run([...base, "--phone-number", "+9996620001", "--json"]);
  t.equal(flood.code, 1);
  t.match(JSON.parse(flood.stdout), { ok: false, code: "FLOOD_WAIT", retry_after_s: 3600 });
  t.match(flood.stderr, /wait 1 hours|wait 60 minutes/);

  const nob = await run(["setup", "--session-dir", path.join(dir, "s"), "--phone-number", "+9996620001"]);
  t.equal(nob.code, 2);
  t.match(nob.stderr, /tgmcp sandbox --info-file/);

  const flags = await run(["setup", "--bogus"]);
  t.equal(flags.code, 2);
  t.match(flags.stderr, /Unknown option '--bogus'/);

  const noCode = await run([...base, "--phone-number", "+9996620001"]);
  t.equal(noCode.code, 1);
  t.match(noCode.stderr, /No login code given/);

  const help = await run(["setup", "--help"]);
  t.equal(help.code, 0);
  t.match(help.stdout, /--phone-number/);
});

t.test("interactive prompts in a pseudo-terminal (phone, code with a typo, hidden 2FA password)", async (t) => {
  const { sb, info, dir } = await setupSandbox(t);
  sb.world.findUserByPhone("9996620200")!.password = { password: "tty-secret", hint: "tty" };
  const sessions = path.join(dir, "s");
  const r = await runPty(
    [
      ["Phone number", "+999 662 0200"],
      ["Login code", "11111"],
      ["not right[\\s\\S]*Login code", "22222"],
      ["Password \\(hint: tty\\)", "tty-secret"],
    ],
    ["setup", "--sandbox-info-file", info, "--session-dir", sessions, "--mode", "http-auth"],
  );
  exits(t, r, 0);
  t.match(r.stdout, /Setup complete: logged in as @partner/);
  t.notMatch(r.stdout, /tty-secret/, "the password is not echoed on the terminal");
  const token = /Bearer token[^\n]*\n\s+([\w-]{43})/.exec(r.stdout)?.[1];
  t.ok(token, "token printed");
  const store = new FileAccountStore({ dir: sessions });
  const acc = await store.verifyToken(token!);
  t.ok(acc);
  await sessionIsUser(t, sb, (await store.loadSession(acc!.id, token!))!, 5_000_000_200);
});

t.test("QR login from the CLI, accepted by another logged-in session", async (t) => {
  const { sb, info, dir } = await setupSandbox(t);
  const other = await connectClient(t, sb, await sb.createSession(sb.world.demoAccountId));
  const sessions = path.join(dir, "s");
  const cli = cliCommand("setup", "--sandbox-info-file", info, "--session-dir", sessions, "--mode", "http-auth", "--qr", "--json");
  const child = spawn(cli.command, cli.args, {
    cwd: ROOT,
    env: childEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  const url = await new Promise<string>((resolve) => {
    child.stderr.on("data", (d) => {
      stderr += d;
      const m = /QR login link: (tg:\/\/login\?token=[\w-]+)/.exec(stderr);
      if (m) resolve(m[1]);
    });
  });
  t.match(stderr, /▄|█/, "an ASCII QR code is drawn");
  await other.invoke(new Api.auth.AcceptLoginToken({ token: Buffer.from(url.split("token=")[1], "base64url") }));
  const code = await new Promise((r) => child.on("close", r));
  if (!t.equal(code, 0, "exits 0")) t.comment(stderr);
  const out = JSON.parse(stdout);
  t.match(out, { ok: true, user: { username: "demo" } });
});

t.test("tokens list / rotate / revoke", async (t) => {
  const dir = t.testdir();
  const store = new FileAccountStore({ dir });
  const a = await store.createAccount({ session: "sess-a" });
  const b = await store.createAccount({ session: "sess-b" });
  await store.markNeedsSetup(b.account.id, "SESSION_REVOKED");
  await store.saveSession("default", "the stdio session"); // not an http-auth account: not listed

  const list = await run(["tokens", "list", "--session-dir", dir]);
  t.equal(list.code, 0);
  t.match(list.stdout, a.account.id);
  t.match(list.stdout, /needs setup \(SESSION_REVOKED\)/);
  t.notMatch(list.stdout, a.token.slice(0, 6), "no token (not even a prefix) in the listing");
  const listed = JSON.parse((await run(["tokens", "list", "--session-dir", dir, "--json"])).stdout);
  t.same(listed.map((x: any) => x.id).sort(), [a.account.id, b.account.id].sort());
  const none = await run(["tokens", "rotate", "default", "--session-dir", dir], { stdin: a.token + "\n" });
  t.equal(none.code, 1);
  t.match(none.stderr, /default session.*no token/);

  const wrong = await run(["tokens", "rotate", a.account.id, "--session-dir", dir], { stdin: b.token + "\n" });
  t.equal(wrong.code, 1);
  t.match(wrong.stderr, /not the current token/);

  const rot = await run(["tokens", "rotate", a.account.id, "--session-dir", dir, "--json"], { stdin: a.token + "\n" });
  exits(t, rot, 0);
  const fresh = JSON.parse(rot.stdout).token as string;
  t.equal(await store.verifyToken(a.token), null, "old token stops at once");
  t.equal(await store.loadSession(a.account.id, fresh), "sess-a", "session re-keyed under the new token");

  const rev = await run(["tokens", "revoke", b.account.id, "--session-dir", dir]);
  t.equal(rev.code, 0);
  t.equal(await store.verifyToken(b.token), null);
  const again = await run(["tokens", "revoke", b.account.id, "--session-dir", dir]);
  t.equal(again.code, 1);
  t.match(again.stderr, /no account/);
  t.equal((await run(["tokens", "frobnicate", "--session-dir", dir])).code, 2);
  t.equal((await run(["tokens", "revoke", "--session-dir", dir])).code, 2);
});
