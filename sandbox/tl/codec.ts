// A table-driven TL codec: reads any object of a schema (sandbox/tl/schema.ts) into plain values
// keyed by constructor and field NAME, and writes such values with any other schema. Moving a
// value between layers is reading it with one schema and writing it with the other: fields the
// target lacks are dropped, fields it adds get their defaults (flags unset, false/0/empty).
import { unzipSync } from "node:zlib";
import type { TlArg, TlEntry, TlSchema } from "./schema.js";

/** TL strings and bytes are both Buffers (byte-exact); `string` is only an object's `_`. */
export type TlValue = number | bigint | boolean | string | Buffer | TlValue[] | TlObject;
export interface TlObject {
  _: string;
  [field: string]: TlValue | undefined;
}

const VECTOR = 0x1cb5c415;
const BOOL_TRUE = 0x997275b5;
const BOOL_FALSE = 0xbc799737;
const GZIP_PACKED = 0x3072cfa1;

/** A constructor id the reading schema lacks; `method` when it stood where a method goes. */
export class TlUnknownConstructor extends Error {
  constructor(
    readonly id: number,
    readonly method: boolean,
  ) {
    super(`unknown TL constructor ${id >>> 0}`);
  }
}

/** A named constructor the writing schema lacks (only when writing requests: answers fall back). */
export class TlMissingConstructor extends Error {
  constructor(
    readonly ctor: string,
    readonly method: boolean,
  ) {
    super(`no ${ctor} in the target layer`);
  }
}

class Reader {
  at = 0;
  constructor(private readonly buf: Buffer) {}
  need(n: number): void {
    if (this.at + n > this.buf.length) throw new RangeError("TL read past the end");
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.at);
    this.at += 4;
    return v;
  }
  i32(): number {
    this.need(4);
    const v = this.buf.readInt32LE(this.at);
    this.at += 4;
    return v;
  }
  i64(): bigint {
    this.need(8);
    const v = this.buf.readBigInt64LE(this.at);
    this.at += 8;
    return v;
  }
  f64(): number {
    this.need(8);
    const v = this.buf.readDoubleLE(this.at);
    this.at += 8;
    return v;
  }
  raw(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return v;
  }
  bytes(): Buffer {
    this.need(1);
    let len = this.buf[this.at]!;
    let head = 1;
    if (len === 254) {
      this.need(4);
      len = this.buf.readUIntLE(this.at + 1, 3);
      head = 4;
    }
    this.at += head;
    const v = this.raw(len);
    this.at += (4 - ((head + len) % 4)) % 4;
    return v;
  }
}

