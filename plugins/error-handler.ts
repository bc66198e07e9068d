// The one error handler: every error becomes JSON `{error, error_type, ...}`; a client never
// sees a stack trace, and unknown routes get a JSON 404 too. Service errors carry a kind, not an
// HTTP status: the mapping from kinds to statuses lives here (routes/mtproto-api.ts uses it too).
import fp from "fastify-plugin";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { ERROR_KINDS, type ErrorKind } from "../services/telegram/errors.js";

/** The HTTP status of each kind of service error. */
export const HTTP_STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  needs_setup: 409, // the token is fine, the Telegram session behind it is not: log in again
  rate_limited: 429,
  internal: 500,
  upstream: 502,
  unavailable: 503,
};

/** The HTTP status of an error: Fastify's own statusCode, or the one of a service error's kind. */
export function httpStatusOf(err: unknown): number {
  const e = err as { statusCode?: unknown; status?: unknown; kind?: unknown } | null;
  const raw = e?.statusCode ?? e?.status;
  if (typeof raw === "number" && Number.isInteger(raw) && raw >= 400 && raw < 600) return raw;
  if (typeof e?.kind === "string" && (ERROR_KINDS as readonly string[]).includes(e.kind)) return HTTP_STATUS_OF_KIND[e.kind as ErrorKind];
  return 500;
}

const TYPES: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  409: "Conflict",
  413: "PayloadTooLarge",
  415: "UnsupportedMediaType",
  429: "RateLimited",
};

/** What errorBody reads from a thrown value: ours (toJSON, errorType), Fastify's (validation) or Node's (code). */
interface ThrownShape {
  toJSON?: () => Record<string, unknown>;
  errorType?: string;
  validation?: unknown;
  message?: string;
  code?: unknown;
}

export function errorBody(thrown: unknown, status: number): Record<string, unknown> {
  const err = thrown as ThrownShape | null | undefined;
  if (typeof err?.toJSON === "function" && err.errorType) return err.toJSON();
  if (status >= 500) return { error: "Internal server error", error_type: "InternalError" };
  if (err?.validation) {
    return { error: `Invalid request: ${err.message}`, error_type: "ValidationError" };
  }
  const body: Record<string, unknown> = { error: String(err?.message || "Request failed"), error_type: err?.errorType ?? TYPES[status] ?? "Error" };
  if (typeof err?.code === "string" && !err.code.startsWith("FST_")) body.code = err.code;
  return body;
}

/**
 * Fastify's frameworkErrors option (app.ts): errors raised before routing. Fastify's own answers
 * to a malformed or overlong path echo the whole URL, query string included.
 */
export function frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (err.code === "FST_ERR_BAD_URL") {
    void reply.code(400).send({ error: "Bad request: the URL path is not valid (malformed %-encoding)", error_type: "BadRequest" });
  } else if (err.code === "FST_ERR_MAX_PARAM_LENGTH") {
    void reply.code(414).send({ error: "URI too long: a path parameter is over the length limit", error_type: "UriTooLong" });
  } else {
    request.log.error({ err }, "request failed");
    void reply.code(500).send(errorBody(err, 500));
  }
}

export default fp(
  async function errorHandlerPlugin(fastify) {
    fastify.setErrorHandler(function (err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
      const status = httpStatusOf(err);
      if (status >= 500) request.log.error({ err }, "request failed");
      else request.log.info({ status, error: err?.message }, "request rejected");
      void reply.code(status).type("application/json; charset=utf-8").send(errorBody(err, status));
    });
    // The path is not echoed: it may carry a token (/mcp/<token>), and the caller knows it.
    fastify.setNotFoundHandler(function (request, reply) {
      void reply.code(404).send({ error: `Not found: no route for ${request.method} at this path`, error_type: "NotFound" });
    });
  },
  { name: "error-handler", fastify: "5.x" },
);
