// The validated configuration (`fastify.config`) and tgmcp's version (`fastify.tgmcpVersion`;
// fastify.version is Fastify's), for every plugin and route.
import fp from "fastify-plugin";
import type { Config } from "../services/config/schema.js";
import { VERSION } from "../services/config/version.js";

declare module "fastify" {
  interface FastifyInstance {
    config: Config;
    tgmcpVersion: string;
  }
}

export interface ConfigPluginOptions {
  config: Config;
  /** Default: package.json's version. */
  version?: string;
}

export default fp<ConfigPluginOptions>(
  async function configPlugin(fastify, opts) {
    fastify.decorate("config", opts.config);
    fastify.decorate("tgmcpVersion", opts.version ?? VERSION);
  },
  { name: "config", fastify: "5.x" },
);
