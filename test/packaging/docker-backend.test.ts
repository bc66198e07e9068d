// docker/docker-compose.yml's server, started as the container starts it (the image's CMD, the
// .env copied from .env.example, compose's environment) but as a local process: with blank
// API_ID/API_HASH it must refuse to start rather than serve the sandbox demo silently.
// (Static checks of the Docker files are in docker.test.ts.)
import t from "tap";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { childEnv, cliCommand } from "../helpers/child-env.js";
import { parseEnvFile } from "../../services/config/env-file.js";
import { startServe } from "./_serve.js";
import { composeEnvironment, execForm, parseDockerfile, readCompose, readText } from "./_docker-files.js";

const run = promisify(execFile);
const steps = parseDockerfile(readText("docker/Dockerfile"));
const finalStage = Math.max(...steps.map((s) => s.stage));
const cmd = steps.filter((s) => s.stage === finalStage && s.op === "CMD");
if (cmd.length !== 1) throw new Error(`final stage has ${cmd.length} CMD instructions, expected 1`);
const services = readCompose().doc.services as Record<string, { environment: unknown }>;

t.test("docker-compose.yml with .env.example's blank API_ID/API_HASH: no silent sandbox; BACKEND=sandbox starts the demo", async (t) => {
  const home = mkdtempSync(join(tmpdir(), "tgmcp-compose-"));
  t.teardown(() => rmSync(home, { recursive: true, force: true }));
  // What the server container gets: the .env copied from .env.example (env_file), then compose's environment.
  const dotEnv = parseEnvFile(readText(".env.example"));
  t.equal(dotEnv.API_ID, "", ".env.example leaves API_ID blank");
  t.equal(dotEnv.API_HASH, "", "and API_HASH");
  const fromCompose = composeEnvironment(services.tgmcp.environment) as Record<string, string>;
  // Loopback and a free port instead of 0.0.0.0:8000: the same mode, nothing exposed if it did start.
  const env: Record<string, string> = { ...dotEnv, ...fromCompose, HOST: "127.0.0.1", PORT: "0" };
  t.equal(env.SERVER_MODE, "http-auth");

  const cli = cliCommand(...execForm(cmd[0]!.args));
  const refused = await run(cli.command, cli.args, { cwd: home, env: childEnv({ HOME: home, ...env }), timeout: 30_000 }).then(
    () => ({ code: 0, stderr: "" }),
    (err) => ({ code: err.code as number, stderr: String(err.stderr) }),
  );
  t.equal(refused.code, 2, "the server refuses to start, as for any invalid configuration");
  t.match(refused.stderr, /^tgmcp: invalid configuration \(1 problem\):\n {2}- SERVER_MODE=http-auth serves real accounts, but API_ID and API_HASH are not set\./);
  t.match(refused.stderr, /Nothing was started\./);
  t.match(refused.stderr, /Set both \(from https:\/\/my\.telegram\.org\)/, "names the first fix");
  t.match(refused.stderr, /or set BACKEND=sandbox/, "and the second");
  t.notMatch(refused.stderr, /\n\s+at /, "no stack trace");

  const demo = await startServe(t, cli.command, cli.args, { cwd: home, env: childEnv({ HOME: home, ...env, BACKEND: "sandbox" }) });
  const health = await (await fetch(`${demo.url}/health`)).json();
  t.match(health, { status: "healthy", mode: "http-auth", backend: "sandbox", backend_notice: /^SANDBOX: this server talks to an embedded fake Telegram/ }, "BACKEND=sandbox: the demo, on purpose");
  t.equal((await demo.stop()).code, 0);
});

