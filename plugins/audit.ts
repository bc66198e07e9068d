// The audit log (services/audit): `fastify.audit`, written by the MCP tool path (through the
// send gate) and by /mtproto-api. The files sit next to the account records (the file store's
// SESSION_DIR/accounts), or in AUDIT_DIR when set. Accounts kept in memory (the embedded
// sandbox's demo account, embedders' stores) have no audit log unless AUDIT_DIR is set: there is
// no record to sit next to, and a demo should not write into a real SESSION_DIR.
import fp from "fastify-plugin";
import { AuditLog } from "../services/audit/audit-log.js";
import { FileAccountStore } from "../services/accounts/file-store.js";

declare module "fastify" {
  interface FastifyInstance {
    audit: AuditLog;
  }
}

export default fp(
  async function auditPlugin(fastify) {
    const config = fastify.config;
    const store = fastify.accounts;
    const dir = config.AUDIT_DIR ?? (store instanceof FileAccountStore ? store.accountsDir : undefined);
    const log = new AuditLog({
      dir,
      content: config.AUDIT_CONTENT,
      maxBytes: config.AUDIT_MAX_BYTES,
      keep: config.AUDIT_KEEP,
      onError: (err) => fastify.log.error({ err }, "audit log write failed"),
    });
    fastify.decorate("audit", log);
    fastify.log.debug({ dir: dir ?? null, content: config.AUDIT_CONTENT }, dir ? "audit log" : "audit log off (accounts in memory, no AUDIT_DIR)");
  },
  { name: "audit", fastify: "5.x", dependencies: ["config", "accounts"] },
);
