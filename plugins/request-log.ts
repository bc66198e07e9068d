// One log line per request, written when the response is done (Fastify's default is two: one
// on arrival, one on completion). Half the log volume of a busy server, and every line carries
// the request and its outcome. Passed to Fastify as its logController (app.ts).
//
// The URL is logged without its query string and with token-like path segments masked:
// clients and people paste bearer tokens into URLs (?token=, ?access_token=, /mcp/<token>),
// and logs are kept, shipped and read far more widely than tokens should be.
import { LogController, type FastifyReply, type FastifyRequest } from "fastify";

/** A run of token alphabet (base64, base64url, hex, percent-encoding). */
const TOKEN_RUN = /[A-Za-z0-9_\-+=~%]{20,}/g;

/** True when a path segment carries something that looks like a secret rather than a name. */
function looksLikeToken(segment: string): boolean {
  // Route names and MTProto method names are words (letters, '-' and '.'); secrets are long
  // runs with digits. 32+ characters without a digit are treated as secrets too (a random
  // 43-character token has no digit once in about 1,400 draws).
  for (const run of segment.match(TOKEN_RUN) ?? []) {
    if (/\d/.test(run) || run.length >= 32) return true;
  }
  return false;
}

/** The URL as it may be logged: no query string, token-like segments replaced by "[redacted]". */
export function loggableUrl(url: string): string {
  const q = url.search(/[?#]/);
  const path = q < 0 ? url : url.slice(0, q);
  return path
    .split("/")
    .map((s) => (looksLikeToken(s) ? "[redacted]" : s))
    .join("/");
}

export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    // `ip`: pino's `req` serializer (Fastify's default) writes it as remoteAddress, and drops keys it does not know.
    const line = { req: { method: request.method, url: loggableUrl(request.url), ip: request.ip }, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, "request errored");
    else reply.log.info(line, "request completed");
  }
}
