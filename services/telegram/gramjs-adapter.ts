// The one module that reaches into gramjs internals (underscore members, module-level state, its decoder).
// gramjs has no public API for these; each use names the gramjs version it was checked against,
// and test/telegram/gramjs-adapter.test.ts fails on a real client when one of them disappears.
// Upgrading `telegram`: re-check every function here, run that test, then bump the version.
import { createRequire } from "node:module";
import bigInt from "big-integer";
import { Api, extensions, type TelegramClient } from "telegram";
import * as RSA from "telegram/crypto/RSA.js";
import { StringSession } from "telegram/sessions/index.js";
import { tlobjects } from "telegram/tl/AllTLObjects.js";
import apiTl from "telegram/tl/apiTl.js";
import { CORE_TYPES, fromLine } from "telegram/tl/generationHelpers.js";

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

type LongHelpers = {
  toSignedLittleBuffer(big: unknown, bytes?: number): Buffer;
  readBigIntFromBuffer(buffer: Buffer, little?: boolean, signed?: boolean): bigInt.BigInteger;
  readBufferFromBigInt(value: unknown, bytes: number, little?: boolean, signed?: boolean): Buffer;
};
let stockLongHelpers: LongHelpers | undefined;

/** The value of a 64-bit argument as a native bigint, or undefined for what keeps gramjs's path. */
function nativeLong(x: unknown): bigint | undefined {
  const v = bigInt.isInstance(x) ? (x as unknown as { value: unknown }).value : x;
  if (typeof v === "bigint") return v;
  return typeof v === "number" && Number.isSafeInteger(v) ? BigInt(v) : undefined;
}

/**
 * Makes gramjs's MTProto layer convert its per-message 64-bit values (the msg id, salt and
 * session id of each sent message, the auth key id of each one sent and received) with Node's
 * Buffer 64-bit reads and writes. gramjs's own go through big-integer: 2.4-5.5 µs each against
 * under 0.1, some 25 µs of every call (bench/README.md, "CPU per call, each process alone").
 * Same bytes and the same big-integer values; other widths, strings, negative values where an
 * unsigned is asked for and overflows keep gramjs's path (and its errors). Process-wide, once.
 * Checked against gramjs 2.26.22: `Helpers.toSignedLittleBuffer(big, bytes = 8)` (the low
 * `bytes` bytes of the two's complement, little-endian), `readBigIntFromBuffer(buffer, little =
 * true, signed = false)` and `readBufferFromBigInt(value, bytes, little = true, signed = false)`,
 * read through the module's exports at each call by network/MTProtoState.js and
 * extensions/BinaryReader.js (tl/api.js took its own copies at load, so its argument encoding
 * keeps gramjs's).
 */
export function useFastLongHelpers(): void {
  if (stockLongHelpers) return;
  const helpers = createRequire(import.meta.url)("telegram/Helpers.js") as LongHelpers;
  const stock: LongHelpers = {
    toSignedLittleBuffer: helpers.toSignedLittleBuffer,
    readBigIntFromBuffer: helpers.readBigIntFromBuffer,
    readBufferFromBigInt: helpers.readBufferFromBigInt,
  };
  for (const [name, fn] of Object.entries(stock)) if (typeof fn !== "function") throw new Error(`gramjs changed: Helpers.${name} is gone (see gramjs-adapter.ts)`);
  stockLongHelpers = stock;
  helpers.toSignedLittleBuffer = (big, bytes = 8) => {
    const v = bytes === 8 ? nativeLong(big) : undefined;
    if (v === undefined) return stock.toSignedLittleBuffer(big, bytes);
    const out = Buffer.allocUnsafe(8);
    out.writeBigUInt64LE(BigInt.asUintN(64, v));
    return out;
  };
  helpers.readBigIntFromBuffer = (buffer, little = true, signed = false) => {
    if (!little || !Buffer.isBuffer(buffer) || buffer.length !== 8) return stock.readBigIntFromBuffer(buffer, little, signed);
    return bigInt(signed ? buffer.readBigInt64LE(0) : buffer.readBigUInt64LE(0));
  };
  helpers.readBufferFromBigInt = (value, bytes, little = true, signed = false) => {
    const v = bytes === 8 && little ? nativeLong(value) : undefined;
    // Negative values and overflows keep gramjs's path, which converts or throws as it does.
    if (v === undefined || v < 0n || v >= 1n << 64n) return stock.readBufferFromBigInt(value, bytes, little, signed);
    const out = Buffer.allocUnsafe(8);
    out.writeBigUInt64LE(v);
    return out;
  };
}

