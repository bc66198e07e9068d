// The audit log (services/audit): `fastify.audit`, written by the MCP tool path (through the
// send gate) and by /mtproto-api. Files sit next to the account records: SESSION_DIR/accounts,
// or SESSION_DIR/sandbox/accounts on the embedded sandbox (the demo's in-memory account too,
// so `tgmcp audit --sandbox` finds them).
import { join } from "node:path";
import fp from "fastify-plugin";
import { AuditLog } from "../services/audit/audit-log.js";
import type { Config } from "../services/config/schema.js";

declare module "fastify" {
  interface FastifyInstance {
    audit: AuditLog;
  }
}

/** Where an app with this configuration keeps its audit logs. */
export function auditDir(config: Pick<Config, "SESSION_DIR">, embeddedSandbox: boolean): string {
  return join(embeddedSandbox ? join(config.SESSION_DIR, "sandbox") : config.SESSION_DIR, "accounts");
}

export default fp(
  async function auditPlugin(fastify) {
    const config = fastify.config;
    const log = new AuditLog({
      dir: auditDir(config, fastify.sandboxEmbedded),
      content: config.AUDIT_CONTENT,
      maxBytes: config.AUDIT_MAX_BYTES,
      keep: config.AUDIT_KEEP,
      onError: (err) => fastify.log.error({ err }, "audit log write failed"),
    });
    fastify.decorate("audit", log);
  },
  { name: "audit", fastify: "5.x", dependencies: ["config", "backend"] },
);
