// One log line per request, written when the response is sent (Fastify's default is two: one
// on arrival, one on completion). Half the log volume of a busy server, and every line carries
// the outcome. Fastify's own request logging is off in app.ts (disableRequestLogging).
import fp from "fastify-plugin";

export default fp(
  async function requestLogPlugin(fastify) {
    fastify.addHook("onResponse", async (request, reply) => {
      request.log.info(
        { req: { method: request.method, url: request.url, remoteAddress: request.ip }, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime },
        "request completed",
      );
    });
  },
  { name: "request-log", fastify: "5.x" },
);
