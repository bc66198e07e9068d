// Builds MCP servers for the tool registry.
// - prepareTools(): once at start-up, for the tools the inventory selected (inventory.ts).
//   Converts every tool's TypeBox schemas with fromJsonSchema (output schemas with shared
//   $defs), compiles the validators, freezes descriptions and annotations, and generates the
//   server instructions from what is served.
// - createMcpServer(): per request (stateless HTTP) or once (stdio). Only binds the prepared
//   tools to a fresh McpServer with the request's context provider.
// - callTool(): the transport-independent call path (validation, defaults, the error envelope,
//   structuredContent + text copy, metrics), used by the MCP callback and directly by tests.
import {
  CLIENT_CAPABILITIES_META_KEY,
  McpServer,
  fromJsonSchema,
  type CallToolResult,
  type ClientCapabilities,
  type InputRequiredResult,
  type JsonSchemaType,
  type JsonSchemaValidator,
  type ServerContext,
  type StandardSchemaWithJSON,
  type jsonSchemaValidator,
} from "@modelcontextprotocol/server";
import { Compile, type Validator } from "typebox/compile";
import type { TSchema } from "typebox";
import { toErrorEnvelope, type ErrorEnvelope } from "../telegram/errors.js";
import { compactJson } from "../telegram/result-cap.js";
import type { AuditSink } from "../audit/audit-log.js";
import { serverInstructions } from "./instructions.js";
import { runGated, type GateOutcome, type McpRequestInfo } from "./send-gate.js";
import { wireOutputSchema } from "./schemas.js";
import { ToolReply, type AnyToolDefinition, type ReadOnlySource, type ToolContext } from "./types.js";
import { registerMediaResource } from "./media-resource.js";

export interface PreparedTool {
  /** The definition as served: a read-only server serves some tools in their read-only mode. */
  readonly def: AnyToolDefinition;
  readonly inputSchema: StandardSchemaWithJSON;
  readonly outputSchema: StandardSchemaWithJSON;
  readonly check: Validator;
  /** Top-level parameter defaults, applied to each call's arguments (see topLevelDefaults). */
  readonly defaults: ReadonlyArray<readonly [string, unknown]>;
  /** Refuses a call before any Telegram work (a read-only server's write calls). */
  readonly guard?: (args: unknown) => void;
  readonly config: {
    title: string;
    description: string;
    /** The hints that differ from the spec's defaults (wireAnnotations). */
    annotations: Partial<AnyToolDefinition["annotations"]>;
    _meta: Record<string, unknown>;
  };
  /** What registerTool gets (config + schemas), built once rather than per request. */
  readonly registration: PreparedTool["config"] & { inputSchema: StandardSchemaWithJSON; outputSchema: StandardSchemaWithJSON };
}

export interface ToolCatalog {
  readonly tools: readonly PreparedTool[];
  readonly byName: ReadonlyMap<string, PreparedTool>;
  readonly serverInfo: { name: string; version: string; title?: string };
  /** Generated from the tools served (services/mcp/instructions.ts). */
  readonly instructions: string;
  readonly readOnly: boolean;
}

export interface PrepareOptions {
  /** READ_ONLY: tools that write are served in their read-only mode (callers have left out those without one). */
  readOnly?: boolean;
  /** Which setting makes it read-only: the server's READ_ONLY (default) or the account's; refusals name it. */
  readOnlySource?: ReadOnlySource;
}

/** Input arrives unvalidated at the SDK layer: callTool validates it so errors get our envelope. */
const passThrough: jsonSchemaValidator = {
  getValidator<T>(_schema: JsonSchemaType): JsonSchemaValidator<T> {
    return (input: unknown) => ({ valid: true as const, data: input as T, errorMessage: undefined });
  },
};

/**
 * Output validation with TypeBox, compiled once from the tool's own schema: the wire schema is
 * the same shape with shared $defs, which clients resolve and TypeBox need not.
 */
function typeboxValidator(schema: TSchema): jsonSchemaValidator {
  return {
    getValidator<T>(_wire: JsonSchemaType): JsonSchemaValidator<T> {
      const v = Compile(schema);
      return (input: unknown) => {
        if (v.Check(input)) return { valid: true as const, data: input as T, errorMessage: undefined };
        const first = [...v.Errors(input)].slice(0, 3).map((e) => `${e.instancePath || "/"} ${e.message}`);
        return { valid: false as const, data: undefined, errorMessage: first.join("; ") };
      };
    },
  };
}

