// Shared helpers of the core tests: an app on a test sandbox, and a Prometheus text parser.
import type { FastifyInstance } from "fastify";
import { Api } from "telegram";
import { buildApp, type AppDeps, type RouteEntry } from "../../app.js";
import { makeConfig } from "../../services/config/load.js";
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
    f.get("/whoami", async (request) => {
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

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus text exposition format; throws on a malformed line. */
export function parsePrometheus(text: string): { samples: Sample[]; types: Map<string, string>; helps: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  const helps = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    let m = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (m) {
      (m[1] === "HELP" ? helps : types).set(m[2]!, m[3]!);
      continue;
    }
    m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|[Nn]a[Nn]|\+Inf|-Inf)$/.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    if (m[2]) {
      for (const part of m[2].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[part[1]!] = part[2]!;
    }
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { samples, types, helps };
}

/** The value of one sample (0 when absent, as Prometheus treats a missing counter). */
export function sampleValue(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const s = samples.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v));
  return s ? s.value : 0;
}
