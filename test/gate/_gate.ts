// Shared by the gate tests: the tool registry called through callTool (the MCP call path) with a
// real gramjs client on the sandbox, a chosen SEND_MODE, and an audit log in a temporary folder.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TelegramClient } from "telegram";
import type { Sandbox } from "../../sandbox/index.js";
import { AuditLog } from "../../services/audit/audit-log.js";
import { readAudit } from "../../services/audit/read.js";
import { TOOLS } from "../../services/mcp/registry.js";
import { callTool, prepareTools, type ToolBinding } from "../../services/mcp/server-factory.js";
import type { GateOutcome } from "../../services/mcp/send-gate.js";
import { createToolContext } from "../../services/mcp/tool-context.js";
import { createFileSender, resolveOptionsFromConfig } from "../../services/telegram/files/index.js";
import { makeConfig } from "../helpers/config.js";
import { sessionOf } from "../helpers/session.js";

export const catalog = prepareTools(TOOLS);
const quiet = { info() {}, warn() {}, error() {}, debug() {} };

interface Teardownable {
  teardown(fn: () => unknown): void;
}

export function tempDir(t: Teardownable, prefix = "tgmcp-gate-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface GateCaller {
  (name: string, args: unknown): Promise<{ ok: boolean; data: any; text: string }>;
  audit: AuditLog;
  outcomes: GateOutcome[];
  records(): Promise<any[]>;
}

export const ACCOUNT = "gate-account";

export function gateCaller(t: Teardownable, sb: Sandbox, client: TelegramClient, env: Record<string, string | number | boolean> = {}): GateCaller {
  const config = makeConfig({ FLOOD_SLEEP_THRESHOLD: 3, ...env });
  const session = sessionOf(client, { floodSleepThreshold: config.FLOOD_SLEEP_THRESHOLD });
  const files = createFileSender(resolveOptionsFromConfig(config));
  const account = { id: ACCOUNT, createdAt: "2026-01-01T00:00:00Z" };
  const dir = tempDir(t);
  const audit = new AuditLog({ dir, content: config.AUDIT_CONTENT, maxBytes: config.AUDIT_MAX_BYTES, keep: config.AUDIT_KEEP });
  const outcomes: GateOutcome[] = [];
  const binding: ToolBinding = {
    context: async (signal) => createToolContext({ session, account, config, signal, logger: quiet, files }),
    audit,
    observeAction: (o) => outcomes.push(o),
  };
  const call = (async (name: string, args: unknown) => {
    const tool = catalog.byName.get(name);
    if (!tool) throw new Error(`no tool ${name}`);
    const r = await callTool(tool, args, binding);
    const text = (r.content[0] as { text: string }).text;
    return { ok: !r.isError, data: r.isError ? JSON.parse(text) : r.structuredContent, text };
  }) as GateCaller;
  call.audit = audit;
  call.outcomes = outcomes;
  call.records = async () => (await readAudit(dir)).records;
  return call;
}
