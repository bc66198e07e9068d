// Start-up as users meet it (issue #19, section 3). The package is built as `npm run build`
// builds it (scripts/build.ts: the esbuild bundle; the type-check is skipped here) into a
// staging folder beside its package.json and views/, resolving its dependencies from the
// project's node_modules, and each sample is a fresh process:
//   stdio_tools_list_ms  spawn of `tgmcp serve` in SERVER_MODE=stdio -> the tools/list answer.
//                        The client writes initialize, initialized and tools/list at once, as
//                        MCP clients do right after spawning a stdio server.
//   http_healthy_ms      spawn of `tgmcp serve` (HTTP) -> the first healthy /health.
//   npm_start_healthy_ms what `npm start` runs (`node scripts/start.js serve`: the sources' bundle
//                        cached in node_modules/.cache/tgmcp, no settings: the embedded sandbox
//                        and its demo world) -> healthy /health. npm's own start-up (~0.2-0.4 s)
//                        is not in it, nor is a build: the cache is made current before the
//                        samples (the first start after an edit also builds: bench/README.md).
// Both package runs use real-Telegram settings (API_ID/API_HASH) and an empty SESSION_DIR:
// what a fresh install does, with nothing that could connect anywhere. Each sample also
// records the child's CPU time (user + system) at the answer: on a busy machine wall time
// mostly measures the other processes, CPU time much less so.
//
// Standalone (prints the JSON; the bench's `--only=startup` runs it too):
//   node --import tsx bench/lib/startup.ts [spawns] [--only=stdio,http,npm_start]
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundle } from "../../scripts/build.js";
import { ROOT_DIR } from "./ipc.js";
import { median, round } from "./stats.js";
import { freePort, httpGet } from "./tgmcp-process.js";

export interface StartupSample {
  ms: number;
  cpuMs: number;
}

/** bench/results/latest.json `startup` (stable keys, listed in bench/README.md). */
export interface StartupResults {
  /** p50 ms, spawn -> tools/list answered on stdio (the installed package). */
  stdio_tools_list_ms: number;
  /** p50 ms, spawn -> healthy /health (the installed package, HTTP). */
  http_healthy_ms: number;
  /** p50 ms, `npm start`'s command -> healthy /health (the cached bundle of the sources, embedded sandbox). */
  npm_start_healthy_ms: number;
  /** p50 CPU ms of the child at those moments. */
  stdio_tools_list_cpu_ms: number;
  http_healthy_cpu_ms: number;
  npm_start_healthy_cpu_ms: number;
  /** Spawns per measurement, and every sample. */
  spawns: number;
  samples: { stdio: StartupSample[]; http: StartupSample[]; npm_start: StartupSample[] };
  package: { entry: string; built_ms: number; files: number };
}

/** utime + stime of a process, in ms (Linux; 0 elsewhere). */
function cpuMsNow(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(f[11]) + Number(f[12])) * 10; // clock ticks (USER_HZ=100) -> ms
  } catch {
    return 0;
  }
}

function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  const done = new Promise<void>((r) => proc.once("exit", () => r()));
  proc.kill("SIGTERM");
  const t = setTimeout(() => proc.kill("SIGKILL"), 10_000);
  return done.finally(() => clearTimeout(t));
}

const REAL_TELEGRAM = { API_ID: "12345", API_HASH: "0123456789abcdef0123456789abcdef" };

/**
 * A fresh HOME per sample, but one cache folder for all (XDG_CACHE_HOME, beside the homes): on
 * Node 22 the CLI keeps its compile cache there (cli.ts), as it would in a user's one HOME, so
 * the samples after the first measure the repeated starts a stdio client makes.
 */
function baseEnv(home: string, extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: home, XDG_CACHE_HOME: path.join(path.dirname(home), "cache"), SESSION_DIR: path.join(home, "sessions"), LOG_LEVEL: "info", ...extra };
}

/** One stdio start: spawn -> the tools/list answer (id 2). */
export async function stdioSample(entry: string, dir: string): Promise<StartupSample> {
  const home = mkdtempSync(path.join(dir, "stdio-"));
  const t0 = process.hrtime.bigint();
  const proc = spawn(process.execPath, [entry, "serve"], { cwd: home, env: baseEnv(home, { ...REAL_TELEGRAM, SERVER_MODE: "stdio" }), stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  proc.stderr!.on("data", (d) => (err += d));
  try {
    const answered = new Promise<StartupSample>((resolve, reject) => {
      proc.stdout!.on("data", (d) => {
        out += d;
        if (!out.includes('"id":2')) return;
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        resolve({ ms, cpuMs: cpuMsNow(proc.pid!) });
      });
      proc.once("exit", (code) => reject(new Error(`stdio server exited (${code}) before tools/list: ${err.slice(-1000)}`)));
      setTimeout(() => reject(new Error("stdio server did not answer tools/list within 60 s")), 60_000).unref();
    });
    const send = (m: object) => proc.stdin!.write(JSON.stringify(m) + "\n");
    send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench-startup", version: "1" } } });
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} });
    const sample = await answered;
    if (!/"name":"search_messages_globally"/.test(out)) throw new Error(`tools/list answer without the tools: ${out.slice(0, 300)}`);
    return sample;
  } finally {
    proc.stdin!.end(); // the client goes away: the server exits by itself
    await stop(proc);
  }
}