/** A definition as a read-only server serves it: its read-only mode's annotations and note. */
function servedReadOnly(def: AnyToolDefinition, source: ReadOnlySource): { def: AnyToolDefinition; guard?: (args: unknown) => void } {
  if (def.annotations.readOnlyHint) return { def };
  const mode = def.readOnlyMode;
  if (!mode) throw new Error(`tool ${def.name} writes and has no read-only mode: a read-only catalog cannot serve it`);
  const note = source === "account" ? (mode.accountNote ?? mode.note) : mode.note;
  return { def: { ...def, annotations: mode.annotations, description: `${def.description}\n\n${note}` }, guard: (args) => mode.guard(args, source) };
}

export function prepareTools(defs: readonly AnyToolDefinition[], serverInfo: ToolCatalog["serverInfo"] = { name: "tgmcp", version: "0.1.0" }, opts: PrepareOptions = {}): ToolCatalog {
  const readOnly = opts.readOnly === true;
  // The send gate and the audit log know a write only by its action descriptor: none, no gate.
  for (const d of defs) {
    if (!d.annotations.readOnlyHint && !d.action) throw new Error(`tool ${d.name} writes (readOnlyHint false) and has no action descriptor: the send gate and the audit log cannot see it`);
  }
  const tools = defs.map((original): PreparedTool => {
    const { def, guard } = readOnly ? servedReadOnly(original, opts.readOnlySource ?? "server") : { def: original, guard: undefined };
    const inputJson = JSON.parse(JSON.stringify(def.input)) as JsonSchemaType;
    const wireInput = optionalDefaults(inputJson);
    const outputJson = wireOutputSchema(JSON.parse(JSON.stringify(def.output)) as Record<string, unknown>) as JsonSchemaType;
    const inputSchema = fromJsonSchema(wireInput, passThrough);
    const outputSchema = fromJsonSchema(outputJson, typeboxValidator(def.output));
    const config = Object.freeze({
      title: def.title,
      description: def.description,
      annotations: Object.freeze(wireAnnotations(def.annotations)),
      _meta: Object.freeze({ "tgmcp/toolset": def.toolset }),
    });
    return Object.freeze({
      def,
      inputSchema,
      outputSchema,
      check: Compile(def.input),
      defaults: topLevelDefaults(def.name, inputJson),
      ...(guard ? { guard } : {}),
      config,
      registration: Object.freeze({ ...config, inputSchema, outputSchema }),
    });
  });
  const names = new Set<string>();
  for (const t of tools) {
    if (names.has(t.def.name)) throw new Error(`duplicate tool name ${t.def.name}`);
    names.add(t.def.name);
  }
  const instructions = serverInstructions(
    tools.map((t) => ({ name: t.def.name, toolset: t.def.toolset, readOnlyHint: t.def.annotations.readOnlyHint, params: Object.keys((t.def.input as { properties?: object }).properties ?? {}) })),
  );
  return Object.freeze({ tools, byName: new Map(tools.map((t) => [t.def.name, t])), serverInfo, instructions, readOnly });
}

/**
 * Annotations as tools/list sends them: only the hints that differ from the defaults the MCP
 * schema (2025-06-18, 2025-11-25) gives them (readOnlyHint false, destructiveHint true,
 * idempotentHint false, openWorldHint true), and destructive/idempotent only for tools that
 * write, the only ones they apply to. No annotations.title: the tool's own title is the
 * display name clients use first. A model reads tools/list on every turn (issue #19).
 */
export function wireAnnotations(a: AnyToolDefinition["annotations"]): Partial<AnyToolDefinition["annotations"]> {
  const out: Partial<AnyToolDefinition["annotations"]> = {};
  if (a.readOnlyHint) out.readOnlyHint = true;
  else {
    if (!a.destructiveHint) out.destructiveHint = false;
    if (a.idempotentHint) out.idempotentHint = true;
  }
  if (!a.openWorldHint) out.openWorldHint = false;
  return out;
}

/** How a server gets what a tool call needs. Called lazily: tools/list never touches Telegram. */
export interface ToolBinding {
  /** The context of a call (connects the account's client). May throw (e.g. account needs setup). */
  context(signal: AbortSignal): Promise<ToolContext>;
  /** Metrics hook: one call per tool call. */
  observe?(tool: string, outcome: "ok" | string, seconds: number): void;
  /** Told about failures that are not the caller's fault (logging). */
  onError?(tool: string, err: unknown): void;
  /** The audit log: one record per write (send-gate.ts). */
  audit?: AuditSink;
  /** Metrics hook: the send gate's decision on each write. */
  observeAction?(outcome: GateOutcome): void;
}

