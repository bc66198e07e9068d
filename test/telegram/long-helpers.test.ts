// gramjs's MTProto 64-bit helpers with tgmcp's fast paths (gramjs-adapter.ts, useFastLongHelpers):
// the same bytes and values as gramjs's own on edge and random values, gramjs's own path (and
// errors) for what the fast paths leave to it, and a real client's messages going through them.
import { createRequire } from "node:module";
import { randomBytes } from "node:crypto";
import t from "tap";
import bigInt from "big-integer";
import { Api } from "telegram";
import { loginAs, startSandbox } from "../helpers/sandbox.js";
import { gramjsStockLongHelpers, useFastLongHelpers } from "../../services/telegram/gramjs-adapter.js";

type Helpers = NonNullable<ReturnType<typeof gramjsStockLongHelpers>>;
const helpers = createRequire(import.meta.url)("telegram/Helpers.js") as Helpers;
useFastLongHelpers();
const stock = gramjsStockLongHelpers()!;

const EDGES = ["0", "1", "-1", "255", "256", "9007199254740991", "-9007199254740991", "9007199254740992", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "18446744073709551615", "-4611686018427387904"];
const randomLongs = Array.from({ length: 400 }, () => randomBytes(8).readBigInt64LE(0).toString());
/** What an outcome is, comparable: the bytes or value, or the error's message. */
function outcome(f: () => Buffer | bigInt.BigInteger): string {
  try {
    const r = f();
    return Buffer.isBuffer(r) ? `bytes ${r.toString("hex")}` : `${r.constructor.name} ${r.toString()}`;
  } catch (err) {
    return `error ${(err as Error).message}`;
  }
}

t.test("the fast paths are installed and gramjs's own are kept", async (t) => {
  for (const name of ["toSignedLittleBuffer", "readBigIntFromBuffer", "readBufferFromBigInt"] as const) {
    t.type(stock[name], "function", `gramjs's ${name} was found`);
    t.not(helpers[name], stock[name], `${name} is replaced`);
  }
  useFastLongHelpers();
  t.equal(gramjsStockLongHelpers(), stock, "installing twice keeps the first originals");
});

t.test("toSignedLittleBuffer: the same bytes as gramjs's for every kind of value", async (t) => {
  let same = 0;
  let n = 0;
  for (const s of [...EDGES, ...randomLongs]) {
    const inputs: unknown[] = [bigInt(s), BigInt(s), s];
    if (Number.isSafeInteger(Number(s))) inputs.push(Number(s));
    for (const x of inputs)
      for (const bytes of [8, 4, 16]) {
        n++;
        const a = outcome(() => helpers.toSignedLittleBuffer(x, bytes));
        const e = outcome(() => stock.toSignedLittleBuffer(x, bytes));
        if (a === e) same++;
        else t.fail(`${typeof x} ${s} (${bytes} bytes): ${a} vs gramjs ${e}`);
      }
  }
  t.equal(same, n, `${n} conversions identical`);
  t.equal(helpers.toSignedLittleBuffer(bigInt(-2)).toString("hex"), "feffffffffffffff", "two's complement, little-endian");
});

t.test("readBigIntFromBuffer: the same big-integer as gramjs's", async (t) => {
  const bufs = [...EDGES.map((s) => Buffer.from(BigInt.asUintN(64, BigInt(s)).toString(16).padStart(16, "0"), "hex")), ...Array.from({ length: 400 }, () => randomBytes(8))];
  let same = 0;
  let n = 0;
  for (const b of bufs)
    for (const little of [true, false])
      for (const signed of [true, false]) {
        n++;
        const a = outcome(() => helpers.readBigIntFromBuffer(b, little, signed));
        const e = outcome(() => stock.readBigIntFromBuffer(b, little, signed));
        if (a === e) same++;
        else t.fail(`${b.toString("hex")} little=${little} signed=${signed}: ${a} vs gramjs ${e}`);
      }
  t.equal(same, n, `${n} reads identical (value and class)`);
  const b = Buffer.from("feffffffffffffff", "hex");
  t.equal(helpers.readBigIntFromBuffer(b).toString(), "18446744073709551614", "unsigned by default");
  t.equal(helpers.readBigIntFromBuffer(b, true, true).toString(), "-2");
  const wide = randomBytes(16);
  t.equal(helpers.readBigIntFromBuffer(wide, true, true).toString(), stock.readBigIntFromBuffer(wide, true, true).toString(), "other widths: gramjs's path");
});

t.test("readBufferFromBigInt: the same bytes as gramjs's, and its errors", async (t) => {
  let same = 0;
  let n = 0;
  for (const s of [...EDGES, ...randomLongs, "18446744073709551616", "-18446744073709551616"])
    for (const x of [bigInt(s), BigInt(s), s])
      for (const [bytes, little, signed] of [[8, true, false], [8, true, true], [8, false, false], [16, true, true]] as const) {
        n++;
        const a = outcome(() => helpers.readBufferFromBigInt(x, bytes, little, signed));
        const e = outcome(() => stock.readBufferFromBigInt(x, bytes, little, signed));
        if (a === e) same++;
        else t.fail(`${typeof x} ${s} (${bytes}, little=${little}, signed=${signed}): ${a} vs gramjs ${e}`);
      }
  t.equal(same, n, `${n} conversions identical, errors included`);
  t.throws(() => helpers.readBufferFromBigInt(bigInt(-1), 8), /Cannot convert to unsigned/, "a negative unsigned still fails as in gramjs");
  t.throws(() => helpers.readBufferFromBigInt(bigInt(2).pow(64), 8), /OverflowError/, "and an overflow");
});

t.test("a real client's messages go through the fast helpers", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const client = await loginAs(t, sb); // createTelegramClient installs them
  const calls = { toSignedLittleBuffer: 0, readBigIntFromBuffer: 0, readBufferFromBigInt: 0 };
  const installed = { ...helpers };
  for (const name of Object.keys(calls) as Array<keyof typeof calls>) {
    const fn = installed[name] as (...a: unknown[]) => never;
    (helpers as unknown as Record<string, unknown>)[name] = (...a: unknown[]) => {
      calls[name]++;
      return fn(...a);
    };
  }
  try {
    const me = await client.invoke(new Api.users.GetFullUser({ id: new Api.InputUserSelf() }));
    t.ok(me.fullUser, "the call is answered");
  } finally {
    Object.assign(helpers, { toSignedLittleBuffer: installed.toSignedLittleBuffer, readBigIntFromBuffer: installed.readBigIntFromBuffer, readBufferFromBigInt: installed.readBufferFromBigInt });
  }
  t.ok(calls.toSignedLittleBuffer >= 3, `msg id, salt and session id written (${calls.toSignedLittleBuffer} calls)`);
  t.ok(calls.readBufferFromBigInt >= 1, "the auth key id written");
  t.ok(calls.readBigIntFromBuffer >= 1, "the auth key id of the answer read");
});
