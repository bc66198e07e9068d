// Test helpers: a sandbox per test and connected gramjs clients, all closed at teardown.
import type { TelegramClient } from "telegram";
import { Sandbox, type SandboxOptions } from "../../sandbox/index.js";
import { createTelegramClient } from "../../services/telegram/client-factory.js";

/** The subset of tap's Test the helpers use (teardown registration). */
interface Teardownable {
  teardown(fn: () => unknown): void;
}

export async function startSandbox(t: Teardownable, opts: SandboxOptions = {}): Promise<Sandbox> {
  const sb = await Sandbox.start(opts);
  t.teardown(() => sb.close());
  return sb;
}

/** A gramjs client for the sandbox (not connected). Destroyed at teardown. */
export function sandboxClient(t: Teardownable, sb: Sandbox, session = "", extra: { autoReconnect?: boolean } = {}): TelegramClient {
  const client = createTelegramClient({
    session,
    backend: { kind: "sandbox", host: sb.host, port: sb.port, rsaPublicKey: sb.rsaPublicKey },
    connectionRetries: 3,
    ...extra,
  });
  t.teardown(() => client.destroy());
  return client;
}

/** A connected gramjs client on `session` (e.g. from sb.createSession(userId)). */
export async function connectClient(t: Teardownable, sb: Sandbox, session: string, extra: { autoReconnect?: boolean } = {}): Promise<TelegramClient> {
  const client = sandboxClient(t, sb, session, extra);
  await client.connect();
  return client;
}

/** A connected client logged in as the user with this username (or the demo account). */
export async function loginAs(t: Teardownable, sb: Sandbox, username?: string): Promise<TelegramClient> {
  const id = username ? demoUser(sb, username) : sb.world.demoAccountId;
  return connectClient(t, sb, await sb.createSession(id));
}

/** The id of a world user by username (throws when the world has none: a test bug). */
export function demoUser(sb: Sandbox, username: string): number {
  const u = sb.world.resolveUsername(username.replace(/^@/, ""))?.user;
  if (!u) throw new Error(`sandbox world has no user @${username}`);
  return u.id;
}

/** Awaits a call that must fail with a Telegram RPC error and returns its errorMessage ("no error" if it succeeded). */
export async function rpcError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "no error";
  } catch (e) {
    return (e as { errorMessage?: string }).errorMessage ?? String(e);
  }
}
