// Prometheus metrics (prom-client) in the app's own Registry, so several apps in one
// process (tests) never share counters. Other code records through `fastify.metrics`:
//   fastify.metrics.observeTool(name, outcome, seconds)      MCP tools
//   fastify.metrics.observeRpc(method, outcome, seconds)     Telegram RPCs (session pool)
//   fastify.metrics.observeFloodWait(method, seconds)
//   fastify.metrics.observeEviction(reason)
//   fastify.metrics.observeAction(outcome)                  the send gate (allowed, confirmed, declined, refused, drafted)
import fp from "fastify-plugin";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

// prom-client samples event-loop lag with a libuv timer, every 10 ms by default: 100 wake-ups a
// second that cost an idle server about 8 ms of CPU per second on the bench machine
// (bench/README.md, "An idle server's CPU"). Every 100 ms still shows a blocked loop in the lag
// histogram and costs about 1 ms per second.
const EVENT_LOOP_LAG_SAMPLE_MS = 100;

const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export type ToolOutcome = "ok" | "error" | string;

export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<"method" | "route" | "status_code">;
  readonly toolCalls: Counter<"tool" | "outcome">;
  readonly toolDuration: Histogram<"tool" | "outcome">;
  readonly rpcCalls: Counter<"method" | "outcome">;
  readonly rpcDuration: Histogram<"method">;
  readonly floodWaits: Counter<"method">;
  readonly floodWaitSeconds: Counter<"method">;
  readonly activeSessions: Gauge;
  readonly maxSessions: Gauge;
  readonly evictions: Counter<"reason">;
  readonly authFailures: Counter;
  readonly rateLimited: Counter<"scope">;
  readonly actions: Counter<"outcome">;
  private sessionSource: (() => { active: number; max: number }) | undefined;

  constructor(info: { version: string; mode: string; backend: string }, opts: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: "tgmcp_", eventLoopMonitoringPrecision: EVENT_LOOP_LAG_SAMPLE_MS });
    new Gauge({ name: "tgmcp_info", help: "Build and runtime information (always 1).", labelNames: ["version", "mode", "backend"], registers }).set(info, 1);
    this.httpDuration = new Histogram({
      name: "tgmcp_http_request_duration_seconds",
      help: "HTTP request duration by method, route pattern and status code.",
      labelNames: ["method", "route", "status_code"],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.toolCalls = new Counter({ name: "tgmcp_tool_calls_total", help: "MCP tool calls by tool and outcome.", labelNames: ["tool", "outcome"], registers });
    this.toolDuration = new Histogram({
      name: "tgmcp_tool_call_duration_seconds",
      help: "MCP tool call duration by tool and outcome.",
      labelNames: ["tool", "outcome"],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.rpcCalls = new Counter({ name: "tgmcp_telegram_rpc_total", help: "Telegram RPCs by method and outcome (ok, error, flood_wait, needs_setup).", labelNames: ["method", "outcome"], registers });
    this.rpcDuration = new Histogram({ name: "tgmcp_telegram_rpc_duration_seconds", help: "Telegram RPC duration by method.", labelNames: ["method"], buckets: DURATION_BUCKETS, registers });
    this.floodWaits = new Counter({ name: "tgmcp_telegram_flood_waits_total", help: "FloodWait errors received from Telegram, by method.", labelNames: ["method"], registers });
    this.floodWaitSeconds = new Counter({ name: "tgmcp_telegram_flood_wait_seconds_total", help: "Seconds of FloodWait demanded by Telegram, by method.", labelNames: ["method"], registers });
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    this.activeSessions = new Gauge({
      name: "tgmcp_active_sessions",
      help: "Connected Telegram clients in the session pool.",
      registers,
      collect() {
        if (self.sessionSource) this.set(self.sessionSource().active);
      },
    });
    this.maxSessions = new Gauge({
      name: "tgmcp_max_sessions",
      help: "Capacity of the session pool (MAX_ACTIVE_SESSIONS).",
      registers,
      collect() {
        if (self.sessionSource) this.set(self.sessionSource().max);
      },
    });
    this.evictions = new Counter({ name: "tgmcp_session_pool_evictions_total", help: "Clients removed from the session pool, by reason (lru, idle, revoked, broken, manual, shutdown).", labelNames: ["reason"], registers });
    this.authFailures = new Counter({ name: "tgmcp_auth_failures_total", help: "Rejected bearer tokens.", registers });
    this.actions = new Counter({
      name: "tgmcp_send_gate_actions_total",
      help: "Write and dangerous actions by the send gate's outcome: allowed (performed, no confirmation asked), confirmed (a person accepted), declined (a person declined), refused (SEND_MODE forbade it), drafted (saved as a draft).",
      labelNames: ["outcome"],
      registers,
    });
    this.rateLimited = new Counter({ name: "tgmcp_rate_limited_total", help: "Requests refused with 429, by limit (account, setup, auth_failures, oauth).", labelNames: ["scope"], registers });
  }

  observeTool(tool: string, outcome: ToolOutcome, seconds: number): void {
    this.toolCalls.inc({ tool, outcome });
    this.toolDuration.observe({ tool, outcome }, seconds);
  }

  observeRpc(method: string, outcome: string, seconds: number): void {
    this.rpcCalls.inc({ method, outcome });
    this.rpcDuration.observe({ method }, seconds);
  }

  observeFloodWait(method: string, seconds: number): void {
    this.floodWaits.inc({ method });
    this.floodWaitSeconds.inc({ method }, seconds);
  }

  observeAction(outcome: string): void {
    this.actions.inc({ outcome });
  }

  observeEviction(reason: string): void {
    this.evictions.inc({ reason });
  }

  /** The session pool registers where the session gauges read from. */
  setSessionSource(source: () => { active: number; max: number }): void {
    this.sessionSource = source;
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

declare module "fastify" {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

export interface MetricsPluginOptions {
  /** Process metrics (CPU, memory, event loop); on by default. */
  defaultMetrics?: boolean;
}

export default fp<MetricsPluginOptions>(
  async function metricsPlugin(fastify, opts) {
    const backend = fastify.telegramBackend.kind;
    const metrics = new Metrics({ version: fastify.tgmcpVersion, mode: fastify.config.SERVER_MODE, backend }, opts);
    fastify.decorate("metrics", metrics);
    fastify.addHook("onResponse", async (request, reply) => {
      // The route pattern (not the raw URL) keeps label cardinality bounded.
      const route = request.routeOptions.url ?? "unmatched";
      metrics.httpDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
  },
  { name: "metrics", fastify: "5.x", dependencies: ["config", "backend"] },
);
