// `npm run bench` (full, under 10 minutes on 2 cores) and `npm run bench -- --quick` (about a
// minute, for CI). Separate processes over loopback:
//   sandbox runner  the sandbox data center with a large generated world + its RPC counters (IPC)
//   tgmcp           `tgmcp serve` in http-auth mode, pointed at that sandbox (SANDBOX_INFO_FILE)
//   echo server     a do-nothing MCP tool on the same SDK and HTTP stack (the floor's MCP half)
//   minimal server  a second one whose tool makes a scenario's Telegram calls and answers with
//                   tgmcp's result for them (CPU per call only: the floor of the CPU table)
//   worker          the load generator (undici) and the bare gramjs floor client
// Prints a table and writes bench/results/latest.json. Exits 1 only on errors (failed tool calls,
// a component that does not start), never on a number: CI machines are noisy.
import os from "node:os";
import path from "node:path";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { FileAccountStore } from "../services/accounts/file-store.js";
import { BENCH_DIR, Child, cpuMsOf } from "./lib/ipc.js";
import type { BenchPlan } from "./lib/plan.js";
import { median, medianPcts, percentile, round, slope, type Pcts } from "./lib/stats.js";
import { activeSessions, serverMemory, startTgmcp, type TgmcpProcess } from "./lib/tgmcp-process.js";
import type { BurstJob, ConstructResult, FloorCall, Scenario, ScenarioLatency, ThroughputRep, WorkerOps } from "./worker.js";
import type { SandboxOps } from "./sandbox-runner.js";
import { measureContext, type ContextResults } from "./lib/context.js";
import { measureRoundTrips, roundTripReport, type RoundTripResults } from "./lib/rtt.js";
import { measureStartup, type StartupResults } from "./lib/startup.js";

const QUICK = process.argv.includes("--quick");
/** --profile: the tgmcp server runs with --cpu-prof; profiles land in bench/results/profiles/ (the floor worker's in floor/, the echo's in echo/, the minimal server's in minimal/). */
const PROFILE = process.argv.includes("--profile");
/** --server-node-args="--flag ...": extra node flags for the tgmcp server (experiments, e.g. V8 heap sizes). */
const SERVER_NODE_ARGS = (process.argv.find((a) => a.startsWith("--server-node-args="))?.slice("--server-node-args=".length) ?? "").split(" ").filter(Boolean);
/** --only=latency,rtt: run just these phases (context, startup, rpc, latency, throughput, construct, memory, rtt), for profiling one part. */
const ONLY = process.argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const want = (phase: string): boolean => !ONLY || ONLY.includes(phase);
/** --scenario=global: only the latency scenarios whose name contains this text. */
const SCENARIO = process.argv.find((a) => a.startsWith("--scenario="))?.slice(11);

const P = QUICK
  ? {
      mode: "quick",
      world: { chats: 1000, messages: 50_000 },
      memAccounts: 100,
      memSteps: [0, 25, 50, 100],
      evict: 5,
      startupReps: 5,
      startupSpawns: 3,
      latency: { reps: 5, iters: 12, minIters: 6, budgetMs: 3000, warmup: 3 },
      cpuAlone: { warmMs: 150, ms: 300 },
      throughput: { cells: [[1, 1], [8, 10], [64, 100]] as Array<[number, number]>, durationMs: 400, warmupMs: 200, reps: 5 },
      construct: { n: 200, reps: 5 },
    }
  : {
      mode: "full",
      world: { chats: 10_000, messages: 1_000_000 },
      memAccounts: 500,
      memSteps: [0, 50, 100, 200, 300, 400, 500],
      evict: 10,
      startupReps: 5,
      startupSpawns: 10,
      latency: { reps: 5, iters: 60, minIters: 12, budgetMs: 20_000, warmup: 10 },
      cpuAlone: { warmMs: 1500, ms: 3000 },
      throughput: {
        cells: [1, 8, 64].flatMap((c) => [1, 10, 100].map((a) => [c, a] as [number, number])),
        durationMs: 2000,
        warmupMs: 500,
        reps: 5,
      },
      construct: { n: 1000, reps: 5 },
    };

const T0 = Date.now();
const log = (msg: string) => process.stderr.write(`[bench ${((Date.now() - T0) / 1000).toFixed(1).padStart(6)}s] ${msg}\n`);
const mb = (b: number) => round(b / 1048576, 1);

interface RpcRow {
  scenario: string;
  tool: string;
  args: Record<string, unknown>;
  expected: number;
  actual: number;
  byMethod: Record<string, number>;
  ok: boolean;
  error?: string;
}

interface LatencyRow {
  name: string;
  tool: string;
  iterations: number;
  toolMs: Pcts;
  floorMs: Pcts;
  echoMs: Pcts;
  gramMs: Pcts;
  ratio: Pcts;
  serverCpuMsPerCall: number;
  echoCpuMsPerCall: number;
  /** The minimal server's CPU per call (echo-server.ts `replay`: the same Telegram calls, tgmcp's result). */
  minimalServerCpuMsPerCall: number;
  /** The worker's CPU inside the bare gramjs calls, per call (worker.ts: gramCpuMs). */
  gramCpuMsPerCall: number;
  /** The same calls in a worker of their own, its whole CPU (GC included) per call. */
  gramProcessCpuMsPerCall: number;
  errors: number;
  firstError?: string;
}

/**
 * CPU per call of one latency scenario (issue #19): tgmcp's process, the echo floor's, tgmcp's
 * own (the difference) and its ratio to the echo's, and the gramjs client's share (the bare
 * gramjs calls' CPU in the worker): the part of tgmcp's that is gramjs's client work.
 */
interface CpuPerCall {
  tgmcp: number;
  echo: number;
  own: number;
  own_ratio: number;
  gramjs_client: number;
  /**
   * The bare gramjs calls run alone in a process of their own, its whole CPU per call: the
   * gramjs client's cost with the garbage collection its answers cause. The floor uses this one.
   */
  gramjs_client_process: number;
  /**
   * The minimal server's CPU: an MCP tool on the same SDK and HTTP stack that makes the scenario's
   * Telegram calls with gramjs and answers with tgmcp's result for them, all in one process.
   */
  minimal_server: number;
  /**
   * What no server on this SDK and gramjs goes below, as a ratio like own_ratio:
   * (minimal_server − echo) ÷ echo. A target below it is out of reach.
   */
  floor_ratio: number;
  /** tgmcp − minimal_server: tgmcp's own work (auth, log, metrics, rate limit, shaping, peer cache). */
  beyond_floor: number;
}