/** One HTTP start: spawn -> the first healthy /health. */
export async function httpSample(args: string[], dir: string, extra: Record<string, string>): Promise<StartupSample> {
  const home = mkdtempSync(path.join(dir, "http-"));
  const port = await freePort();
  const t0 = process.hrtime.bigint();
  const proc = spawn(process.execPath, args, { cwd: home, env: baseEnv(home, { ...extra, HOST: "127.0.0.1", PORT: String(port) }), stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  proc.stderr!.on("data", (d) => (err += d));
  let exited = false;
  proc.once("exit", () => (exited = true));
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (exited) throw new Error(`server exited before /health answered: ${err.slice(-1000)}`);
      if (Date.now() > deadline) throw new Error("server not healthy within 60 s");
      try {
        const r = await httpGet(`http://127.0.0.1:${port}/health`);
        if (r.status === 200 && JSON.parse(r.body).status === "healthy") return { ms: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: cpuMsNow(proc.pid!) };
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    await stop(proc);
  }
}

/** Builds the package into `workDir` and measures `spawns` starts of each kind (interleaved). */
export type StartupKind = "stdio" | "http" | "npm_start";

export async function measureStartup(opts: { workDir: string; spawns: number; log?: (msg: string) => void; only?: readonly StartupKind[] }): Promise<StartupResults> {
  const want = (k: StartupKind) => !opts.only || opts.only.includes(k);
  const dir = path.join(opts.workDir, "startup");
  const pkg = path.join(dir, "package");
  mkdirSync(pkg, { recursive: true });
  const t0 = Date.now();
  const files = Object.keys((await bundle(path.join(pkg, "dist"))).outputs).length;
  const builtMs = Date.now() - t0;
  cpSync(path.join(ROOT_DIR, "package.json"), path.join(pkg, "package.json"));
  cpSync(path.join(ROOT_DIR, "views"), path.join(pkg, "views"), { recursive: true });
  symlinkSync(path.join(ROOT_DIR, "node_modules"), path.join(pkg, "node_modules"));
  const entry = path.join(pkg, "dist", "cli.js");
  opts.log?.(`start-up: package bundled in ${builtMs} ms (${files} files); ${opts.spawns} spawns each of ${(opts.only ?? ["stdio", "http", "npm_start"]).join(", ")}`);

  // npm start's cache made current first (a build when the sources changed since the last start).
  const npmStart = [path.join(ROOT_DIR, "scripts", "start.js"), "serve"];
  spawnSync(process.execPath, [npmStart[0]!, "--version"], { cwd: ROOT_DIR, stdio: "ignore" });
  const samples: StartupResults["samples"] = { stdio: [], http: [], npm_start: [] };
  try {
    // Interleaved, so that a burst of load elsewhere hits every kind alike.
    for (let i = 0; i < opts.spawns; i++) {
      if (want("stdio")) samples.stdio.push(await stdioSample(entry, dir));
      if (want("http")) samples.http.push(await httpSample([entry, "serve"], dir, { ...REAL_TELEGRAM, SERVER_MODE: "http-no-auth" }));
      if (want("npm_start")) samples.npm_start.push(await httpSample(npmStart, dir, {}));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const p50 = (xs: StartupSample[], k: keyof StartupSample) => round(median(xs.map((x) => x[k])), 1);
  const r = (xs: StartupSample[]) => xs.map((x) => ({ ms: round(x.ms, 1), cpuMs: x.cpuMs }));
  return {
    stdio_tools_list_ms: p50(samples.stdio, "ms"),
    http_healthy_ms: p50(samples.http, "ms"),
    npm_start_healthy_ms: p50(samples.npm_start, "ms"),
    stdio_tools_list_cpu_ms: p50(samples.stdio, "cpuMs"),
    http_healthy_cpu_ms: p50(samples.http, "cpuMs"),
    npm_start_healthy_cpu_ms: p50(samples.npm_start, "cpuMs"),
    spawns: opts.spawns,
    samples: { stdio: r(samples.stdio), http: r(samples.http), npm_start: r(samples.npm_start) },
    package: { entry: "node dist/cli.js serve (scripts/build.ts bundle)", built_ms: builtMs, files },
  };
}

async function main(argv: string[]): Promise<void> {
  const spawns = Number(argv.find((a) => /^\d+$/.test(a)) ?? 5);
  const only = argv.find((a) => a.startsWith("--only="))?.slice(7).split(",") as StartupKind[] | undefined;
  const workDir = mkdtempSync(path.join(tmpdir(), "tgmcp-startup-"));
  try {
    const r = await measureStartup({ workDir, spawns, only, log: (m) => process.stderr.write(m + "\n") });
    process.stdout.write(JSON.stringify(r, null, 1) + "\n");
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`startup: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
