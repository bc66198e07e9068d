// How tests start the project's own code as a child process. The CLI runs from dist/ (see
// build-dist.ts): a TypeScript loader costs seconds of CPU per process, which on a busy machine
// made test files time out. When tap measures coverage, children record theirs with
// child-coverage.mjs, counted against the .ts sources and merged exactly with the test
// processes' coverage. tap's own recording is kept out of children: under dist/ URLs the two
// would merge inexactly, and its loader (which tap adds to every child's NODE_OPTIONS) costs
// about 2 s of CPU per process.
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ensureDist } from "./build-dist.js";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

let distReady = false;

/**
 * `node` arguments that run the tgmcp CLI from dist/, for `spawn(process.execPath, [...cliArgs(), "serve"], { env: childEnv() })`
 * when the command must be node itself; cliCommand() is cheaper. Brings dist/ up to date on first
 * use (a no-op when nothing changed: tap's `before` step has usually done it). The path is
 * absolute, so any working directory will do.
 */
export function cliArgs(): string[] {
  if (!distReady) {
    ensureDist();
    distReady = true;
  }
  const coverage = process.env._TAPJS_PROCESSINFO_COVERAGE_ === "1" && process.env._TAPJS_PROCESSINFO_CWD_;
  const recorder = pathToFileURL(join(ROOT, "test", "helpers", "child-coverage.mjs")).href;
  return ["--enable-source-maps", ...(coverage ? [`--import=${recorder}`] : []), join(ROOT, "dist", "cli.js")];
}

/**
 * `tgmcp <args>` as a command for spawn/execFile: `const { command, args } = cliCommand("serve")`,
 * then `spawn(command, args, { env: childEnv() })`. node runs through `env -u NODE_OPTIONS`, so
 * tap's loader stays out of the child; it exec()s node, so the child's pid and signals are node's.
 */
export function cliCommand(...cliArguments: string[]): { command: string; args: string[] } {
  return { command: "/usr/bin/env", args: ["-u", "NODE_OPTIONS", process.execPath, ...cliArgs(), ...cliArguments] };
}

/** The `--import` arguments that load TypeScript: tap's loader under tap, else tsx. For test scripts, not the CLI (use cliCommand). */
export function tsLoaderArgs(): string[] {
  const tap = process.execArgv.find((a) => a.startsWith("--import=") && a.includes("@tapjs/typescript"));
  return tap ? [tap] : ["--import", "tsx"];
}

/**
 * A clean environment (PATH, HOME and `extra`) plus tap's variables. tap's coverage recording is
 * off in the child (cliArgs() adds child-coverage.mjs instead, for the CLI).
 */
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" };
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && (k.startsWith("_TAPJS_PROCESSINFO_") || k.startsWith("TS_NODE_") || k === "NODE_OPTIONS" || k === "TAP_TYPE_STRIP_ONLY")) env[k] = v;
  }
  return { ...env, _TAPJS_PROCESSINFO_COVERAGE_: "0", ...extra };
}

/**
 * A user's shell, for commands run as a user would (`npm start`, an installed `tgmcp`): the
 * host's environment without tap's loader or npm's run-script variables. tap's process-info
 * hook still reaches the child through its patched spawn, so coverage is switched off there:
 * those children load the code through tsx or a packed build without source maps, which do
 * not merge with tap's coverage.
 */
export function userShellEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k === "NODE_OPTIONS" || k.startsWith("npm_") || k.startsWith("TAP") || k.startsWith("_TAP")) continue;
    env[k] = v;
  }
  return { ...env, _TAPJS_PROCESSINFO_COVERAGE_: "0", ...extra };
}
