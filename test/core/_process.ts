// `tgmcp <args>` as a real process for the core tests, run from dist/ (test/helpers/child-env.ts):
// its JSON log lines parsed as they come, a waiter for a given line, killed at teardown.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { childEnv, cliCommand } from "../helpers/child-env.js";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

export interface Proc {
  child: ChildProcess;
  lines: Array<Record<string, any>>;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitFor(pred: (line: Record<string, any>) => boolean): Promise<Record<string, any>>;
}

/** Runs `tgmcp <args>` (from dist/, see child-env.ts); killed at teardown if still running. */
export function runCli(t: { teardown(fn: () => unknown): void }, args: string[], env: Record<string, string> = {}, stdin = false): Proc {
  const dir = mkdtempSync(join(tmpdir(), "tgmcp-proc-"));
  const envFile = join(dir, "empty.env");
  writeFileSync(envFile, "");
  const cli = cliCommand(...args, ...(args[0] === "serve" ? ["--env-file", envFile] : []));
  const child = spawn(cli.command, cli.args, {
    cwd: ROOT,
    env: childEnv({ HOME: dir, SESSION_DIR: join(dir, "sessions"), ...env }),
    stdio: [stdin ? "pipe" : "ignore", "pipe", "pipe"],
  });
  const lines: Array<Record<string, any>> = [];
  const waiters: Array<{ pred: (l: Record<string, any>) => boolean; resolve: (l: Record<string, any>) => void }> = [];
  let buf = "";
  let err = "";
  child.stdout!.on("data", (d) => {
    buf += d;
    let i: number;
    while ((i = buf.indexOf("\n")) >= 0) {
      const raw = buf.slice(0, i);
      buf = buf.slice(i + 1);
      let line: Record<string, any>;
      try {
        line = JSON.parse(raw);
      } catch {
        line = { text: raw };
      }
      lines.push(line);
      for (const w of [...waiters]) if (w.pred(line)) w.resolve(line);
    }
  });
  child.stderr!.on("data", (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once("exit", (code, signal) => r({ code, signal })));
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    child,
    lines,
    stderr: () => err,
    exited,
    waitFor: (pred) =>
      new Promise((resolve, reject) => {
        const found = lines.find(pred);
        if (found) return resolve(found);
        waiters.push({ pred, resolve });
        void exited.then(({ code }) => reject(new Error(`process exited (${code}) before the expected log line; stderr: ${err}`)));
      }),
  };
}
