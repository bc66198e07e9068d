// npm start's build cache (scripts/start.js) follows the sources: an edited file is what the next
// start runs, nothing is rebuilt when nothing changed, and a file that does not compile stops the
// start with esbuild's message naming it. Runs in a fresh clone (npm-start.test.ts: its first start).
import t from "tap";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUILDING, cloneCheckout } from "./_clone.js";
import { startServe } from "./_serve.js";
import { userShellEnv } from "../helpers/child-env.js";

t.setTimeout(170_000);

const copy = cloneCheckout(t);
const home = mkdtempSync(join(tmpdir(), "tgmcp-npm-start-home-"));
t.teardown(() => rmSync(home, { recursive: true, force: true }));
const env = userShellEnv({ HOME: home, PORT: "0" });
const file = join(copy, "routes", "health.ts");
const original = readFileSync(file, "utf8");
const NOTICE = "SANDBOX: this server talks to an embedded fake Telegram";

/** The launcher npm start runs, with a command that only prints the version: output and exit code. */
function launch(): { out: string; code: number } {
  const out = execFileSync("sh", ["-c", "node scripts/start.js --version 2>&1; echo exit=$?"], { cwd: copy, env, encoding: "utf8", timeout: 120_000 });
  return { out, code: Number(/exit=(\d+)/.exec(out)?.[1]) };
}

t.test("an edited source is what the next start runs; with nothing changed, no build", async (t) => {
  t.equal(BUILDING.exec(launch().out)?.[1], "no build yet", "the clone's first build");
  t.ok(original.includes(NOTICE), "routes/health.ts has the notice this test edits");
  writeFileSync(file, original.replace(NOTICE, "SANDBOX (edited): this server talks to an embedded fake Telegram"));

  const server = await startServe(t, "npm", ["start"], { cwd: copy, env, timeoutMs: 120_000 });
  const health = (await (await fetch(`${server.url}/health`)).json()) as { backend_notice?: string };
  t.match(health.backend_notice, /^SANDBOX \(edited\): /, "/health shows the edit");
  const exit = await server.stop();
  t.ok(exit.code === 0 || exit.signal === "SIGTERM", `npm ended (${exit.code ?? exit.signal})`);
  t.equal(BUILDING.exec(server.output())?.[1], "routes/health.ts changed", "the edit made a build, naming the file");

  const again = launch();
  t.notMatch(again.out, BUILDING, "nothing changed since: no build");
  t.equal(again.code, 0);
});

t.test("a source that does not compile: a clear message and a failed start", async (t) => {
  writeFileSync(file, original + "\nexport const broken = ;\n");
  t.teardown(() => writeFileSync(file, original));
  const { out, code } = launch();
  t.match(out, /routes\/health\.ts:\d+:\d+/, "esbuild's error names the file and line");
  t.match(out, /tgmcp: the sources do not build/, "and says the start stopped because of it");
  t.not(code, 0, "the start fails");
  t.notMatch(out, /^\d+\.\d+\.\d+$/m, "nothing ran");
});
