// The round-trip phase (issue #19, part 2): every tool against a sandbox that answers RTT late, as
// Telegram does (SANDBOX_RTT_MS). Its own sandbox process with the demo world (forum, comments,
// files, reactions: what the wave-2 tools need) and its own tgmcp server. Per scenario:
// - sequential round trips, counted from the sandbox's timeline of the call's RPCs (round-trips.ts);
// - the RPCs (the RPC budget of the wave-2 tools, issue #17, is asserted from the same calls);
// - p50 of the call's time over MCP/HTTP, checked against count x RTT + 10%.
// The first call of an account (connect + initConnection + the call) is reported on its own.
import os from "node:os";
import path from "node:path";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { Api } from "telegram";
import bigInt from "big-integer";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import { bareSandboxClient } from "./sandbox-client.js";
import { Child } from "./ipc.js";
import { McpHttpClient } from "./mcp-client.js";
import type { BenchPlan } from "./plan.js";
import { median, round } from "./stats.js";
import { startTgmcp } from "./tgmcp-process.js";
import { sandboxServiceMs, waves, type TimedRpc } from "./round-trips.js";
import type { SandboxOps } from "../sandbox-runner.js";

export interface RttScenarioRow {
  scenario: string;
  tool: string;
  /** The minimum the tool's Telegram calls allow (issue #19). */
  target_round_trips: number;
  /** Counted: the most over the iterations. */
  sequential_round_trips: number;
  /** The methods of each wave, from the last iteration. */
  waves: string[][];
  p50_ms: number;
  /** sequential_round_trips x RTT + 10%. */
  bound_ms: number;
  within_bound: boolean;
  /** p50 of the sandbox's own time on the critical path (round-trips.ts sandboxServiceMs): on Telegram it is inside the RTT. */
  sandbox_ms: number;
  /** p50 of what is left beyond the RTTs and the sandbox's time: tgmcp, the bench's client and loopback. */
  client_side_ms: number;
  /** p50 of (time − the sandbox's time) within the bound: the bound as it applies to tgmcp. */
  within_bound_without_sandbox: boolean;
  /** RPCs per call (the most over the iterations) and the budget (issue #17). */
  rpcs: number;
  expected_rpcs: number;
  byMethod: Record<string, number>;
  iterations: number;
  ok: boolean;
  error?: string;
}

export interface RoundTripResults {
  rtt: {
    rtt_ms: number;
    world: string;
    /** Per tool: its warm (cached-chat) scenario's numbers; cold and heavier variants are in `scenarios`. */
    per_tool: Record<string, { sequential_round_trips: number; p50_ms: number }>;
    scenarios: RttScenarioRow[];
    /**
     * A bare gramjs client's calls against the same RTT (no tgmcp, no MCP): what a Telegram client
     * spends beyond the RTT by itself. `sandbox_ms` is the sandbox's own time (inside the RTT on Telegram).
     */
    gramjs_floor: Array<{ call: string; p50_ms: number; beyond_rtt_ms: number; sandbox_ms: number }>;
  };
  first_call: {
    ms: number;
    sequential_round_trips: number;
    rpcs: number;
    byMethod: Record<string, number>;
    waves: string[][];
    /**
     * The first call as a client makes it: initialize (which connects the account in the
     * background, SessionPool.warm), then the model's turn (`think_ms`), then the call.
     */
    after_initialize: { think_ms: number; ms: number; sequential_round_trips: number; rpcs: number; waves: string[][] };
  };
  /** The wave-2 tools' rows for the RPC-budget table (run.ts's `rpc.scenarios`). */
  budgetRows: Array<{ scenario: string; tool: string; args: Record<string, unknown>; expected: number; actual: number; byMethod: Record<string, number>; ok: boolean; error?: string }>;
  errors: string[];
}

