// JSON -> TL: builds a gramjs request from JSON params, checked against the TL schema.
// Two passes: a synchronous one validates everything (types, required parameters,
// constructors) and records the chat references to resolve; only then are those resolved
// (RPCs, cached) and the gramjs objects built. So a typo costs no Telegram call.
import bigInt from "big-integer";
import { Api } from "telegram";
import { ToolError } from "../telegram/errors.js";
import type { ResolvedPeer } from "../telegram/entity-resolver.js";
import { BridgeError, invalidParam } from "./errors.js";
import { editDistance } from "./names.js";
import { getSchema, isGenericType, type TlDef, type TlParam, type TlSchema } from "./schema.js";

/** The parameter names the seed lists for resolution (snake_case, as in the TL schema). */
export const ENTITY_PARAMS: ReadonlySet<string> = new Set(["peer", "from_peer", "to_peer", "user", "user_id", "channel", "chat", "chat_id", "users", "chats", "peers"]);

/** Types a chat reference can be turned into (the TL field's declared type decides). */
const RESOLVABLE_TYPES = new Set(["InputPeer", "InputUser", "InputChannel", "InputDialogPeer", "InputNotifyPeer"]);

/** int fields holding unix times: accepted as ISO strings on input, written as ISO on output. */
export function isDateField(name: string): boolean {
  return /(^|_)(date|until)(_|$)/.test(name) || ["expires", "expires_at", "was_online", "date_created", "date_active"].includes(name);
}

export type PeerLookup = (value: string | number) => Promise<ResolvedPeer>;

export interface ToTlOptions {
  /** resolve=true: chat references ("@name", "me", ids, t.me links) are looked up. */
  resolve: boolean;
  /** Looks a chat reference up (the shared entity resolver, bound to the account's client). */
  lookupPeer?: PeerLookup;
  schema?: TlSchema;
}

// ------------------------------------------------------------------ pass 1: validate

/** A constructor (or the request) to build once references are resolved. */
interface Node {
  def: TlDef;
  args: Record<string, unknown>;
}

/** A chat reference to resolve into `want`. */
interface Ref {
  value: string | number;
  want: string; // InputPeer, InputUser, InputChannel, InputDialogPeer, InputNotifyPeer, or "id" (a bare long id)
  path: string;
}

class NodeValue {
  constructor(readonly node: Node) {}
}
class RefValue {
  constructor(readonly ref: Ref) {}
}

