// `tgmcp setup` as a real process: flags, piped answers, a pseudo-terminal (python3's pty
// module) for the interactive prompts, and a QR login. Logins go through real gramjs in the
// child process to an in-process sandbox over TCP. Failures are in cli-failures.test.ts,
// `tgmcp tokens` in tokens-cli.test.ts (one file each keeps them well inside tap's timeout).
import t from "tap";
import { spawn } from "node:child_process";
import path from "node:path";
import { Api } from "telegram";
import { connectClient } from "../helpers/sandbox.js";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import { childEnv, cliCommand } from "../helpers/child-env.js";
import { ROOT, exits, run, sessionIsUser, setupSandbox, startQrSetup, type Run } from "./_cli.js";

const PTY = path.join(ROOT, "test/setup/pty-driver.py");

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
  const qr = await startQrSetup(t, ["setup", "--sandbox-info-file", info, "--session-dir", sessions, "--mode", "http-auth", "--qr", "--json"]);
  t.match(qr.stderr(), /▄|█/, "an ASCII QR code is drawn");
  await other.invoke(new Api.auth.AcceptLoginToken({ token: qr.token }));
  const { code, stdout, stderr } = await qr.done;
  if (!t.equal(code, 0, "exits 0")) t.comment(stderr);
  const out = JSON.parse(stdout);
  t.match(out, { ok: true, user: { username: "demo" } });
});
