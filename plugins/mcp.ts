// The MCP plugin: builds the tool catalog once from the configuration (READ_ONLY, TOOLSETS)
// and decorates `fastify.mcp`, which both transports use: routes/mcp.ts over HTTP and
// services/mcp/stdio.ts (run by `tgmcp serve` in stdio mode).
import fp from "fastify-plugin";
import { createMcpService, type McpService } from "../services/mcp/service.js";
import type { ToolCatalog } from "../services/mcp/server-factory.js";
import type { AnyToolDefinition } from "../services/mcp/types.js";
import type { FileSender } from "../services/telegram/messaging.js";
import { createFileSender, resolveOptionsFromConfig } from "../services/telegram/files/sender.js";

declare module "fastify" {
  interface FastifyInstance {
    mcp: McpService;
  }
}

export interface McpPluginOptions {
  /** The tools to choose from (default: the registry); READ_ONLY and TOOLSETS still apply. */
  tools?: readonly AnyToolDefinition[];
  /** A ready catalog instead (benchmarks). */
  catalog?: ToolCatalog;
  /** File sending for send_message/send_message_to_phone (default: services/telegram/files). */
  files?: FileSender;
}

export default fp<McpPluginOptions>(
  async function mcpPlugin(fastify, opts) {
    const service = createMcpService({
      config: fastify.config,
      files: opts.files ?? createFileSender(resolveOptionsFromConfig(fastify.config)),
      // No metrics on stdio (stdio-app.ts: nothing serves them).
      metrics: fastify.hasDecorator("metrics") ? fastify.metrics : undefined,
      audit: fastify.audit,
      tools: opts.tools,
      catalog: opts.catalog,
    });
    fastify.decorate("mcp", service);
    const { catalog } = service;
    fastify.log.debug({ tools: catalog.tools.map((t) => t.def.name), read_only: catalog.readOnly }, "MCP tool catalog");
  },
  // metrics: used when registered before (app.ts); a stdio app has none (stdio-app.ts).
  { name: "mcp", fastify: "5.x", dependencies: ["config", "audit"] },
);
