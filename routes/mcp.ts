// /mcp: MCP over Streamable HTTP, stateless (any instance can answer any request), in both
// protocol eras from one tool catalog and one server factory (services/mcp/server-factory.ts):
// - 2026-07-28 (modern: server/discover, per-request _meta, no initialize): the SDK's
//   createMcpHandler, strict (legacy: "reject"), behind toNodeHandler;
// - 2025-06-18 / 2025-11-25 (initialize, then calls): a fresh McpServer + the stateless
//   NodeStreamableHTTPServerTransport per POST, answering plain JSON (no SSE framing).
// The SDK's own classifier (classifyInboundRequest, the rule behind its isLegacyRequest) decides
// the era, so routing never disagrees with the entry.
// We keep the legacy leg ourselves, as the SDK documents for existing deployments, because its
// built-in fallback answers over SSE, which costs every 2025-era client a stream per call.
// Host/Origin validation (plugins/host-validation.ts) and auth run before this route.
// The account's Telegram client is only acquired when a tool is actually called, and a tool call's
// per-request server binds only the tool called (services/mcp/server-factory.ts, scopeOf).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { NodeStreamableHTTPServerTransport, toNodeHandler } from "@modelcontextprotocol/node";
import { classifyInboundRequest, createMcpHandler, type AuthInfo } from "@modelcontextprotocol/server";
import { scopeOf, type ServerScope, type ToolBinding, type ToolCatalog } from "../services/mcp/server-factory.js";
import type { ToolCaller } from "../services/mcp/service.js";

/** A header as the SDK's classification reads it (Headers.get: absent is undefined). */
function headerOf(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return typeof v === "string" ? v : undefined;
}

/**
 * Whether the SDK serves this request as 2025-era traffic: isLegacyRequest's rule (a POST without
 * a JSON body, or classifyInboundRequest's "legacy") applied to the body Fastify already parsed,
 * without building a Web Request and Headers for it on every call.
 */
function isLegacy(request: FastifyRequest): boolean {
  const httpMethod = request.method.toUpperCase();
  const body = request.body ?? undefined;
  if (httpMethod === "POST" && body === undefined) return true;
  const outcome = classifyInboundRequest({
    httpMethod,
    protocolVersionHeader: headerOf(request, "mcp-protocol-version"),
    mcpMethodHeader: headerOf(request, "mcp-method"),
    mcpNameHeader: headerOf(request, "mcp-name"),
    ...(httpMethod === "POST" ? { body } : {}),
  });
  return outcome.kind === "legacy";
}

/** A JSON-RPC error answered before any server is built. */
function rpcError(reply: FastifyReply, status: number, code: number, message: string) {
  reply.raw.writeHead(status, { "content-type": "application/json" });
  reply.raw.end(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }));
}

/** Whether a body (one JSON-RPC message or a batch) holds a message with one of these methods. */
function hasMethod(body: unknown, methods: readonly string[]): boolean {
  const method = (m: unknown) => (typeof m === "object" && m !== null ? (m as { method?: unknown }).method : undefined);
  return Array.isArray(body) ? body.some((m) => methods.includes(method(m) as string)) : methods.includes(method(body) as string);
}

/** The messages that reach Telegram: tool calls, and resources/read (a message's file). */
const TELEGRAM_WORK = ["tools/call", "resources/read"];
/** How a client opens (initialize; server/discover since 2026-07-28). */
const OPENING = ["initialize", "server/discover"];

/** The request's binding and catalog travel to the modern factory as pass-through authInfo (never the token). */
interface BindingAuthInfo extends AuthInfo {
  extra: { binding: ToolBinding; catalog: ToolCatalog; scope: ServerScope };
}

/** What one request serves: its account's catalog, the binding that acts for it, and what of the catalog it needs. */
type Served = BindingAuthInfo["extra"];