function describeErrors(t: PreparedTool, args: unknown): string[] {
  const out: string[] = [];
  const allowed = Object.keys((t.def.input as { properties?: Record<string, unknown> }).properties ?? {});
  for (const e of t.check.Errors(args)) {
    if (e.keyword === "boolean") continue; // the additionalProperties "schema is false" twin
    if (e.keyword === "additionalProperties") {
      const extra = e.params.additionalProperties;
      out.push(`unknown parameter${extra.length > 1 ? "s" : ""} ${extra.map((x) => `'${x}'`).join(", ")} (accepted: ${allowed.join(", ")})`);
      continue;
    }
    if (e.keyword === "required") {
      const missing = e.params.requiredProperties;
      out.push(`missing required parameter${missing.length > 1 ? "s" : ""} ${missing.map((x) => `'${x}'`).join(", ")}`);
      continue;
    }
    const path = e.instancePath ? e.instancePath.slice(1).replace(/\//g, ".") : "(arguments)";
    out.push(`${path}: ${e.message}`);
  }
  return [...new Set(out)].slice(0, 8);
}

/**
 * An error result carries the envelope as JSON text only. structuredContent would have to match
 * the tool's (success) output schema: SDK 1.x clients (the Inspector, mcp-remote, Claude's
 * connectors) validate it even when isError is set and turn the result into a protocol error
 * (-32602), so the model would never see the message. The spec lets isError results omit it.
 */
function errorResult(env: ErrorEnvelope): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(env) }], isError: true };
}

/**
 * Runs one tool call: validate + default args, run through the send gate, wrap. Never throws.
 * `req` is what the MCP request carries for elicitation; without it (direct calls) the call
 * cannot ask the person, so SEND_MODE=confirm refuses writes.
 */
export function callTool(t: PreparedTool, rawArgs: unknown, binding: ToolBinding, signal?: AbortSignal): Promise<CallToolResult>;
export function callTool(t: PreparedTool, rawArgs: unknown, binding: ToolBinding, signal: AbortSignal, req: McpRequestInfo): Promise<CallToolResult | InputRequiredResult>;
export async function callTool(
  t: PreparedTool,
  rawArgs: unknown,
  binding: ToolBinding,
  signal: AbortSignal = new AbortController().signal,
  req?: McpRequestInfo,
): Promise<CallToolResult | InputRequiredResult> {
  const name = t.def.name;
  const started = process.hrtime.bigint();
  const done = (outcome: string) => binding.observe?.(name, outcome, Number(process.hrtime.bigint() - started) / 1e9);
  let args: unknown = rawArgs ?? {};
  if (typeof args === "object" && args !== null && !Array.isArray(args)) {
    // A shallow copy: only top-level keys are added, and the caller's object stays as it was.
    const filled: Record<string, unknown> = { ...(args as Record<string, unknown>) };
    for (const [key, value] of t.defaults) if (filled[key] === undefined) filled[key] = value;
    args = filled;
  }
  if (!t.check.Check(args)) {
    const details = describeErrors(t, args);
    done("InvalidParameter");
    return errorResult({ ok: false, error: `Invalid arguments for ${name}: ${details.join("; ")}`, error_type: "InvalidParameter", operation: name, details });
  }
  try {
    t.guard?.(args);
    const ctx = await binding.context(signal);
    const gated = await runGated(t.def, args, ctx, req, binding);
    if (gated.kind === "input") {
      done("input_required");
      return gated.value;
    }
    const out = gated.value;
    done("ok");
    // A ToolReply's blocks (an image, a document's text, a resource link) go before the JSON copy.
    const [result, blocks, copy] = out instanceof ToolReply ? [out.structured, out.content, out.jsonCopy] : [out, [], out];
    // The JSON copy is the render the list's cap check already made, when it made one (result-cap.ts).
    return { content: [...blocks, { type: "text", text: compactJson(copy) }], structuredContent: result as Record<string, unknown> };
  } catch (err) {
    const env = toErrorEnvelope(err, name);
    if (env.error_type === "TelegramError" && !env.telegram_error && !env.retryable) binding.onError?.(name, err);
    done(env.error_type);
    return errorResult(env);
  }
}

/**
 * The input schema as clients see it: a parameter with a default is optional (callTool fills it
 * before validating against the strict schema, where it stays required so handlers get it).
 */
