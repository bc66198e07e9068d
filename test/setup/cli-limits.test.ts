// `tgmcp setup` keeps the wizard's limits on guessing codes and 2FA passwords, and `tgmcp
// tokens` reports a damaged install key and prints a rotation before switching: real
// processes, answers piped on stdin, logins through real gramjs to an in-process sandbox.
import t, { type Test } from "tap";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import { exits, run, setupSandbox } from "./_cli.js";

async function setupArgs(t: Test) {
  const { sb, info, dir } = await setupSandbox(t);
  const sessions = path.join(dir, "sessions");
  return { sb, sessions, base: ["setup", "--sandbox-info-file", info, "--session-dir", sessions, "--mode", "http-auth", "--json"] };
}

t.test("piped codes: the 5th wrong one cancels the login, the right one after it is never tried, and the next run must wait", async (t) => {
  const { sb, sessions, base } = await setupArgs(t);
  const r = await run([...base, "--phone-number", "+9996620001"], { stdin: "11111\n11112\n11113\n11114\n11115\n22222\n" });
  exits(t, r, 1);
  t.match(JSON.parse(r.stdout), { ok: false, code: "TOO_MANY_ATTEMPTS", error: /5 wrong codes, so this login is cancelled/ });
  t.match(r.stderr, /That code is not right\. Check it and try again \(4 tries left\)\./);
  t.match(r.stderr, /\(1 try left\)/);
  t.equal(sb.rpcCount("auth.SignIn"), 5, "the 6th answer was never sent to Telegram");
  t.same(await new FileAccountStore({ dir: sessions }).listTokenAccounts(), [], "no account was created");

  // The next run for this phone, even with the right code: refused before a code is sent.
  const next = await run([...base, "--phone-number", "+9996620001", "--code", "22222"]);
  t.equal(next.code, 1);
  const refused = JSON.parse(next.stdout);
  t.match(refused, { ok: false, code: "TOO_MANY_FAILURES" });
  t.ok(refused.retry_after_s > 0 && refused.retry_after_s <= 30, `waits what is left of the first 30 s back-off (${refused.retry_after_s} s)`);
  t.match(next.stderr, /Too many wrong login codes or passwords.*Wait \d+ seconds, then try again/);
  t.equal(sb.rpcCount("auth.SendCode"), 1);
  t.notMatch(readFileSync(path.join(sessions, "login-failures.json"), "utf8"), /9996620001/, "the count names no phone number");
});

t.test("piped 2FA passwords: the 5th wrong one cancels the login", async (t) => {
  const { sb, base } = await setupArgs(t);
  sb.world.findUserByPhone("9996620200")!.password = { password: "open sesame" };
  const r = await run([...base, "--phone-number", "+9996620200", "--code", "22222"], { stdin: "w1\nw2\nw3\nw4\nw5\nopen sesame\n" });
  exits(t, r, 1);
  t.match(JSON.parse(r.stdout), { ok: false, code: "TOO_MANY_ATTEMPTS", error: /5 wrong passwords, so this login is cancelled/ });
  t.equal(sb.rpcCount("auth.CheckPassword"), 5, "the right password was never tried");
  t.notMatch(r.stdout + r.stderr, /open sesame/);
});

t.test("tokens: a damaged install.key is named without a stack trace; rotate prints the new token, then retires the old", async (t) => {
  const dir = t.testdir();
  const store = new FileAccountStore({ dir });
  const { account, token } = await store.createAccount({ session: "s" });

  const rot = await run(["tokens", "rotate", account.id, "--session-dir", dir], { stdin: token + "\n" });
  t.equal(rot.code, 0);
  const fresh = /^ {2}([\w-]{43})$/m.exec(rot.stdout)?.[1];
  t.match(rot.stdout, /New bearer token for .* \(shown only this once\):\n {2}[\w-]{43}\nThe old token no longer works\.\n$/);
  t.equal(await store.verifyToken(token), null);
  t.equal((await store.verifyToken(fresh!))?.id, account.id);

  writeFileSync(path.join(dir, "install.key"), "");
  const list = await run(["tokens", "list", "--session-dir", dir, "--json"]);
  t.equal(list.code, 1);
  t.match(list.stderr, /^tgmcp tokens: the install key .*install\.key is malformed \(0 bytes.*delete the file and start again/);
  t.notMatch(list.stderr, /\n\s+at /, "no stack trace");
  t.match(JSON.parse(list.stdout), { ok: false, code: "BAD_INSTALL_KEY" });
});
