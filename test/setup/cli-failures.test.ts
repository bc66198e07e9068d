// `tgmcp setup` failing clearly, as a real process: a bad phone number, a flood wait, no
// backend, bad flags, no login code; and its --help.
import t from "tap";
import path from "node:path";
import { run, setupSandbox } from "./_cli.js";

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
