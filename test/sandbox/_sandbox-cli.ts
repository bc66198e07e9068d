// `tgmcp sandbox <args>` as a real process (from dist/, test/helpers/child-env.ts), resolved once
// its banner has printed the demo session. Killed at teardown if still running.
import type { Test } from "tap";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { childEnv, cliCommand } from "../helpers/child-env.js";

export async function startSandboxCli(t: Test, args: string[], cwd?: string): Promise<{ child: ChildProcess; output: () => string }> {
  const cli = cliCommand("sandbox", ...args);
  const child = spawn(cli.command, cli.args, { ...(cwd ? { cwd } : {}), env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
  t.teardown(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  let out = "";
  child.stdout!.setEncoding("utf8").on("data", (d) => (out += d));
  while (!out.includes("demo session")) {
    await Promise.race([once(child.stdout!, "data"), once(child, "exit").then(() => Promise.reject(new Error("sandbox exited early: " + out)))]);
  }
  return { child, output: () => out };
}
