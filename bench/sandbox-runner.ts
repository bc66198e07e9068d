// The sandbox data center in its own process, for the benchmark: builds a large generated world
// (or the demo world), starts the MTProto server on a loopback port, and answers the
// orchestrator over IPC: sessions for accounts, the RPC counters, resets, its own RSS.
//
// Args: --chats N --messages N [--users N] [--seed N] | --demo; [--flood off|on|overrides] (default off);
// [--rtt-ms N] (latency injection, for the round-trip phase)
import { parseArgs } from "node:util";
import { parseFloodOption, parseRttMs, Sandbox, type World } from "../sandbox/index.js";
import { buildDemoWorld } from "../sandbox/world/demo.js";
import { generateWorld, type GenerateOptions } from "../sandbox/world/generate.js";
import { serve } from "./lib/ipc.js";
import { makePlan, type BenchPlan } from "./lib/plan.js";

const { values } = parseArgs({
  options: {
    chats: { type: "string", default: "10000" },
    messages: { type: "string", default: "1000000" },
    users: { type: "string" },
    seed: { type: "string", default: "1" },
    accounts: { type: "string", default: "520" },
    demo: { type: "boolean", default: false },
    // Flood limits off by default: the benchmark measures throughput, and drives hundreds of calls
    // per account per minute on purpose. "on" (or overrides, see sandbox/README.md) to measure with them.
    flood: { type: "string", default: "off" },
    "rtt-ms": { type: "string", default: "0" },
  },
});

function buildWorld(): { world: World; how: string } {
  if (values.demo) return { world: buildDemoWorld(), how: "demo" };
  const opts: GenerateOptions = { chats: Number(values.chats), messages: Number(values.messages), seed: Number(values.seed) };
  if (values.users) opts.users = Number(values.users);
  return { world: generateWorld(opts), how: `generateWorld(${JSON.stringify(opts)})` };
}

/** The orchestrator's requests; run.ts reads their results through SandboxOps. */
function operations(sb: Sandbox, world: World, built: { how: string; buildMs: number }, plan: BenchPlan) {
  const { how, buildMs } = built;
  const key = sb.rsaPublicKey;
  return {
    info: () => ({
      host: sb.host,
      port: sb.port,
      rsaPublicKey: key ? { n: key.n.toString(16), e: key.e, fingerprint: key.fingerprint.toString() } : null,
      world: {
        how,
        buildMs,
        users: world.users.size,
        chats: world.convs.length,
        messages: world.store.length,
      },
      plan,
      rss: process.memoryUsage().rss,
    }),
    /** Session strings (pre-shared keys) for these users, in order. */
    sessions: async ({ userIds }: { userIds: number[] }) => {
      const out: string[] = [];
      for (const id of userIds) out.push(await sb.createSession(id));
      return out;
    },
    /** Per-method RPC counts, for one user or all. */
    counters: ({ userId }: { userId?: number }) => {
      const byMethod: Record<string, number> = {};
      const errors: Record<string, number> = {};
      for (const e of sb.rpcLog) {
        if (userId !== undefined && e.userId !== userId) continue;
        byMethod[e.method] = (byMethod[e.method] ?? 0) + 1;
        if (e.error) errors[`${e.method}:${e.error}`] = (errors[`${e.method}:${e.error}`] ?? 0) + 1;
      }
      return { byMethod, errors, total: Object.values(byMethod).reduce((a, b) => a + b, 0) };
    },
    /** The RPCs of one user since the last reset, in arrival order, with their times (ms, performance.now()). */
    timeline: ({ userId }: { userId: number }) =>
      sb.rpcLog.filter((e) => e.userId === userId).map((e) => ({ method: e.method, at: e.at, doneAt: e.doneAt ?? e.at, sentAt: e.sentAt ?? e.doneAt ?? e.at, ...(e.error ? { error: e.error } : {}) })),
    rttMs: () => sb.rttMs,
    /** A message of the main user's with a document (text or PDF) up to maxBytes: download_media's target. */
    documentMessage: ({ maxBytes }: { maxBytes: number }) => {
      const st = world.store;
      for (const idx of world.users.get(plan.mainUserId)!.dialogs) {
        const conv = world.convs[idx]!;
        for (let i = conv.count - 1; i >= 0; i--) {
          const row = conv.rows[i]!;
          const mediaId = st.media.get(row);
          const m = mediaId === undefined ? undefined : world.media.get(mediaId);
          if (m?.kind === "document" && m.size <= maxBytes && (m.mime === "application/pdf" || m.mime.startsWith("text/"))) {
            return { chat_id: String(world.peerKey(conv, plan.mainUserId)), message_id: st.id[row]!, size: m.size, mime: m.mime };
          }
        }
      }
      return null;
    },
    reset: () => {
      sb.resetCounters();
      return true;
    },
    connections: () => sb.connectionCount,
    rss: () => process.memoryUsage().rss,
    /** CPU ms used by this process so far (user + system). */
    cpu: () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    },
  };
}

export type SandboxOps = ReturnType<typeof operations>;

async function main(): Promise<void> {
  const t0 = performance.now();
  const { world, how } = buildWorld();
  const buildMs = performance.now() - t0;
  const sb = await Sandbox.start({ world, host: "127.0.0.1", port: 0, flood: parseFloodOption(values.flood), rttMs: parseRttMs(values["rtt-ms"]) });
  const plan = makePlan(world, Number(values.accounts));

  serve(operations(sb, world, { how, buildMs }, plan));

  process.send!({ type: "ready", port: sb.port });
  const stop = async () => {
    await sb.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("disconnect", stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