export function optionalDefaults(schema: JsonSchemaType): JsonSchemaType {
  const s = schema as { properties?: Record<string, { default?: unknown }>; required?: string[] };
  if (!s.required || !s.properties) return schema;
  const required = s.required.filter((k) => s.properties![k]?.default === undefined);
  const out: Record<string, unknown> = { ...(schema as object) };
  if (required.length) out.required = required;
  else delete out.required;
  return out as JsonSchemaType;
}

/**
 * The defaults of a tool's top-level parameters. Applying them from this list costs far less
 * per call than TypeBox's Value.Default, which walks the whole schema; a default anywhere
 * deeper is refused here so that none is silently skipped. Defaults are primitives.
 */
export function topLevelDefaults(tool: string, schema: JsonSchemaType): Array<readonly [string, unknown]> {
  const props = ((schema as { properties?: Record<string, { default?: unknown }> }).properties ?? {}) as Record<string, { default?: unknown }>;
  const top = Object.entries(props).filter(([, p]) => p.default !== undefined);
  const all = JSON.stringify(schema).match(/"default":/g)?.length ?? 0;
  if (all !== top.length) throw new Error(`tool ${tool}: only top-level parameters may have defaults`);
  for (const [key, p] of top) {
    if (p.default !== null && typeof p.default === "object") throw new Error(`tool ${tool}: the default of ${key} must be a primitive`);
  }
  return top.map(([key, p]) => [key, p.default] as const);
}

/**
 * What one stateless request needs bound: a single tools/call needs only its tool, a single
 * resources/read only the media resource; anything else (initialize, tools/list, batches, an
 * unknown tool) gets the whole catalog. A per-request server answers exactly one request, and
 * the SDK looks up nothing but the called tool (and reads capabilities only in initialize and
 * server/discover), so the answer is the same; binding 16 tools for every call was most of
 * createMcpServer's cost (issue #19).
 */
export type ServerScope = { tool: PreparedTool } | "resources" | "all";

/** The scope of one JSON-RPC request body (see ServerScope). */
export function scopeOf(catalog: ToolCatalog, body: unknown): ServerScope {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return "all";
  const { method, params } = body as { method?: unknown; params?: { name?: unknown } };
  if (method === "tools/call") {
    const name = typeof params === "object" && params !== null ? params.name : undefined;
    const tool = typeof name === "string" ? catalog.byName.get(name) : undefined;
    return tool ? { tool } : "all";
  }
  if (method === "resources/read" && catalog.byName.has("download_media")) return "resources";
  return "all";
}

/** A fresh McpServer bound to a context provider; cheap (the prepared tools are shared). */
export function createMcpServer(catalog: ToolCatalog, binding: ToolBinding, scope: ServerScope = "all"): McpServer {
  const server = new McpServer(catalog.serverInfo, { instructions: catalog.instructions, capabilities: { tools: { listChanged: false } } });
  const bind = (t: PreparedTool) =>
    server.registerTool(t.def.name, t.registration, (args: unknown, ctx: ServerContext) => callTool(t, args, binding, ctx.mcpReq.signal, requestInfo(server, ctx)));
  if (scope === "all") for (const t of catalog.tools) bind(t);
  else if (scope !== "resources") bind(scope.tool);
  // Files download_media links to are read through resources/read (registering adds the capability).
  if (scope !== "all" && scope !== "resources") return server;
  if (catalog.byName.has("download_media")) registerMediaResource(server, binding);
  return server;
}

/**
 * Whether the client can answer a form elicitation: a 2026-07-28 request declares it in its own
 * `_meta`; a 2025-era connection in initialize (a stateless per-request 2025-era server never saw
 * one, and could not send the request anyway).
 */
export function canElicitForm(caps: ClientCapabilities | undefined): boolean {
  const e = caps?.elicitation as { form?: unknown; url?: unknown } | undefined;
  if (!e || typeof e !== "object") return false;
  return e.form !== undefined || e.url === undefined; // a bare `elicitation: {}` means form (2025)
}

function requestInfo(server: McpServer, ctx: ServerContext): McpRequestInfo {
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
  const caps = (envelope?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined) ?? server.server.getClientCapabilities();
  const state = ctx.mcpReq.requestState();
  return {
    clientCanElicit: canElicitForm(caps),
    ...(ctx.mcpReq.inputResponses ? { inputResponses: ctx.mcpReq.inputResponses } : {}),
    ...(typeof state === "string" ? { requestState: state } : {}),
  };
}
