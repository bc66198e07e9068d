// Where a tool call's garbage comes from: V8's sampling heap profiler (objects later collected
// included) over N calls of one tool through tgmcp's whole HTTP path, by package and by function.
// The server and its MCP client (undici) run in this process, the sandbox in its own, so the
// sandbox's allocations are not counted. bench/README.md, "CPU per call: the true floor".
//   node --import tsx bench/lib/allocations.ts [calls=200] [search_messages_globally|search_messages_in_chat]
import { Session } from "node:inspector/promises";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import pino from "pino";
import type { Child } from "./ipc.js";
import { startSmallSandbox } from "./small-sandbox.js";
import type { SandboxOps } from "../sandbox-runner.js";
import { McpHttpClient } from "./mcp-client.js";
import { buildApp } from "../../app.js";
import { loadConfig } from "../../services/config/load.js";
import { loggerOptions } from "../../services/config/logging.js";
import { MemoryAccountStore } from "../../services/accounts/memory-store.js";
import { generateToken } from "../../services/accounts/tokens.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children: ProfileNode[];
}

const N = Number(process.argv[2] ?? 200);
const tool = process.argv[3] ?? "search_messages_globally";
const work = mkdtempSync(path.join(os.tmpdir(), "tgmcp-alloc-"));
let sandbox: Child<SandboxOps> | undefined;
try {
  const { plan, infoFile, session } = await startSmallSandbox(work, (c) => (sandbox = c));
  const store = new MemoryAccountStore();
  const token = generateToken();
  store.add({ id: "bench", token, session: session! });
  const loaded = loadConfig({ env: { SERVER_MODE: "http-auth", BACKEND: "sandbox", SANDBOX_INFO_FILE: infoFile, LOG_LEVEL: "info", RATE_LIMIT_MAX: "1000000000" }, envFile: false });
  if (!loaded.ok) throw new Error("bench config invalid");
  // Logs go to a file, as in the bench: writing the request line is part of a call.
  const loggerInstance = pino(loggerOptions(loaded.config), pino.destination({ dest: path.join(work, "tgmcp.log"), sync: true }));
  const app = await buildApp(loaded.config, { accountStore: store, loggerInstance, defaultMetrics: false });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const mcp = new McpHttpClient(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
  const args = tool === "search_messages_globally" ? { query: plan.terms.one } : { chat_id: plan.chat.ref };
  const call = async () => {
    const r = await mcp.callTool(tool, args, token);
    if (!r.ok) throw new Error(`${tool}: ${r.error}`);
  };
  for (let i = 0; i < 50; i++) await call(); // warm: the chat resolved, code optimized

  const inspector = new Session();
  inspector.connect();
  await inspector.post("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  for (let i = 0; i < N; i++) await call();
  // @types/node's SamplingHeapProfile lacks the samples and node ids V8 sends.
  const { profile } = (await inspector.post("HeapProfiler.stopSampling")) as unknown as { profile: { head: ProfileNode; samples: Array<{ nodeId: number; size: number }> } };
  inspector.disconnect();

  // Each sample goes to the nearest frame outside Node's own code, and to that frame's package.
  const bytesOf = new Map<number, number>();
  for (const s of profile.samples) bytesOf.set(s.nodeId, (bytesOf.get(s.nodeId) ?? 0) + s.size);
  const byFn = new Map<string, number>();
  const byPkg = new Map<string, number>();
  let total = 0;
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const where = (url: string) => url.replace(/.*node_modules\//, "").replace(/^file:\/\/.*?\/(services|routes|plugins|bench|sandbox)\//, "$1/");
  const walk = (n: ProfileNode, owner: ProfileNode | undefined) => {
    const f = n.callFrame;
    const mine = f.url && !f.url.startsWith("node:") ? n : owner;
    const bytes = bytesOf.get(n.id) ?? 0;
    if (bytes) {
      total += bytes;
      const u = mine ? where(mine.callFrame.url) : "";
      add(byFn, mine ? `${mine.callFrame.functionName || "(anonymous)"} ${u}:${mine.callFrame.lineNumber + 1}` : "(node internals)", bytes);
      add(byPkg, u ? u.split("/").slice(0, u.startsWith("@") ? 2 : u.startsWith("services/") ? 2 : 1).join("/") : "(node internals)", bytes);
    }
    for (const c of n.children) walk(c, mine);
  };
  walk(profile.head, undefined);
  const kb = (v: number) => (v / N / 1024).toFixed(1).padStart(8) + " KB";
  console.log(`${tool} ${JSON.stringify(args)}: ${kb(total).trim()} allocated per call (server and client), sampled every 4 KB`);
  console.log("\nby package:");
  for (const [k, v] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${kb(v)}  ${k}`);
  console.log("\nby function:");
  for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${kb(v)}  ${k}`);
  await mcp.close();
  await app.close();
} finally {
  sandbox?.proc.kill();
  rmSync(work, { recursive: true, force: true });
}
