// How tests start the project's own TypeScript as a child process (`node <loader> cli.ts`).
// Under tap, children use tap's TypeScript loader and inherit tap's process-info variables,
// so their coverage is recorded and counted (tsx's source maps do not map back through
// tap's coverage report: every line would read as covered).

/** The `--import` arguments that load TypeScript: tap's loader under tap, else tsx. */
export function tsLoaderArgs(): string[] {
  const tap = process.execArgv.find((a) => a.startsWith("--import=") && a.includes("@tapjs/typescript"));
  return tap ? [tap] : ["--import", "tsx"];
}

/** A clean environment (PATH, HOME and `extra`) plus what tap needs to follow the child. */
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" };
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && (k.startsWith("_TAPJS_PROCESSINFO_") || k.startsWith("TS_NODE_") || k === "NODE_OPTIONS" || k === "TAP_TYPE_STRIP_ONLY")) env[k] = v;
  }
  return { ...env, ...extra };
}

/**
 * A user's shell, for commands run as a user would (`npm start`, an installed `tgmcp`): the
 * host's environment without tap's loader or npm's run-script variables. tap's process-info
 * hook still reaches the child through its patched spawn, so coverage is switched off there:
 * those children load the code through tsx or dist/, which do not merge with tap's coverage.
 */
export function userShellEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k === "NODE_OPTIONS" || k.startsWith("npm_") || k.startsWith("TAP") || k.startsWith("_TAP")) continue;
    env[k] = v;
  }
  return { ...env, _TAPJS_PROCESSINFO_COVERAGE_: "0", ...extra };
}
