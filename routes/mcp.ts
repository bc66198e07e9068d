// /mcp: MCP Streamable HTTP, stateless (any instance can answer any request).
// The tool schemas and descriptions are prepared once when the route registers; each POST
// binds them to a fresh McpServer + NodeStreamableHTTPServerTransport (after reply.hijack()).
// The account's Telegram client is only acquired when a tool is actually called.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { NodeStreamableHTTPServerTransport } from "@modelcontextprotocol/node";
import { TOOLS } from "../services/mcp/registry.js";
import { createMcpServer, prepareTools, type ToolBinding, type ToolCatalog } from "../services/mcp/server-factory.js";
import type { AnyToolDefinition } from "../services/mcp/types.js";
import type { FileSender } from "../services/telegram/messaging.js";
import { VERSION } from "../services/config/version.js";
import { createFileSender } from "../services/telegram/files/index.js";

export interface McpRouteOptions {
  /** The tools to serve (default: the registry). */
  tools?: readonly AnyToolDefinition[];
  /** A prepared catalog (benchmarks reuse one); built from `tools` otherwise. */
  catalog?: ToolCatalog;
  /** File sending for send_message/send_message_to_phone (default: services/telegram/files). */
  files?: FileSender;
}

export default async function mcpRoutes(fastify: FastifyInstance, opts: McpRouteOptions) {
  const catalog = opts.catalog ?? prepareTools(opts.tools ?? TOOLS, { name: "tgmcp", version: VERSION, title: "Telegram (tgmcp)" });
  const config = fastify.config;
  const metrics = fastify.hasDecorator("metrics") ? fastify.metrics : undefined;
  const files = opts.files ?? createFileSender();

  async function handle(request: FastifyRequest, reply: FastifyReply) {
    reply.hijack();
    const binding: ToolBinding = {
      context: async (signal) => ({
        client: await request.telegram(),
        account: request.account!,
        config,
        signal,
        logger: request.log,
        files,
      }),
      observe: metrics ? (tool, outcome, seconds) => metrics.observeTool(tool, outcome, seconds) : undefined,
      onError: (tool, err) => request.log.error({ err, tool }, "MCP tool failed unexpectedly"),
    };
    const server = createMcpServer(catalog, binding);
    const transport = new NodeStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    reply.raw.once("close", () => {
      void transport.close().catch(() => {});
      void server.close().catch(() => {});
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(request.raw, reply.raw, request.body);
    } catch (err) {
      request.log.error({ err }, "MCP request failed");
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(500, { "content-type": "application/json" });
        reply.raw.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32603, message: "Internal server error" }, id: null }));
      }
    }
  }

  fastify.post("/mcp", handle);
  fastify.delete("/mcp", handle);
  // Stateless: there are no server-initiated messages to stream, so no standalone SSE stream (spec: 405).
  fastify.get("/mcp", async (_request, reply) => {
    return reply
      .code(405)
      .header("allow", "POST, DELETE")
      .send({ jsonrpc: "2.0", error: { code: -32000, message: "Method not allowed: this stateless server has no SSE stream; use POST." }, id: null });
  });
}
