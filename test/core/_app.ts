// Shared helpers of the core tests: an app on a test sandbox.
import type { FastifyInstance } from "fastify";
import { Api } from "telegram";
import { buildApp, type AppDeps, type RouteEntry } from "../../app.js";
import { makeConfig } from "../helpers/config.js";
import { MemoryAccountStore } from "../../services/accounts/memory-store.js";
import type { Sandbox } from "../../sandbox/index.js";

interface Teardownable {
  teardown(fn: () => unknown): void;
}

/** Account-scope route: the caller's Telegram user id, through the session pool. */
export const whoamiRoute: RouteEntry = {
  name: "whoami",
  scope: "account",
  plugin: async (f) => {
    // It reaches Telegram, so it counts against the per-account limit like a tool call.
    f.get("/whoami", { config: { telegramWork: () => true } }, async (request) => {
      const client = await request.telegram();
      const [me] = (await client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }))) as Api.User[];
      return { account: request.account!.id, user_id: Number(me!.id) };
    });
  },
};

export async function testApp(
  t: Teardownable,
  sb: Sandbox,
  env: Record<string, string | number | boolean> = {},
  deps: Partial<AppDeps> & { store?: MemoryAccountStore } = {},
): Promise<{ app: FastifyInstance; store: MemoryAccountStore }> {
  const store = deps.store ?? new MemoryAccountStore();
  const config = makeConfig({ LOG_LEVEL: "silent", ...env });
  const app = await buildApp(config, { sandbox: sb, accountStore: store, logger: false, ...deps, routes: [whoamiRoute, ...(deps.routes ?? [])] });
  t.teardown(() => app.close());
  await app.ready();
  return { app, store };
}