/**
 * CPU ms per call of tgmcp, the minimal server and the echo, each measured while it alone is
 * called, back to back, after a warm-up: no other process's turn between two of its calls. The
 * interleaved measurement (CpuPerCall) charges each process for waking up cold after the others
 * ran; this one shows what the work itself costs (bench/README.md, "CPU per call, each process alone").
 */
export interface CpuAlone {
  tgmcp: number;
  echo: number;
  minimal_server: number;
  own_ratio: number;
  floor_ratio: number;
  beyond_floor: number;
  /** Calls measured per server (a fixed time each: P.cpuAlone.ms). */
  calls: { tgmcp: number; minimal_server: number; echo: number };
}

/** Issue #19's targets for own_ratio, by scenario: the 50-message searches and the cheap calls. */
export function cpuTarget(scenario: string): number | undefined {
  if (scenario.startsWith("search_messages_")) return 1.5;
  if (scenario === "get_chat_info channel" || scenario.startsWith("read_messages")) return 0.35;
  return undefined;
}

interface ThroughputCell {
  concurrency: number;
  accounts: number;
  rps: number;
  latencyMs: Pcts;
  calls: number;
  serverCpuMsPerCall: number;
  sandboxCpuMsPerCall: number;
  errors: number;
  firstError?: string;
}

interface MemoryPoint {
  accounts: number;
  rssMB: number;
  heapUsedMB?: number;
  active: number;
}

/** bench/results/latest.json; each phase adds its section as it completes. */
interface BenchResults {
  mode: string;
  startedAt: string;
  machine: ReturnType<typeof machineInfo>;
  params: typeof P;
  world?: ReturnType<SandboxOps["info"]>["world"] & { sandboxRssMB: number };
  /** The package's start-up (bench/lib/startup.ts), then the bench server's own starts. */
  startup?: StartupResults & {
    /** The bench server's starts: absent when only the start-up phase ran (--only=startup). */
    entry?: string;
    reps?: Array<{ ms: number; idleRssMB: number; heapUsedMB?: number }>;
    medianMs?: number;
    idleRssMB?: number;
    idleHeapUsedMB?: number | undefined;
  };
  rpc?: { firstCall: { ms: number; byMethod: Record<string, number>; total: number }; scenarios: RpcRow[] };
  latency?: LatencyRow[];
  /** Per latency scenario (by name): see CpuPerCall. */
  cpu_ms_per_call?: Record<string, CpuPerCall>;
  /** Per scenario with a CPU target: the same servers, each called alone and back to back (see CpuAlone). */
  cpu_ms_per_call_alone?: Record<string, CpuAlone>;
  throughput?: { tool: string; cells: ThroughputCell[] };
  loadedRssMB?: number;
  construct?: { tools: number; prepareToolsMs: number; serverUs: Pcts; serverAndTransportUs: Pcts; echoServerAndTransportUs: Pcts };
  memory?: {
    maxActiveSessions: number;
    points: MemoryPoint[];
    rssPerAccountKB: number;
    heapPerAccountKB: number | undefined;
    activeAfterEviction: number;
    coldStartMs: { median: number; p95: number; samples: number[] };
    warmCallMs: { median: number };
    sandboxRssMB: number;
  };
  /** The context budget on the demo world (bench/lib/context.ts): stable keys, listed in bench/README.md. */
  context?: ContextResults;
  /** Round trips against an injected RTT (bench/lib/rtt.ts): per tool and per scenario, and the first call of an account. */
  rtt?: RoundTripResults["rtt"];
  first_call?: RoundTripResults["first_call"];
  errors?: string[];
  durationS?: number;
}

const errors: string[] = [];
const children: Array<{ stop(): Promise<void> }> = [];

function machineInfo() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memoryGB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadavg: os.loadavg().map((x) => round(x, 2)),
  };
}

/** The per-tool scenarios measured for latency (all on chats resolved during warm-up). */
function latencyScenarios(plan: BenchPlan): Scenario[] {
  const c = plan.chat;
  const t1 = plan.terms.one;
  const t3 = plan.terms.three.split(",").map((t) => t.trim());
  const search = (q: string, extra: Partial<Extract<FloorCall, { rpc: "messages.Search" }>> = {}): FloorCall => ({ rpc: "messages.Search", peer: c.ref, q, limit: 50, ...extra });
  const global = (q: string, extra: Partial<Extract<FloorCall, { rpc: "messages.SearchGlobal" }>> = {}): FloorCall => ({ rpc: "messages.SearchGlobal", q, limit: 50, ...extra });
  const dates = { min_date: c.minDate, max_date: c.maxDate };
  const readFloor: FloorCall = c.kind === "channel" ? { rpc: "channels.GetMessages", peer: c.ref, ids: c.topIds } : { rpc: "messages.GetMessages", ids: c.topIds };
  return [
    { name: "search_messages_in_chat 1 term", tool: "search_messages_in_chat", args: { chat_id: c.ref, query: t1 }, floor: [search(t1)] },
    { name: "search_messages_in_chat 3 terms", tool: "search_messages_in_chat", args: { chat_id: c.ref, query: plan.terms.three }, floor: t3.map((t) => search(t)) },
    { name: "search_messages_in_chat 1 term + dates", tool: "search_messages_in_chat", args: { chat_id: c.ref, query: t1, ...dates }, floor: [search(t1, dates)] },
    { name: "search_messages_in_chat latest", tool: "search_messages_in_chat", args: { chat_id: c.ref }, floor: [search("")] },
    { name: "search_messages_globally 1 term", tool: "search_messages_globally", args: { query: t1 }, floor: [global(t1)] },
    { name: "search_messages_globally 3 terms", tool: "search_messages_globally", args: { query: plan.terms.three }, floor: t3.map((t) => global(t)) },
    { name: "search_messages_globally 1 term + dates", tool: "search_messages_globally", args: { query: t1, ...dates }, floor: [global(t1, dates)] },
    { name: "read_messages 3 ids", tool: "read_messages", args: { chat_id: c.ref, message_ids: c.topIds }, floor: [readFloor] },
    { name: "find_chats 1 term", tool: "find_chats", args: { query: plan.findTerms.one }, floor: [{ rpc: "contacts.Search", q: plan.findTerms.one, limit: 100 }] },
    { name: "get_chat_info user", tool: "get_chat_info", args: { chat_id: plan.peer.ref }, floor: [{ rpc: "users.GetFullUser", peer: plan.peer.ref }] },
    { name: "get_chat_info channel", tool: "get_chat_info", args: { chat_id: c.ref }, floor: [{ rpc: "channels.GetFullChannel", peer: c.ref }] },
    {
      name: "send_message",
      tool: "send_message",
      args: { chat_id: plan.peer.ref, message: "bench: status update, all good" },
      floor: [{ rpc: "messages.SendMessage", peer: plan.peer.ref, message: "bench: status update, all good" }],
    },
  ];
}

