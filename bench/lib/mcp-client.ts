// A minimal MCP-over-HTTP client on undici for the load generator: one JSON-RPC POST per
// tools/call to a stateless Streamable HTTP endpoint. It accepts both response forms the SDK
// can choose (application/json or a text/event-stream carrying one message).
import { Pool } from "undici";

export const PROTOCOL_VERSION = "2025-11-25";

export interface CallOutcome {
  ok: boolean;
  /** Why a call failed: HTTP status, JSON-RPC error, or the tool's error_type. */
  error?: string;
  /** The tool result's structuredContent (or undefined). */
  structured?: unknown;
}

/** The parts of a JSON-RPC response (to tools/call) this client reads. */
export interface JsonRpcResponse {
  result?: { isError?: boolean; content?: Array<{ text?: string }>; structuredContent?: unknown };
  error?: { code: number; message: string };
}

export class McpHttpClient {
  readonly pool: Pool;
  private nextId = 1;

  constructor(
    readonly baseUrl: string,
    opts: { connections?: number } = {},
  ) {
    // pipelining 1: one request per connection at a time, like a browser or an SDK client.
    this.pool = new Pool(baseUrl, { connections: opts.connections ?? 1, pipelining: 1, keepAliveTimeout: 60_000 });
  }

  /** One JSON-RPC request; returns the parsed JSON-RPC response (or throws on HTTP/transport trouble). */
  async rpc(method: string, params: unknown, token?: string): Promise<JsonRpcResponse> {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": PROTOCOL_VERSION,
    };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await this.pool.request({
      path: "/mcp",
      method: "POST",
      headers,
      body: JSON.stringify({ jsonrpc: "2.0", id: this.nextId++, method, params }),
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
    const ct = String(res.headers["content-type"] ?? "");
    if (ct.includes("text/event-stream")) {
      // The last `data:` line holds the response (earlier events would be notifications).
      let last: string | undefined;
      for (const line of text.split("\n")) if (line.startsWith("data:")) last = line.slice(5).trim();
      if (!last) throw new Error("empty event stream");
      return JSON.parse(last);
    }
    return JSON.parse(text);
  }

  async callTool(name: string, args: unknown, token?: string): Promise<CallOutcome> {
    let msg: JsonRpcResponse;
    try {
      msg = await this.rpc("tools/call", { name, arguments: args }, token);
    } catch (err) {
      return { ok: false, error: String((err as Error)?.message ?? err) };
    }
    if (msg.error) return { ok: false, error: `JSON-RPC ${msg.error.code}: ${msg.error.message}` };
    const r = msg.result;
    if (r?.isError) {
      // The envelope is the JSON text of an error result (no structuredContent there).
      let sc: { error_type?: string; error?: string } | undefined;
      try {
        sc = JSON.parse(r.content?.[0]?.text ?? "");
      } catch {
        sc = undefined;
      }
      return { ok: false, error: sc?.error_type ? `${sc.error_type}: ${sc.error}` : JSON.stringify(r.content).slice(0, 200), structured: sc };
    }
    return { ok: true, structured: r?.structuredContent };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
