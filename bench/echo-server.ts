// The floor's MCP half: a do-nothing `echo` tool served by the same MCP SDK
// (@modelcontextprotocol/server v2) over the same HTTP stack as tgmcp (Fastify 5, a per-request
// McpServer and NodeStreamableHTTPServerTransport, stateless). Whatever this costs, any MCP
// server pays; tgmcp's overhead is measured on top of it.
//
// Run as a child process (bench/run.ts forks it): listens on 127.0.0.1, a free port, and
// reports `{ type: "ready", port }` over IPC.
//
// A second tool, `replay`, makes this process the minimal server for a scenario: given one of
// tgmcp's results and the scenario's bare Telegram calls (`PUT /canned`), it makes those calls with
// its own gramjs client and answers with that result. Its CPU is what any MCP server on this SDK
// pays to make the same calls and return the same answer, in one process as tgmcp does (caches
// shared, garbage collected together), and tgmcp's own work is measured on top of it
// (bench/README.md, "CPU per call: the true floor").
import Fastify, { type FastifyInstance } from "fastify";
import { McpServer, fromJsonSchema, type CallToolResult, type JsonSchemaType, type JsonSchemaValidator, type jsonSchemaValidator } from "@modelcontextprotocol/server";
import { NodeStreamableHTTPServerTransport } from "@modelcontextprotocol/node";
import type { TelegramClient } from "telegram";
import { prepareFloor, type FloorCall } from "./lib/floor-calls.js";
import { bareSandboxClient, type BackendInfo } from "./lib/sandbox-client.js";

const ECHO_INPUT: JsonSchemaType = {
  type: "object",
  properties: { text: { type: "string" } },
  additionalProperties: false,
} as JsonSchemaType;

// Like tgmcp, nothing is validated at the SDK layer: the echo does no work at all.
const passThrough: jsonSchemaValidator = {
  getValidator<T>(): JsonSchemaValidator<T> {
    return (input: unknown) => ({ valid: true, data: input as T, errorMessage: undefined });
  },
};

export interface EchoOptions {
  /** Answer with application/json rather than an SSE stream (routes/mcp.ts does: enableJsonResponse). */
  jsonResponse?: boolean;
}

export async function buildEchoApp(opts: EchoOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  // Built once, as tgmcp builds its tool schemas once; the per-request server only binds it.
  const inputSchema = fromJsonSchema(ECHO_INPUT, passThrough);
  let canned: CallToolResult = { content: [{ type: "text", text: "" }] };
  let telegramCalls: () => Promise<unknown> = async () => undefined;
  let client: TelegramClient | undefined;
  app.put("/canned", async (request) => {
    const body = request.body as { result: CallToolResult; floor?: { backend: BackendInfo; session: string; calls: FloorCall[] } };
    canned = body.result;
    if (body.floor) {
      if (!client) {
        client = bareSandboxClient(body.floor.backend, body.floor.session);
        await client.connect();
      }
      telegramCalls = await prepareFloor(client, body.floor.calls);
      await telegramCalls(); // peers resolved, code warm
    }
    return { ok: true };
  });
  app.addHook("onClose", async () => {
    await client?.destroy();
  });
  app.post("/mcp", async (request, reply) => {
    reply.hijack();
    const server = new McpServer({ name: "echo", version: "1.0.0" }, { capabilities: { tools: { listChanged: false } } });
    server.registerTool("echo", { description: "Returns its input.", inputSchema }, async (args: unknown) => ({
      content: [{ type: "text", text: String((args as { text?: unknown } | undefined)?.text ?? "") }],
    }));
    server.registerTool("replay", { description: "Makes the scenario's Telegram calls, returns the canned result.", inputSchema }, async () => {
      await telegramCalls();
      return canned;
    });
    const transport = new NodeStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: opts.jsonResponse });
    reply.raw.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request.raw, reply.raw, request.body);
  });
  return app;
}

async function main(): Promise<void> {
  const app = await buildEchoApp({ jsonResponse: !process.argv.includes("--sse") });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  process.send?.({ type: "ready", port });
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("disconnect", stop);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) void main();
