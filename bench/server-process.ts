// Starts tgmcp like `tgmcp serve` does (configuration from the environment), for the benchmark
// while app.ts does not list the /mcp route yet: then the route is added through AppDeps.routes,
// the extension point for embedders. bench/run.ts runs `cli.ts serve` itself once app.ts has it.
import { buildApp, loggerOptions, ROUTES } from "../app.js";
import { startServer } from "../server.js";
import { formatConfigErrors, loadConfig } from "../services/config/load.js";
import mcpRoutes from "../routes/mcp.js";

const loaded = loadConfig({ env: process.env });
if (!loaded.ok) {
  console.error(formatConfigErrors(loaded.errors));
  process.exit(2);
}
const config = loaded.config;
const extra = ROUTES.some((r) => r.name === "mcp") ? [] : [{ name: "mcp", plugin: mcpRoutes, scope: "account" as const }];
const app = await buildApp(config, { logger: loggerOptions(config), routes: extra });
const server = await startServer(app, config);
process.exitCode = await server.closed;
