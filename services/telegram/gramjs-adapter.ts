// The one module that reaches into gramjs internals (underscore members and module-level state).
// gramjs has no public API for these; each use names the gramjs version it was checked against,
// and test/telegram/gramjs-adapter.test.ts fails on a real client when one of them disappears.
// Upgrading `telegram`: re-check every function here, run that test, then bump the version.
import bigInt from "big-integer";
import { Api, type TelegramClient } from "telegram";
import * as RSA from "telegram/crypto/RSA.js";

/** The gramjs (`telegram` package) version every private access below was checked against. */
export const GRAMJS_CHECKED_VERSION = "2.26.22";

/**
 * True while gramjs's own auto-reconnect is under way after a dropped connection.
 * Checked against gramjs 2.26.22: `client._sender` (MTProtoSender) and its `isReconnecting` flag.
 */
export function isReconnecting(client: TelegramClient): boolean {
  return client._sender?.isReconnecting === true;
}

/**
 * The InputPeer gramjs cached for a marked id (it fills this cache from every response it decodes).
 * Checked against gramjs 2.26.22: `client._entityCache` (EntityCache), `get(markedId)`, which throws
 * when the id is unknown.
 */
export function gramjsCachedInputPeer(client: TelegramClient, markedId: string): Api.TypeInputPeer | undefined {
  try {
    const ip: unknown = client._entityCache?.get(markedId);
    return ip instanceof Api.InputPeerUser || ip instanceof Api.InputPeerChat || ip instanceof Api.InputPeerChannel ? ip : undefined;
  } catch {
    return undefined; // not cached
  }
}

/**
 * The account's own user id as gramjs learned it (after getMe or a login), without an RPC.
 * Checked against gramjs 2.26.22: `client._selfInputPeer` (InputPeerUser).
 */
export function gramjsSelfUserId(client: TelegramClient): string | undefined {
  return client._selfInputPeer?.userId?.toString();
}

/**
 * Moves a client to another data center (a QR login answered LoginTokenMigrateTo).
 * Checked against gramjs 2.26.22: `client._switchDC(dcId)`, what gramjs's own signInWithQrCode calls.
 */
export async function switchDataCenter(client: TelegramClient, dcId: number): Promise<void> {
  await client._switchDC(dcId);
}

/**
 * Makes a custom DC's RSA key known to gramjs, for a real DH exchange (new logins on the sandbox).
 * Checked against gramjs 2.26.22: the module-level `_serverKeys` map of telegram/crypto/RSA.
 */
export function registerRsaKey(key: { n: bigint; e: number; fingerprint: bigint }): void {
  RSA._serverKeys.set(key.fingerprint.toString(), { n: bigInt(key.n.toString()), e: key.e });
}

/** Whether gramjs knows an RSA key by fingerprint (the adapter test checks the map is still consulted). */
export function hasRsaKey(fingerprint: bigint | string): boolean {
  return RSA._serverKeys.has(fingerprint.toString());
}

/**
 * Disconnects the senders gramjs borrowed for other DCs (file downloads through `invoke(req, dcId)`)
 * and cancels their release timers. gramjs's own disconnect() misses them: it walks
 * `Object.values()` of a Map, so after destroy() a borrowed sender stays connected and its 30 s
 * release timer keeps the process alive.
 * Checked against gramjs 2.26.22: `client._exportedSenderPromises` (Map dcId -> Promise<MTProtoSender>)
 * and `client._exportedSenderReleaseTimeouts` (Map dcId -> Timeout).
 */
export async function releaseExportedSenders(client: TelegramClient): Promise<void> {
  const timers = (client as unknown as { _exportedSenderReleaseTimeouts?: Map<number, ReturnType<typeof setTimeout>> })._exportedSenderReleaseTimeouts;
  for (const timer of timers?.values() ?? []) clearTimeout(timer);
  timers?.clear();
  const senders: Map<number, Promise<{ disconnect(): Promise<void> } | undefined>> | undefined = client._exportedSenderPromises;
  const pending = [...(senders?.values() ?? [])];
  senders?.clear();
  await Promise.all(pending.map((p) => p.then((s) => s?.disconnect()).catch(() => {})));
}
