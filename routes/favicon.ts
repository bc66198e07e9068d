// GET /favicon.ico: the small icon browsers ask for on every page (a 32×32 PNG inside an ICO,
// 468 bytes, in views/ so that it ships with the package). Public, cached for a day: it is the
// same for everyone and never secret.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { FastifyPluginAsync } from "fastify";
import { viewsDir } from "../plugins/view.js";

const faviconRoutes: FastifyPluginAsync = async (fastify) => {
  const icon = readFileSync(path.join(viewsDir(), "favicon.ico"));
  fastify.get("/favicon.ico", async (_request, reply) =>
    reply.header("cache-control", "public, max-age=86400").type("image/x-icon").send(icon),
  );
};

export default faviconRoutes;
