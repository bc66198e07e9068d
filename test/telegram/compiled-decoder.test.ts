// gramjs's TL decoding with tgmcp's compiled decoders (gramjs-adapter.ts, useCompiledDecoders)
// against gramjs's own: the same objects from real sandbox answers, and from every constructor of
// the API schema, encoded by gramjs itself with its flags both set and clear.
import t from "tap";
import { isDeepStrictEqual } from "node:util";
import bigInt from "big-integer";
import { Api, extensions } from "telegram";
import { tlobjects } from "telegram/tl/AllTLObjects.js";
import apiTl from "telegram/tl/apiTl.js";
import { fromLine } from "telegram/tl/generationHelpers.js";
import { loginAs, startSandbox } from "../helpers/sandbox.js";
import { gramjsStockTgReadObject, useCompiledDecoders } from "../../services/telegram/gramjs-adapter.js";

useCompiledDecoders();
const stock = gramjsStockTgReadObject()!;
const compiled = (b: Buffer) => new extensions.BinaryReader(b).tgReadObject();
/** gramjs's own path all the way down: nested objects are read through the reader's tgReadObject. */
const gramjs = (b: Buffer) => {
  const r = new extensions.BinaryReader(b);
  (r as unknown as { tgReadObject: typeof stock }).tgReadObject = stock;
  return r.tgReadObject();
};
const same = (a: unknown, b: unknown) => isDeepStrictEqual(a, b) && JSON.stringify(Object.keys(a as object)) === JSON.stringify(Object.keys(b as object));

/** Counts the calls of every class's own fromReader while fn runs (the compiled path makes none). */
function stockCalls(fn: () => void): Set<string> {
  const seen = new Set<string>();
  const saved: Array<[{ fromReader: unknown }, unknown]> = [];
  for (const cls of Object.values(tlobjects) as Array<{ className: string; fromReader(r: unknown): unknown }>) {
    const own = cls.fromReader;
    saved.push([cls, own]);
    cls.fromReader = function (r: unknown) {
      seen.add(cls.className);
      return own.call(cls, r);
    };
  }
  try {
    fn();
  } finally {
    for (const [cls, own] of saved) cls.fromReader = own;
  }
  return seen;
}

t.test("real answers decode to the same objects as with gramjs's own decoder", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const client = await loginAs(t, sb);
  const channel = await client.getInputEntity("@orbit_community");
  const answers = {
    dialogs: await client.invoke(new Api.messages.GetDialogs({ offsetDate: 0, offsetId: 0, offsetPeer: new Api.InputPeerEmpty(), limit: 100, hash: bigInt.zero })),
    history: await client.invoke(new Api.messages.GetHistory({ peer: channel, limit: 100 })),
    global: await client.invoke(new Api.messages.SearchGlobal({ q: "the", limit: 50, offsetPeer: new Api.InputPeerEmpty(), filter: new Api.InputMessagesFilterEmpty() })),
    fullChannel: await client.invoke(new Api.channels.GetFullChannel({ channel: channel as Api.InputPeerChannel })),
    fullUser: await client.invoke(new Api.users.GetFullUser({ id: await client.getInputEntity("@alice") })),
    resolved: await client.invoke(new Api.contacts.ResolveUsername({ username: "alice" })),
  };
  for (const [name, answer] of Object.entries(answers)) {
    const bytes = answer.getBytes();
    let ours: unknown;
    const stockUsed = stockCalls(() => (ours = compiled(bytes)));
    const theirs = gramjs(bytes);
    t.ok(same(ours, theirs), `${name} (${bytes.length} bytes): the same object, fields in the same order`);
    t.equal(Object.getPrototypeOf(ours), Object.getPrototypeOf(theirs), `${name}: the same class`);
    t.same([...stockUsed], [], `${name}: no class fell back to gramjs's decoder`);
  }
  const messages = (compiled(answers.history.getBytes()) as Api.messages.ChannelMessages).messages;
  t.ok(messages.length > 10 && messages.every((m) => m instanceof Api.Message || m instanceof Api.MessageService), "messages are gramjs Message objects");
  const m = messages.find((x): x is Api.Message => x instanceof Api.Message)!;
  const channelId = (channel as Api.InputPeerChannel).channelId.toString();
  t.equal(m.chatId?.toString(), `-100${channelId}`, "gramjs's patched Message getters work (chatId)");
  t.ok(m.message.length > 0 && m.rawText === m.message, "and its rawText getter");
});

