// Request/response over a forked child's IPC channel: the orchestrator asks, the child answers.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const BENCH_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const ROOT_DIR = path.dirname(BENCH_DIR);

/** A child's `{ type: "ready", ... }` message; the other fields depend on the child. */
export interface ReadyMessage {
  type: "ready";
  [field: string]: unknown;
}

/** What travels over the IPC channel, as far as this module reads it. */
interface Message {
  type?: string;
  id?: number;
  op?: string;
  args?: unknown;
  ok?: boolean;
  result?: unknown;
  error?: string;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

/** A child's request handlers by op name (see serve); Child<Ops> types call() from them. */
export type Handlers = Record<string, (args: never) => unknown>;

/** A forked TypeScript child (run through tsx) with request/response IPC. */
export class Child<Ops extends Handlers = Record<never, never>> {
  readonly proc: ChildProcess;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private readyWaiters: Array<(msg: ReadyMessage) => void> = [];
  private ready: ReadyMessage | undefined;
  private exited = false;
  stderr = "";

  constructor(file: string, args: string[] = [], opts: { execArgv?: string[]; env?: NodeJS.ProcessEnv } = {}) {
    this.proc = fork(path.join(BENCH_DIR, file), args, {
      cwd: ROOT_DIR,
      execArgv: ["--import", "tsx", ...(opts.execArgv ?? [])],
      env: opts.env ?? process.env,
      stdio: ["ignore", "inherit", "pipe", "ipc"],
    });
    this.proc.stderr!.on("data", (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    this.proc.on("message", (raw) => {
      const msg = raw as Message | null;
      if (msg?.type === "ready") {
        this.ready = msg as ReadyMessage;
        for (const w of this.readyWaiters.splice(0)) w(msg as ReadyMessage);
        return;
      }
      const p = msg?.id === undefined ? undefined : this.pending.get(msg.id);
      if (!p || !msg) return;
      this.pending.delete(msg.id!);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new Error(`${file}: ${msg.error}`));
    });
    this.proc.on("exit", (code, signal) => {
      this.exited = true;
      const err = new Error(`${file} exited (code ${code}, signal ${signal}): ${this.stderr.slice(-1500)}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    });
  }

  /** Resolves with the child's `{ type: "ready", ... }` message. */
  whenReady(timeoutMs = 600_000): Promise<ReadyMessage> {
    if (this.ready) return Promise.resolve(this.ready);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`child not ready after ${timeoutMs} ms: ${this.stderr.slice(-1500)}`)), timeoutMs);
      this.proc.once("exit", (code) => {
        clearTimeout(t);
        reject(new Error(`child exited before ready (code ${code}): ${this.stderr.slice(-1500)}`));
      });
      this.readyWaiters.push((m) => {
        clearTimeout(t);
        resolve(m);
      });
    });
  }

  /** Runs the child's handler for op; the types come from the child's own handlers (Ops). */
  call<K extends keyof Ops & string>(op: K, args: Parameters<Ops[K]>[0] | Record<string, never> = {}): Promise<Awaited<ReturnType<Ops[K]>>> {
    type R = Awaited<ReturnType<Ops[K]>>;
    if (this.exited) return Promise.reject(new Error("child has exited"));
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, { resolve: (v) => resolve(v as R), reject });
      this.proc.send({ id, op, args });
    });
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((r) => this.proc.once("exit", () => r()));
    this.proc.kill("SIGTERM");
    const t = setTimeout(() => this.proc.kill("SIGKILL"), 5000);
    await done;
    clearTimeout(t);
  }
}

/** The child side: answers `{ id, op, args }` with `{ id, ok, result | error }`. */
export function serve(handlers: Handlers): void {
  process.on("message", async (raw) => {
    const msg = raw as Message | null;
    if (!msg || typeof msg.id !== "number") return;
    const h = msg.op === undefined ? undefined : handlers[msg.op];
    try {
      if (!h) throw new Error(`unknown op ${msg.op}`);
      // The orchestrator sends what the handler's own args type says (Child<Ops>.call checks it).
      const result = await (h as (args: unknown) => unknown)(msg.args ?? {});
      process.send!({ id: msg.id, ok: true, result });
    } catch (err) {
      process.send!({ id: msg.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  });
}

/** RSS in bytes of a process by pid (Linux /proc; ps elsewhere). */
export async function rssOf(pid: number): Promise<number> {
  const { readFile } = await import("node:fs/promises");
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    if (m) return Number(m[1]) * 1024;
  } catch {
    /* not Linux */
  }
  const { execFileSync } = await import("node:child_process");
  return Number(execFileSync("ps", ["-o", "rss=", "-p", String(pid)]).toString().trim()) * 1024;
}

let clockTicks: number | undefined;

/** CPU time (user + system) in ms a process has used so far (Linux /proc; NaN elsewhere). */
export async function cpuMsOf(pid: number): Promise<number> {
  const { readFile } = await import("node:fs/promises");
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start at state (field 3).
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (clockTicks === undefined) {
      const { execFileSync } = await import("node:child_process");
      clockTicks = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
    }
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / clockTicks;
  } catch {
    return NaN;
  }
}
