// POST /mtproto-api/{method} (alias /mtproto-api/v1/{method}): raw Telegram API calls for
// scripts. Registered in the account scope (app.ts), so authentication follows the server
// mode (bearer token in http-auth) and the per-token rate limit applies. The work is done by
// services/mtproto; this file only validates the body and maps outcomes (error kinds) to HTTP.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { Type, type Static } from "typebox";
import { Compile } from "typebox/compile";
import { BridgeError, toEnvelope, type BridgeErrorEnvelope } from "../services/mtproto/errors.js";
import { invokeMtproto } from "../services/mtproto/invoke.js";
import { effectiveFor, serverBounds, toolOptionsFrom } from "../services/mcp/tool-context.js";
import { auditChat, bridgeRefusal } from "../services/mcp/send-gate.js";
import { rawChat, rawIsWrite, rawMessageIds, rawText } from "../services/mcp/action-helpers.js";
import { HTTP_STATUS_OF_KIND } from "../plugins/error-handler.js";

export const MtprotoApiBody = Type.Object(
  {
    params: Type.Optional(Type.Object({}, { additionalProperties: true, description: "The method's parameters as an object." })),
    params_json: Type.Optional(Type.String({ description: "The method's parameters as a JSON object string (instead of params)." })),
    resolve: Type.Optional(Type.Boolean({ default: true, description: "Resolve chat references (@username, me, ids, links) in peer/user/channel parameters." })),
    allow_dangerous: Type.Optional(Type.Boolean({ default: false, description: "Allow a dangerous method (refused anyway when ALLOW_DANGEROUS_METHODS=false)." })),
  },
  { additionalProperties: false },
);
export type MtprotoApiBody = Static<typeof MtprotoApiBody>;

export const MtprotoApiParams = Type.Object({ method: Type.String({ minLength: 1, maxLength: 128 }) });

const checkBody = Compile(MtprotoApiBody);

function sendError(reply: FastifyReply, status: number, env: BridgeErrorEnvelope): FastifyReply {
  if (status === 429 && env.retry_after_s !== undefined) void reply.header("retry-after", String(Math.max(1, Math.ceil(env.retry_after_s))));
  return reply.code(status).send(env);
}

function bodyError(body: unknown): BridgeError {
  const errors = [...checkBody.Errors(body)];
  // additionalProperties also reports a "schema is false" twin: prefer the readable one.
  const first = errors.find((e) => e.keyword === "additionalProperties") ?? errors.find((e) => e.keyword !== "boolean") ?? errors[0];
  const where = first?.instancePath ? first.instancePath.slice(1).replace(/\//g, ".") : "body";
  const unknown = first?.keyword === "additionalProperties" ? first.params.additionalProperties : [];
  const what = unknown.length
    ? `unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k}"`).join(", ")} (accepted: ${Object.keys(MtprotoApiBody.properties).join(", ")})`
    : `${where} ${first?.message ?? "is invalid"}`;
  return new BridgeError("invalid", "InvalidParameter", `Invalid request body: ${what}. Expected {"params": {...}} or {"params_json": "..."}, with optional "resolve" and "allow_dangerous" booleans.`, {
    parameter: unknown.length ? unknown[0] : where,
  });
}

const mtprotoApiRoutes: FastifyPluginAsync = async (fastify) => {
  const config = fastify.config;
  const bounds = serverBounds(config);

  async function handler(request: FastifyRequest<{ Params: Static<typeof MtprotoApiParams> }>, reply: FastifyReply) {
    // An empty body is an empty params object (methods like help.GetNearestDc take none).
    const body = request.body ?? {};
    if (!checkBody.Check(body)) {
      const err = bodyError(body);
      return sendError(reply, HTTP_STATUS_OF_KIND[err.kind], toEnvelope(err));
    }
    const b = body as MtprotoApiBody;
    // The same per-tool settings invoke_mtproto gets (services/mcp/tool-context.ts), narrowed by the account's.
    const options = toolOptionsFrom(config, effectiveFor(bounds, request.account));
    // Writes are audited (one record each); SEND_MODE confirm/draft refuses them here (send-gate.ts).
    const method = request.params.method;
    const writes = rawIsWrite(method);
    const given = b.params ?? b.params_json;
    const chat = writes ? rawChat(given) : undefined;
    const audit = (outcome: string, name: string) =>
      fastify.audit.record(request.account!.id, {
        via: "mtproto-api",
        method: name,
        kind: "raw",
        ...(chat !== undefined ? { chat: auditChat(chat) } : {}),
        ...(outcome === "ok" && rawMessageIds(given).length ? { message_ids: rawMessageIds(given) } : {}),
        outcome,
        confirmed: false,
        send_mode: options.sendMode,
        ...(rawText(given) !== undefined ? { text: rawText(given) } : {}),
      });
    const refusal = bridgeRefusal(method, options.sendMode);
    if (refusal) {
      fastify.metrics.observeAction("refused");
      await audit("refused", refusal.method ?? method);
      return sendError(reply, 403, { ok: false, error: refusal.message, error_type: "Forbidden" as BridgeErrorEnvelope["error_type"], operation: "invoke_mtproto", error_code: refusal.code, method: refusal.method });
    }
    const session = await request.telegram();
    const out = await invokeMtproto(
      { method, params: b.params, paramsJson: b.params_json, resolve: b.resolve, allowDangerous: b.allow_dangerous },
      { session, allowDangerousMethods: options.allowDangerousMethods, readOnly: options.readOnly, readOnlySource: options.readOnlySource, signal: abortSignalOf(reply) },
    );
    if (writes) {
      fastify.metrics.observeAction("allowed");
      await audit(out.ok ? "ok" : out.envelope.error_type, out.ok ? out.method : (out.envelope.method ?? method));
    }
    if (out.ok) {
      request.log.info({ method: out.method }, "mtproto-api call");
      return reply.code(200).send(out.result);
    }
    const e = out.envelope;
    const status = HTTP_STATUS_OF_KIND[out.kind];
    request.log.info({ method: e.method ?? "unknown", status, error_type: e.error_type, error_code: e.error_code }, "mtproto-api call failed");
    return sendError(reply, status, e);
  }

  const opts = {
    schema: { params: MtprotoApiParams },
    config: { telegramWork: () => true },
    bodyLimit: config.BODY_LIMIT,
  };
  fastify.post("/mtproto-api/:method", opts, handler);
  fastify.post("/mtproto-api/v1/:method", opts, handler);
};

/** Aborted when the client goes away, so a slow Telegram call is not waited for in vain. */
function abortSignalOf(reply: FastifyReply): AbortSignal {
  const ac = new AbortController();
  reply.raw.once("close", () => {
    if (!reply.raw.writableFinished) ac.abort();
  });
  return ac.signal;
}

export default mtprotoApiRoutes;
