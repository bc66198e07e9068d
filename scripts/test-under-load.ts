// Runs the test suite while CPU burners keep every core busy, and reports the slowest test files
// (tap's per-file wall times) and the total. A file that passes here has headroom against tap's
// per-file timeout on a loaded CI machine. The report is Markdown, for CONTRIBUTING.md.
//
//   npm run test:load                                   all of `npm test` (tsc, eslint, tap), one burner per CPU
//   npm run test:load -- --burners 1 test/core          tap alone with these arguments (after the options below)
//   npm run test:load -- --minutes 10 --top 20 --disable-coverage test/setup
//
// Burners are `node -e` busy loops that stop by themselves after --minutes (default 30), and are
// killed as soon as the tests finish (or this script is interrupted). tap runs with its usual
// configuration (.taprc: coverage, jobs, timeout) and the TAP reporter; the raw output goes to a
// file in the system's temporary directory, and only per-file results are echoed.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readdirSync, readFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const ROOT = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const TAP = join(ROOT, "node_modules", "tap", "dist", "esm", "run.mjs");

interface Options {
  burners: number;
  minutes: number;
  top: number;
  tapArgs: string[];
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { burners: cpus().length, minutes: 30, top: 15, tapArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const num = (name: string) => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) throw new Error(`${name} expects a whole number, got ${argv[i]}`);
      return v;
    };
    if (a === "--burners") opts.burners = num(a);
    else if (a === "--minutes") opts.minutes = num(a);
    else if (a === "--top") opts.top = num(a);
    else opts.tapArgs.push(a);
  }
  return opts;
}

/** A busy loop on one core that ends by itself at the deadline. */
function startBurner(ms: number): ChildProcess {
  const code = `const end = Date.now() + ${ms}; let x = 0; while (Date.now() < end) x = Math.sqrt(x + 1);`;
  return spawn(process.execPath, ["-e", code], { stdio: "ignore" });
}

interface FileResult {
  file: string;
  ok: boolean;
  /** tap's time for the file: from when tap loaded in it to its last test (no start-up, no coverage at exit). */
  seconds: number;
  /** The test process's whole life, what tap's timeout applies to: start-up, TypeScript, tests, coverage. */
  process?: number;
}

/**
 * Each test process's lifetime from tap's process-info records (.tap/processinfo, keyed by test
 * file). Another tap run in the same folder clears them when it starts: files missing there show "?".
 */
function processLifetimes(since: number): Map<string, number> {
  const dir = join(ROOT, ".tap", "processinfo");
  const times = new Map<string, number>();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return times;
  }
  for (const name of names) {
    try {
      const info = JSON.parse(readFileSync(join(dir, name), "utf8"));
      if (typeof info.externalID === "string" && typeof info.runtime === "number" && Date.parse(info.date) >= since) times.set(info.externalID, info.runtime / 1000);
    } catch {
      // being written or removed: skip
    }
  }
  return times;
}

const longest = (r: FileResult) => Math.max(r.process ?? 0, Number.isNaN(r.seconds) ? 0 : r.seconds);
const secs = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? "?" : n.toFixed(1));

