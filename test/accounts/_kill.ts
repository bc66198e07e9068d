// Kills real processes at random moments: crash tests of what an install keeps on disk.
// The child runs the project's own code, bundled into plain JavaScript (./_bundle.ts). It
// says "ready" once loaded, waits for one line of input, says "go" and works until killed;
// a few children are started ahead, so their start-up overlaps the previous child's run.
import type { Test } from "tap";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";

export const KILLS = 30;

interface Child {
  proc: ChildProcessWithoutNullStreams;
  ready: Promise<void>;
  go: Promise<void>;
  /** Resolves when the child has printed n lines. */
  lineCount: (n: number) => Promise<void>;
  exited: Promise<NodeJS.Signals | null>;
  lines: string[];
  stderr: () => string;
}

export class RandomKiller {
  private readonly queue: Child[] = [];

  constructor(
    private readonly t: Test,
    private readonly script: string,
    private readonly args: string[] = [],
    private readonly ahead = 3,
  ) {}

  private start(): Child {
    // Without tap's process-info hook, which tap's spawn puts back into NODE_OPTIONS: the
    // child starts in half the time, and a bundle's lines would not map back to the sources
    // for coverage anyway.
    const proc = spawn("env", ["-u", "NODE_OPTIONS", process.execPath, this.script, ...this.args], { stdio: ["pipe", "pipe", "pipe"] });
    this.t.teardown(() => void proc.kill("SIGKILL"));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.once("exit", (_code, signal) => resolve(signal)));
    let stderr = "";
    proc.stderr.on("data", (d) => (stderr += d));
    const lines: string[] = [];
    let buf = "";
    let onReady!: () => void;
    let onGo!: () => void;
    const ready = new Promise<void>((r) => (onReady = r));
    const go = new Promise<void>((r) => (onGo = r));
    const waiters: Array<{ n: number; resolve: () => void }> = [];
    const lineCount = (n: number) => new Promise<void>((resolve) => (lines.length >= n ? resolve() : waiters.push({ n, resolve })));
    proc.stdout.on("data", (d) => {
      buf += d;
      for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === "ready") onReady();
        else if (line === "go") onGo();
        else {
          lines.push(line);
          for (const w of waiters) if (lines.length >= w.n) w.resolve();
        }
      }
    });
    return { proc, ready, go, lineCount, exited, lines, stderr: () => stderr };
  }

  /**
   * Gives `input` to the next child, lets it work for a random time, kills it with SIGKILL and
   * returns every whole line it printed (a line cut by the kill was never seen). The time is
   * 0..maxDelayMs after "go"; or, with `perLine` (a child that prints a line at the end of each
   * unit of work), p/2..3p/2 after its second line, p being the time between its first two:
   * the kill falls in the second half of the third unit or the first half of the fourth,
   * around the moment a line is printed, however fast or busy the machine is.
   */
  async run(input: string, opts: { maxDelayMs: number } | { perLine: true }): Promise<string[]> {
    while (this.queue.length < this.ahead) this.queue.push(this.start());
    const child = this.queue.shift()!;
    this.queue.push(this.start());
    await Promise.race([child.ready, child.exited]);
    child.proc.stdin.end(input + "\n");
    await Promise.race([child.go, child.exited]);
    let delayMs: number;
    if ("maxDelayMs" in opts) delayMs = Math.random() * opts.maxDelayMs;
    else {
      await Promise.race([child.lineCount(1), child.exited]);
      const start = Date.now();
      await Promise.race([child.lineCount(2), child.exited]);
      const p = Date.now() - start;
      delayMs = p / 2 + Math.random() * p;
    }
    await new Promise((r) => setTimeout(r, delayMs));
    child.proc.kill("SIGKILL");
    if ((await child.exited) !== "SIGKILL") this.t.fail(`the child ended by itself before the kill: ${child.stderr().slice(0, 500)}`);
    return child.lines;
  }

  /** Kills the children started ahead. */
  async close(): Promise<void> {
    for (const c of this.queue.splice(0)) {
      c.proc.kill("SIGKILL");
      await c.exited;
    }
  }
}

/**
 * For the child: "ready", then the first line of stdin, then "go". Started any other way (no
 * line on stdin: e.g. tap given the folder), it exits at once rather than work somewhere.
 */
export async function awaitInput(): Promise<string> {
  const { writeSync } = await import("node:fs");
  writeSync(1, "ready\n");
  let buf = "";
  for await (const chunk of process.stdin) {
    buf += chunk;
    if (buf.includes("\n")) break;
  }
  const line = buf.split("\n")[0]!;
  if (!buf.includes("\n") || !line) {
    writeSync(2, "a child of the crash tests (test/accounts/*-crash.test.ts): nothing to do\n");
    process.exit(0);
  }
  writeSync(1, "go\n");
  return line;
}
