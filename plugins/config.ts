// Makes the validated configuration and the runtime context (account store, Telegram
// backend, the embedded sandbox if any) available to every plugin and route.
import fp from "fastify-plugin";
import type { Config } from "../services/config/schema.js";
import type { AccountStore } from "../services/accounts/types.js";
import type { Backend } from "../services/telegram/client-factory.js";
import type { Sandbox } from "../sandbox/index.js";

export interface RuntimeContext {
  config: Config;
  accounts: AccountStore;
  /** How gramjs clients reach Telegram: the real DCs or the embedded/external sandbox. */
  backend: Backend;
  /** The in-process sandbox when the backend is the embedded one (demo world). */
  sandbox?: Sandbox;
  version: string;
}

declare module "fastify" {
  interface FastifyInstance {
    config: Config;
    accounts: AccountStore;
    telegramBackend: Backend;
    sandbox: Sandbox | undefined;
    /** tgmcp's version (fastify.version is Fastify's). */
    tgmcpVersion: string;
  }
}

export default fp<RuntimeContext>(
  async function configPlugin(fastify, ctx) {
    fastify.decorate("config", ctx.config);
    fastify.decorate("accounts", ctx.accounts);
    fastify.decorate<Backend>("telegramBackend", ctx.backend);
    fastify.decorate("sandbox", ctx.sandbox);
    fastify.decorate("tgmcpVersion", ctx.version);
  },
  { name: "config", fastify: "5.x" },
);