const INT32_MIN = -(2 ** 31);
const UINT32_MAX = 2 ** 32 - 1;
const INT64_MIN = bigInt("-9223372036854775808");
const UINT64_MAX = bigInt("18446744073709551615");
const TWO_64 = bigInt("18446744073709551616");
const INT64_MAX = bigInt("9223372036854775807");

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v)}`;
  if (typeof v === "object") return "an object";
  return `${typeof v} ${String(v)}`;
}

function normKey(k: string): string {
  return k.toLowerCase().replace(/_/g, "");
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

class Builder {
  readonly refs: Ref[] = [];
  constructor(
    readonly schema: TlSchema,
    readonly opts: ToTlOptions,
  ) {}

  node(def: TlDef, input: Record<string, unknown>, path: string): Node {
    const byKey = new Map<string, TlParam>();
    for (const p of def.params) byKey.set(normKey(p.name), p);
    const given = new Map<TlParam, unknown>();
    for (const [k, v] of Object.entries(input)) {
      if (k === "_") continue;
      const p = byKey.get(normKey(k));
      if (!p) {
        const names = def.params.filter((x) => !x.isFlagsField).map((x) => x.name);
        throw invalidParam(
          `Unknown parameter '${join(path, k)}' for ${def.className}. Its parameters are: ${names.length ? names.join(", ") : "(none)"}.`,
          join(path, k),
        );
      }
      if (p.isFlagsField) continue; // flags are computed from the optional fields given
      if (given.has(p)) throw invalidParam(`Parameter '${join(path, p.name)}' is given twice (as snake_case and camelCase).`, join(path, p.name));
      given.set(p, v);
    }
    const args: Record<string, unknown> = {};
    for (const p of def.params) {
      if (p.isFlagsField) continue;
      const at = join(path, p.name);
      const v = given.get(p);
      if (v === undefined || v === null) {
        if (p.flag || p.type === "true") continue; // optional
        if (p.name === "random_id") continue; // gramjs generates random ids
        if (!p.isVector && (p.type === "int" || p.type === "long" || p.type === "double")) {
          // Numeric fields default to 0 (offsets, hashes, "no limit"), as in the original and Telegram's docs.
          args[p.key] = p.type === "long" ? bigInt.zero : 0;
          continue;
        }
        throw invalidParam(`Missing required parameter '${at}' of ${def.className}: expected ${typeName(p)}.`, at, typeName(p));
      }
      args[p.key] = this.param(p, v, at, def, path === "");
    }
    return { def, args };
  }

  param(p: TlParam, v: unknown, at: string, owner: TlDef, topLevel: boolean): unknown {
    if (isGenericType(p.type)) {
      throw invalidParam(`${owner.className} wraps another request (parameter '${at}' of type ${p.type}); call the inner method directly.`, at, p.type);
    }
    if (p.isVector) {
      if (!Array.isArray(v)) throw invalidParam(`Parameter '${at}' of ${owner.className} expects ${typeName(p)} (a JSON array), got ${describe(v)}.`, at, typeName(p));
      return v.map((item, i) => this.single(p, item, `${at}[${i}]`, owner, topLevel));
    }
    return this.single(p, v, at, owner, topLevel);
  }

  single(p: TlParam, v: unknown, at: string, owner: TlDef, topLevel: boolean): unknown {
    const type = p.type;
    const wrong = (expected: string): BridgeError =>
      invalidParam(`Parameter '${at}' of ${owner.className} expects ${expected}, got ${describe(v)}.`, at, p.isVector ? type : typeName(p));
    switch (type) {
      case "int": {
        if (typeof v === "string" && isDateField(p.name) && /^\d{4}-\d\d-\d\d/.test(v)) {
          const ms = Date.parse(v);
          if (Number.isNaN(ms)) throw wrong("int (a unix time or an ISO date)");
          return Math.floor(ms / 1000);
        }
        if (typeof v !== "number" || !Number.isInteger(v) || v < INT32_MIN || v > UINT32_MAX) {
          throw wrong(isDateField(p.name) ? "int (a unix time or an ISO date)" : "int (a 32-bit integer)");
        }
        return v | 0; // unsigned 32-bit values (hashes) wrap to the signed form gramjs writes
      }
      case "long": {
        if (this.isBareIdRef(p, v, topLevel)) return this.ref(v as string | number, "id", at);
        return toLong(v, wrong, 64);
      }
      case "int128":
      case "int256":
        return toLong(v, wrong, type === "int128" ? 128 : 256);
      case "double":
        if (typeof v !== "number" || !Number.isFinite(v)) throw wrong("double (a number)");
        return v;
      case "string":
        if (typeof v !== "string") throw wrong("string");
        return v;
      case "bytes": {
        if (typeof v !== "string" || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(v) || v.replace(/=+$/, "").length % 4 === 1) {
          throw wrong("bytes (a base64 string)");
        }
        return Buffer.from(v, "base64");
      }
      case "Bool":
        if (typeof v !== "boolean") throw wrong("Bool (true or false)");
        return v;
      case "true":
        if (typeof v !== "boolean") throw wrong("true (a flag: true or false)");
        return v ? true : undefined;
      default:
        return this.object(p, v, at, owner, wrong);
    }
  }

  /**
   * A bare-id field of the request (chat_id:long in messages.getFullChat and the like) given a
   * chat reference ("-123", "@name") rather than a plain positive id. int fields are never
   * references (messages.discardEncryption's chat_id:int is a secret-chat id).
   */
  isBareIdRef(p: TlParam, v: unknown, topLevel: boolean): boolean {
    if (!topLevel || !this.opts.resolve || !ENTITY_PARAMS.has(p.name)) return false;
    if (typeof v === "number") return v < 0;
    return typeof v === "string" && !/^\d+$/.test(v.trim());
  }

  object(p: TlParam, v: unknown, at: string, owner: TlDef, wrong: (expected: string) => BridgeError): unknown {
    const type = p.type;
    if (typeof v === "string" || typeof v === "number") {
      if (RESOLVABLE_TYPES.has(type)) {
        if (!this.opts.resolve) {
          throw invalidParam(
            `Parameter '${at}' of ${owner.className} expects ${type} (an object like {"_": "${this.constructorsOf(type)[0]?.tlName ?? type}", ...}), got ${describe(v)}; with resolve=true it also accepts a chat reference like "@username", "me" or a numeric id.`,
            at,
            type,
          );
        }
        return this.ref(v, type, at);
      }
      throw wrong(`${type} (an object with "_" naming its constructor)`);
    }
    if (!isPlainObject(v)) throw wrong(`${type} (an object with "_" naming its constructor)`);
    const candidates = this.constructorsOf(type);
    const name = v["_"];
    let def: TlDef | undefined;
    if (name === undefined) {
      if (candidates.length !== 1) {
        throw invalidParam(
          `Parameter '${at}' of ${owner.className} expects ${type}: add "_" with one of ${listNames(candidates)}.`,
          at,
          type,
        );
      }
      def = candidates[0];
    } else {
      if (typeof name !== "string") throw invalidParam(`"_" of '${at}' must be a constructor name (a string), got ${describe(name)}.`, join(at, "_"), type);
      def = this.schema.constructors.get(name.toLowerCase().replace(/_/g, "")) ?? findConstructor(this.schema, name);
      if (!def) {
        const near = nearest(name, candidates.length ? candidates : [...this.schema.constructors.values()]);
        const err = invalidParam(`Unknown constructor "${name}" for '${at}' (${type}). Did you mean ${near.join(", ")}?`, at, type);
        err.info.suggestions = near;
        throw err;
      }
      if (def.type !== type && !(def.tlName === type)) {
        throw invalidParam(
          `Parameter '${at}' of ${owner.className} expects ${type}, but "${name}" builds ${def.type}. Use one of ${listNames(candidates)}.`,
          at,
          type,
        );
      }
    }
    return new NodeValue(this.node(def!, v, at));
  }

  constructorsOf(type: string): TlDef[] {
    const boxed = this.schema.byType.get(type);
    if (boxed) return boxed;
    // A bare type (lower-case, e.g. "ipPort") names its single constructor.
    const bare = this.schema.constructors.get(type.toLowerCase());
    return bare ? [bare] : [];
  }

  ref(value: string | number, want: string, path: string): RefValue {
    const ref = { value, want, path };
    this.refs.push(ref);
    return new RefValue(ref);
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function typeName(p: TlParam): string {
  return p.isVector ? `Vector<${p.type}>` : p.type;
}

function listNames(defs: TlDef[]): string {
  const names = defs.map((d) => d.tlName);
  return names.length > 12 ? names.slice(0, 12).join(", ") + `, … (${names.length} in all)` : names.join(", ");
}

function findConstructor(schema: TlSchema, name: string): TlDef | undefined {
  const key = name.toLowerCase().replace(/_/g, "");
  for (const d of schema.constructors.values()) if (d.tlName.toLowerCase().replace(/_/g, "") === key) return d;
  return undefined;
}

function nearest(name: string, defs: TlDef[], n = 3): string[] {
  const key = name.toLowerCase();
  return defs
    .map((d) => ({ d, s: editDistance(key, d.tlName.toLowerCase()) }))
    .sort((a, b) => a.s - b.s)
    .slice(0, n)
    .map((x) => x.d.tlName);
}

function toLong(v: unknown, wrong: (expected: string) => BridgeError, bits: 64 | 128 | 256): bigInt.BigInteger {
  const expected = bits === 64 ? "long (a 64-bit integer, as a number or a decimal string)" : `int${bits} (an integer, as a decimal string)`;
  let n: bigInt.BigInteger;
  if (typeof v === "number") {
    if (!Number.isInteger(v)) throw wrong(expected);
    // JSON numbers beyond 2^53 have already lost digits: refuse rather than send a wrong id.
    if (!Number.isSafeInteger(v)) throw wrong(`${expected}; values beyond 2^53 must be strings`);
    n = bigInt(v);
  } else if (typeof v === "string" && /^-?\d{1,80}$/.test(v.trim())) {
    n = bigInt(v.trim());
  } else {
    throw wrong(expected);
  }
  if (bits === 64) {
    if (n.lesser(INT64_MIN) || n.greater(UINT64_MAX)) throw wrong(expected);
    // Unsigned 64-bit values (as some clients print hashes) wrap to the signed form.
    if (n.greater(INT64_MAX)) n = n.subtract(TWO_64);
  } else if (n.abs().bitLength().toJSNumber() > bits) {
    throw wrong(expected);
  }
  return n;
}

// ------------------------------------------------------------------ pass 2: resolve and build

async function resolveRef(ref: Ref, lookup: PeerLookup): Promise<unknown> {
  let peer: ResolvedPeer;
  try {
    peer = await lookup(ref.value);
  } catch (err) {
    if (err instanceof ToolError && (err.errorType === "EntityNotFound" || err.errorType === "InvalidParameter")) {
      throw new BridgeError(err.errorType === "EntityNotFound" ? "not_found" : "invalid", err.errorType, `Parameter '${ref.path}': ${err.message}`, { parameter: ref.path, expectedType: ref.want === "id" ? "long" : ref.want });
    }
    throw err;
  }
  const ip = peer.inputPeer;
  const mismatch = (what: string) =>
    invalidParam(`Parameter '${ref.path}' needs ${what}, but ${JSON.stringify(ref.value)} is a ${peer.kind === "chat" ? "basic group" : peer.kind}.`, ref.path, ref.want);
  switch (ref.want) {
    case "InputPeer":
      return ip;
    case "InputDialogPeer":
      return new Api.InputDialogPeer({ peer: ip });
    case "InputNotifyPeer":
      return new Api.InputNotifyPeer({ peer: ip });
    case "InputUser":
      if (ip instanceof Api.InputPeerSelf) return new Api.InputUserSelf();
      if (ip instanceof Api.InputPeerUser) return new Api.InputUser({ userId: ip.userId, accessHash: ip.accessHash });
      if (ip instanceof Api.InputPeerUserFromMessage) return new Api.InputUserFromMessage({ peer: ip.peer, msgId: ip.msgId, userId: ip.userId });
      throw mismatch("a user (InputUser)");
    case "InputChannel":
      if (ip instanceof Api.InputPeerChannel) return new Api.InputChannel({ channelId: ip.channelId, accessHash: ip.accessHash });
      if (ip instanceof Api.InputPeerChannelFromMessage) return new Api.InputChannelFromMessage({ peer: ip.peer, msgId: ip.msgId, channelId: ip.channelId });
      throw mismatch("a channel or supergroup (InputChannel)");
    default: {
      // A bare id field (chat_id:long, user_id:long).
      if (ip instanceof Api.InputPeerChat) return ip.chatId;
      if (ip instanceof Api.InputPeerUser) return ip.userId;
      if (ip instanceof Api.InputPeerChannel) return ip.channelId;
      throw invalidParam(`Parameter '${ref.path}' takes a numeric id; pass the id itself instead of ${JSON.stringify(ref.value)}.`, ref.path, "long");
    }
  }
}

function materialize(v: unknown, resolved: Map<Ref, unknown>): unknown {
  if (v instanceof RefValue) return resolved.get(v.ref);
  if (v instanceof NodeValue) return build(v.node, resolved);
  if (Array.isArray(v)) return v.map((x) => materialize(x, resolved));
  return v;
}

function build(node: Node, resolved: Map<Ref, unknown>): unknown {
  const args: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node.args)) {
    const m = materialize(v, resolved);
    if (m !== undefined) args[k] = m;
  }
  return new node.def.cls(args);
}

/**
 * Builds the gramjs request for `def` from JSON params. Throws BridgeError ("invalid" for bad
 * params, "not_found" for chats that cannot be found) naming the parameter and its TL type.
 */
export async function buildRequest(def: TlDef, params: unknown, opts: ToTlOptions): Promise<Api.AnyRequest> {
  if (params === undefined || params === null) params = {};
  if (!isPlainObject(params)) throw invalidParam(`params must be a JSON object, got ${describe(params)}.`, "params");
  const builder = new Builder(opts.schema ?? getSchema(), opts);
  const root = builder.node(def, params, "");
  const resolved = new Map<Ref, unknown>();
  if (builder.refs.length) {
    const lookup = opts.lookupPeer;
    if (!lookup) throw new Error("buildRequest: resolve=true needs lookupPeer");
    // One lookup per distinct reference (from_peer and to_peer are often the same chat).
    const peers = new Map<string, Promise<ResolvedPeer>>();
    const once: PeerLookup = (value) => {
      const key = typeof value === "number" ? `n:${value}` : `s:${value.trim().toLowerCase()}`;
      let p = peers.get(key);
      if (!p) {
        p = lookup(value);
        peers.set(key, p);
      }
      return p;
    };
    for (const ref of builder.refs) resolved.set(ref, await resolveRef(ref, once));
  }
  return build(root, resolved) as Api.AnyRequest;
}
