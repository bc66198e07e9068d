// Shared by the setup CLI tests: `tgmcp <args>` as a real process (from dist/, see
// test/helpers/child-env.ts) with piped stdin, and an in-process sandbox to log in to.
import type { Test } from "tap";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { Api } from "telegram";
import { startSandbox, connectClient } from "../helpers/sandbox.js";
import { sandboxInfo } from "../../commands/sandbox.js";
import type { Sandbox } from "../../sandbox/index.js";
import { childEnv, cliCommand } from "../helpers/child-env.js";

export const ROOT = path.resolve(import.meta.dirname, "../..");

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `tgmcp <args>`. A child still running after `timeoutMs` is killed and reported with its
 * output so far (exit code null), so a hang fails one assertion with evidence instead of the file.
 */
export function run(args: string[], opts: { stdin?: string; env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const cli = cliCommand(...args);
    const child = spawn(cli.command, cli.args, {
      cwd: opts.cwd ?? ROOT,
      env: childEnv(opts.env),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n[test: killed after ${(opts.timeoutMs ?? 90_000) / 1000} s without exiting]\n`;
      child.kill("SIGKILL");
    }, opts.timeoutMs ?? 90_000);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.stdin ?? "");
  });
}

/**
 * `tgmcp <args>` for a QR login (`--qr`): resolves with the `tg://login` link once printed, and a
 * promise of the whole run (killed at teardown if it is still going). Whoever accepts the token
 * finishes the login.
 */
export async function startQrSetup(t: Test, args: string[]): Promise<{ url: string; token: Buffer; stderr: () => string; done: Promise<Run> }> {
  const cli = cliCommand(...args);
  const child = spawn(cli.command, cli.args, { cwd: ROOT, env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
  t.teardown(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  const done = new Promise<Run>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on("data", (d) => {
      stderr += d;
      const m = /QR login link: (tg:\/\/login\?token=[\w-]+)/.exec(stderr);
      if (m) resolve(m[1]!);
    });
    void done.then((r) => reject(new Error(`tgmcp exited ${r.code} before printing a QR link:\n${r.stderr}`)));
  });
  return { url, token: Buffer.from(url.split("token=")[1]!, "base64url"), stderr: () => stderr, done };
}

/** Asserts the exit code; the output (which holds sandbox tokens) is shown only on failure. */
export function exits(t: Test, r: Run, code: number) {
  if (!t.equal(r.code, code, `exits ${code}`)) t.comment(r.stdout + r.stderr);
}

export async function setupSandbox(t: Test): Promise<{ sb: Sandbox; info: string; dir: string }> {
  const sb = await startSandbox(t);
  const dir = t.testdir();
  const info = path.join(dir, "sandbox.json");
  writeFileSync(info, JSON.stringify(await sandboxInfo(sb)));
  return { sb, info, dir };
}

export async function sessionIsUser(t: Test, sb: Sandbox, session: string, userId: number) {
  const c = await connectClient(t, sb, session);
  const me = (await c.getMe()) as Api.User;
  t.equal(String(me.id), String(userId), "the saved session is logged in");
}