interface Scenario {
  name: string;
  tool: string;
  /** Arguments, or a function preparing them (setup calls are not counted). */
  args: Record<string, unknown> | (() => Promise<Record<string, unknown>>);
  target: number;
  rpcs: number;
  /** Measured once (a cold chat), not repeated. */
  once?: boolean;
  /** This tool's row in per_tool. */
  primary?: boolean;
  /** A wave-2 tool's RPC budget (issue #17): also a row of the RPC-budget table. */
  budget?: boolean;
}

const TINY_PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

/** Ids of messages in a tool result (send_message, forward_messages). */
function messageIds(structured: unknown): number[] {
  const s = structured as { id?: unknown; messages?: Array<{ id?: unknown }> } | undefined;
  if (typeof s?.id === "number") return [s.id];
  return (s?.messages ?? []).map((m) => m.id).filter((x): x is number => typeof x === "number");
}

export async function measureRoundTrips(opts: { quick: boolean; log: (msg: string) => void; track: (c: { stop(): Promise<void> }) => void }): Promise<RoundTripResults> {
  const rttMs = opts.quick ? 50 : 100;
  const iterations = opts.quick ? 3 : 7;
  const errors: string[] = [];
  const work = mkdtempSync(path.join(os.tmpdir(), "tgmcp-bench-rtt-"));
  const sandbox = new Child<SandboxOps>("sandbox-runner.ts", ["--demo", "--accounts", "1", "--rtt-ms", String(rttMs)]);
  opts.track(sandbox);
  try {
    await sandbox.whenReady();
    const info = await sandbox.call("info");
    const plan: BenchPlan = info.plan;
    const me = plan.mainUserId;
    const infoFile = path.join(work, "sandbox.json");
    writeFileSync(infoFile, JSON.stringify({ host: info.host, port: info.port, dcId: 2, rsaPublicKey: info.rsaPublicKey }), { mode: 0o600 });
    const sessionDir = path.join(work, "sessions");
    mkdirSync(sessionDir, { mode: 0o700 });
    const [session] = await sandbox.call("sessions", { userIds: [me] });
    const store = new FileAccountStore({ dir: sessionDir });
    const { token } = await store.createAccount({ session: session!, label: "bench rtt" });
    // A second account of the same user (its own auth key), for the first call after initialize.
    const [session2] = await sandbox.call("sessions", { userIds: [me] });
    const { token: token2 } = await store.createAccount({ session: session2!, label: "bench rtt, opened by initialize" });
    const server = await startTgmcp({
      env: { SERVER_MODE: "http-auth", BACKEND: "sandbox", SANDBOX_INFO_FILE: infoFile, SESSION_DIR: sessionDir, MAX_IDLE_TIME: "0", RATE_LIMIT_MAX: "1000000000", LOG_LEVEL: "warn" },
      workDir: work,
      logName: "tgmcp-rtt.log",
    });
    opts.track(server);
    const mcp = new McpHttpClient(server.url);
    try {
      const call = async (tool: string, args: Record<string, unknown>) => {
        const r = await mcp.callTool(tool, args, token);
        if (!r.ok) throw new Error(`${tool} ${JSON.stringify(args)}: ${r.error}`);
        return r.structured;
      };
      /** One measured call: time, then the sandbox's timeline of its RPCs. */
      const measured = async (tool: string, args: Record<string, unknown>, as = token) => {
        await sandbox.call("reset");
        const t0 = performance.now();
        const r = await mcp.callTool(tool, args, as);
        const ms = performance.now() - t0;
        const timeline: TimedRpc[] = await sandbox.call("timeline", { userId: me });
        const byMethod: Record<string, number> = {};
        for (const e of timeline) byMethod[e.method] = (byMethod[e.method] ?? 0) + 1;
        return { ok: r.ok, error: r.error, structured: r.structured, ms, rpcs: timeline.length, byMethod, waves: waves(timeline, rttMs), sandboxMs: sandboxServiceMs(timeline, rttMs) };
      };

      // ---------------------------------------------------------------- first call
      await sandbox.call("reset");
      const first = await measured("search_messages_in_chat", { chat_id: "me", limit: 1 });
      if (!first.ok) throw new Error(`first call failed: ${first.error}`);
      // As clients do it: initialize, tools/list, the model's turn, then the call.
      const thinkMs = 1000;
      const init = await mcp.rpc("initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench-rtt", version: "1" } }, token2);
      if (!init.result) throw new Error(`initialize failed: ${JSON.stringify(init).slice(0, 300)}`);
      await mcp.rpc("tools/list", {}, token2);
      await new Promise((r) => setTimeout(r, thinkMs));
      const opened = await measured("search_messages_in_chat", { chat_id: "me", limit: 1 }, token2);
      if (!opened.ok) throw new Error(`first call after initialize failed: ${opened.error}`);
      const first_call = {
        ms: round(first.ms, 1),
        sequential_round_trips: first.waves.length,
        rpcs: first.rpcs,
        byMethod: first.byMethod,
        waves: first.waves,
        after_initialize: { think_ms: thinkMs, ms: round(opened.ms, 1), sequential_round_trips: opened.waves.length, rpcs: opened.rpcs, waves: opened.waves },
      };
      opts.log(`round trips (RTT ${rttMs} ms, demo world): first call ${first_call.ms} ms, ${first_call.sequential_round_trips} sequential round trips (${first.waves.map((w) => w.join("+")).join(" → ")}); after initialize and ${thinkMs} ms: ${first_call.after_initialize.ms} ms, ${opened.waves.length} round trip(s)`);

      // ---------------------------------------------------------------- scenarios
      const c = plan.chat;
      const cold = plan.coldChats.find((x) => x.kind === "channel") ?? plan.coldChats[0];
      const peer = plan.peer.ref;
      const doc = await sandbox.call("documentMessage", { maxBytes: 256 * 1024 });
      // Warm the chats the warm scenarios use (resolution is cached from then on).
      for (const ref of [c.ref, peer]) await call("get_chat_info", { chat_id: ref });
      if (doc) await call("read_messages", { chat_id: Number(doc.chat_id), message_ids: [doc.message_id] });
      const sendToSelf = async (text: string) => messageIds(await call("send_message", { chat_id: "me", message: text }))[0]!;
      const sendToPeer = async (text: string) => messageIds(await call("send_message", { chat_id: peer, message: text }))[0]!;
      const scenarios: Scenario[] = [];
      const add = (s: Scenario) => scenarios.push(s);
      if (cold) add({ name: "search_messages_in_chat, a cold @username (resolve, then search)", tool: "search_messages_in_chat", args: { chat_id: cold.ref, query: plan.terms.one }, target: 2, rpcs: 2, once: true });
      add({ name: "search_messages_in_chat 1 term (cached chat)", tool: "search_messages_in_chat", args: { chat_id: c.ref, query: "the" }, target: 1, rpcs: 1, primary: true });
      add({ name: "search_messages_in_chat 3 terms (in parallel)", tool: "search_messages_in_chat", args: { chat_id: c.ref, query: "the, launch, budget" }, target: 1, rpcs: 3 });
      add({ name: "search_messages_globally 3 terms (in parallel)", tool: "search_messages_globally", args: { query: "the, launch, budget" }, target: 1, rpcs: 3, primary: true });
      add({ name: "find_chats 3 terms (in parallel)", tool: "find_chats", args: { query: plan.findTerms.three }, target: 1, rpcs: 3, primary: true });
      add({ name: "read_messages 3 ids (cached chat)", tool: "read_messages", args: { chat_id: c.ref, message_ids: c.topIds }, target: 1, rpcs: 1, primary: true });
      add({ name: "get_chat_info channel (cached)", tool: "get_chat_info", args: { chat_id: c.ref }, target: 1, rpcs: 1, primary: true });
      add({ name: "get_chat_info user (cached: full + common chats)", tool: "get_chat_info", args: { chat_id: peer }, target: 1, rpcs: 2 });
      add({ name: "send_message (cached chat)", tool: "send_message", args: { chat_id: peer, message: "bench: round trips" }, target: 1, rpcs: 1, primary: true });
      add({ name: "send_message with 1 file (upload, then send)", tool: "send_message", args: { chat_id: "me", message: "a file", files: TINY_PNG }, target: 2, rpcs: 2 });
      add({ name: "send_message with 2 files (album: uploads in parallel)", tool: "send_message", args: { chat_id: "me", message: "an album", files: [TINY_PNG, TINY_PNG] }, target: 3, rpcs: 5 });
      add({ name: "list_chats (one GetDialogs page)", tool: "list_chats", args: { limit: 20 }, target: 1, rpcs: 1, primary: true, budget: true });
      add({ name: "list_chats unread_only", tool: "list_chats", args: { limit: 20, unread_only: true }, target: 1, rpcs: 1, budget: true });
      add({ name: "mark_read (cached chat)", tool: "mark_read", args: { chat_id: c.ref }, target: 1, rpcs: 1, primary: true, budget: true });
      add({
        name: "forward_messages (cached chats)",
        tool: "forward_messages",
        args: async () => ({ from_chat_id: "me", message_ids: [await sendToSelf("to forward")], to_chat_id: peer }),
        target: 1,
        rpcs: 1,
        primary: true,
        budget: true,
      });
      add({ name: "send_reaction (cached chat)", tool: "send_reaction", args: async () => ({ chat_id: peer, message_id: await sendToPeer("react to me"), reaction: "👍" }), target: 1, rpcs: 1, primary: true, budget: true });
      add({ name: "pin_message (cached chat)", tool: "pin_message", args: async () => ({ chat_id: peer, message_id: await sendToPeer("pin me") }), target: 1, rpcs: 1, primary: true, budget: true });
      // Two calls by design: private-chat and basic-group ids are account-wide and messages.deleteMessages
      // names no chat, so the ids are read first to delete only this chat's (services/telegram/actions.ts).
      add({ name: "delete_messages (read the ids, then delete)", tool: "delete_messages", args: async () => ({ chat_id: peer, message_ids: [await sendToPeer("delete me")] }), target: 2, rpcs: 2, primary: true, budget: true });
      add({
        name: "search_messages_in_chat around a message (context 3)",
        tool: "search_messages_in_chat",
        args: { chat_id: c.ref, around_message_id: c.topIds[2] ?? c.topIds[0], context: 3 },
        target: 1,
        rpcs: 2,
        budget: true,
      });
      if (doc) {
        // One call per file part; the message is read first (its file reference and DC).
        const parts = Math.max(1, Math.ceil(doc.size / (512 * 1024)));
        add({ name: `download_media (${doc.mime}, ${doc.size} bytes: ${parts} part${parts > 1 ? "s" : ""})`, tool: "download_media", args: { chat_id: Number(doc.chat_id), message_id: doc.message_id }, target: 1 + parts, rpcs: 1 + parts, primary: true, budget: true });
      } else errors.push("round trips: the world has no document for download_media");

      const rows: RttScenarioRow[] = [];
      for (const s of scenarios) {
        const n = s.once ? 1 : iterations;
        const ms: number[] = [];
        const sandboxMs: number[] = [];
        let rt = 0;
        let rpcs = 0;
        let byMethod: Record<string, number> = {};
        let lastWaves: string[][] = [];
        let error: string | undefined;
        for (let i = 0; i < n && !error; i++) {
          let args: Record<string, unknown>;
          try {
            args = typeof s.args === "function" ? await s.args() : s.args;
          } catch (err) {
            error = `setup: ${(err as Error).message}`;
            break;
          }
          const m = await measured(s.tool, args);
          if (!m.ok) {
            error = m.error;
            break;
          }
          ms.push(m.ms);
          sandboxMs.push(m.sandboxMs);
          rt = Math.max(rt, m.waves.length);
          if (m.rpcs >= rpcs) {
            rpcs = m.rpcs;
            byMethod = m.byMethod;
          }
          lastWaves = m.waves;
        }
        const p50 = ms.length ? round(median(ms), 1) : NaN;
        const bound = round(rt * rttMs * 1.1, 1);
        const withoutSandbox = ms.map((x, i) => x - sandboxMs[i]!);
        const row: RttScenarioRow = {
          scenario: s.name,
          tool: s.tool,
          target_round_trips: s.target,
          sequential_round_trips: rt,
          waves: lastWaves,
          p50_ms: p50,
          bound_ms: bound,
          within_bound: p50 <= bound,
          sandbox_ms: ms.length ? round(median(sandboxMs), 1) : NaN,
          client_side_ms: ms.length ? round(median(withoutSandbox) - rt * rttMs, 1) : NaN,
          within_bound_without_sandbox: ms.length > 0 && median(withoutSandbox) <= bound,
          rpcs,
          expected_rpcs: s.rpcs,
          byMethod,
          iterations: ms.length,
          ok: !error && rt <= s.target && rpcs <= s.rpcs,
          ...(error ? { error } : {}),
        };
        if (error) errors.push(`round trips "${s.name}": ${error}`);
        rows.push(row);
        opts.log(`  ${s.name}: ${rt} round trip(s) (target ${s.target}), ${rpcs} RPCs, p50 ${p50} ms (sandbox ${row.sandbox_ms} ms, tgmcp + client ${row.client_side_ms} ms beyond the RTTs)`);
      }
      // ---------------------------------------------------------------- the bare gramjs floor
      const [floorSession] = await sandbox.call("sessions", { userIds: [me] });
      const bare = bareSandboxClient(info, floorSession!);
      const gramjs_floor: RoundTripResults["rtt"]["gramjs_floor"] = [];
      try {
        await bare.connect();
        const chatPeer = await bare.getInputEntity(c.ref);
        const floorCalls: Array<[string, () => Promise<unknown>]> = [
          ["users.GetUsers (self)", () => bare.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }))],
          [
            `messages.Search "the", limit 50 (the search row's call)`,
            () => bare.invoke(new Api.messages.Search({ peer: chatPeer, q: "the", filter: new Api.InputMessagesFilterEmpty(), minDate: 0, maxDate: 0, offsetId: 0, addOffset: 0, limit: 50, maxId: 0, minId: 0, hash: bigInt.zero })),
          ],
        ];
        for (const [name, fn] of floorCalls) {
          const ms: number[] = [];
          const svc: number[] = [];
          for (let i = 0; i < iterations * 2; i++) {
            await sandbox.call("reset");
            const t0 = performance.now();
            await fn();
            ms.push(performance.now() - t0);
            const tl: TimedRpc[] = await sandbox.call("timeline", { userId: me });
            svc.push(sandboxServiceMs(tl, rttMs));
          }
          gramjs_floor.push({ call: name, p50_ms: round(median(ms), 1), beyond_rtt_ms: round(median(ms) - rttMs, 1), sandbox_ms: round(median(svc), 1) });
        }
      } finally {
        await bare.destroy().catch(() => {});
      }

      const per_tool: RoundTripResults["rtt"]["per_tool"] = {};
      scenarios.forEach((s, i) => {
        if (s.primary && !per_tool[s.tool]) per_tool[s.tool] = { sequential_round_trips: rows[i]!.sequential_round_trips, p50_ms: rows[i]!.p50_ms };
      });
      const budgetRows = scenarios.flatMap((s, i) => {
        if (!s.budget) return [];
        const r = rows[i]!;
        const args = typeof s.args === "function" ? { note: "prepared per call (a fresh message)" } : s.args;
        return [{ scenario: `${r.scenario} [demo world]`, tool: s.tool, args, expected: s.rpcs, actual: r.rpcs, byMethod: r.byMethod, ok: !r.error && r.rpcs <= s.rpcs, ...(r.error ? { error: r.error } : {}) }];
      });
      return { rtt: { rtt_ms: rttMs, world: "demo", per_tool, scenarios: rows, gramjs_floor }, first_call, budgetRows, errors };
    } finally {
      await mcp.close();
      await server.stop();
    }
  } finally {
    await sandbox.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

const f = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : "-");