const fmtLoad = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" / ");

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const started = new Date();
  const loadBefore = fmtLoad();
  const burners: ChildProcess[] = [];
  const stopBurners = () => {
    for (const b of burners) if (b.exitCode === null && b.signalCode === null) b.kill("SIGKILL");
  };
  process.once("exit", stopBurners);
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => {
      stopBurners();
      process.exit(130);
    });
  }
  for (let i = 0; i < opts.burners; i++) burners.push(startBurner(opts.minutes * 60_000));

  const rawFile = join(tmpdir(), `tgmcp-test-under-load-${started.toISOString().replace(/[:.]/g, "-")}.tap`);
  const raw = createWriteStream(rawFile);
  console.log(`test-under-load: ${opts.burners} burner(s) for at most ${opts.minutes} min; raw output in ${rawFile}`);
  // With no tap arguments, exactly what CI runs: npm test (its tap gets the TAP reporter).
  const [command, args] = opts.tapArgs.length ? [process.execPath, [TAP, "--reporter=tap", ...opts.tapArgs]] : ["npm", ["test", "--", "--reporter=tap"]];
  const tap = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  const results: FileResult[] = [];
  const tail: string[] = [];
  const lines = createInterface({ input: tap.stdout! });
  let inTap = false;
  lines.on("line", (line) => {
    raw.write(line + "\n");
    // npm's, tsc's and eslint's output come first, and are shown as they are.
    if (!inTap) {
      if (line.startsWith("TAP version")) inTap = true;
      else console.log(line);
      return;
    }
    // Top-level lines only: one per test file, then tap's summary and coverage comments.
    const m = /^(not )?ok \d+ - (\S+).*?# time=([\d.]+)ms/.exec(line);
    if (m) {
      const r = { file: m[2]!, ok: !m[1], seconds: Number(m[3]) / 1000 };
      results.push(r);
      console.log(`${r.ok ? "ok    " : "NOT OK"} ${r.seconds.toFixed(1).padStart(6)} s of tests  ${r.file}`);
    } else if (/^(not )?ok \d+ - /.test(line)) {
      results.push({ file: line.replace(/^(not )?ok \d+ - /, ""), ok: !line.startsWith("not"), seconds: NaN });
      console.log(line);
    } else if (/^(Statements|Branches|Functions|Lines)\s+:|^# (\{ total|ERROR|time=)/.test(line)) {
      // tap's summary and the coverage summary (a plain-text report after the TAP stream).
      tail.push(line);
    }
  });
  const code = await new Promise<number>((resolve) => tap.once("exit", (c, s) => resolve(c ?? (s ? 1 : 0))));
  const loadAtEnd = fmtLoad();
  stopBurners();
  await new Promise<void>((resolve) => raw.end(resolve));

  const wall = (Date.now() - started.getTime()) / 1000;
  const lifetimes = processLifetimes(started.getTime());
  for (const r of results) r.process = lifetimes.get(r.file);
  const slowest = [...results].sort((a, b) => longest(b) - longest(a)).slice(0, opts.top);
  const failed = results.filter((r) => !r.ok);
  const cpu = cpus();
  const out = [
    "",
    `### Tests with ${opts.burners} CPU burner(s), ${started.toISOString().slice(0, 16).replace("T", " ")} UTC`,
    "",
    `- Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${process.platform}-${process.arch}`,
    `- Load: ${opts.burners} CPU burner(s); load average (1/5/15 min) ${loadBefore} before, ${loadAtEnd} at the end`,
    `- Command: ${opts.tapArgs.length ? `tap ${opts.tapArgs.join(" ")}` : "npm test (tsc --noEmit, eslint, tap with .taprc's settings)"}: ${results.length} test files, ${failed.length} failed, exit code ${code}, ${(wall / 60).toFixed(1)} min wall in all`,
    `- Files over 60 s (the budget in CONTRIBUTING.md): ${results.filter((r) => longest(r) > 60).map((r) => r.file).join(", ") || "none"}`,
    "",
    "Process: the test file's whole process, which tap's timeout limits (TypeScript compile, tests, coverage at exit); tests: tap's own time for the file.",
    "",
    `| # | test file | process (s) | tests (s) | result |`,
    `| -: | --- | -: | -: | --- |`,
    ...slowest.map((r, i) => `| ${i + 1} | ${r.file} | ${secs(r.process)} | ${secs(r.seconds)} | ${r.ok ? "ok" : "**failed**"} |`),
    "",
    ...tail.filter((l) => !/Unknown%/.test(l)).map((l) => `    ${l}`),
    "",
  ];
  console.log(out.join("\n"));
  if (failed.length) console.log(`Failed: ${failed.map((r) => r.file).join(", ")} (details in ${rawFile})`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`test-under-load: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
