// The composition root of a stdio server (`tgmcp serve` with SERVER_MODE=stdio): only what
// answering MCP over stdin/stdout needs, in the same plugins as app.ts, so both modes share one
// wiring: config -> backend -> accounts -> audit -> session-pool -> mcp.
// Left out, and not even imported (start-up time, issue #19): every HTTP route and its schemas,
// the setup wizard's views, OAuth, rate limits, host validation and Prometheus metrics (stdio
// serves no /metrics, so it records none). buildApp (app.ts) stays the full service in every
// mode: tests and embedders of a stdio configuration still get its HTTP routes.
import Fastify, { type FastifyInstance } from "fastify";
import type { Config } from "./services/config/schema.js";
import { loggerOptions } from "./services/config/logging.js";
import configPlugin from "./plugins/config.js";
import backendPlugin from "./plugins/backend.js";
import accountsPlugin from "./plugins/accounts.js";
import auditPlugin from "./plugins/audit.js";
import sessionPoolPlugin from "./plugins/session-pool.js";
import mcpPlugin from "./plugins/mcp.js";
import type { AppDeps } from "./app.js";

export type StdioAppDeps = Pick<AppDeps, "accountStore" | "sandbox" | "createClient" | "logger" | "loggerInstance">;

export async function buildStdioApp(config: Config, deps: StdioAppDeps = {}): Promise<FastifyInstance> {
  const app = Fastify(deps.loggerInstance ? { loggerInstance: deps.loggerInstance } : { logger: deps.logger ?? loggerOptions(config) });
  try {
    await app.register(configPlugin, { config });
    await app.register(backendPlugin, { sandbox: deps.sandbox });
    await app.register(accountsPlugin, { store: deps.accountStore });
    await app.register(auditPlugin);
    await app.register(sessionPoolPlugin, { createClient: deps.createClient });
    await app.register(mcpPlugin);
  } catch (err) {
    // What started before the failure (an embedded sandbox, say) stops with the app.
    await app.close().catch(() => {});
    throw err;
  }
  return app;
}
