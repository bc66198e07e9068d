// Runs the tgmcp server as a separate process over loopback, as an operator would (`tgmcp serve`
// configured by environment variables), and measures its start-up: process spawn to the first
// healthy /health.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { openSync, closeSync, readFileSync } from "node:fs";
import path from "node:path";
import { request } from "undici";
import { ROOT_DIR, rssOf } from "./ipc.js";

export interface TgmcpProcess {
  proc: ChildProcess;
  pid: number;
  url: string;
  /** ms from spawn() to the first 200 from /health. */
  startupMs: number;
  /** How it was started (cli.ts serve, or the bench launcher while /mcp is not in app.ts). */
  entry: string;
  stop(): Promise<void>;
}

/** A free loopback port (bind 0, read, close): the server's log then need not be parsed. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function httpGet(url: string): Promise<{ status: number; body: string }> {
  const res = await request(url, { method: "GET" });
  return { status: res.statusCode, body: await res.body.text() };
}

export interface StartOptions {
  env: Record<string, string>;
  /** Folder for the server's cwd and log file (no stray .env is read from the repository). */
  workDir: string;
  logName: string;
  timeoutMs?: number;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeArgs?: string[];
}

export async function startTgmcp(opts: StartOptions): Promise<TgmcpProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const entry = path.join(ROOT_DIR, "cli.ts");
  // cwd is the work folder (no stray .env), so tsx is given by its resolved URL.
  const args = [...(opts.nodeArgs ?? []), "--import", import.meta.resolve("tsx"), entry, "serve"];
  // Logs go to a file (as they would to a collector): writing them is part of the server's cost.
  const logFd = openSync(path.join(opts.workDir, opts.logName), "a");
  const started = process.hrtime.bigint();
  const proc = spawn(process.execPath, args, {
    cwd: opts.workDir,
    env: { PATH: process.env.PATH ?? "", HOME: opts.workDir, ...opts.env, HOST: "127.0.0.1", PORT: String(port) },
    stdio: ["ignore", logFd, logFd],
  });
  closeSync(logFd);
  let exited: string | undefined;
  proc.once("exit", (code, signal) => (exited = `exited with code ${code} signal ${signal}`));
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let startupMs: number;
  for (;;) {
    if (exited) {
      await new Promise((r) => setTimeout(r, 100)); // let the log reach the file
      const tail = readFileSync(path.join(opts.workDir, opts.logName), "utf8").slice(-2000);
      throw new Error(`tgmcp ${exited} before /health answered; its log ends with:\n${tail}`);
    }
    if (Date.now() > deadline) {
      proc.kill("SIGKILL");
      throw new Error(`tgmcp did not become healthy within ${opts.timeoutMs ?? 60_000} ms`);
    }
    try {
      const r = await httpGet(`${url}/health`);
      if (r.status === 200 && JSON.parse(r.body).status === "healthy") {
        startupMs = Number(process.hrtime.bigint() - started) / 1e6;
        break;
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return {
    proc,
    pid: proc.pid!,
    url,
    startupMs,
    entry: "node --import tsx cli.ts serve",
    stop: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const done = new Promise<void>((r) => proc.once("exit", () => r()));
      proc.kill("SIGTERM");
      const t = setTimeout(() => proc.kill("SIGKILL"), 15_000);
      await done;
      clearTimeout(t);
    },
  };
}

/** RSS and (from /metrics) V8 heap used of a running server. */
export async function serverMemory(p: TgmcpProcess): Promise<{ rss: number; heapUsed?: number }> {
  const rss = await rssOf(p.pid);
  let heapUsed: number | undefined;
  try {
    const m = await httpGet(`${p.url}/metrics`);
    const hit = /^\w*nodejs_heap_size_used_bytes (\S+)$/m.exec(m.body);
    if (hit) heapUsed = Number(hit[1]);
  } catch {
    /* metrics are optional */
  }
  return { rss, heapUsed };
}

export async function activeSessions(p: TgmcpProcess): Promise<number> {
  const r = await httpGet(`${p.url}/health`);
  return JSON.parse(r.body).active_sessions;
}
