// The account store: `fastify.accounts`. The caller may pass one; otherwise, without
// http-auth, a sandbox in this process serves its demo account from memory, and everything
// else lives in the file store in SESSION_DIR. The embedded sandbox (recreated on every
// start) gets its own subfolder there, so its throwaway accounts never mix with real ones.
import { join } from "node:path";
import fp from "fastify-plugin";
import type { Config } from "../services/config/schema.js";
import { FileAccountStore, type ManagedAccountStore } from "../services/accounts/file-store.js";
import { MemoryAccountStore } from "../services/accounts/memory-store.js";
import type { Sandbox } from "../sandbox/index.js";

declare module "fastify" {
  interface FastifyInstance {
    accounts: ManagedAccountStore;
  }
}

export interface AccountsPluginOptions {
  /** Use this store (tests, embedders). */
  store?: ManagedAccountStore;
}

/** The in-memory store of the demo: the sandbox's demo account is the default account. */
async function demoStore(sb: Sandbox): Promise<MemoryAccountStore> {
  const store = new MemoryAccountStore();
  store.add({ id: "demo", label: "sandbox demo account", session: await sb.createSession(sb.world.demoAccountId), isDefault: true });
  return store;
}

async function defaultStore(config: Config, sandbox: Sandbox | undefined, embedded: boolean): Promise<ManagedAccountStore> {
  if (sandbox && config.SERVER_MODE !== "http-auth") return demoStore(sandbox);
  const dir = embedded ? join(config.SESSION_DIR, "sandbox") : config.SESSION_DIR;
  return new FileAccountStore({ dir, sessionKey: config.SESSION_KEY, defaultAccountId: config.SESSION_NAME });
}

export default fp<AccountsPluginOptions>(
  async function accountsPlugin(fastify, opts) {
    const store = opts.store ?? (await defaultStore(fastify.config, fastify.sandbox, fastify.sandboxEmbedded));
    fastify.decorate("accounts", store);
  },
  { name: "accounts", fastify: "5.x", dependencies: ["config", "backend"] },
);