/** RPC-budget scenarios, in order (cold chats are touched here first). Expected = the design's budget. */
function rpcScenarios(plan: BenchPlan): Array<Omit<RpcRow, "actual" | "byMethod" | "ok">> {
  const c = plan.chat;
  const t1 = plan.terms.one;
  const t3 = plan.terms.three;
  const dates = { min_date: c.minDate, max_date: c.maxDate };
  const cold = plan.coldChats.filter((x) => x.kind === "channel");
  const coldUser = plan.coldChats.find((x) => x.kind === "private");
  // Cold (first-call) scenarios come first: later results (global search, find_chats) bring
  // entities along, and the tools cache them, so a chat seen there is no longer cold.
  const rows: Array<Omit<RpcRow, "actual" | "byMethod" | "ok">> = [];
  const add = (scenario: string, tool: string, args: Record<string, unknown>, expected: number) => rows.push({ scenario, tool, args, expected });
  if (cold[0]) {
    add("in_chat 1 term, first call on a chat (resolve + search)", "search_messages_in_chat", { chat_id: cold[0].ref, query: t1 }, 2);
    add("in_chat 1 term, second call on the same chat (cached)", "search_messages_in_chat", { chat_id: cold[0].ref, query: t1 }, 1);
  }
  if (cold[1]) add("in_chat 3 terms, first call on a chat (resolve + 3 searches)", "search_messages_in_chat", { chat_id: cold[1].ref, query: t3 }, 4);
  if (coldUser) {
    add("get_chat_info user, first call (resolve + full + common chats + folders once)", "get_chat_info", { chat_id: coldUser.ref }, 4);
    add("get_chat_info user, second call (cached: full + common chats)", "get_chat_info", { chat_id: coldUser.ref }, 2);
  }
  if (cold[2]) {
    add("get_chat_info channel, first call (resolve + full, folders if not cached)", "get_chat_info", { chat_id: cold[2].ref }, 3);
    add("get_chat_info channel, second call (cached)", "get_chat_info", { chat_id: cold[2].ref }, 1);
  }
  add("send_message to a user, first call (resolve + send)", "send_message", { chat_id: plan.peer.ref, message: "bench: rpc budget" }, 2);
  add("send_message to the same user again (cached)", "send_message", { chat_id: plan.peer.ref, message: "bench: rpc budget" }, 1);
  add('send_message "me"', "send_message", { chat_id: "me", message: "bench: note to self" }, 1);
  add("in_chat 1 term", "search_messages_in_chat", { chat_id: c.ref, query: t1 }, 1);
  add("in_chat 3 terms", "search_messages_in_chat", { chat_id: c.ref, query: t3 }, 3);
  add("in_chat 1 term + dates", "search_messages_in_chat", { chat_id: c.ref, query: t1, ...dates }, 1);
  add("in_chat 3 terms + dates", "search_messages_in_chat", { chat_id: c.ref, query: t3, ...dates }, 3);
  add("in_chat no query (latest)", "search_messages_in_chat", { chat_id: c.ref }, 1);
  add("global 1 term", "search_messages_globally", { query: t1 }, 1);
  add("global 3 terms", "search_messages_globally", { query: t3 }, 3);
  add("global 1 term + dates", "search_messages_globally", { query: t1, ...dates }, 1);
  add("global 3 terms + dates", "search_messages_globally", { query: t3, ...dates }, 3);
  add("find_chats 1 term", "find_chats", { query: plan.findTerms.one }, 1);
  add("find_chats 3 terms", "find_chats", { query: plan.findTerms.three }, 3);
  add("read_messages 3 ids (cached chat)", "read_messages", { chat_id: c.ref, message_ids: c.topIds }, 1);
  add("get_chat_info channel (cached chat)", "get_chat_info", { chat_id: c.ref }, 1);
  return rows;
}

function pad(s: string | number, n: number, right = false): string {
  const t = String(s);
  return right ? t.padStart(n) : t.padEnd(n);
}

function table(headers: string[], rows: Array<Array<string | number>>): string {
  const w = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? "").length)));
  const line = (cells: Array<string | number>) => "| " + cells.map((c, i) => pad(c, w[i]!, i > 0)).join(" | ") + " |";
  return [line(headers), "|" + w.map((x, i) => (i > 0 ? "-".repeat(x + 1) + ":" : "-".repeat(x + 2))).join("|") + "|", ...rows.map(line)].join("\n");
}

