// CPU per call of the real server (its own process, HTTP, bearer auth, a sandbox in another
// process) while busy and right after it has idled: an assistant's server spends most of its time
// between turns, and V8 runs a memory-reducing full GC once a process has been idle for a while,
// which changes what the next calls cost (bench/README.md, "The peer cache and the garbage
// collector"). Cycles of: a batch of calls, an idle pause, two batches.
//   node --import tsx bench/lib/after-idle.ts [search_messages_globally|search_messages_in_chat|get_chat_info] [idle s = 35] [cycles = 3]
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { cpuMsOf, type Child } from "./ipc.js";
import { startSmallSandbox } from "./small-sandbox.js";
import { startTgmcp } from "./tgmcp-process.js";
import { McpHttpClient } from "./mcp-client.js";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import type { SandboxOps } from "../sandbox-runner.js";

const tool = process.argv[2] ?? "search_messages_globally";
const idleMs = Number(process.argv[3] ?? 35) * 1000;
const cycles = Number(process.argv[4] ?? 3);
const CALLS = 300;

const work = mkdtempSync(path.join(os.tmpdir(), "tgmcp-after-idle-"));
let sandbox: Child<SandboxOps> | undefined;
try {
  const { plan, infoFile, session } = await startSmallSandbox(work, (c) => (sandbox = c));
  const sessionDir = path.join(work, "sessions");
  mkdirSync(sessionDir, { mode: 0o700 });
  const { token } = await new FileAccountStore({ dir: sessionDir }).createAccount({ session, label: "after-idle" });
  const env = { SERVER_MODE: "http-auth", BACKEND: "sandbox", SANDBOX_INFO_FILE: infoFile, SESSION_DIR: sessionDir, MAX_IDLE_TIME: "0", RATE_LIMIT_MAX: "1000000000", LOG_LEVEL: "info" };
  const server = await startTgmcp({ env, workDir: work, logName: "tgmcp.log" });
  const mcp = new McpHttpClient(server.url);
  const args = tool === "search_messages_globally" ? { query: plan.terms.one } : { chat_id: plan.chat.ref };
  const batch = async (): Promise<number> => {
    const c0 = await cpuMsOf(server.pid);
    for (let i = 0; i < CALLS; i++) {
      const r = await mcp.callTool(tool, args, token);
      if (!r.ok) throw new Error(`${tool}: ${r.error}`);
    }
    return ((await cpuMsOf(server.pid)) - c0) / CALLS;
  };
  try {
    await batch(); // warm
    console.log(`${tool} ${JSON.stringify(args)}: server CPU ms per call, ${CALLS} calls per batch, idle ${idleMs / 1000} s`);
    for (let c = 1; c <= cycles; c++) {
      const busy = await batch();
      await new Promise((r) => setTimeout(r, idleMs));
      const first = await batch();
      const second = await batch();
      console.log(`cycle ${c}: busy ${busy.toFixed(2)}; after the idle pause ${first.toFixed(2)}, then ${second.toFixed(2)}`);
    }
  } finally {
    await mcp.close();
    await server.stop();
  }
} finally {
  sandbox?.proc.kill();
  rmSync(work, { recursive: true, force: true });
}