export default async function mcpRoutes(fastify: FastifyInstance) {
  // The catalog and the context of a call come from the MCP plugin (plugins/mcp.ts), shared with stdio.
  const mcp = fastify.mcp;
  const config = fastify.config;
  const onerror = (err: Error) => fastify.log.debug({ err }, "MCP request rejected");

  const modern = createMcpHandler(
    (ctx) => {
      const extra = (ctx.authInfo as BindingAuthInfo | undefined)?.extra;
      if (!extra?.binding) throw new Error("MCP request without a binding");
      return mcp.server(extra.binding, extra.catalog, extra.scope);
    },
    { legacy: "reject", onerror, maxRequestBodySize: config.BODY_LIMIT },
  );
  const serveModern = toNodeHandler(modern, { onerror: (err) => fastify.log.error({ err }, "MCP request failed"), maxRequestBodySize: config.BODY_LIMIT });
  fastify.addHook("onClose", async () => {
    await modern.close();
  });

  /**
   * The request's caller (its account, set by auth; its leased Telegram client; its logger) and
   * what that account may call: the server's settings narrowed by the account record read for
   * this request, so a change to the account's settings applies from the next request.
   */
  function servedOf(request: FastifyRequest): Served {
    const caller: ToolCaller = {
      account: async () => request.account!,
      telegram: () => request.telegram(),
      logger: request.log,
      mediaLinks: (chat, message) => fastify.mediaLinks.sign(request.account!.id, chat, message),
    };
    const effective = mcp.effective(request.account);
    const catalog = mcp.catalogFor(effective);
    return { binding: mcp.binding(caller, effective), catalog, scope: scopeOf(catalog, request.body) };
  }

  async function serveLegacy(request: FastifyRequest, reply: FastifyReply, { binding, catalog, scope }: Served) {
    const server = mcp.server(binding, catalog, scope);
    const transport = new NodeStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    reply.raw.once("close", () => {
      void transport.close().catch(() => {});
      void server.close().catch(() => {});
    });
    await server.connect(transport);
    await transport.handleRequest(request.raw, reply.raw, request.body);
  }

  async function handle(request: FastifyRequest, reply: FastifyReply) {
    reply.hijack();
    const body = request.body;
    // JSON-RPC 2.0: an empty batch is an invalid request (one error, id null), not a no-op.
    if (Array.isArray(body) && body.length === 0) return rpcError(reply, 400, -32600, "Invalid Request: empty JSON-RPC batch");
    const served = servedOf(request);
    // A client opens (initialize; server/discover since 2026-07-28), lists the tools, and its model
    // calls one later: connect the account meanwhile, so that call costs only its own round trips.
    if (request.account && hasMethod(body, OPENING)) fastify.sessionPool.warm(request.account, request.accountToken);
    try {
      if (isLegacy(request)) return await serveLegacy(request, reply, served);
      const authInfo: BindingAuthInfo = { token: "", clientId: request.account?.id ?? "", scopes: [], extra: served };
      (request.raw as typeof request.raw & { auth?: AuthInfo }).auth = authInfo;
      await serveModern(request.raw, reply.raw, body ?? undefined);
    } catch (err) {
      request.log.error({ err }, "MCP request failed");
      if (!reply.raw.headersSent) rpcError(reply, 500, -32603, "Internal server error");
    }
  }

  // Only tool calls and resource reads reach Telegram; initialize, lists, pings and notifications are not counted.
  const telegramWork = (request: FastifyRequest) => hasMethod(request.body, TELEGRAM_WORK);
  fastify.post("/mcp", { config: { telegramWork } }, handle);
  fastify.delete("/mcp", handle);
  // Stateless: there are no server-initiated messages to stream, so no standalone SSE stream (spec: 405).
  fastify.get("/mcp", async (_request, reply) => {
    return reply
      .code(405)
      .header("allow", "POST, DELETE")
      .send({ jsonrpc: "2.0", error: { code: -32000, message: "Method not allowed: this stateless server has no SSE stream; use POST." }, id: null });
  });
}
