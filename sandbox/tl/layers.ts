// The layers the sandbox answers in. Its world and handlers speak gramjs's layer (gramjs's TL
// classes are the native codec, untouched on that path); a connection that declared another
// served layer has each request read in that layer's schema and re-written in gramjs's, by
// constructor and field name, and each answer and push translated back the same way.
import gramjsApiTl from "telegram/tl/apiTl.js";
import gramjsMtprotoTl from "telegram/tl/schemaTl.js";
import { LAYER as GRAMJS_LAYER } from "telegram/tl/AllTLObjects.js";
import { readTl, TlMissingConstructor, TlUnknownConstructor, writeTl, type TlObject, type TlValue } from "./codec.js";
import { parseTlSchema, type TlEntry, type TlSchema } from "./schema.js";
import * as layer227 from "./layer-227.js";

export { GRAMJS_LAYER };

/** Schema texts of the layers served besides gramjs's own. */
const OTHER_LAYERS: ReadonlyMap<number, string> = new Map([[layer227.LAYER, layer227.SCHEMA]]);

/** Every layer a client may declare in invokeWithLayer. */
export const SERVED_LAYERS: ReadonlySet<number> = new Set([GRAMJS_LAYER, ...OTHER_LAYERS.keys()]);

const schemas = new Map<number, TlSchema>();
/** Parsed once, on first use (gramjs's own path never needs it). */
function schemaOf(layer: number): TlSchema {
  let s = schemas.get(layer);
  if (!s) {
    const text = layer === GRAMJS_LAYER ? gramjsApiTl : OTHER_LAYERS.get(layer);
    if (text === undefined) throw new Error(`layer ${layer} is not served`);
    s = parseTlSchema(text, layer);
    schemas.set(layer, s);
  }
  return s;
}

let mtprotoIds: Set<number> | null = null;
/** Service messages (ping, msgs_ack, …) are the same in every layer: gramjs reads them as they are. */
export function isMtprotoMessage(body: Buffer): boolean {
  mtprotoIds ??= new Set(parseTlSchema(gramjsMtprotoTl, 0).byId.keys());
  return body.length >= 4 && mtprotoIds.has(body.readInt32LE(0));
}

/** The method a translated request ends in, in both layers: how to read and write its answer. */
export interface LayerCall {
  layer: number;
  /** The innermost method in the client's layer and in gramjs's. */
  client: TlEntry;
  native: TlEntry;
}

export type TranslatedRequest = { body: Buffer; call: LayerCall } | { error: string };

/**
 * Reads a request body in `layer`'s schema and re-writes it in gramjs's. Errors are those
 * Telegram gives an unparsable request: INPUT_METHOD_INVALID_<id>_0, INPUT_CONSTRUCTOR_INVALID,
 * INPUT_FETCH_ERROR; CONNECTION_LAYER_INVALID when it declares a layer not served.
 */
export function requestFromLayer(layer: number, body: Buffer): TranslatedRequest {
  const from = schemaOf(layer);
  const to = schemaOf(GRAMJS_LAYER);
  let value: TlValue;
  try {
    value = readTl(from, body);
  } catch (err) {
    if (err instanceof TlUnknownConstructor) return { error: err.method ? `INPUT_METHOD_INVALID_${err.id >>> 0}_0` : "INPUT_CONSTRUCTOR_INVALID" };
    return { error: "INPUT_FETCH_ERROR" };
  }
  // The innermost method under the invoke wrappers (each has a `query:!X`).
  let inner = value as TlObject;
  for (;;) {
    if (inner._ === "invokeWithLayer" && !SERVED_LAYERS.has(inner.layer as number)) return { error: "CONNECTION_LAYER_INVALID" };
    const q = inner.query;
    if (typeof q !== "object" || q === null || Array.isArray(q) || Buffer.isBuffer(q)) break;
    inner = q as TlObject;
  }
  const client = from.byName.get(inner._)!;
  const native = to.byName.get(inner._);
  if (!client.method) return { error: "INPUT_FETCH_ERROR" };
  if (!native) return { error: `INPUT_METHOD_INVALID_${client.id >>> 0}_0` };
  try {
    return { body: writeTl(to, value, "request"), call: { layer, client, native } };
  } catch (err) {
    if (err instanceof TlMissingConstructor) return { error: "INPUT_CONSTRUCTOR_INVALID" };
    return { error: "INPUT_FETCH_ERROR" };
  }
}

/** An answer written by gramjs's classes, re-written in the layer of the call. */
export function answerToLayer(call: LayerCall, bytes: Buffer): Buffer {
  const value = readTl(schemaOf(GRAMJS_LAYER), bytes, call.native);
  return writeTl(schemaOf(call.layer), value, "answer", call.client);
}

/** A pushed Updates object, re-written in `layer`. */
export function updatesToLayer(layer: number, bytes: Buffer): Buffer {
  const value = readTl(schemaOf(GRAMJS_LAYER), bytes, { type: "Updates" });
  return writeTl(schemaOf(layer), value, "answer", { type: "Updates" });
}

/** An answer of `method` (TL name, e.g. "messages.getDialogs") moved from one served layer to another. */
export function translateAnswer(method: string, from: number, to: number, bytes: Buffer): Buffer {
  const a = schemaOf(from).byName.get(method);
  const b = schemaOf(to).byName.get(method);
  if (!a?.method || !b?.method) throw new Error(`no method ${method} in layer ${a ? to : from}`);
  return writeTl(schemaOf(to), readTl(schemaOf(from), bytes, a), "answer", b);
}

/** A value read in a served layer, by constructor and field name (an answer when `method` is given). */
export function readInLayer(layer: number, bytes: Buffer, method?: string): TlValue {
  const entry = method === undefined ? undefined : schemaOf(layer).byName.get(method);
  return readTl(schemaOf(layer), bytes, entry);
}

/** A request (plain value, as readInLayer gives) written in a served layer. */
export function writeInLayer(layer: number, value: TlObject): Buffer {
  return writeTl(schemaOf(layer), value, "request");
}
