// The one module that reaches into gramjs internals (underscore members and module-level state).
// gramjs has no public API for these; each use names the gramjs version it was checked against,
// and test/telegram/gramjs-adapter.test.ts fails on a real client when one of them disappears.
// Upgrading `telegram`: re-check every function here, run that test, then bump the version.
import bigInt from "big-integer";
import { Api, extensions, type TelegramClient } from "telegram";
import * as RSA from "telegram/crypto/RSA.js";
import { StringSession } from "telegram/sessions/index.js";

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
 * A StringSession that keeps no entity rows. gramjs's MemorySession adds a row (a new array) per
 * user and chat of every answer to a Set, which never dedups arrays and never shrinks: a
 * long-running account grew by every entity of every call, and paid a getInputPeer, a marked-id
 * conversion and a display name per entity per call for it. tgmcp resolves peers through its own
 * bounded cache and gramjs's EntityCache, which `invoke` still fills (gramjsCachedInputPeer); where
 * gramjs would have read a row (getInputEntity of a username), it asks Telegram instead.
 * Checked against gramjs 2.26.22: MemorySession.processEntities, called by client.invoke with
 * every result, and `_entities`, the Set it fills.
 */
export class RowlessStringSession extends StringSession {
  override processEntities(): void {}
}

/**
 * The account's own user id as gramjs learned it (after getMe or a login), without an RPC.
 * Checked against gramjs 2.26.22: `client._selfInputPeer` (InputPeerUser).
 */
export function gramjsSelfUserId(client: TelegramClient): string | undefined {
  return client._selfInputPeer?.userId?.toString();
}

/**
 * Tells gramjs the account's own user when tgmcp has seen it in a response, so gramjs need not ask.
 * gramjs's update dispatch calls getMe (one users.GetUsers) whenever an update arrives, an event
 * handler is registered and it does not know the account yet: an RPC nobody asked for, at an
 * arbitrary moment, inside whatever call is under way.
 * Checked against gramjs 2.26.22: `client._selfInputPeer` (what getMe(true) returns and sets) and
 * `client._bot` (what getMe sets beside it).
 */
export function gramjsLearnSelf(client: TelegramClient, me: Api.User): void {
  if (client._selfInputPeer || !me.self || me.accessHash === undefined) return;
  client._selfInputPeer = new Api.InputPeerUser({ userId: me.id, accessHash: me.accessHash });
  client._bot ??= !!me.bot;
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

type LongReader = { stream: Buffer; offset: number; _last?: Buffer; readLargeInt(bits: number, signed?: boolean): bigInt.BigInteger };
let stockReadLargeInt: LongReader["readLargeInt"] | undefined;

/**
 * Makes gramjs decode 64-bit fields (every id, access hash and msg id of a response) with
 * Node's Buffer.readBigInt64LE instead of its own path, which copies the bytes, reverses them,
 * parses them as a hex string with big-integer and prints the value in base 2 to test its sign:
 * a third of tgmcp's CPU on a 50-message search (bench/README.md, "CPU per call"). The value
 * is the same big-integer object gramjs returns (a NativeBigInt of the same number), so nothing
 * downstream changes; other widths (int128, int256) keep gramjs's path. Process-wide, once.
 * Checked against gramjs 2.26.22: `extensions.BinaryReader.prototype.readLargeInt(bits, signed)`
 * reads `bits / 8` bytes at `this.offset` of `this.stream` (a Buffer), little-endian, advances
 * `offset` and keeps the bytes in `_last` (for its error messages).
 */
export function useFastLongReader(): void {
  if (stockReadLargeInt) return;
  const proto = extensions.BinaryReader.prototype as unknown as LongReader;
  const original = proto.readLargeInt;
  if (typeof original !== "function") throw new Error("gramjs changed: BinaryReader.readLargeInt is gone (see gramjs-adapter.ts)");
  stockReadLargeInt = original;
  proto.readLargeInt = function (this: LongReader, bits: number, signed = true): bigInt.BigInteger {
    const at = this.offset;
    // Past the end, gramjs's own path throws its error; a stream that is not a Buffer goes there too.
    if (bits !== 64 || at + 8 > this.stream.length || !Buffer.isBuffer(this.stream)) return original.call(this, bits, signed);
    this.offset = at + 8;
    this._last = this.stream.subarray(at, at + 8);
    return bigInt(signed ? this.stream.readBigInt64LE(at) : this.stream.readBigUInt64LE(at));
  };
}

/** gramjs's own readLargeInt, once useFastLongReader() replaced it (the adapter test decodes with both). */
export function gramjsStockReadLargeInt(): LongReader["readLargeInt"] | undefined {
  return stockReadLargeInt;
}
