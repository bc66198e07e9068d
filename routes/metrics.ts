// GET /metrics: Prometheus text format from the app's own registry.
import type { FastifyPluginAsync } from "fastify";

const metricsRoutes: FastifyPluginAsync = async (fastify) => {
  fastify.get("/metrics", async (_request, reply) => {
    const { contentType, body } = await fastify.metrics.render();
    return reply.type(contentType).send(body);
  });
};

export default metricsRoutes;
