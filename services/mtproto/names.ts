// Method-name normalization: "messages.getHistory", "messages.GetHistory",
// "Messages.GetHistoryRequest" and "messages.get_history" all name the same TL function.
import { getSchema, type TlDef, type TlSchema } from "./schema.js";

export type MethodLookup = { ok: true; def: TlDef } | { ok: false; suggestions: string[] };

/** Case- and underscore-insensitive key: "Messages.Get_History" -> "messages.gethistory". */
function keyOf(name: string): string {
  return name.trim().toLowerCase().replace(/_/g, "");
}

let index: Map<string, TlDef> | undefined;
let indexFor: TlSchema | undefined;

function methodIndex(schema: TlSchema): Map<string, TlDef> {
  if (index && indexFor === schema) return index;
  index = new Map();
  for (const def of schema.functions.values()) index.set(keyOf(def.tlName), def);
  indexFor = schema;
  return index;
}

/** Levenshtein distance, small inputs only (method names). */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/**
 * The real method names closest to `name` (gramjs spelling, e.g. "messages.GetHistory"):
 * names containing the typed one rank first, then by edit distance.
 */
export function suggestMethods(name: string, limit = 5, schema: TlSchema = getSchema()): string[] {
  const wanted = keyOf(name).replace(/request$/, "");
  const wantedLocal = wanted.slice(wanted.indexOf(".") + 1);
  const scored: Array<{ name: string; score: number }> = [];
  for (const [key, def] of methodIndex(schema)) {
    const local = key.slice(key.indexOf(".") + 1);
    // Compare the whole name and the part after the module, so a wrong module still finds the method.
    let score = Math.min(editDistance(wanted, key), editDistance(wantedLocal, local) + 1);
    if (wantedLocal.length >= 4 && local.includes(wantedLocal)) score = Math.min(score, 1 + (local.length - wantedLocal.length) / 10);
    scored.push({ name: def.className, score });
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  const cutoff = Math.max(3, Math.ceil(wanted.length / 3));
  return scored.filter((s) => s.score <= cutoff).slice(0, limit).map((s) => s.name);
}

/** Finds the TL function a caller means, or the nearest real names when there is none. */
export function lookupMethod(name: string, schema: TlSchema = getSchema()): MethodLookup {
  const idx = methodIndex(schema);
  const key = keyOf(name);
  // Exact first: some real names end in "Request" (messages.hideChatJoinRequest).
  const def = idx.get(key) ?? (key.endsWith("request") ? idx.get(key.slice(0, -"request".length)) : undefined);
  if (def) return { ok: true, def };
  return { ok: false, suggestions: suggestMethods(name, 5, schema) };
}
