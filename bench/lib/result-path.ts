// tgmcp's per-result CPU without HTTP, the SDK or the network: one real Telegram answer is
// fetched from a sandbox once, then replayed through gramjs's decoder (its bytes, as gramjs reads
// them off the wire) and tgmcp's whole tool call: callTool (arguments, handler, shaping, cap,
// the JSON text copy), the output-schema check and the JSON-RPC body. tgmcp's decoding (compiled
// decoders and the fast 64-bit reader), gramjs's decoders with the fast reader, and gramjs's own
// are measured in one process, one after the other. Far less
// noisy than the full bench on a busy machine; bench/README.md "CPU per call (issue #19)".
//   node --import tsx bench/lib/result-path.ts [calls=400] [search_messages_in_chat|search_messages_globally]
// With --batches=K (and node's --expose-gc) it instead runs K batches of `calls`, each after a full
// GC (what V8 also runs to reduce memory), and prints each batch's CPU per call and the old
// generation's growth: how a long-lived cache's churn makes the garbage collector's work grow
// (bench/README.md, "The peer cache and the garbage collector").
import { Api, extensions } from "telegram";
import { Sandbox } from "../../sandbox/index.js";
import { generateWorld } from "../../sandbox/world/generate.js";
import { makePlan } from "./plan.js";
import { loadConfig } from "../../services/config/load.js";
import { TOOLS } from "../../services/mcp/registry.js";
import { callTool, prepareTools } from "../../services/mcp/server-factory.js";
import { createToolContext } from "../../services/mcp/tool-context.js";
import { AccountSession } from "../../services/telegram/account-session.js";
import { createTelegramClient } from "../../services/telegram/client-factory.js";
import { createFileSender, resolveOptionsFromConfig } from "../../services/telegram/files/index.js";
import { gramjsStockReadLargeInt, gramjsStockTgReadObject } from "../../services/telegram/gramjs-adapter.js";

const [callsArg, toolArg] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const N = Number(callsArg ?? 400);
const tool = toolArg ?? "search_messages_in_chat";
const world = generateWorld({ chats: 300, messages: 60_000 });
const plan = makePlan(world, 1);
const sb = await Sandbox.start({ world, flood: false });
const client = createTelegramClient({ session: await sb.createSession(plan.mainUserId), backend: { kind: "sandbox", host: sb.host, port: sb.port, rsaPublicKey: sb.rsaPublicKey } });
await client.connect();
const loaded = loadConfig({ env: {}, envFile: false });
if (!loaded.ok) throw new Error("default config invalid");
const config = loaded.config;
const session = new AccountSession({ accountId: "bench", client });
const quiet = { info() {}, warn() {}, error() {}, debug() {} };
const files = createFileSender(resolveOptionsFromConfig(config));
const account = { id: "bench", createdAt: "2026-01-01T00:00:00Z" };
const binding = { context: async (signal: AbortSignal) => createToolContext({ session, account, config, signal, logger: quiet, files }) };
const t = prepareTools(TOOLS).byName.get(tool)!;
const args = tool === "search_messages_globally" ? { query: plan.terms.one } : { chat_id: plan.chat.ref };

// The first call goes to the sandbox (it resolves the chat); its answer is kept as bytes.
let answer: Api.messages.TypeMessages | undefined;
const realInvoke = session.invoke.bind(session);
session.invoke = (async (req: Api.AnyRequest, signal?: AbortSignal) => (answer = (await realInvoke(req, signal)) as Api.messages.TypeMessages)) as typeof session.invoke;
let out = await callTool(t, args, binding);
const bytes = answer!.getBytes();
const shown = (out.structuredContent as { messages: unknown[] }).messages.length;
// From here each call decodes those bytes as gramjs does for an answer, then tgmcp shapes them.
session.invoke = (async () => new extensions.BinaryReader(bytes).tgReadObject()) as typeof session.invoke;
const validate = t.outputSchema["~standard"].validate;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const perCall = async (fn: (i: number) => unknown): Promise<number> => {
  const c0 = cpu();
  for (let i = 0; i < N; i++) await fn(i);
  return (cpu() - c0) / N;
};
const call = async (i: number) => {
  out = await callTool(t, args, binding);
  await validate(out.structuredContent);
  JSON.stringify({ jsonrpc: "2.0", id: i, result: out });
};
const decode = () => new extensions.BinaryReader(bytes).tgReadObject();
await perCall(call); // warm
const batches = Number(process.argv.find((a) => a.startsWith("--batches="))?.slice(10) ?? 0);
if (batches) {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("--batches needs node --expose-gc");
  const heapMB = () => process.memoryUsage().heapUsed / 1e6;
  for (let b = 0; b < batches; b++) {
    gc();
    const before = heapMB();
    const ms = await perCall(call);
    console.log(`batch ${b + 1} after a full GC: ${ms.toFixed(3)} ms CPU per call; heap ${before.toFixed(1)} -> ${heapMB().toFixed(1)} MB (garbage included)`);
  }
  await client.destroy();
  await sb.close();
  process.exit(0);
}
// tgmcp's decoding (compiled decoders + the fast 64-bit reader), then without the compiled
// decoders, then gramjs's own (neither), each warmed first.
const proto = extensions.BinaryReader.prototype as { readLargeInt: unknown; tgReadObject: unknown };
const ours = { readLargeInt: proto.readLargeInt, tgReadObject: proto.tgReadObject };
const measure = async (readLargeInt: unknown, tgReadObject: unknown) => {
  Object.assign(proto, { readLargeInt, tgReadObject });
  await perCall(call); // warm
  return { call: await perCall(call), decode: await perCall(decode) };
};
const r = {
  ours: await measure(ours.readLargeInt, ours.tgReadObject),
  uncompiled: await measure(ours.readLargeInt, gramjsStockTgReadObject()),
  stock: await measure(gramjsStockReadLargeInt(), gramjsStockTgReadObject()),
};
Object.assign(proto, ours);
const parts = {
  validate: await perCall(() => validate(out.structuredContent)),
  text: await perCall(() => JSON.stringify(out.structuredContent)),
  body: await perCall((i) => JSON.stringify({ jsonrpc: "2.0", id: i, result: out })),
};
const ms = (v: number) => v.toFixed(3);
console.log(`${tool} ${JSON.stringify(args)}: ${shown} messages, text block ${(out.content.at(-1) as { text: string }).text.length} characters, answer ${bytes.length} bytes; CPU ms per call:`);
console.log(`  tgmcp's decoding (compiled decoders, fast 64-bit reader): whole call ${ms(r.ours.call)}, of which decoding ${ms(r.ours.decode)}`);
console.log(`  gramjs's decoders with the fast 64-bit reader: whole call ${ms(r.uncompiled.call)}, of which decoding ${ms(r.uncompiled.decode)}`);
console.log(`  gramjs's own decoding: whole call ${ms(r.stock.call)}, of which decoding ${ms(r.stock.decode)}`);
console.log(`  output-schema check ${ms(parts.validate)}, one render of the result as JSON ${ms(parts.text)} (the cap check's, which the text block reuses), JSON-RPC body ${ms(parts.body)}`);
await client.destroy();
await sb.close();
process.exit(0);
