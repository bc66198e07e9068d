// The MTProto bridge: one implementation behind the invoke_mtproto tool and
// POST /mtproto-api/{method}. Name -> policy -> params -> TL -> Telegram -> JSON, with every
// failure turned into the error envelope and its kind (the HTTP route maps kinds to statuses).
import type { AccountSession } from "../telegram/account-session.js";
import { resolvePeer } from "../telegram/entity-resolver.js";
import type { ErrorKind } from "../telegram/errors.js";
import { BridgeError, invalidParam, toBridgeError, toEnvelope, type BridgeErrorEnvelope } from "./errors.js";
import { lookupMethod } from "./names.js";
import { checkPolicy, readOnlyRefusal, type ReadOnlySource } from "./policy.js";
import { isGenericType, type TlDef } from "./schema.js";
import { buildRequest, type PeerLookup } from "./to-tl.js";
import { tlToJson } from "./to-json.js";

export interface InvokeInput {
  /** Method name in any accepted spelling: messages.getHistory, messages.GetHistoryRequest, ... */
  method: string;
  /** Params as an object (HTTP body "params")... */
  params?: unknown;
  /** ...or as a JSON string (the tool's params_json, HTTP body "params_json"). */
  paramsJson?: string;
  /** Resolve chat references in entity parameters (default true). */
  resolve?: boolean;
  /** Run a dangerous method (default false; refused anyway when the server forbids it). */
  allowDangerous?: boolean;
}

export interface InvokeDeps {
  /** The account's session: the call goes through its invoke (FloodWait policy, metrics). */
  session: AccountSession;
  /** The operator switch ALLOW_DANGEROUS_METHODS: when false, allowDangerous has no effect. */
  allowDangerousMethods: boolean;
  /** The operator switch READ_ONLY (or the account's own read-only setting): only read-class methods run. */
  readOnly?: boolean;
  /** Which setting made the call read-only, for the refusal's wording (default "server"). */
  readOnlySource?: ReadOnlySource;
  /** Cancels the call (the client went away). */
  signal?: AbortSignal;
  /** Chat-reference lookup; defaults to the shared entity resolver on `session`. */
  lookupPeer?: PeerLookup;
}

export type InvokeOutcome =
  | { ok: true; method: string; result: unknown }
  | { ok: false; kind: ErrorKind; envelope: BridgeErrorEnvelope };

export interface PreparedCall {
  def: TlDef;
  params: Record<string, unknown>;
}

/**
 * Everything that needs no Telegram: the method, the policy and the params. Throws BridgeError.
 */
export function prepareCall(input: InvokeInput, allowDangerousMethods: boolean, readOnly = false, readOnlySource: ReadOnlySource = "server"): PreparedCall {
  const found = lookupMethod(input.method);
  if (!found.ok) {
    const hint = found.suggestions.length ? ` Did you mean ${found.suggestions.join(", ")}?` : "";
    throw new BridgeError("not_found", "InvalidParameter", `Unknown MTProto method "${input.method}".${hint}`, {
      errorCode: "METHOD_NOT_FOUND",
      parameter: "method",
      suggestions: found.suggestions,
    });
  }
  const def = found.def;
  const wrapped = def.params.find((p) => isGenericType(p.type));
  if (wrapped) {
    throw new BridgeError("invalid", "InvalidParameter", `${def.className} wraps another request; call the inner method directly (the connection layer is managed by the server).`, {
      errorCode: "METHOD_NOT_SUPPORTED",
      parameter: "method",
    });
  }
  // The one policy check of both front ends (invoke_mtproto and POST /mtproto-api).
  const decision = checkPolicy(def, input.allowDangerous === true, allowDangerousMethods, readOnly);
  if (!decision.allowed) {
    if (decision.reason === "read_only") throw new BridgeError("forbidden", "InvalidParameter", readOnlyRefusal(def, readOnlySource), { errorCode: "READ_ONLY" });
    const { why } = decision;
    const message =
      decision.reason === "disabled_by_server"
        ? `${def.className} is a dangerous method (${why}) and this server does not run dangerous methods (ALLOW_DANGEROUS_METHODS=false).`
        : `${def.className} is a dangerous method (${why}); it is blocked unless allow_dangerous is true.`;
    throw new BridgeError("forbidden", "InvalidParameter", message, {
      errorCode: decision.reason === "disabled_by_server" ? "DANGEROUS_METHODS_DISABLED" : "DANGEROUS_METHOD_BLOCKED",
      parameter: decision.reason === "disabled_by_server" ? undefined : "allow_dangerous",
    });
  }
  return { def, params: parseParams(input) };
}

function parseParams(input: InvokeInput): Record<string, unknown> {
  const hasJson = input.paramsJson !== undefined && input.paramsJson.trim() !== "";
  if (hasJson && input.params !== undefined && input.params !== null) {
    throw invalidParam("Give either params (an object) or params_json (a JSON string), not both.", "params_json");
  }
  let params: unknown = input.params;
  if (hasJson) {
    try {
      params = JSON.parse(input.paramsJson!);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      const e = invalidParam(`params_json is not valid JSON (${why}). Example: {"peer": "me", "limit": 10}.`, "params_json", "JSON object");
      e.info.errorCode = "INVALID_PARAMS_JSON";
      throw e;
    }
  }
  if (params === undefined || params === null) return {};
  if (typeof params !== "object" || Array.isArray(params)) {
    throw invalidParam(`params must be a JSON object of the method's parameters, got ${Array.isArray(params) ? "an array" : typeof params}.`, hasJson ? "params_json" : "params", "JSON object");
  }
  return params as Record<string, unknown>;
}

/** Runs one raw call; throws BridgeError (with its kind) on any failure. */
export async function runMtproto(input: InvokeInput, deps: InvokeDeps): Promise<{ method: string; result: unknown }> {
  const named = lookupMethod(input.method);
  const method = named.ok ? named.def.className : undefined;
  try {
    const { def, params } = prepareCall(input, deps.allowDangerousMethods, deps.readOnly === true, deps.readOnlySource);
    const resolve = input.resolve !== false;
    const lookupPeer: PeerLookup = deps.lookupPeer ?? ((value) => resolvePeer(deps.session, value, { signal: deps.signal }));
    const request = await buildRequest(def, params, { resolve, lookupPeer });
    const result = await deps.session.invoke(request, deps.signal);
    return { method: def.className, result: tlToJson(result) };
  } catch (err) {
    const e = toBridgeError(err);
    e.info.method ??= method;
    throw e;
  }
}

/** Runs one raw call. Never throws: failures come back as { ok: false, kind, envelope }. */
export async function invokeMtproto(input: InvokeInput, deps: InvokeDeps): Promise<InvokeOutcome> {
  try {
    return { ok: true, ...(await runMtproto(input, deps)) };
  } catch (err) {
    const e = toBridgeError(err);
    return { ok: false, kind: e.kind, envelope: toEnvelope(e) };
  }
}
