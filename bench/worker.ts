// The load generator and floor meter, in its own process (forked by bench/run.ts):
// - latency: per scenario, interleaves a tgmcp tool call over MCP/HTTP, an echo tool call on the
//   echo server (same SDK + HTTP stack), and the bare gramjs call(s) the tool wraps, so all three
//   see the same machine state. Floor sample = echo + bare gramjs. A fourth call, untimed, goes to
//   the minimal server (echo-server.ts `replay`: the same Telegram calls, tgmcp's result; its CPU only).
// - throughput: N concurrent callers for a fixed time, spread round-robin over accounts.
// - prime + burst: one server's tool back to back for a while (CPU per call, each process alone).
// - calls: a list of calls one after another (connecting accounts, cold starts), with timings.
// - construct: the per-request MCP server construction cost of tgmcp's server factory.
import type { TelegramClient } from "telegram";
import { bareSandboxClient, type BackendInfo } from "./lib/sandbox-client.js";
import { prepareFloor, type FloorCall } from "./lib/floor-calls.js";
import { serve } from "./lib/ipc.js";
import { McpHttpClient } from "./lib/mcp-client.js";
import { msSince, pcts, type Pcts } from "./lib/stats.js";

export type { FloorCall };

export interface Scenario {
  name: string;
  tool: string;
  args: Record<string, unknown>;
  /** Calls made in parallel (one per term), like the tool does. */
  floor: FloorCall[];
}

export type { BackendInfo };

export interface LatencyJob {
  mcpUrl: string;
  echoUrl: string;
  /** A second echo server: the minimal server (its `replay` makes the calls, returns a tgmcp result). */
  echoSameUrl: string;
  /** The minimal server's session: the same user, its own auth key. */
  minimalSession: string;
  token?: string;
  backend: BackendInfo;
  /** A session of the same Telegram user as the token's account (its own auth key). */
  session: string;
  scenarios: Scenario[];
  reps: number;
  /** Iterations per repetition, at most; fewer when an iteration is slow (see budgetMs). */
  iters: number;
  /** Time budget per scenario: iterations are cut so reps x iters fits (never below minIters). */
  budgetMs: number;
  minIters: number;
  warmup: number;
}

export interface ScenarioLatency {
  name: string;
  tool: string;
  /** Per repetition: percentiles of tool, echo, bare gramjs, and floor (echo + gramjs) samples. */
  reps: Array<{ tool: Pcts; echo: Pcts; gram: Pcts; floor: Pcts }>;
  /** Tool calls made beyond warm-up + reps x iters: the one whose result the `replay` echo returns. */
  extraToolCalls: number;
  /** Iterations per repetition actually run. */
  iters: number;
  /**
   * The worker's own CPU (user + system, ms) inside the bare gramjs calls, warm-up included:
   * gramjs's client work for what the tool asks of Telegram (serialize, encrypt, decrypt,
   * decode), which tgmcp's process pays too. gramCalls: how many floor calls it covers.
   */
  gramCpuMs: number;
  gramCalls: number;
  errors: number;
  firstError?: string;
}

let client: TelegramClient | undefined;

async function telegram(backend: BackendInfo, session: string): Promise<TelegramClient> {
  if (client) return client;
  client = bareSandboxClient(backend, session);
  await client.connect();
  return client;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return msSince(t);
}

/**
 * Gives the minimal server a scenario: it makes the scenario's Telegram calls and answers with
 * this very result of tgmcp's (one call made now), so it does the same SDK, HTTP and gramjs work
 * in one process, without tgmcp's.
 */
async function primeMinimal(mcp: McpHttpClient, echoSame: McpHttpClient, job: PrimeJob, s: Scenario): Promise<void> {
  const sample = await mcp.rpc("tools/call", { name: s.tool, arguments: s.args }, job.token);
  if (!sample.result || sample.result.isError) throw new Error(`${s.name}: no result to replay: ${JSON.stringify(sample).slice(0, 200)}`);
  const canned = { result: sample.result, floor: { backend: job.backend, session: job.minimalSession, calls: s.floor } };
  const put = await echoSame.pool.request({ path: "/canned", method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(canned) });
  const putText = await put.body.text();
  if (put.statusCode !== 200) throw new Error(`${s.name}: the minimal server refused its scenario: ${putText.slice(0, 200)}`);
}