/** gramjs's own 64-bit helpers, once useFastLongHelpers() replaced them (the adapter test compares both). */
export function gramjsStockLongHelpers(): LongHelpers | undefined {
  return stockLongHelpers;
}

/** How a field of each TL primitive type is read (gramjs's getArgFromReader, as source text). */
const PRIMITIVE_READS: Record<string, string> = {
  int: "r.readInt()",
  long: "r.readLong()",
  int128: "r.readLargeInt(128)",
  int256: "r.readLargeInt(256)",
  double: "r.readDouble()",
  string: "r.tgReadString()",
  Bool: "r.tgReadBool()",
  true: "true",
  bytes: "r.tgReadBytes()",
  date: "r.tgReadDate()",
};
type TlArg = { isVector: boolean; isFlag: boolean; skipConstructorId: boolean; flagName: string | null; flagIndex: number; flagIndicator: boolean; type: string; useVectorId: boolean | null };
type TlClass = { CONSTRUCTOR_ID: number; SUBCLASS_OF_ID: number; className: string; classType: string; prototype: object };
type ObjectReader = { offset: number; readInt(signed?: boolean): number; tgReadObject(): unknown };
type Decoder = (r: ObjectReader) => unknown;
let stockTgReadObject: ObjectReader["tgReadObject"] | undefined;

/**
 * The source of a decoder for one constructor: the same reads, in the same order, into the same
 * object as gramjs's generic `fromReader`, without interpreting the schema per field and without the
 * generic constructor's keyed stores. Undefined for what it does not handle, which keeps gramjs's own.
 */
function decoderSource(argsConfig: Record<string, TlArg>): string | undefined {
  const names = Object.keys(argsConfig);
  // gramjs's constructor invents a random_id when the decoded one is absent; leave that to it.
  // Names become identifiers in the source: anything but \w+ is left to gramjs too.
  if (names.includes("randomId") || !names.every((n) => /^\w+$/.test(n))) return undefined;
  const v = (name: string) => `a_${name}`;
  const reads: string[] = [];
  for (const name of names) {
    const a = argsConfig[name];
    if (a.flagIndicator) {
      reads.push(`const ${v(name)} = r.readInt();`);
      continue;
    }
    // A bare constructor type (skipConstructorId) goes through a lookup gramjs itself gets wrong.
    const one = PRIMITIVE_READS[a.type] ?? (a.skipConstructorId ? undefined : "r.tgReadObject()");
    if (one === undefined || (a.isFlag && !names.includes(a.flagName ?? ""))) return undefined;
    const read = a.isVector
      ? `{ ${a.useVectorId ? "r.readInt(); " : ""}const n = r.readInt(); ${v(name)} = []; for (let i = 0; i < n; i++) ${v(name)}.push(${one}); }`
      : `${v(name)} = ${one};`;
    if (!a.isFlag) reads.push(`let ${v(name)}; ${read}`);
    else if (a.type === "true") reads.push(`const ${v(name)} = Boolean(${v(a.flagName!)} & ${1 << a.flagIndex});`);
    else reads.push(`let ${v(name)} = null; if (${v(a.flagName!)} & ${1 << a.flagIndex}) ${read}`);
  }
  const fields = names.map((n) => `this.${n} = args.${n};`).join(" ");
  return `"use strict";
function Decoded(args) { this.CONSTRUCTOR_ID = cid; this.SUBCLASS_OF_ID = sid; this.className = name; this.classType = "constructor"; this.originalArgs = args; this.init(args); ${fields} }
Decoded.prototype = proto;
return function fromReader(r) { ${reads.join(" ")} return new Decoded({ ${names.map((n) => `${n}: ${v(n)}`).join(", ")} }); };`;
}

