// Child of rotate-crash.test.ts: `tgmcp tokens rotate ID --json` (the command's own code)
// over and over, round robin over the accounts, until it is killed. What the command prints
// reaches our stdout at once (a synchronous write): that is what the owner has seen.
import { writeSync } from "node:fs";
import path from "node:path";
import { Readable, Writable } from "node:stream";
import { runTokens } from "../../commands/tokens.js";
import { awaitInput } from "./_kill.js";

const dir = process.argv[2] ?? "";
if (!path.isAbsolute(dir)) {
  writeSync(2, "a child of rotate-crash.test.ts: give it the session folder\n");
  process.exit(0);
}
const quiet = new Writable({ write: (_chunk, _enc, cb) => cb() });
// Warm up (load the settings, open the store) before "ready", so that rotations start at once.
await runTokens(["list", "--session-dir", dir], { stdin: Readable.from([]), stdout: quiet, stderr: quiet, env: {}, cwd: dir });
const tokens = JSON.parse(await awaitInput()) as Record<string, string>; // account id -> a token that works
const ids = Object.keys(tokens);
for (let n = 0; ; n++) {
  const id = ids[n % ids.length]!;
  let out = "";
  const stdout = new Writable({
    write(chunk, _enc, cb) {
      writeSync(1, chunk);
      out += chunk;
      cb();
    },
  });
  const code = await runTokens(["rotate", id, "--session-dir", dir, "--json"], { stdin: Readable.from([tokens[id] + "\n"]), stdout, stderr: quiet, env: {}, cwd: dir });
  if (code !== 0) {
    writeSync(2, `rotate exited ${code}: ${out}\n`);
    process.exit(3);
  }
  tokens[id] = JSON.parse(out.split("\n")[0]!).token;
}
