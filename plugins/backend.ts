// The Telegram backend: `fastify.telegramBackend` (how gramjs clients reach Telegram) and
// `fastify.sandbox` (the sandbox running in this process, if any). It follows
// resolveBackend(config), or uses the sandbox the caller passes in; an embedded sandbox is
// started here and closed here.
//
// Teardown order: every plugin that connects clients to the backend (session-pool, the setup
// wizard's logins) declares a dependency on "backend", so it is registered after this one,
// and Fastify runs onClose hooks in reverse registration order: the sandbox closes after
// they have disconnected.
import fp from "fastify-plugin";
import type { Backend } from "../services/telegram/client-factory.js";
import { resolveBackend } from "../services/accounts/backend.js";
import type { Sandbox } from "../sandbox/index.js";

declare module "fastify" {
  interface FastifyInstance {
    /** How gramjs clients reach Telegram: the real DCs or a sandbox (embedded, passed in, or from SANDBOX_INFO_FILE). */
    telegramBackend: Backend;
    /** The sandbox running in this process: the embedded one, or the one passed to the plugin. */
    sandbox: Sandbox | undefined;
    /** True when this app started `sandbox` itself (a throwaway demo world, gone on restart). */
    sandboxEmbedded: boolean;
  }
}

export interface BackendPluginOptions {
  /** Use this running sandbox as the backend (the caller closes it). */
  sandbox?: Sandbox;
}

const sandboxBackend = (sb: Sandbox): Backend => ({ kind: "sandbox", host: sb.host, port: sb.port, rsaPublicKey: sb.rsaPublicKey });

export default fp<BackendPluginOptions>(
  async function backendPlugin(fastify, opts) {
    const config = fastify.config;
    let backend: Backend;
    let sandbox = opts.sandbox;
    if (sandbox) {
      backend = sandboxBackend(sandbox);
    } else {
      const resolved = resolveBackend(config);
      if (resolved.kind === "embedded-sandbox") {
        // Loaded only here: a server on real Telegram never imports the sandbox (start-up time).
        const { parseRttMs, Sandbox } = await import("../sandbox/index.js");
        const sb = await Sandbox.start({ port: config.SANDBOX_PORT, rttMs: parseRttMs(config.SANDBOX_RTT_MS), logger: fastify.log.child({ component: "sandbox" }) });
        sandbox = sb;
        fastify.addHook("onClose", async () => {
          await sb.close();
        });
        backend = sandboxBackend(sb);
      } else {
        backend = resolved.backend;
      }
    }
    if (backend.kind === "sandbox") {
      fastify.log.warn(
        { backend: "sandbox", sandbox: `${backend.host}:${backend.port}` },
        sandbox && sandbox !== opts.sandbox
          ? "SANDBOX BACKEND: tgmcp talks to an embedded fake Telegram with a demo world (no API_ID/API_HASH, or BACKEND=sandbox). Nothing reaches real Telegram."
          : "SANDBOX BACKEND: tgmcp talks to a sandbox started apart (a fake Telegram). Nothing reaches real Telegram.",
      );
    }
    fastify.decorate<Backend>("telegramBackend", backend);
    fastify.decorate("sandbox", sandbox);
    fastify.decorate("sandboxEmbedded", sandbox !== undefined && sandbox !== opts.sandbox);
  },
  { name: "backend", fastify: "5.x", dependencies: ["config"] },
);