/**
 * Makes gramjs decode each constructor of the API schema with a decoder compiled for it, on the
 * first answer that holds it. gramjs's own walks the class's argument table field by field, calls
 * a type switch per field and builds each object with keyed stores: most of the CPU of decoding
 * an answer (a 50-message history: 0.55-0.95 ms, compiled 0.09-0.16; a global search: 1.3-2.1 ms,
 * compiled 0.17-0.29; bench/README.md, "A compiled TL decoder"). The objects are the same: the
 * class's prototype (so `instanceof` and gramjs's patched Message methods), the same own fields in
 * the same order, `originalArgs`, and the class's `init` (gramjs's CustomMessage) called as gramjs
 * calls it. MTProto's own types (the DH handshake, containers, bool, vectors) and whatever the
 * compiler does not handle keep gramjs's path. Process-wide, once. Code generation needs node
 * without --disallow-code-generation-from-strings; without it every type keeps gramjs's path.
 * Checked against gramjs 2.26.22: `extensions.BinaryReader.prototype.tgReadObject()` reads the
 * constructor id with `readInt(false)` and calls the class's static `fromReader`;
 * `tl/AllTLObjects.tlobjects` (constructor id -> class); `tl/apiTl.js` (the schema text the
 * classes were built from) and `tl/generationHelpers.fromLine` (gramjs's own parser of one line,
 * which yields the class's argument table).
 */
export function useCompiledDecoders(): void {
  if (stockTgReadObject) return;
  const proto = extensions.BinaryReader.prototype as unknown as ObjectReader;
  const original = proto.tgReadObject;
  if (typeof original !== "function") throw new Error("gramjs changed: BinaryReader.tgReadObject is gone (see gramjs-adapter.ts)");
  stockTgReadObject = original;
  const decoders = new Map<number, Decoder | null>();
  proto.tgReadObject = function (this: ObjectReader): unknown {
    const id = this.readInt(false);
    let decode = decoders.get(id);
    if (decode === undefined) {
      decode = compileDecoder(id);
      // Only ids of known classes are remembered: an unknown one ends the answer in gramjs's error.
      if (decode || id in tlobjects) decoders.set(id, decode);
    }
    if (decode) return decode(this);
    this.offset -= 4;
    return original.call(this);
  };
}

let schemaLines: Map<number, string> | undefined;
/** Constructor id -> its line in gramjs's API schema (types only), indexed on first use. */
function schemaLine(id: number): string | undefined {
  if (!schemaLines) {
    schemaLines = new Map();
    const types = apiTl.slice(0, apiTl.indexOf("---functions---"));
    for (const m of types.matchAll(/^[a-zA-Z][\w.]*#([0-9a-f]+) [^\n]*;$/gm)) schemaLines.set(parseInt(m[1], 16), m[0]);
  }
  return schemaLines.get(id);
}

function compileDecoder(id: number): Decoder | null {
  const cls = (tlobjects as Record<number, TlClass | undefined>)[id];
  const line = schemaLine(id);
  if (!cls || cls.classType !== "constructor" || line === undefined || CORE_TYPES.has(id)) return null;
  try {
    const def = fromLine(line, false) as { constructorId: number; argsConfig: Record<string, TlArg> };
    const src = def.constructorId === id ? decoderSource(def.argsConfig) : undefined;
    if (src === undefined) return null;
    return new Function("cid", "sid", "name", "proto", src)(id, cls.SUBCLASS_OF_ID, cls.className, cls.prototype) as Decoder;
  } catch {
    return null; // no code generation here, or a line gramjs's parser rejects: gramjs's own path
  }
}

/** gramjs's own tgReadObject, once useCompiledDecoders() replaced it (the adapter test decodes with both). */
export function gramjsStockTgReadObject(): ObjectReader["tgReadObject"] | undefined {
  return stockTgReadObject;
}
