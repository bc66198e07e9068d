// Server-rendered pages (the setup wizard): @fastify/view with eta templates from views/,
// auto-escaped, compiled once. `reply.view(page, data)` renders views/<page>.eta.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fp from "fastify-plugin";
import view from "@fastify/view";
import { Eta } from "eta";

/**
 * views/ from source (plugins/ -> ../views), from the release bundle (dist/app.js or
 * dist/chunks/ -> ../views, ../../views) and from npm start's bundle, which has a views/ link
 * beside its entries (scripts/start-build.ts: build-x/app.js -> views).
 */
export function viewsDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [path.join(here, "..", "views"), path.join(here, "..", "..", "views"), path.join(here, "views")]) {
    if (existsSync(path.join(dir, "layout.eta"))) return dir;
  }
  throw new Error("views/ not found next to plugins/");
}

export default fp(
  async function viewPlugin(fastify) {
    const dir = viewsDir();
    await fastify.register(view, {
      engine: { eta: new Eta({ views: dir, autoEscape: true, cache: true }) },
      root: dir,
      viewExt: "eta",
    });
  },
  { name: "view", fastify: "5.x" },
);
