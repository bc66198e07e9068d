// Starts an app on HOST:PORT and shuts it down gracefully on SIGINT/SIGTERM:
// stop accepting, let in-flight requests finish (up to SHUTDOWN_TIMEOUT), then the app's
// onClose hooks persist sessions and disconnect every Telegram client.
import type { FastifyInstance } from "fastify";
import type { AddressInfo } from "node:net";
import type { Config } from "./services/config/schema.js";
import { publicUrl } from "./services/config/load.js";

export interface RunningServer {
  app: FastifyInstance;
  port: number;
  /** The base URL clients use. */
  url: string;
  /** Resolves with the exit code once the server has shut down (after a signal or `shutdown()`). */
  closed: Promise<number>;
  shutdown(reason?: string): Promise<number>;
}

export interface StartOptions {
  /** Install SIGINT/SIGTERM handlers (default true). */
  signals?: boolean;
}

export async function startServer(app: FastifyInstance, config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  await app.listen({ host: config.HOST, port: config.PORT });
  const port = (app.server.address() as AddressInfo).port;
  const url = publicUrl(config, port);

  let shuttingDown: Promise<number> | undefined;
  let resolveClosed!: (code: number) => void;
  const closed = new Promise<number>((r) => (resolveClosed = r));

  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      app.log.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    void shutdown(signal);
  };

  const shutdown = (reason = "shutdown"): Promise<number> => {
    shuttingDown ??= (async () => {
      app.log.info({ reason }, "shutting down: no new connections, finishing in-flight requests");
      const timer = setTimeout(() => {
        app.log.warn({ seconds: config.SHUTDOWN_TIMEOUT }, "shutdown timeout: closing the remaining connections");
        app.server.closeAllConnections();
      }, config.SHUTDOWN_TIMEOUT * 1000);
      timer.unref();
      let code = 0;
      try {
        await app.close();
        app.log.info("shut down cleanly");
      } catch (err) {
        app.log.error({ err }, "error while shutting down");
        code = 1;
      } finally {
        clearTimeout(timer);
        if (opts.signals !== false) {
          process.off("SIGINT", onSignal);
          process.off("SIGTERM", onSignal);
        }
      }
      resolveClosed(code);
      return code;
    })();
    return shuttingDown;
  };

  if (opts.signals !== false) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }

  app.log.info(
    { url, serverMode: config.SERVER_MODE, backend: app.telegramBackend.kind, port },
    `tgmcp ${app.tgmcpVersion} listening on ${url} (mode ${config.SERVER_MODE}, backend ${app.telegramBackend.kind})`,
  );
  return { app, port, url, closed, shutdown };
}
