// Starts a `tgmcp serve` process (installed binary, `npm start`, ...) and talks to it the
// way a user's client does: /health with fetch, MCP as JSON-RPC POSTs to /mcp.
import { spawn, type ChildProcess } from "node:child_process";

interface Teardownable {
  teardown(fn: () => unknown): void;
}

export interface ServeProcess {
  child: ChildProcess;
  /** Base URL from the "listening" log line, e.g. http://127.0.0.1:40123 */
  url: string;
  output(): string;
  /** SIGTERM (to the process group), then the exit code. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Spawns `command args` in its own process group (npm start -> sh -> node: a signal must
 * reach every one) and resolves once a JSON log line announces the listening URL.
 */
export async function startServe(t: Teardownable, command: string, args: string[], opts: { cwd: string; env: Record<string, string>; timeoutMs?: number }): Promise<ServeProcess> {
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once("exit", (code, signal) => r({ code, signal })));
  const kill = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      /* already gone */
    }
  };
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      kill("SIGKILL");
      await exited;
    }
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" log line within ${opts.timeoutMs ?? 60_000} ms:\n${out}`)), opts.timeoutMs ?? 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      for (const line of out.split("\n")) {
        if (!line.startsWith("{")) continue;
        try {
          const j = JSON.parse(line);
          if (typeof j.url === "string" && typeof j.msg === "string" && j.msg.includes("listening")) {
            clearTimeout(timer);
            resolve(j.url);
            return;
          }
        } catch {
          /* a partial line */
        }
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (d) => (out += d.toString()));
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code ?? signal}) before listening:\n${out}`));
    });
  });
  return {
    child,
    url,
    output: () => out,
    async stop() {
      kill("SIGTERM");
      return exited;
    },
  };
}

let nextId = 1;

/** One JSON-RPC request to /mcp (stateless Streamable HTTP with JSON responses). */
export async function mcpRequest(base: string, method: string, params: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}/mcp`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2025-06-18", ...headers },
    body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params }),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: returned as text for the assertion message */
  }
  return { status: res.status, body };
}

/** initialize, then tools/call: what a client does on its first tool call. Returns the call's result. */
export async function callToolOverHttp(base: string, name: string, args: Record<string, unknown>, headers: Record<string, string> = {}): Promise<any> {
  const init = await mcpRequest(base, "initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "tgmcp-packaging-test", version: "0" } }, headers);
  if (init.status !== 200 || !init.body?.result?.serverInfo) throw new Error(`initialize failed: ${init.status} ${JSON.stringify(init.body)}`);
  const call = await mcpRequest(base, "tools/call", { name, arguments: args }, headers);
  if (call.status !== 200 || !call.body?.result) throw new Error(`tools/call failed: ${call.status} ${JSON.stringify(call.body)}`);
  return call.body.result;
}
