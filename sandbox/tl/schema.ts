// A TL schema as tables: constructors and methods by id, by name and by type, read from the
// schema's text form (core.telegram.org/mtproto/TL). One parser serves every layer the sandbox
// answers in: gramjs's layer (its own apiTl text) and the layers kept in sandbox/tl/layer-*.ts.

/** One argument of a constructor or method. */
export interface TlArg {
  name: string;
  /** The element type for vectors, else the type; "#" for a flags field. */
  type: string;
  /** Vector<T> (boxed, with the vector constructor id) or vector<T> (bare). */
  vector?: "boxed" | "bare";
  /** Present when the argument is conditional: which flags field and which bit. */
  flag?: { field: string; bit: number };
}

export interface TlEntry {
  id: number;
  name: string;
  /** The result type: the type a constructor belongs to, or what a method returns. */
  type: string;
  /** A method's result is a vector of `type`. */
  vector?: "boxed" | "bare";
  method: boolean;
  args: TlArg[];
}

export interface TlSchema {
  layer: number;
  byId: Map<number, TlEntry>;
  byName: Map<string, TlEntry>;
  /** Constructors (not methods) of each boxed type. */
  byType: Map<string, TlEntry[]>;
}

/** Built-in types with their own encoding; never looked up as constructors. */
const SKIPPED = new Set(["vector", "boolFalse", "boolTrue", "true", "null"]);

function parseType(raw: string): { type: string; vector?: "boxed" | "bare" } {
  const m = /^(Vector|vector)<(.+)>$/.exec(raw);
  if (m) return { type: m[2]!, vector: m[1] === "Vector" ? "boxed" : "bare" };
  return { type: raw.startsWith("!") ? raw.slice(1) : raw };
}

/** Parses the text form: `name#id arg:type ... = Type;`, methods after `---functions---`. */
export function parseTlSchema(text: string, layer: number): TlSchema {
  const schema: TlSchema = { layer, byId: new Map(), byName: new Map(), byType: new Map() };
  let method = false;
  for (let line of text.split("\n")) {
    line = line.replace(/\/\/.*$/, "").trim();
    if (!line) continue;
    if (line === "---functions---") {
      method = true;
      continue;
    }
    if (line === "---types---") {
      method = false;
      continue;
    }
    const eq = line.lastIndexOf(" = ");
    if (eq < 0) continue;
    const [head, ...rawArgs] = line.slice(0, eq).split(/\s+/);
    const m = /^([\w.]+)#([0-9a-f]+)$/.exec(head!);
    if (!m || SKIPPED.has(m[1]!)) continue;
    const result = parseType(line.slice(eq + 3).replace(/;$/, "").trim());
    const args: TlArg[] = [];
    for (const a of rawArgs) {
      if (a.startsWith("{")) continue; // generic parameter declaration, e.g. {X:Type}
      const colon = a.indexOf(":");
      const name = a.slice(0, colon);
      let rest = a.slice(colon + 1);
      let flag: TlArg["flag"];
      const f = /^(\w+)\.(\d+)\?(.+)$/.exec(rest);
      if (f) {
        flag = { field: f[1]!, bit: Number(f[2]) };
        rest = f[3]!;
      }
      args.push({ name, ...parseType(rest), ...(flag ? { flag } : {}) });
    }
    const entry: TlEntry = { id: parseInt(m[2]!, 16) | 0, name: m[1]!, type: result.type, method, args };
    if (result.vector) entry.vector = result.vector;
    schema.byId.set(entry.id, entry);
    schema.byName.set(entry.name, entry);
    if (!method) {
      const list = schema.byType.get(entry.type) ?? [];
      list.push(entry);
      schema.byType.set(entry.type, list);
    }
  }
  return schema;
}
