// TL -> JSON for raw API results: "_" holds the gramjs class name (accepted back as input),
// keys are the TL (snake_case) names, bytes are base64, 64-bit integers beyond 2^53 are
// strings, unix times are ISO dates. access_hash is kept: a raw API caller needs it to
// build Input* objects. Walks the schema's fields, not the object's properties, so gramjs
// internals (clients, caches, helpers patched onto Message) never leak.
import bigInt from "big-integer";
import { getSchema, type TlSchema } from "./schema.js";
import { isDateField } from "./to-tl.js";

const MAX_DEPTH = 64;
const GRAMJS_FIELDS = new Set(["CONSTRUCTOR_ID", "SUBCLASS_OF_ID", "className", "classType", "originalArgs"]);

function isTlObject(v: unknown): v is { CONSTRUCTOR_ID: number; className: string; classType: string } {
  if (typeof v !== "object" || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.CONSTRUCTOR_ID === "number" && typeof o.className === "string";
}

function integer(n: bigInt.BigInteger | bigint): number | string {
  const s = n.toString();
  const num = Number(s);
  return Number.isSafeInteger(num) ? num : s;
}

export function tlToJson(value: unknown, schema: TlSchema = getSchema(), depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (depth > MAX_DEPTH) return null; // results are trees of bounded depth; this only guards against cycles
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : null;
    case "bigint":
      return integer(value);
    case "function":
    case "symbol":
      return null;
  }
  if (bigInt.isInstance(value)) return integer(value as bigInt.BigInteger);
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value as Uint8Array).toString("base64");
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map((x) => tlToJson(x, schema, depth + 1));
  if (isTlObject(value)) {
    const def = schema.byId.get(value.CONSTRUCTOR_ID);
    if (def) {
      const out: Record<string, unknown> = { _: def.className };
      const obj = value as unknown as Record<string, unknown>;
      for (const p of def.params) {
        if (p.isFlagsField) continue;
        const v = obj[p.key];
        if (v === undefined || v === null) continue;
        if (p.type === "true") {
          if (v === true) out[p.name] = true;
          continue;
        }
        if (p.type === "int" && !p.isVector && typeof v === "number" && isDateField(p.name)) {
          out[p.name] = v > 0 ? new Date(v * 1000).toISOString() : null;
          continue;
        }
        out[p.name] = tlToJson(v, schema, depth + 1);
      }
      return out;
    }
  }
  // Not a schema object (should not happen for Telegram results): copy own data fields.
  const out: Record<string, unknown> = isTlObject(value) ? { _: value.className } : {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k.startsWith("_") || typeof v === "function" || GRAMJS_FIELDS.has(k)) continue;
    out[k] = tlToJson(v, schema, depth + 1);
  }
  return out;
}