// Values for a schema's argument types, built from gramjs's own parse of apiTl.
type Arg = { isVector: boolean; isFlag: boolean; flagIndicator: boolean; type: string };
type Def = { name: string; namespace?: string; constructorId: number; result: string; argsConfig: Record<string, Arg> };
const types = (apiTl as string).slice(0, (apiTl as string).indexOf("---functions---"));
const defs: Def[] = [...types.matchAll(/^[a-zA-Z][\w.]*#[0-9a-f]+ [^\n]*;$/gm)].flatMap((m) => {
  try {
    return [fromLine(m[0], false) as Def];
  } catch {
    return [];
  }
});
const byResult = new Map<string, Def[]>();
for (const d of defs) byResult.set(d.result, [...(byResult.get(d.result) ?? []), d]);
const classOf = (d: Def) => (tlobjects as Record<number, new (args: object) => { getBytes(): Buffer }>)[d.constructorId];

function value(type: string, depth: number, flagsSet: boolean): unknown {
  switch (type) {
    case "int":
    case "date":
      return 1_234_567;
    case "long":
      return bigInt("-7123456789012345678");
    case "int128":
      return bigInt("123456789012345678901234567");
    case "int256":
      return bigInt("12345678901234567890123456789012345678901234567890");
    case "double":
      return 2.5;
    case "string":
      return "тест ✓";
    case "bytes":
      return Buffer.from([0, 1, 254, 255]);
    case "Bool":
      return flagsSet;
    case "true":
      return true;
  }
  if (depth > 3) return undefined;
  // The simplest constructor of the boxed type that can be built.
  for (const d of [...(byResult.get(type) ?? [])].sort((a, b) => Object.keys(a.argsConfig).length - Object.keys(b.argsConfig).length)) {
    const built = build(d, depth + 1, flagsSet);
    if (built) return built;
  }
  return undefined;
}

function build(d: Def, depth: number, flagsSet: boolean): object | undefined {
  const cls = classOf(d);
  if (!cls) return undefined;
  const args: Record<string, unknown> = {};
  for (const [name, a] of Object.entries(d.argsConfig)) {
    if (a.flagIndicator) continue;
    if (a.isFlag && !flagsSet) continue;
    const one = value(a.type, depth, flagsSet);
    if (one === undefined) {
      if (a.isFlag) continue;
      return undefined;
    }
    args[name] = a.isVector ? [one, one] : one;
  }
  try {
    return new cls(args);
  } catch {
    return undefined;
  }
}

t.test("every API constructor, encoded by gramjs with its flags set and clear, decodes the same", async (t) => {
  let compared = 0;
  let skipped = 0;
  const fellBack = new Set<string>();
  const differ: string[] = [];
  for (const d of defs) {
    if (!classOf(d)) continue;
    for (const flagsSet of [true, false]) {
      const obj = build(d, 0, flagsSet);
      let bytes: Buffer | undefined;
      try {
        bytes = (obj as { getBytes(): Buffer } | undefined)?.getBytes();
      } catch {
        bytes = undefined;
      }
      if (!bytes) {
        skipped++;
        continue;
      }
      let ours: unknown;
      for (const c of stockCalls(() => (ours = compiled(bytes)))) fellBack.add(c);
      if (!same(ours, gramjs(bytes))) differ.push(`${d.namespace ? d.namespace + "." : ""}${d.name} (flags ${flagsSet ? "set" : "clear"})`);
      compared++;
    }
  }
  t.same(differ, [], "no constructor decodes differently");
  t.ok(compared > 2 * 0.95 * defs.length, `${compared} encodings compared, ${skipped} could not be built (of ${defs.length} constructors x 2)`);
  // Only what the compiler leaves to gramjs on purpose: constructors with a random_id.
  t.ok(fellBack.size <= 10, `${fellBack.size} classes fell back to gramjs's decoder: ${[...fellBack].join(", ")}`);
});

t.test("an unknown constructor id fails as with gramjs's own decoder, and bool and vectors still decode", async (t) => {
  const unknown = Buffer.from("efbeadde00000000", "hex"); // 0xdeadbeef
  const theirs = (() => {
    try {
      gramjs(unknown);
    } catch (e) {
      return e;
    }
  })();
  t.ok(theirs instanceof Error, "gramjs's own throws");
  t.throws(() => compiled(unknown), { name: (theirs as Error).name, message: (theirs as Error).message }, "the same error");
  const vector = Buffer.concat([Buffer.from("15c4b51c02000000", "hex"), Buffer.from("b5757299", "hex"), new Api.PeerUser({ userId: bigInt(42) }).getBytes()]);
  t.same(compiled(vector), gramjs(vector), "a vector of a bool and an object");
});
