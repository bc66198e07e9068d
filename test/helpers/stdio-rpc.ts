// An MCP client over runStdio's in-memory streams, at the 2025 era: raw JSON-RPC lines, so a
// test sees exactly what the server writes. rpc() sends a request and resolves with its answer.
import { PassThrough } from "node:stream";
import { runStdio, type StdioHost } from "../../services/mcp/stdio.js";

interface Teardownable {
  teardown(fn: () => unknown): void;
}

export type StdioRpc = (method: string, params: object) => Promise<any>;

/** Starts runStdio on `host`; stdin ends (and the runner finishes) at teardown. */
export function stdioRpc(t: Teardownable, host: StdioHost): { rpc: StdioRpc; notify(method: string): void } {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const done = runStdio(host, { stdin, stdout });
  t.teardown(async () => {
    stdin.end();
    await done;
  });
  let buf = "";
  const waiting = new Map<number, (m: any) => void>();
  stdout.on("data", (c: Buffer) => {
    buf += c.toString();
    for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
      const msg = JSON.parse(buf.slice(0, i));
      buf = buf.slice(i + 1);
      waiting.get(msg.id)?.(msg);
    }
  });
  let id = 0;
  const rpc: StdioRpc = (method, params) =>
    new Promise<any>((resolve) => {
      waiting.set(++id, resolve);
      stdin.write(JSON.stringify({ jsonrpc: "2.0", id, method, params }) + "\n");
    });
  const notify = (method: string) => stdin.write(JSON.stringify({ jsonrpc: "2.0", method }) + "\n");
  return { rpc, notify };
}