export type PrimeJob = Pick<LatencyJob, "mcpUrl" | "echoSameUrl" | "minimalSession" | "token" | "backend">;

/** The minimal server takes this scenario (for `burst` calls of its `replay` tool). */
async function prime(job: PrimeJob & { scenario: Scenario }): Promise<{ ok: true }> {
  const mcp = new McpHttpClient(job.mcpUrl);
  const echoSame = new McpHttpClient(job.echoSameUrl);
  try {
    await primeMinimal(mcp, echoSame, job, job.scenario);
  } finally {
    await mcp.close();
    await echoSame.close();
  }
  return { ok: true };
}

export interface BurstJob {
  url: string;
  tool: string;
  args: Record<string, unknown>;
  token?: string;
  /** Calls one after another for this long. */
  ms: number;
}

/** One server's tool called back to back for `ms` (bench/run.ts reads that server's CPU around it). */
async function burst(job: BurstJob): Promise<{ calls: number; errors: number; firstError?: string }> {
  const mcp = new McpHttpClient(job.url);
  let calls = 0;
  let errors = 0;
  let firstError: string | undefined;
  const t0 = process.hrtime.bigint();
  try {
    do {
      const r = await mcp.callTool(job.tool, job.args, job.token);
      calls++;
      if (!r.ok) {
        errors++;
        firstError ??= r.error;
      }
    } while (msSince(t0) < job.ms);
  } finally {
    await mcp.close();
  }
  return { calls, errors, ...(firstError ? { firstError } : {}) };
}

async function latency(job: LatencyJob): Promise<ScenarioLatency[]> {
  const c = await telegram(job.backend, job.session);
  const mcp = new McpHttpClient(job.mcpUrl);
  const echo = new McpHttpClient(job.echoUrl);
  const echoSame = new McpHttpClient(job.echoSameUrl);
  const out: ScenarioLatency[] = [];
  try {
    for (const s of job.scenarios) {
      const floor = await prepareFloor(c, s.floor);
      const res: ScenarioLatency = { name: s.name, tool: s.tool, reps: [], iters: job.iters, gramCpuMs: 0, gramCalls: 0, errors: 0, extraToolCalls: 1 };
      await primeMinimal(mcp, echoSame, job, s);
      // The three measurements run one after another, so the worker's CPU between these two
      // readings is the bare gramjs call's alone (nothing else of the worker runs meanwhile).
      const gramFloor = async () => {
        const c0 = process.cpuUsage();
        await floor();
        const c = process.cpuUsage(c0);
        res.gramCpuMs += (c.user + c.system) / 1000;
        res.gramCalls++;
      };
      let toolErr: string | undefined;
      const callTool = async () => {
        const r = await mcp.callTool(s.tool, s.args, job.token);
        if (!r.ok) {
          res.errors++;
          toolErr ??= r.error;
        }
      };
      const callEcho = async () => {
        const r = await echo.callTool("echo", { text: "x" });
        if (!r.ok) throw new Error(`echo failed: ${r.error}`);
      };
      // Not timed: only its server's CPU is read (bench/run.ts).
      const callEchoSame = async () => {
        const r = await echoSame.callTool("replay", {});
        if (!r.ok) throw new Error(`replay echo failed: ${r.error}`);
      };
      const w0 = process.hrtime.bigint();
      for (let i = 0; i < job.warmup; i++) {
        await callTool();
        await callEcho();
        await gramFloor();
        await callEchoSame();
      }
      const perIter = msSince(w0) / Math.max(1, job.warmup);
      res.iters = Math.max(job.minIters, Math.min(job.iters, Math.floor(job.budgetMs / job.reps / perIter)));
      res.errors = 0; // warm-up failures are reported only if they persist
      toolErr = undefined;
      for (let r = 0; r < job.reps; r++) {
        const tool: number[] = [];
        const ech: number[] = [];
        const gram: number[] = [];
        const fl: number[] = [];
        for (let i = 0; i < res.iters; i++) {
          // Rotate the order so none of them always runs right after another's GC.
          const order = i % 4;
          let t = 0;
          let e = 0;
          let g = 0;
          for (let k = 0; k < 4; k++) {
            const which = (order + k) % 4;
            if (which === 0) t = await timed(callTool);
            else if (which === 1) e = await timed(callEcho);
            else if (which === 2) g = await timed(gramFloor);
            else await callEchoSame();
          }
          tool.push(t);
          ech.push(e);
          gram.push(g);
          fl.push(e + g);
        }
        res.reps.push({ tool: pcts(tool), echo: pcts(ech), gram: pcts(gram), floor: pcts(fl) });
      }
      if (toolErr) res.firstError = toolErr;
      out.push(res);
    }
  } finally {
    await mcp.close();
    await echo.close();
    await echoSame.close();
  }
  return out;
}