class Writer {
  private readonly parts: Buffer[] = [];
  u32(v: number): void {
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32LE(v >>> 0);
    this.parts.push(b);
  }
  i32(v: number): void {
    const b = Buffer.allocUnsafe(4);
    b.writeInt32LE(v | 0);
    this.parts.push(b);
  }
  i64(v: bigint): void {
    const b = Buffer.allocUnsafe(8);
    b.writeBigInt64LE(BigInt.asIntN(64, v));
    this.parts.push(b);
  }
  f64(v: number): void {
    const b = Buffer.allocUnsafe(8);
    b.writeDoubleLE(v);
    this.parts.push(b);
  }
  raw(v: Buffer): void {
    this.parts.push(v);
  }
  bytes(v: Buffer): void {
    const head = v.length < 254 ? Buffer.from([v.length]) : Buffer.from([254, v.length & 0xff, (v.length >> 8) & 0xff, (v.length >> 16) & 0xff]);
    this.parts.push(head, v, Buffer.alloc((4 - ((head.length + v.length) % 4)) % 4));
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

const isBare = (type: string) => /^[a-z]/.test(type.split(".").pop()!) && !PRIMITIVES.has(type);
const PRIMITIVES = new Set(["int", "long", "int53", "double", "string", "bytes", "int128", "int256", "true", "#"]);

// ---- reading ----

/** Reads one boxed object (a request, or a method's answer when `result` says its type). */
export function readTl(schema: TlSchema, buf: Buffer, result?: Pick<TlEntry, "type" | "vector">): TlValue {
  const r = new Reader(buf);
  if (result) return readTyped(schema, r, { name: "", type: result.type, vector: result.vector });
  return readBoxed(schema, r, "Object", true);
}

function readTyped(schema: TlSchema, r: Reader, arg: TlArg): TlValue {
  if (arg.vector) {
    if (arg.vector === "boxed") {
      const id = r.u32();
      if (id !== VECTOR) throw new TlUnknownConstructor(id, false);
    }
    const n = r.i32();
    if (n < 0) throw new RangeError("negative vector length");
    const out: TlValue[] = [];
    for (let i = 0; i < n; i++) out.push(readScalar(schema, r, arg.type, false));
    return out;
  }
  return readScalar(schema, r, arg.type, arg.type === "X");
}

function readScalar(schema: TlSchema, r: Reader, type: string, methodSlot: boolean): TlValue {
  switch (type) {
    case "int":
    case "#":
      return r.i32();
    case "long":
    case "int53":
      return r.i64();
    case "double":
      return r.f64();
    case "string":
    case "bytes":
      return Buffer.from(r.bytes()); // a copy: the source buffer may be reused
    case "int128":
      return Buffer.from(r.raw(16));
    case "int256":
      return Buffer.from(r.raw(32));
    case "true":
      return true;
    case "Bool": {
      const id = r.u32();
      if (id === BOOL_TRUE) return true;
      if (id === BOOL_FALSE) return false;
      throw new TlUnknownConstructor(id, false);
    }
  }
  if (isBare(type)) {
    const entry = schema.byName.get(type);
    if (!entry) throw new TlUnknownConstructor(0, false);
    return readFields(schema, r, entry);
  }
  return readBoxed(schema, r, type, methodSlot);
}

function readBoxed(schema: TlSchema, r: Reader, type: string, methodSlot: boolean): TlValue {
  const id = r.u32();
  if (id === GZIP_PACKED) return readBoxed(schema, new Reader(unzipSync(r.bytes())), type, methodSlot);
  if (id === BOOL_TRUE || id === BOOL_FALSE) return id === BOOL_TRUE;
  const entry = schema.byId.get(id | 0);
  if (!entry) throw new TlUnknownConstructor(id, methodSlot);
  return readFields(schema, r, entry);
}

function readFields(schema: TlSchema, r: Reader, entry: TlEntry): TlObject {
  const obj: TlObject = { _: entry.name };
  const flags: Record<string, number> = {};
  for (const arg of entry.args) {
    if (arg.type === "#") {
      flags[arg.name] = r.u32();
      continue;
    }
    if (arg.flag && !((flags[arg.flag.field] ?? 0) & (1 << arg.flag.bit))) continue;
    obj[arg.name] = readTyped(schema, r, arg);
  }
  return obj;
}

// ---- writing ----

export type WriteMode = "request" | "answer";

/** Writes a value read with another layer's schema in this one (a request, or an answer of `result`'s type). */
export function writeTl(schema: TlSchema, value: TlValue, mode: WriteMode, result?: Pick<TlEntry, "type" | "vector">): Buffer {
  const w = new Writer();
  if (result) writeTyped(schema, w, { name: "", type: result.type, vector: result.vector }, value, mode);
  else writeBoxed(schema, w, "Object", value, mode);
  return w.done();
}

function writeTyped(schema: TlSchema, w: Writer, arg: TlArg, value: TlValue | undefined, mode: WriteMode): void {
  if (arg.vector) {
    let items = Array.isArray(value) ? value : [];
    // An answer's vector leaves out the objects this layer has no constructor for (an update
    // of a kind the client's layer does not know is not sent to it).
    if (mode === "answer") items = items.filter((v) => !isObject(v) || schema.byName.has(v._));
    if (arg.vector === "boxed") w.u32(VECTOR);
    w.i32(items.length);
    for (const item of items) writeScalar(schema, w, arg.type, item, mode);
    return;
  }
  writeScalar(schema, w, arg.type, value, mode);
}

const num = (v: TlValue | undefined): number => (typeof v === "number" ? v : typeof v === "bigint" ? Number(BigInt.asIntN(32, v)) : 0);
const big = (v: TlValue | undefined): bigint => (typeof v === "bigint" ? v : typeof v === "number" ? BigInt(Math.trunc(v)) : 0n);
const buf = (v: TlValue | undefined): Buffer => (Buffer.isBuffer(v) ? v : Buffer.alloc(0));
const fixed = (v: TlValue | undefined, n: number): Buffer => (Buffer.isBuffer(v) && v.length === n ? v : Buffer.alloc(n));

function writeScalar(schema: TlSchema, w: Writer, type: string, value: TlValue | undefined, mode: WriteMode): void {
  switch (type) {
    case "int":
    case "#":
      return w.i32(num(value));
    case "long":
    case "int53":
      return w.i64(big(value));
    case "double":
      return w.f64(typeof value === "number" ? value : 0);
    case "string":
    case "bytes":
      return w.bytes(buf(value));
    case "int128":
      return w.raw(fixed(value, 16));
    case "int256":
      return w.raw(fixed(value, 32));
    case "true":
      return;
    case "Bool":
      return w.u32(value === true ? BOOL_TRUE : BOOL_FALSE);
  }
  if (isBare(type)) {
    const entry = schema.byName.get(type);
    if (!entry) throw new TlMissingConstructor(type, false);
    return writeFields(schema, w, entry, isObject(value) ? value : { _: type }, mode);
  }
  writeBoxed(schema, w, type, value, mode);
}

const isObject = (v: TlValue | undefined): v is TlObject => typeof v === "object" && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);

function writeBoxed(schema: TlSchema, w: Writer, type: string, value: TlValue | undefined, mode: WriteMode): void {
  if (typeof value === "boolean") return w.u32(value ? BOOL_TRUE : BOOL_FALSE);
  let entry = isObject(value) ? schema.byName.get(value._) : undefined;
  if (!entry) {
    if (mode === "request" && isObject(value)) throw new TlMissingConstructor(value._, type === "X" || type === "Object");
    // An answer's constructor this layer lacks becomes the type's stand-in (see fallbackFor).
    entry = fallbackFor(schema, type);
    if (!entry) throw new TlMissingConstructor(isObject(value) ? value._ : type, false);
    value = { _: entry.name };
  }
  w.u32(entry.id);
  writeFields(schema, w, entry, value as TlObject, mode);
}

/**
 * Whether a field is written: set, and of the kind its type in this layer needs (a field that
 * changed type between layers, e.g. user.stories_max_id from int to RecentStory, is dropped when
 * optional and defaulted when required).
 */
function present(arg: TlArg, v: TlValue | undefined): boolean {
  if (v === undefined || (arg.type === "true" && v === false)) return false;
  if (arg.vector) return Array.isArray(v);
  switch (arg.type) {
    case "int":
    case "long":
    case "int53":
    case "double":
    case "#":
      return typeof v === "number" || typeof v === "bigint";
    case "string":
    case "bytes":
    case "int128":
    case "int256":
      return Buffer.isBuffer(v);
    case "true":
    case "Bool":
      return typeof v === "boolean";
  }
  return isObject(v) || (typeof v === "boolean" && arg.type === "Object");
}

function writeFields(schema: TlSchema, w: Writer, entry: TlEntry, obj: TlObject, mode: WriteMode): void {
  // Flags are recomputed for this layer's bits from the fields that are present.
  const flags: Record<string, number> = {};
  for (const arg of entry.args) {
    if (arg.flag && present(arg, obj[arg.name])) flags[arg.flag.field] = (flags[arg.flag.field] ?? 0) | (1 << arg.flag.bit);
  }
  for (const arg of entry.args) {
    const v = obj[arg.name];
    if (arg.type === "#") w.u32(flags[arg.name] ?? 0);
    else if (!arg.flag) writeTyped(schema, w, arg, present(arg, v) ? v : undefined, mode);
    else if (present(arg, v)) writeTyped(schema, w, arg, v, mode);
  }
}

/**
 * The constructor written for a required object field the source lacks, or for an answer's
 * constructor the target layer does not have: the type's `…Unsupported`, else its `…Empty`,
 * else its constructor with the fewest required fields (each then defaulted in turn).
 */
function fallbackFor(schema: TlSchema, type: string): TlEntry | undefined {
  const all = schema.byType.get(type);
  if (!all?.length) return undefined;
  const required = (e: TlEntry) => e.args.filter((a) => !a.flag && a.type !== "#").length;
  return (
    all.find((e) => e.name.endsWith("Unsupported")) ??
    all.find((e) => e.name.endsWith("Empty")) ??
    [...all].sort((a, b) => required(a) - required(b))[0]
  );
}
