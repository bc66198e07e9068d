// GET /health: the seed's shape (status, service, transport, active_sessions, max_sessions,
// sessions[]) plus version, mode and backend. Sessions are named by their non-secret
// account id; no part of any token appears here.
import { Type, type Static } from "typebox";
import type { FastifyPluginAsync } from "fastify";

export const HealthResponse = Type.Object({
  status: Type.Literal("healthy"),
  service: Type.String(),
  version: Type.String(),
  mode: Type.String(),
  transport: Type.String(),
  backend: Type.Union([Type.Literal("telegram"), Type.Literal("sandbox")]),
  backend_notice: Type.Optional(Type.String()),
  active_sessions: Type.Integer(),
  max_sessions: Type.Integer(),
  sessions: Type.Array(
    Type.Object({
      account_id: Type.String(),
      hours_since_access: Type.Number(),
      is_connected: Type.Boolean(),
      last_access: Type.String({ description: "ISO 8601" }),
    }),
  ),
});
export type HealthResponse = Static<typeof HealthResponse>;

/** What /health says on a sandbox backend: the embedded one, or one this server was pointed at. */
export function sandboxNotice(embedded: boolean, address: string): string {
  return embedded
    ? "SANDBOX: this server talks to an embedded fake Telegram with a demo world. Nothing reaches real Telegram. Set API_ID and API_HASH to use a real account."
    : `SANDBOX: this server talks to the sandbox at ${address} (a fake Telegram started apart, e.g. by \`tgmcp sandbox\`), not to Telegram.`;
}

const healthRoutes: FastifyPluginAsync = async (fastify) => {
  fastify.get("/health", { schema: { response: { 200: HealthResponse } } }, async () => {
    const stats = fastify.sessionPool.stats();
    const now = Date.now();
    const backend = fastify.telegramBackend.kind;
    const body: HealthResponse = {
      status: "healthy",
      service: "tgmcp",
      version: fastify.tgmcpVersion,
      mode: fastify.config.SERVER_MODE,
      transport: fastify.config.SERVER_MODE === "stdio" ? "stdio" : "http",
      backend,
      active_sessions: stats.active,
      max_sessions: stats.max,
      sessions: stats.sessions.map((s) => ({
        account_id: s.accountId,
        hours_since_access: Math.round(((now - s.lastAccess.getTime()) / 3_600_000) * 1000) / 1000,
        is_connected: s.isConnected,
        last_access: s.lastAccess.toISOString(),
      })),
    };
    const b = fastify.telegramBackend;
    if (b.kind === "sandbox") body.backend_notice = sandboxNotice(fastify.sandboxEmbedded, `${b.host}:${b.port}`);
    return body;
  });
};

export default healthRoutes;
