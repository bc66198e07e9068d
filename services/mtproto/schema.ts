// The TL schema of the pinned gramjs layer, read from the same text gramjs builds its
// Api classes from (telegram/tl/apiTl.js), so names, parameter types and flags here can
// never drift from what gramjs serializes. gramjs keeps only camelCase argument names;
// we keep the TL (snake_case) names too, for input matching and for JSON output.
// gramjs is loaded with the schema, on first use (services/telegram/gramjs.ts): this module is
// loaded at start (the tools' policy and action helpers name it), the schema only on a raw call.
import { gramjs, gramjsFile } from "../telegram/gramjs.js";
import { TABLE_LAYER } from "./method-classes.js";

interface GramjsParts {
  Api: ReturnType<typeof gramjs>["Api"];
  apiTl: string;
  LAYER: number;
  snakeToCamelCase: (name: string) => string;
  variableSnakeToCamelCase: (name: string) => string;
}
let parts: GramjsParts | undefined;

function gramjsParts(): GramjsParts {
  if (parts) return parts;
  const helpers = gramjsFile<typeof import("telegram/tl/generationHelpers.js")>("telegram/tl/generationHelpers.js");
  parts = {
    Api: gramjs().Api,
    apiTl: gramjsFile<string>("telegram/tl/apiTl.js"), // module.exports = the TL text
    LAYER: gramjsFile<typeof import("telegram/tl/AllTLObjects.js")>("telegram/tl/AllTLObjects.js").LAYER,
    snakeToCamelCase: helpers.snakeToCamelCase,
    variableSnakeToCamelCase: helpers.variableSnakeToCamelCase,
  };
  return parts;
}

export interface TlParam {
  /** TL name, e.g. "offset_date". */
  name: string;
  /** gramjs property name, e.g. "offsetDate". */
  key: string;
  /** Type as written in the schema, e.g. "flags.2?Vector<InputPeer>". */
  rawType: string;
  /** Element type without flag and vector, e.g. "InputPeer", "long", "true", "#". */
  type: string;
  isVector: boolean;
  /** "#": a flags field gramjs computes from the optional fields. */
  isFlagsField: boolean;
  /** Set for optional fields: the flags field and bit that carry them. */
  flag?: { field: string; index: number };
}

export interface TlDef {
  kind: "constructor" | "function";
  /** TL name, e.g. "messages.getHistory", "inputPeerSelf". */
  tlName: string;
  /** gramjs class name, e.g. "messages.GetHistory", "InputPeerSelf". */
  className: string;
  id: number;
  params: TlParam[];
  /** Constructors: the type they build ("InputPeer"); functions: the result type ("messages.Messages"). */
  type: string;
  /** The gramjs class, used to build instances. */
  cls: new (args: Record<string, unknown>) => unknown;
}

export interface TlSchema {
  layer: number;
  /** Functions and constructors by lower-cased TL name. */
  functions: Map<string, TlDef>;
  constructors: Map<string, TlDef>;
  /** Constructors by CONSTRUCTOR_ID (for turning results back into JSON). */
  byId: Map<number, TlDef>;
  /** Constructors of each boxed type, e.g. "InputPeer" -> inputPeerEmpty, inputPeerSelf, ... */
  byType: Map<string, TlDef[]>;
}

const LINE = /^([\w.]+)#([0-9a-f]+)\s*(.*?)\s*=\s*([\w<>.]+);$/;
const ARG = /(\{)?(\w+):([\w<>#.?!]+)\}?/g;

function parseParam(name: string, raw: string): TlParam {
  let type = raw.replace(/^!/, "");
  const param: TlParam = { name, key: gramjsParts().variableSnakeToCamelCase(name), rawType: raw, type, isVector: false, isFlagsField: type === "#" };
  const flag = /^(flags\d*)\.(\d+)\?(.+)$/.exec(type);
  if (flag) {
    param.flag = { field: flag[1]!, index: Number(flag[2]) };
    type = flag[3]!;
  }
  const vector = /^[Vv]ector<(.+)>$/.exec(type);
  if (vector) {
    param.isVector = true;
    type = vector[1]!;
  }
  param.type = type;
  return param;
}

function classFor(tlName: string): TlDef["cls"] | undefined {
  const dot = tlName.indexOf(".");
  const ns = dot === -1 ? undefined : tlName.slice(0, dot);
  const local = gramjsParts().snakeToCamelCase(dot === -1 ? tlName : tlName.slice(dot + 1));
  // Api is a namespace of classes and sub-namespaces: look the name up as plain data.
  const root = gramjsParts().Api as unknown as Record<string, Record<string, TlDef["cls"] | undefined> | undefined>;
  const holder = ns ? root[ns] : (root as Record<string, TlDef["cls"] | undefined>);
  return holder?.[local];
}

export function parseSchema(text: string): TlSchema {
  const schema: TlSchema = { layer: gramjsParts().LAYER, functions: new Map(), constructors: new Map(), byId: new Map(), byType: new Map() };
  let section: "constructor" | "function" = "constructor";
  for (let line of text.split("\n")) {
    const comment = line.indexOf("//");
    if (comment !== -1) line = line.slice(0, comment);
    line = line.trim();
    if (!line) continue;
    const sectionMatch = /^---(\w+)---$/.exec(line);
    if (sectionMatch) {
      section = sectionMatch[1] === "functions" ? "function" : "constructor";
      continue;
    }
    const m = LINE.exec(line);
    // Lines without an id (vector, built-ins) are not invocable and not in results as objects.
    if (!m) continue;
    const [, tlName, hexId, argText, type] = m as unknown as [string, string, string, string, string];
    const params: TlParam[] = [];
    for (const a of argText.matchAll(ARG)) {
      if (a[1]) continue; // {X:Type}: a generic type variable, not an argument
      params.push(parseParam(a[2]!, a[3]!));
    }
    const cls = classFor(tlName);
    // Core types gramjs handles itself (boolTrue, vector, ...) have no class: skip them.
    if (!cls) continue;
    const def: TlDef = {
      kind: section,
      tlName,
      className: (cls as TlDef["cls"] & { className: string }).className,
      id: parseInt(hexId, 16),
      params,
      type,
      cls,
    };
    if (section === "function") {
      schema.functions.set(tlName.toLowerCase(), def);
    } else {
      schema.constructors.set(tlName.toLowerCase(), def);
      schema.byId.set(def.id, def);
      const list = schema.byType.get(type) ?? [];
      list.push(def);
      schema.byType.set(type, list);
    }
  }
  return schema;
}

let cached: TlSchema | undefined;

/**
 * The layer of that schema, without loading gramjs (a tool description names it at start-up):
 * the layer the method table was reviewed for, which test/mtproto/method-classes.test.ts holds
 * equal to gramjs's own.
 */
export const SCHEMA_LAYER: number = TABLE_LAYER;

/** The schema of the pinned gramjs layer (parsed once, on first use). */
export function getSchema(): TlSchema {
  cached ??= parseSchema(gramjsParts().apiTl);
  return cached;
}

/** True when a TL type name is a scalar rather than a constructor-built object. */
export const SCALAR_TYPES = new Set(["int", "long", "double", "string", "bytes", "Bool", "true", "int128", "int256", "#"]);

/** Generic type variables (the invokeWith* wrappers take a whole query of type X). */
export function isGenericType(type: string): boolean {
  return type === "X" || type === "Type";
}