export interface ThroughputJob {
  mcpUrl: string;
  tool: string;
  /** One entry per account: its token and the arguments it calls the tool with. */
  accounts: Array<{ token?: string; args: Record<string, unknown> }>;
  concurrency: number;
  durationMs: number;
  warmupMs: number;
  reps: number;
}

export interface ThroughputRep {
  calls: number;
  errors: number;
  seconds: number;
  rps: number;
  latency: Pcts;
}

async function throughput(job: ThroughputJob): Promise<{ reps: ThroughputRep[]; allCalls: number; firstError?: string }> {
  const mcp = new McpHttpClient(job.mcpUrl, { connections: job.concurrency });
  let firstError: string | undefined;
  let next = 0;
  const runFor = async (ms: number): Promise<ThroughputRep> => {
    const lat: number[] = [];
    let calls = 0;
    let errors = 0;
    const start = process.hrtime.bigint();
    const deadline = performance.now() + ms;
    const worker = async () => {
      while (performance.now() < deadline) {
        const a = job.accounts[next++ % job.accounts.length]!;
        const t = process.hrtime.bigint();
        const r = await mcp.callTool(job.tool, a.args, a.token);
        lat.push(msSince(t));
        calls++;
        if (!r.ok) {
          errors++;
          firstError ??= r.error;
        }
      }
    };
    await Promise.all(Array.from({ length: job.concurrency }, worker));
    const seconds = msSince(start) / 1000;
    return { calls, errors, seconds, rps: calls / seconds, latency: pcts(lat) };
  };
  try {
    const warm = job.warmupMs > 0 ? (await runFor(job.warmupMs)).calls : 0;
    firstError = undefined;
    const reps: ThroughputRep[] = [];
    for (let r = 0; r < job.reps; r++) reps.push(await runFor(job.durationMs));
    return { reps, allCalls: warm + reps.reduce((a, x) => a + x.calls, 0), ...(firstError ? { firstError } : {}) };
  } finally {
    await mcp.close();
  }
}

export interface CallsJob {
  mcpUrl: string;
  tool: string;
  calls: Array<{ token?: string; args: Record<string, unknown> }>;
  /** Calls in flight at once (default 1). */
  concurrency?: number;
}

async function calls(job: CallsJob): Promise<{ ms: number[]; errors: number; firstError?: string }> {
  const conc = job.concurrency ?? 1;
  const mcp = new McpHttpClient(job.mcpUrl, { connections: conc });
  const ms: number[] = new Array(job.calls.length);
  let errors = 0;
  let firstError: string | undefined;
  let i = 0;
  try {
    const worker = async () => {
      while (i < job.calls.length) {
        const k = i++;
        const c = job.calls[k]!;
        const t = process.hrtime.bigint();
        const r = await mcp.callTool(job.tool, c.args, c.token);
        ms[k] = msSince(t);
        if (!r.ok) {
          errors++;
          firstError ??= r.error;
        }
      }
    };
    await Promise.all(Array.from({ length: conc }, worker));
  } finally {
    await mcp.close();
  }
  return { ms, errors, ...(firstError ? { firstError } : {}) };
}