async function main(): Promise<number> {
  const machine = machineInfo();
  log(`mode ${P.mode}; ${machine.cpu}, ${machine.cores} cores, node ${machine.node}`);
  const work = mkdtempSync(path.join(os.tmpdir(), "tgmcp-bench-"));
  const results: BenchResults = { mode: P.mode, startedAt: new Date().toISOString(), machine, params: P };
  let exitCode = 0;
  try {
    // ------------------------------------------------------------------ 0. context budget
    // Characters, not time: measured first, on the demo world, before the load phases.
    if (want("context")) {
      results.context = await measureContext();
      const cx = results.context.tools_list_chars;
      log(`context: tools/list ${cx.total} chars (${cx.shown} shown) for ${cx.tools} tools; the seed's ${cx.seed.tools}: ${cx.seed.total} (${cx.seed.shown} shown)`);
    }

    // ------------------------------------------------------------------ 5a. start-up of the package
    // Before the sandbox and the load phases start, while the machine is quietest.
    const pkgStartup = want("startup") ? await measureStartup({ workDir: work, spawns: P.startupSpawns, log }) : undefined;
    if (pkgStartup) results.startup = pkgStartup;
    if (pkgStartup) log(`start-up: stdio tools/list ${pkgStartup.stdio_tools_list_ms} ms, HTTP healthy ${pkgStartup.http_healthy_ms} ms, npm start healthy ${pkgStartup.npm_start_healthy_ms} ms (p50)`);

    if (["rpc", "latency", "throughput", "construct", "memory"].some(want)) {

    // ------------------------------------------------------------------ sandbox
    const extraAccounts = P.memAccounts + P.evict;
    const sandbox = new Child<SandboxOps>("sandbox-runner.ts", ["--chats", String(P.world.chats), "--messages", String(P.world.messages), "--accounts", String(extraAccounts)]);
    children.push(sandbox);
    log(`building the world (${P.world.chats} chats, ${P.world.messages} messages) in the sandbox process`);
    await sandbox.whenReady();
    const info = await sandbox.call("info");
    const plan: BenchPlan = info.plan;
    results.world = { ...info.world, sandboxRssMB: mb(info.rss) };
    log(`sandbox on ${info.host}:${info.port}: ${info.world.users} users, ${info.world.chats} chats, ${info.world.messages} messages, built in ${round(info.world.buildMs / 1000, 1)} s`);
    if (plan.accounts.length < extraAccounts) throw new Error(`the world has only ${plan.accounts.length} usable accounts, ${extraAccounts} needed`);
    const infoFile = path.join(work, "sandbox.json");
    writeFileSync(infoFile, JSON.stringify({ host: info.host, port: info.port, dcId: 2, rsaPublicKey: info.rsaPublicKey }), { mode: 0o600 });

    // ------------------------------------------------------------------ accounts
    const sessionDir = path.join(work, "sessions");
    mkdirSync(sessionDir, { mode: 0o700 });
    const store = new FileAccountStore({ dir: sessionDir });
    const accounts = plan.accounts.slice(0, extraAccounts);
    const sessions: string[] = await sandbox.call("sessions", { userIds: accounts.map((a) => a.userId) });
    const tokens: string[] = [];
    for (let i = 0; i < accounts.length; i++) tokens.push((await store.createAccount({ session: sessions[i]!, label: `bench ${i}` })).token);
    const [floorSession, floorProcessSession, minimalSession] = await sandbox.call("sessions", { userIds: [plan.mainUserId, plan.mainUserId, plan.mainUserId] });
    log(`${tokens.length} http-auth accounts created (distinct sandbox users)`);

    // ------------------------------------------------------------------ helpers
    const echo = new Child("echo-server.ts", [], PROFILE ? { execArgv: ["--cpu-prof", `--cpu-prof-dir=${path.join(BENCH_DIR, "results", "profiles", "echo")}`] } : {});
    children.push(echo);
    const echoUrl = `http://127.0.0.1:${(await echo.whenReady()).port}`;
    const echoSame = new Child("echo-server.ts", [], PROFILE ? { execArgv: ["--cpu-prof", `--cpu-prof-dir=${path.join(BENCH_DIR, "results", "profiles", "minimal")}`] } : {});
    children.push(echoSame);
    const echoSameUrl = `http://127.0.0.1:${(await echoSame.whenReady()).port}`;
    const worker = new Child<WorkerOps>("worker.ts");
    children.push(worker);
    await worker.whenReady();
    // A second worker runs only a scenario's bare gramjs calls, so its whole CPU is theirs.
    const floorWorker = new Child<WorkerOps>("worker.ts", [], PROFILE ? { execArgv: ["--cpu-prof", `--cpu-prof-dir=${path.join(BENCH_DIR, "results", "profiles", "floor")}`] } : {});
    children.push(floorWorker);
    await floorWorker.whenReady();
    const floorBackend = { host: info.host, port: info.port, rsaPublicKey: info.rsaPublicKey };
    /** CPU ms per call of `floor` run `calls` times alone (after as many again to warm up). */
    const floorProcessCpu = async (floor: Scenario["floor"], calls: number): Promise<number> => {
      await floorWorker.call("floorCpu", { backend: floorBackend, session: floorProcessSession, floor, calls });
      const c0 = await cpuMsOf(floorWorker.proc.pid!);
      await floorWorker.call("floorCpu", { backend: floorBackend, session: floorProcessSession, floor, calls });
      return ((await cpuMsOf(floorWorker.proc.pid!)) - c0) / calls;
    };

    const serverEnv = (maxActive: number): Record<string, string> => ({
      SERVER_MODE: "http-auth",
      BACKEND: "sandbox",
      SANDBOX_INFO_FILE: infoFile,
      SESSION_DIR: sessionDir,
      MAX_ACTIVE_SESSIONS: String(maxActive),
      MAX_IDLE_TIME: "0",
      // The benchmark's load is one client hammering a few accounts: lift the per-token limit.
      RATE_LIMIT_MAX: "1000000000",
      LOG_LEVEL: "info",
    });
    const startServer = async (maxActive: number, logName: string): Promise<TgmcpProcess> => {
      const nodeArgs = [...SERVER_NODE_ARGS, ...(PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${path.join(BENCH_DIR, "results", "profiles")}`] : [])];
      const s = await startTgmcp({ env: serverEnv(maxActive), workDir: work, logName, nodeArgs });
      children.push(s);
      return s;
    };

    // ------------------------------------------------------------------ 5. start-up
    log(`start-up: ${P.startupReps} cold starts of the server`);
    const startups: Array<{ ms: number; idleRssMB: number; heapUsedMB?: number }> = [];
    let server!: TgmcpProcess;
    const startupReps = want("startup") ? P.startupReps : 1;
    for (let i = 0; i < startupReps; i++) {
      const s = await startServer(1000, "tgmcp-main.log");
      await new Promise((r) => setTimeout(r, 1000)); // let start-up garbage settle
      const mem = await serverMemory(s);
      startups.push({ ms: s.startupMs, idleRssMB: mb(mem.rss), ...(mem.heapUsed ? { heapUsedMB: mb(mem.heapUsed) } : {}) });
      if (i < startupReps - 1) await s.stop();
      else server = s;
    }
    if (pkgStartup) results.startup = {
      ...pkgStartup,
      entry: server.entry,
      reps: startups,
      medianMs: round(median(startups.map((s) => s.ms)), 1),
      idleRssMB: median(startups.map((s) => s.idleRssMB)),
      idleHeapUsedMB: startups[0]?.heapUsedMB !== undefined ? median(startups.map((s) => s.heapUsedMB!)) : undefined,
    };
    if (results.startup) log(`start-up median ${results.startup.medianMs} ms, idle RSS ${results.startup.idleRssMB} MB (${server.entry})`);

    // ------------------------------------------------------------------ 2. RPC budget
    const mainToken = tokens[0]!;
    const first = await worker.call("calls", { mcpUrl: server.url, tool: "search_messages_in_chat", calls: [{ token: mainToken, args: { chat_id: plan.chat.ref, query: plan.terms.one } }] });
    if (first.errors) throw new Error(`first tool call failed: ${first.firstError}`);
    const connectRpcs = await sandbox.call("counters", { userId: plan.mainUserId });
    log(`first call of the main account: ${round(first.ms[0], 1)} ms (connect + resolve + search), ${connectRpcs.total} RPCs`);
    const rpcRows: RpcRow[] = [];
    for (const s of rpcScenarios(plan)) {
      await sandbox.call("reset");
      const r = await worker.call("calls", { mcpUrl: server.url, tool: s.tool, calls: [{ token: mainToken, args: s.args }] });
      const c = await sandbox.call("counters", { userId: plan.mainUserId });
      // Within budget: never more calls than the design allows (fewer when an earlier answer already cached the peer).
      const row: RpcRow = { ...s, actual: c.total, byMethod: c.byMethod, ok: c.total <= s.expected && r.errors === 0 };
      if (r.errors) {
        row.error = r.firstError;
        errors.push(`rpc scenario "${s.scenario}": ${r.firstError}`);
      }
      rpcRows.push(row);
    }
    results.rpc = { firstCall: { ms: round(first.ms[0], 1), byMethod: connectRpcs.byMethod, total: connectRpcs.total }, scenarios: rpcRows };
    log(`RPC budget: ${rpcRows.filter((r) => r.ok).length}/${rpcRows.length} scenarios within budget`);

    // ------------------------------------------------------------------ 1. overhead
    if (want("latency")) {
    log(`latency: ${P.latency.reps} x ${P.latency.iters} interleaved (tool, echo, bare gramjs) per scenario`);
    // One job per scenario, so the CPU each process spent can be split per tool call.
    const lat: Array<ScenarioLatency & { serverCpuMs: number; echoCpuMs: number; minimalCpuMs: number; gramProcessCpuMs: number }> = [];
    for (const scenario of latencyScenarios(plan).filter((x) => !SCENARIO || x.name.includes(SCENARIO))) {
      const cpu0 = [await cpuMsOf(server.pid), await cpuMsOf(echo.proc.pid!), await cpuMsOf(echoSame.proc.pid!)];
      const [s] = await worker.call("latency", {
        mcpUrl: server.url,
        echoUrl,
        echoSameUrl,
        minimalSession,
        token: mainToken,
        backend: { host: info.host, port: info.port, rsaPublicKey: info.rsaPublicKey },
        session: floorSession,
        scenarios: [scenario],
        ...P.latency,
      });
      const n = P.latency.warmup + P.latency.reps * s!.iters;
      log(`  ${scenario.name}: ${s!.iters} iterations x ${P.latency.reps}`);
      lat.push({
        ...s!,
        serverCpuMs: ((await cpuMsOf(server.pid)) - cpu0[0]!) / (n + s!.extraToolCalls),
        echoCpuMs: ((await cpuMsOf(echo.proc.pid!)) - cpu0[1]!) / n,
        // The PUT (a connect at the first scenario, one warm call each) is left in: noise next to n calls.
        minimalCpuMs: ((await cpuMsOf(echoSame.proc.pid!)) - cpu0[2]!) / n,
        gramProcessCpuMs: await floorProcessCpu(scenario.floor, n),
      });
    }
    results.latency = lat.map((s) => {
      const tool = medianPcts(s.reps.map((r) => r.tool));
      const floor = medianPcts(s.reps.map((r) => r.floor));
      const echoP = medianPcts(s.reps.map((r) => r.echo));
      const gram = medianPcts(s.reps.map((r) => r.gram));
      const ratio: Pcts = { p50: tool.p50 / floor.p50, p95: tool.p95 / floor.p95, p99: tool.p99 / floor.p99 };
      if (s.errors) errors.push(`latency "${s.name}": ${s.errors} failed calls, first: ${s.firstError}`);
      return {
        name: s.name,
        tool: s.tool,
        iterations: s.iters * s.reps.length,
        toolMs: tool,
        floorMs: floor,
        echoMs: echoP,
        gramMs: gram,
        ratio,
        serverCpuMsPerCall: round(s.serverCpuMs, 3),
        echoCpuMsPerCall: round(s.echoCpuMs, 3),
        minimalServerCpuMsPerCall: round(s.minimalCpuMs, 3),
        gramCpuMsPerCall: round(s.gramCpuMs / Math.max(1, s.gramCalls), 3),
        gramProcessCpuMsPerCall: round(s.gramProcessCpuMs, 3),
        errors: s.errors,
        ...(s.firstError ? { firstError: s.firstError } : {}),
      };
    });
    results.cpu_ms_per_call = Object.fromEntries(
      results.latency.map((s) => {
        const own = s.serverCpuMsPerCall - s.echoCpuMsPerCall;
        const e = s.echoCpuMsPerCall;
        const c: CpuPerCall = {
          tgmcp: s.serverCpuMsPerCall,
          echo: e,
          own: round(own, 3),
          own_ratio: round(own / e, 3),
          gramjs_client: s.gramCpuMsPerCall,
          gramjs_client_process: s.gramProcessCpuMsPerCall,
          minimal_server: s.minimalServerCpuMsPerCall,
          floor_ratio: round((s.minimalServerCpuMsPerCall - e) / e, 3),
          beyond_floor: round(s.serverCpuMsPerCall - s.minimalServerCpuMsPerCall, 3),
        };
        return [s.name, c];
      }),
    );

    // The same servers, each alone: a scenario's calls back to back to one server at a time.
    log(`CPU per call, each process alone: ${P.cpuAlone.warmMs} ms warm-up + ${P.cpuAlone.ms} ms of calls per server and scenario`);
    const alone: Record<string, CpuAlone> = {};
    for (const scenario of latencyScenarios(plan).filter((x) => cpuTarget(x.name) !== undefined && (!SCENARIO || x.name.includes(SCENARIO)))) {
      await worker.call("prime", { mcpUrl: server.url, echoSameUrl, minimalSession, token: mainToken, backend: floorBackend, scenario });
      const perCall = async (pid: number, target: Omit<BurstJob, "ms">): Promise<[number, number]> => {
        await worker.call("burst", { ...target, ms: P.cpuAlone.warmMs });
        const c0 = await cpuMsOf(pid);
        const r = await worker.call("burst", { ...target, ms: P.cpuAlone.ms });
        const cpu = ((await cpuMsOf(pid)) - c0) / r.calls;
        if (r.errors) errors.push(`cpu alone "${scenario.name}" (${target.tool}): ${r.errors} failed calls, first: ${r.firstError}`);
        return [cpu, r.calls];
      };
      const [t, tn] = await perCall(server.pid, { url: server.url, tool: scenario.tool, args: scenario.args, token: mainToken });
      const [m, mn] = await perCall(echoSame.proc.pid!, { url: echoSameUrl, tool: "replay", args: {} });
      const [e, en] = await perCall(echo.proc.pid!, { url: echoUrl, tool: "echo", args: { text: "x" } });
      alone[scenario.name] = {
        tgmcp: round(t, 3),
        echo: round(e, 3),
        minimal_server: round(m, 3),
        own_ratio: round((t - e) / e, 3),
        floor_ratio: round((m - e) / e, 3),
        beyond_floor: round(t - m, 3),
        calls: { tgmcp: tn, minimal_server: mn, echo: en },
      };
      log(`  ${scenario.name}: tgmcp ${round(t, 2)}, minimal ${round(m, 2)}, echo ${round(e, 2)} ms per call`);
    }
    results.cpu_ms_per_call_alone = alone;
    }

    // ------------------------------------------------------------------ 3. throughput
    if (want("throughput")) {
    const maxAcc = Math.max(...P.throughput.cells.map(([, a]) => a));
    const tpAccounts = accounts.slice(0, maxAcc).map((a, i) => ({ token: tokens[i], args: { chat_id: a.chatRef, query: plan.terms.one, limit: 20 } }));
    log(`throughput: connecting ${maxAcc} accounts`);
    const warm = await worker.call("calls", { mcpUrl: server.url, tool: "search_messages_in_chat", calls: tpAccounts, concurrency: 8 });
    if (warm.errors) errors.push(`throughput warm-up: ${warm.errors} failed calls, first: ${warm.firstError}`);
    const tpRows: ThroughputCell[] = [];
    for (const [conc, nAcc] of P.throughput.cells) {
      const cpu0 = [await cpuMsOf(server.pid), await sandbox.call("cpu")];
      const r: { reps: ThroughputRep[]; allCalls: number; firstError?: string } = await worker.call("throughput", {
        mcpUrl: server.url,
        tool: "search_messages_in_chat",
        accounts: tpAccounts.slice(0, nAcc),
        concurrency: conc,
        durationMs: P.throughput.durationMs,
        warmupMs: P.throughput.warmupMs,
        reps: P.throughput.reps,
      });
      const serverCpu = ((await cpuMsOf(server.pid)) - cpu0[0]!) / r.allCalls;
      const sandboxCpu = ((await sandbox.call("cpu")) - cpu0[1]!) / r.allCalls;
      const errs = r.reps.reduce((s, x) => s + x.errors, 0);
      if (errs) errors.push(`throughput c=${conc} accounts=${nAcc}: ${errs} errors, first: ${r.firstError}`);
      tpRows.push({
        concurrency: conc,
        accounts: nAcc,
        rps: round(median(r.reps.map((x) => x.rps)), 0),
        latencyMs: medianPcts(r.reps.map((x) => x.latency)),
        calls: r.reps.reduce((s, x) => s + x.calls, 0),
        serverCpuMsPerCall: round(serverCpu, 3),
        sandboxCpuMsPerCall: round(sandboxCpu, 3),
        errors: errs,
        ...(r.firstError ? { firstError: r.firstError } : {}),
      });
      log(`  c=${conc} accounts=${nAcc}: ${tpRows.at(-1)!.rps} calls/s, errors ${errs}`);
    }
    results.throughput = { tool: "search_messages_in_chat (1 term, limit 20, each account in its own chat)", cells: tpRows };
    results.loadedRssMB = mb((await serverMemory(server)).rss);
    }
    await server.stop();

    // ------------------------------------------------------------------ 6. construction
    if (want("construct")) {
    log("per-request MCP server construction");
    const cons: ConstructResult = await worker.call("construct", P.construct);
    results.construct = {
      tools: cons.tools,
      prepareToolsMs: round(cons.prepareMs, 2),
      serverUs: medianPcts(cons.reps.map((r) => r.server)),
      serverAndTransportUs: medianPcts(cons.reps.map((r) => r.serverAndTransport)),
      echoServerAndTransportUs: medianPcts(cons.reps.map((r) => r.echoServerAndTransport)),
    };

    }

    // ------------------------------------------------------------------ 4. memory
    if (want("memory")) {
    log(`memory: connecting up to ${P.memAccounts} accounts in one server process`);
    const mem = await startServer(P.memAccounts, "tgmcp-memory.log");
    await new Promise((r) => setTimeout(r, 1000));
    const connectArgs = (i: number) => ({ token: tokens[i], args: { chat_id: "me", limit: 1 } });
    const points: MemoryPoint[] = [];
    let connected = 0;
    for (const step of P.memSteps) {
      if (step > connected) {
        const r = await worker.call("calls", {
          mcpUrl: mem.url,
          tool: "search_messages_in_chat",
          calls: Array.from({ length: step - connected }, (_, k) => connectArgs(connected + k)),
          concurrency: 8,
        });
        if (r.errors) errors.push(`memory: connecting accounts ${connected}..${step}: ${r.errors} errors, first: ${r.firstError}`);
        connected = step;
        await new Promise((r2) => setTimeout(r2, 500));
      }
      const m = await serverMemory(mem);
      points.push({ accounts: step, rssMB: mb(m.rss), ...(m.heapUsed ? { heapUsedMB: mb(m.heapUsed) } : {}), active: await activeSessions(mem) });
      log(`  ${step} accounts: RSS ${mb(m.rss)} MB${m.heapUsed ? `, heap ${mb(m.heapUsed)} MB` : ""}`);
    }
    const perAccountKB = slope(points.map((p) => ({ x: p.accounts, y: p.rssMB * 1024 })));
    const heapPerAccountKB = points.every((p) => p.heapUsedMB !== undefined) ? slope(points.map((p) => ({ x: p.accounts, y: p.heapUsedMB! * 1024 }))) : undefined;

    // Cold start: more accounts than MAX_ACTIVE_SESSIONS evict the least recently used ones;
    // calling those again reconnects them (each evicting another).
    const over = await worker.call("calls", {
      mcpUrl: mem.url,
      tool: "search_messages_in_chat",
      calls: Array.from({ length: P.evict }, (_, k) => connectArgs(P.memAccounts + k)),
    });
    if (over.errors) errors.push(`eviction: ${over.errors} errors, first: ${over.firstError}`);
    const cold = await worker.call("calls", { mcpUrl: mem.url, tool: "search_messages_in_chat", calls: Array.from({ length: P.evict }, (_, k) => connectArgs(k)) });
    if (cold.errors) errors.push(`cold start: ${cold.errors} errors, first: ${cold.firstError}`);
    const warmCalls = await worker.call("calls", { mcpUrl: mem.url, tool: "search_messages_in_chat", calls: Array.from({ length: P.evict }, (_, k) => connectArgs(k)) });
    const activeAfter = await activeSessions(mem);
    results.memory = {
      maxActiveSessions: P.memAccounts,
      points,
      rssPerAccountKB: round(perAccountKB, 1),
      heapPerAccountKB: heapPerAccountKB === undefined ? undefined : round(heapPerAccountKB, 1),
      activeAfterEviction: activeAfter,
      coldStartMs: { median: round(median(cold.ms), 2), p95: round(percentile(cold.ms, 95), 2), samples: cold.ms.map((x: number) => round(x, 2)) },
      warmCallMs: { median: round(median(warmCalls.ms), 2) },
      sandboxRssMB: mb(await sandbox.call("rss")),
    };
    await mem.stop();
    }
    }

    // ------------------------------------------------------------------ 8. round trips (own sandbox with RTT, demo world)
    if (want("rtt")) {
      const rt = await measureRoundTrips({ quick: QUICK, log, track: (c) => children.push(c) });
      Object.assign(results, { rtt: rt.rtt, first_call: rt.first_call });
      results.rpc?.scenarios.push(...rt.budgetRows);
      errors.push(...rt.errors);
    }
  } catch (err) {
    errors.push(`bench aborted: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    for (const c of children.reverse()) await c.stop().catch(() => {});
    rmSync(work, { recursive: true, force: true });
  }

  results.errors = errors;
  results.durationS = round((Date.now() - T0) / 1000, 1);
  mkdirSync(path.join(BENCH_DIR, "results"), { recursive: true });
  // A partial run (--only) never replaces the record of a whole one.
  writeFileSync(path.join(BENCH_DIR, "results", ONLY ? "partial.json" : "latest.json"), JSON.stringify(results, null, 2) + "\n");
  process.stdout.write(report(results) + "\n");
  if (errors.length) {
    process.stderr.write(`\nbench: ${errors.length} error(s):\n${errors.map((e) => "  - " + e).join("\n")}\n`);
    exitCode = 1;
  }
  return exitCode;
}

const f = (v: number | undefined, d = 2) => (v === undefined || !Number.isFinite(v) ? "-" : v.toFixed(d));

/** The Markdown report (also pasted into bench/README.md after a full run). */
export function report(r: BenchResults): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`### tgmcp bench (${r.mode}) — ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, Node ${m.node}, ${r.startedAt.slice(0, 10)}`);
  if (r.world) out.push(`World: ${r.world.users} users, ${r.world.chats} chats, ${r.world.messages} messages (built in ${f(r.world.buildMs / 1000, 1)} s). Total ${r.durationS} s.`);
  if (r.latency) {
    out.push("", "#### 1. Overhead ratio per tool (tool over MCP/HTTP ÷ floor = bare gramjs + SDK echo), ms");
    out.push(
      table(
        ["scenario", "tool p50", "p95", "p99", "gramjs p50", "echo p50", "floor p50", "ratio p50", "p95", "p99", "CPU ms/call tgmcp", "echo", "err"],
        r.latency.map((s) => [
          s.name,
          f(s.toolMs.p50),
          f(s.toolMs.p95),
          f(s.toolMs.p99),
          f(s.gramMs.p50),
          f(s.echoMs.p50),
          f(s.floorMs.p50),
          f(s.ratio.p50),
          f(s.ratio.p95),
          f(s.ratio.p99),
          f(s.serverCpuMsPerCall),
          f(s.echoCpuMsPerCall),
          s.errors,
        ]),
      ),
    );
  }
  if (r.cpu_ms_per_call) {
    out.push(
      "",
      "CPU per call (issue #19), ms: own = tgmcp − echo, own ratio = own ÷ echo; gramjs client = the bare gramjs calls alone, in a process of their own; " +
        "minimal server = the echo's SDK and HTTP stack making the same Telegram calls with gramjs and answering with tgmcp's result, in one process; floor ratio = (minimal server − echo) ÷ echo, what no server on this SDK and gramjs goes below; beyond = tgmcp − minimal server",
    );
    out.push(
      table(
        ["scenario", "tgmcp", "echo", "own", "own ratio", "target", "gramjs client", "minimal server", "floor ratio", "tgmcp beyond it"],
        Object.entries(r.cpu_ms_per_call).map(([name, c]) => {
          const target = cpuTarget(name);
          const verdict = target === undefined ? "-" : `≤ ${target}${c.own_ratio <= target ? "" : c.floor_ratio > target ? " (NO: floor)" : " (NO)"}`;
          return [name, f(c.tgmcp), f(c.echo), f(c.own), f(c.own_ratio), verdict, f(c.gramjs_client_process), f(c.minimal_server), f(c.floor_ratio), f(c.beyond_floor)];
        }),
      ),
    );
  }
  if (r.cpu_ms_per_call_alone) {
    out.push(
      "",
      "CPU per call, each process alone (called back to back after a warm-up, no other process's turn in between), ms; the ratios as above",
    );
    out.push(
      table(
        ["scenario", "tgmcp", "echo", "own ratio", "target", "minimal server", "floor ratio", "tgmcp beyond it", "calls each"],
        Object.entries(r.cpu_ms_per_call_alone).map(([name, c]) => {
          const target = cpuTarget(name);
          const verdict = target === undefined ? "-" : `≤ ${target}${c.own_ratio <= target ? "" : c.floor_ratio > target ? " (NO: floor)" : " (NO)"}`;
          return [name, f(c.tgmcp), f(c.echo), f(c.own_ratio), verdict, f(c.minimal_server), f(c.floor_ratio), f(c.beyond_floor), `${c.calls.tgmcp}/${c.calls.minimal_server}/${c.calls.echo}`];
        }),
      ),
    );
  }
  if (r.rpc) {
    out.push("", `#### 2. RPCs per tool call (sandbox counters; first call of an account: ${r.rpc.firstCall.total} RPCs, ${r.rpc.firstCall.ms} ms)`);
    out.push(
      table(
        ["scenario", "expected", "actual", "methods", "ok"],
        r.rpc.scenarios.map((s: RpcRow) => [s.scenario, s.expected, s.actual, Object.entries(s.byMethod).map(([k, v]) => `${k}×${v}`).join(" "), s.ok ? "yes" : "NO"]),
      ),
    );
  }
  if (r.throughput) {
    out.push("", `#### 3. Throughput: ${r.throughput.tool}`);
    out.push(
      table(
        ["concurrency", "accounts", "calls/s", "p50 ms", "p95 ms", "p99 ms", "CPU ms/call tgmcp", "sandbox", "calls", "errors"],
        r.throughput.cells.map((c) => [
          c.concurrency,
          c.accounts,
          c.rps,
          f(c.latencyMs.p50),
          f(c.latencyMs.p95),
          f(c.latencyMs.p99),
          f(c.serverCpuMsPerCall),
          f(c.sandboxCpuMsPerCall),
          c.calls,
          c.errors,
        ]),
      ),
    );
  }
  if (r.memory) {
    const mm = r.memory;
    out.push("", `#### 4. Memory: connected accounts in one process (MAX_ACTIVE_SESSIONS=${mm.maxActiveSessions})`);
    out.push(table(["accounts", "RSS MB", "heap used MB", "active"], mm.points.map((p) => [p.accounts, f(p.rssMB, 1), f(p.heapUsedMB, 1), p.active])));
    out.push(
      "",
      `RSS per connected account: ${f(mm.rssPerAccountKB, 1)} KB (heap ${f(mm.heapPerAccountKB, 1)} KB). Cold start of an evicted account: median ${f(mm.coldStartMs.median)} ms, p95 ${f(mm.coldStartMs.p95)} ms (a warm call: ${f(mm.warmCallMs.median)} ms). Sandbox process RSS: ${mm.sandboxRssMB} MB.`,
    );
  }
  if (r.startup) {
    out.push("", `#### 5. Start-up (${r.startup.package.entry})`);
    const su = r.startup;
    out.push(
      table(
        ["start (p50 of " + su.spawns + " spawns)", "wall ms", "CPU ms"],
        [
          ["installed package, stdio: spawn -> tools/list answered", f(su.stdio_tools_list_ms, 0), f(su.stdio_tools_list_cpu_ms, 0)],
          ["installed package, HTTP: spawn -> healthy /health", f(su.http_healthy_ms, 0), f(su.http_healthy_cpu_ms, 0)],
          ["npm start (scripts/start.js, cache current, embedded sandbox): spawn -> healthy /health", f(su.npm_start_healthy_ms, 0), f(su.npm_start_healthy_cpu_ms, 0)],
        ],
      ),
      "",
    );
    if (r.startup.reps) out.push(`The bench server (${r.startup.entry}), process start to healthy /health: median ${r.startup.medianMs} ms (${r.startup.reps.map((x) => f(x.ms, 0)).join(", ")}). Idle RSS ${r.startup.idleRssMB} MB${r.startup.idleHeapUsedMB !== undefined ? `, heap used ${r.startup.idleHeapUsedMB} MB` : ""}.${r.loadedRssMB ? ` RSS after the load phases: ${r.loadedRssMB} MB.` : ""}`);
  }
  if (r.construct) {
    const c = r.construct;
    out.push("", "#### 6. Per-request MCP server construction (stateless), µs");
    out.push(
      table(
        ["what", "p50", "p95", "p99"],
        [
          [`createMcpServer (${c.tools} tools bound)`, f(c.serverUs.p50, 1), f(c.serverUs.p95, 1), f(c.serverUs.p99, 1)],
          ["+ transport + connect", f(c.serverAndTransportUs.p50, 1), f(c.serverAndTransportUs.p95, 1), f(c.serverAndTransportUs.p99, 1)],
          ["echo server (1 tool) + transport + connect", f(c.echoServerAndTransportUs.p50, 1), f(c.echoServerAndTransportUs.p95, 1), f(c.echoServerAndTransportUs.p99, 1)],
        ],
      ),
    );
    out.push(`prepareTools() once at start-up: ${c.prepareToolsMs} ms.`);
  }
  if (r.context) {
    const cx = r.context.tools_list_chars;
    out.push("", `#### 7. Context budget (characters a model reads; ${r.context.world})`);
    out.push(`tools/list: ${cx.total} in all, ${cx.shown} shown (name, description, input schema) for ${cx.tools} tools; the seed's ${cx.seed.tools} tools: ${cx.seed.total} in all, ${cx.seed.shown} shown.`);
    out.push(table(["tool", "shown", "all"], Object.entries(cx.per_tool).map(([name, c]) => [name, String(c.shown), String(c.all)])));
    out.push("", table(["message list", "messages", "chars/message (median)", "chars/message incl. peers, cursor (mean)", "text block", "structuredContent"], Object.entries(r.context.chars_per_message).map(([name, c]) => [name, String(c.messages), f(c.median, 0), f(c.mean, 0), String(c.text_chars), String(c.structured_chars)])));
  }
  if (r.rtt && r.first_call) out.push("", roundTripReport(r.rtt, r.first_call, table));
  if (r.errors?.length) out.push("", `ERRORS (${r.errors.length}):`, ...r.errors.map((e: string) => `- ${e}`));
  return out.join("\n");
}

const code = await main();
process.exit(code);