/** "a + b×3 → c": the methods of each wave, repeats counted. */
function wavesText(w: string[][]): string {
  return w
    .map((wave) => {
      const n = new Map<string, number>();
      for (const m of wave) n.set(m, (n.get(m) ?? 0) + 1);
      return [...n].map(([m, k]) => (k > 1 ? `${m}×${k}` : m)).join(" + ");
    })
    .join(" → ");
}

/** The report's table (the caller supplies its Markdown table helper). */
export function roundTripReport(r: RoundTripResults["rtt"], first: RoundTripResults["first_call"], table: (h: string[], rows: Array<Array<string | number>>) => string): string {
  const out = [
    `#### 8. Round trips against a Telegram-like RTT (sandbox answers ${r.rtt_ms} ms late; ${r.world} world)`,
    `First call of an account, sent cold (connect + initConnection + the call): ${f(first.ms)} ms, ${first.sequential_round_trips} sequential round trips, ${first.rpcs} RPCs (${wavesText(first.waves)}).`,
    `First call as clients make it (initialize, which connects the account in the background; tools/list; ${first.after_initialize.think_ms} ms for the model's turn; the call): ${f(first.after_initialize.ms)} ms, ${first.after_initialize.sequential_round_trips} sequential round trip(s), ${first.after_initialize.rpcs} RPC(s) (${wavesText(first.after_initialize.waves)}).`,
    "",
    table(
      ["scenario", "round trips", "target", "p50 ms", "beyond the RTTs", "sandbox", "tgmcp + client", "≤ bound ms", "without the sandbox", "RPCs", "budget", "waves", "ok"],
      r.scenarios.map((s) => [
        s.scenario,
        s.sequential_round_trips,
        s.target_round_trips,
        f(s.p50_ms),
        f(s.p50_ms - s.sequential_round_trips * r.rtt_ms),
        f(s.sandbox_ms),
        f(s.client_side_ms),
        `${s.within_bound ? "yes" : "NO"} (${f(s.bound_ms)})`,
        s.within_bound_without_sandbox ? "yes" : "NO",
        s.rpcs,
        s.expected_rpcs,
        wavesText(s.waves),
        s.ok ? "yes" : s.error ? "ERROR" : "NO",
      ]),
    ),
  ];
  if (r.gramjs_floor?.length) {
    out.push(
      "",
      "A bare gramjs client against the same RTT (no tgmcp): what a Telegram client spends beyond the RTT by itself.",
      table(
        ["call", "p50 ms", "beyond the RTT", "of it: sandbox"],
        r.gramjs_floor.map((g) => [g.call, f(g.p50_ms), f(g.beyond_rtt_ms), f(g.sandbox_ms)]),
      ),
    );
  }
  return out.join("\n");
}

// `node --import tsx bench/lib/rtt.ts [--quick]`: this phase alone (JSON on stdout).
if (import.meta.url === `file://${process.argv[1]}`) {
  const children: Array<{ stop(): Promise<void> }> = [];
  measureRoundTrips({ quick: process.argv.includes("--quick"), log: (m) => process.stderr.write(m + "\n"), track: (c) => children.push(c) }).then(
    (r) => process.stdout.write(JSON.stringify(r, null, 2) + "\n"),
    async (err) => {
      process.stderr.write(`${(err as Error).stack ?? err}\n`);
      for (const c of children.reverse()) await c.stop().catch(() => {});
      process.exitCode = 1;
    },
  );
}