export interface ConstructResult {
  tools: number;
  /** prepareTools(): once at start-up (schemas converted and compiled). */
  prepareMs: number;
  /** Per repetition, microseconds per construction. */
  reps: Array<{ server: Pcts; serverAndTransport: Pcts; echoServerAndTransport: Pcts }>;
}

/** Per-request cost of tgmcp's stateless MCP server: createMcpServer(), then with the transport connected. */
async function construct({ n, reps }: { n: number; reps: number }): Promise<ConstructResult> {
  const { TOOLS } = await import("../services/mcp/registry.js");
  const { prepareTools, createMcpServer } = await import("../services/mcp/server-factory.js");
  const { NodeStreamableHTTPServerTransport } = await import("@modelcontextprotocol/node");
  const { McpServer } = await import("@modelcontextprotocol/server");
  const t0 = process.hrtime.bigint();
  const catalog = prepareTools(TOOLS);
  const prepareMs = msSince(t0);
  const binding = {
    context: async (): Promise<never> => {
      throw new Error("not called: construction only");
    },
  };
  const us = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e3;
  const serverOnly = () => {
    const t = process.hrtime.bigint();
    createMcpServer(catalog, binding);
    return us(t);
  };
  const withTransport = async () => {
    const t = process.hrtime.bigint();
    const server = createMcpServer(catalog, binding);
    const transport = new NodeStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    const d = us(t);
    await transport.close();
    await server.close();
    return d;
  };
  const echoWithTransport = async () => {
    const t = process.hrtime.bigint();
    const server = new McpServer({ name: "echo", version: "1.0.0" }, { capabilities: { tools: { listChanged: false } } });
    server.registerTool("echo", { description: "Returns its input." }, async () => ({ content: [{ type: "text", text: "" }] }));
    const transport = new NodeStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    const d = us(t);
    await transport.close();
    await server.close();
    return d;
  };
  for (let i = 0; i < Math.min(200, n); i++) {
    serverOnly();
    await withTransport();
    await echoWithTransport();
  }
  const out: ConstructResult["reps"] = [];
  for (let r = 0; r < reps; r++) {
    const a: number[] = [];
    const b: number[] = [];
    const c: number[] = [];
    for (let i = 0; i < n; i++) {
      a.push(serverOnly());
      b.push(await withTransport());
      c.push(await echoWithTransport());
    }
    out.push({ server: pcts(a), serverAndTransport: pcts(b), echoServerAndTransport: pcts(c) });
  }
  return { tools: catalog.tools.length, prepareMs, reps: out };
}

export interface FloorCpuJob {
  backend: BackendInfo;
  session: string;
  floor: FloorCall[];
  calls: number;
}

/**
 * A scenario's bare gramjs calls, one after another, in a worker that does nothing else: run.ts
 * reads this process's CPU around the job, so the gramjs client's cost includes the garbage
 * collection its answers cause (the latency job's in-process reading misses a collection that
 * lands during another call).
 */
async function floorCpu(job: FloorCpuJob): Promise<number> {
  const c = await telegram(job.backend, job.session);
  const floor = await prepareFloor(c, job.floor);
  for (let i = 0; i < job.calls; i++) await floor();
  return job.calls;
}

const operations = { latency, prime, burst, throughput, calls, construct, floorCpu };
/** The orchestrator's requests (run.ts types its Child with this). */
export type WorkerOps = typeof operations;
serve(operations);
process.send!({ type: "ready" });
const stop = async () => {
  await client?.destroy().catch(() => {});
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("disconnect", stop);
