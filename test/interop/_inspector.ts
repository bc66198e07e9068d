// The MCP Inspector's CLI mode as a process, shared by inspector-cli-http.test.ts and
// inspector-cli-stdio.test.ts: one Inspector run per request, as a user types them.
//
// Driving it (learned here, @modelcontextprotocol/inspector-cli 1.0.3):
// - We run @modelcontextprotocol/inspector-cli, the v1-SDK-based CLI that
//   `npx @modelcontextprotocol/inspector --cli` runs: the full inspector package needs Node 22
//   and brings a web UI stack we do not use. Its bin (build/cli.js) is the same launcher, which
//   starts a second node process (build/index.js) that does one request and prints the result
//   as JSON on stdout (a deprecation notice goes to stderr). Exit code 1 and the message on
//   stderr when the request throws, so a protocol error cannot pass for a tool result.
// - One method per process: `--method tools/list`, or `--method tools/call --tool-name X
//   --tool-arg k=v k2=v2`. Values are parsed as JSON when they parse (`limit=3` is a number),
//   and strings are converted by the tool's input schema; a string that looks like JSON (a
//   params_json) must be passed JSON-quoted. tools/call runs tools/list first, like the UI.
// - HTTP: the URL is the positional target with `--transport http`. `--server-url` is read
//   only by the web UI launcher; in CLI mode without a positional target it fails with
//   "missing required argument 'target'".
// - stdio: the server command follows the options (`node /abs/path/cli.js serve`), and
//   `-e KEY=VALUE` adds to the environment the server inherits (it inherits the whole env).
//   The server runs in the Inspector's cwd, hence the absolute path.
// - The working directory must have a package.json one level up: build/index.js reads
//   "../package.json" if it exists relative to the cwd, else "../../package.json" (the path
//   inside the full inspector package), and fails on the standalone CLI package otherwise.
//   We run it from its own build/ folder.
import type { Test } from "tap";
import { dirname } from "node:path";
import { INSPECTOR_CLI, run } from "./_processes.js";
import { checkError, checkToolsList, type Call, type ErrorCase, type ToolResult } from "./_interop.js";

const CWD = dirname(INSPECTOR_CLI);

/** `--tool-arg` values as a user would type them: JSON-looking strings quoted, the rest as JSON. */
function toolArgs(args: Record<string, unknown>): string[] {
  return Object.entries(args).map(([k, v]) => {
    if (typeof v !== "string") return `${k}=${JSON.stringify(v)}`;
    try {
      JSON.parse(v);
      return `${k}=${JSON.stringify(v)}`;
    } catch {
      return `${k}=${v}`;
    }
  });
}

/** Runs the Inspector CLI once; resolves with the JSON it printed, or fails the test with its stderr. */
async function inspector(t: Test, target: string[], method: string[], env: Record<string, string>): Promise<any> {
  const ran = await run(t, process.execPath, [INSPECTOR_CLI, "--cli", ...target, ...method], { cwd: CWD, env, timeoutMs: 60_000 });
  if (ran.code !== 0) {
    t.fail(`inspector ${method.join(" ")} exited ${ran.code ?? ran.signal}`, { stderr: ran.stderr.slice(-2000), stdout: ran.stdout.slice(-1000) });
    return undefined;
  }
  try {
    return JSON.parse(ran.stdout);
  } catch {
    t.fail(`inspector ${method.join(" ")} printed no JSON`, { stdout: ran.stdout.slice(-2000) });
    return undefined;
  }
}

/**
 * tools/list, the success call and the error call, each one Inspector process, run side by side:
 * all nine tools listed with the seed contract's required/defaults; the success result's text
 * and structuredContent agree; the error arrives as a tool result (isError, the JSON envelope
 * as text), not as the Inspector failing on a protocol error.
 */
export async function session(t: Test, label: string, target: string[], envFor: () => Record<string, string>, success: { name: string; args: Record<string, unknown> }, error: ErrorCase) {
  const call = (name: string, args: Record<string, unknown>) =>
    inspector(t, target, ["--method", "tools/call", "--tool-name", name, "--tool-arg", ...toolArgs(args)], envFor());
  const [list, ok, failed] = await Promise.all([inspector(t, target, ["--method", "tools/list"], envFor()), call(success.name, success.args), call(error.tool, error.args)]);

  if (list) checkToolsList(t, list.tools, `${label} tools/list`);
  if (ok) {
    t.notOk(ok.isError, `${label} ${success.name} succeeds`);
    t.same(JSON.parse(ok.content[0].text), ok.structuredContent, `${label} ${success.name}: text and structuredContent agree`);
  }
  // checkError takes a caller; the result is the one the process printed.
  const printed: Call = async () => {
    if (!failed) throw new Error("the Inspector printed no tool result (see the failure above)");
    return failed as ToolResult;
  };
  await checkError(t, printed, label, error);
  return { ok };
}
