// One log line per request, written when the response is done (Fastify's default is two: one
// on arrival, one on completion). Half the log volume of a busy server, and every line carries
// the request and its outcome. Passed to Fastify as its logController (app.ts).
import { LogController, type FastifyReply, type FastifyRequest } from "fastify";

export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { req: { method: request.method, url: request.url, remoteAddress: request.ip }, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, "request errored");
    else reply.log.info(line, "request completed");
  }
}
