// The small generated world (300 chats, 60,000 messages) that the bench's single-purpose tools
// (allocations.ts, after-idle.ts) run against: a sandbox in a process of its own, so its CPU and
// allocations are not counted with the server's, and its info file for SANDBOX_INFO_FILE.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { Child } from "./ipc.js";
import type { BenchPlan } from "./plan.js";
import type { SandboxOps } from "../sandbox-runner.js";

export interface SmallSandbox {
  sandbox: Child<SandboxOps>;
  plan: BenchPlan;
  /** The sandbox's address and key, written in `work` (SANDBOX_INFO_FILE). */
  infoFile: string;
  /** A logged-in session of the plan's main user. */
  session: string;
}

/** Starts the sandbox; the caller kills `sandbox.proc` when done (also when this throws: `onChild`). */
export async function startSmallSandbox(work: string, onChild: (c: Child<SandboxOps>) => void): Promise<SmallSandbox> {
  const sandbox = new Child<SandboxOps>("sandbox-runner.ts", ["--chats", "300", "--messages", "60000", "--accounts", "1"]);
  onChild(sandbox);
  await sandbox.whenReady();
  const info = await sandbox.call("info");
  const infoFile = path.join(work, "sandbox.json");
  writeFileSync(infoFile, JSON.stringify({ host: info.host, port: info.port, dcId: 2, rsaPublicKey: info.rsaPublicKey }), { mode: 0o600 });
  const [session] = await sandbox.call("sessions", { userIds: [info.plan.mainUserId] });
  return { sandbox, plan: info.plan, infoFile, session: session! };
}
