// The tool inventory: READ_ONLY and TOOLSETS pick what a server serves (tools/list shows exactly
// what can be called, the instructions name only that), and a read-only server refuses every
// non-read MTProto method on invoke_mtproto and /mtproto-api. In-process over HTTP with the SDK v2
// client; stdio in test/mcp/inventory-stdio.test.ts.
import t from "tap";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { loadConfig } from "../../services/config/load.js";
import { buildCatalog, resolveToolsets } from "../../services/mcp/inventory.js";
import { TOOLS } from "../../services/mcp/registry.js";
import { callTool, wireAnnotations } from "../../services/mcp/server-factory.js";
import { TOOLSET_NAMES } from "../../services/mcp/toolsets.js";
import { runServe } from "../../commands/serve.js";
import { startSandbox } from "../helpers/sandbox.js";
import { testApp } from "../core/_app.js";
import type { Sandbox } from "../../sandbox/index.js";

const READ_TOOLS = TOOLS.filter((x) => x.annotations.readOnlyHint).map((x) => x.name);
const WRITE_TOOLS = TOOLS.filter((x) => !x.annotations.readOnlyHint).map((x) => x.name);

t.test("buildCatalog", async (t) => {
  t.test("the default serves the whole registry, as annotated", async (t) => {
    const c = buildCatalog();
    t.same(
      c.tools.map((x) => x.def.name),
      TOOLS.map((x) => x.name),
    );
    t.equal(c.readOnly, false);
    for (const x of c.tools) t.same(x.config.annotations, wireAnnotations(TOOLS.find((d) => d.name === x.def.name)!.annotations), `${x.def.name}: annotations as defined (non-default hints)`);
  });

  t.test("READ_ONLY keeps the read-only annotated tools and invoke_mtproto in its read-only mode", async (t) => {
    const c = buildCatalog({ readOnly: true });
    t.same(
      c.tools.map((x) => x.def.name),
      TOOLS.filter((x) => x.annotations.readOnlyHint || x.name === "invoke_mtproto").map((x) => x.name),
    );
    for (const x of c.tools) t.equal(x.config.annotations.readOnlyHint, true, `${x.def.name}: served as read-only`);
    const raw = c.byName.get("invoke_mtproto")!;
    t.match(raw.config.description, /READ_ONLY=true/, "the description says what a read-only server runs");
    t.notOk(raw.config.annotations.destructiveHint, "read-only: no destructive hint (it applies to writes only)");
    t.ok(raw.guard, "write calls are refused before the handler");
  });

  t.test("TOOLSETS picks groups; all means every one; unknown names throw with the valid ones", async (t) => {
    t.same(
      buildCatalog({ toolsets: ["search"] }).tools.map((x) => x.def.name),
      ["search_messages_globally", "search_messages_in_chat"],
    );
    t.same(
      buildCatalog({ toolsets: ["chats", "raw"] }).tools.map((x) => x.def.name),
      ["find_chats", "get_chat_info", "invoke_mtproto", "list_chats"],
    );
    t.same(
      buildCatalog({ toolsets: ["messaging"], readOnly: true }).tools.map((x) => x.def.name),
      ["read_messages", "download_media"],
    );
    t.same([...resolveToolsets(["all"])], [...TOOLSET_NAMES]);
    t.same([...resolveToolsets(["search", "all"])], [...TOOLSET_NAMES]);
    t.throws(() => buildCatalog({ toolsets: ["search", "bogus"] }), /unknown toolset bogus; valid: chats, search, messaging, raw, all/);
    const names = new Set(TOOLS.map((x) => x.toolset));
    t.same([...names].sort(), [...TOOLSET_NAMES].sort(), "every toolset has tools, every tool a known toolset");
  });

  t.test("the instructions name exactly the tools served", async (t) => {
    const variants = [{}, { readOnly: true }, { toolsets: ["search"] }, { toolsets: ["messaging"] }, { toolsets: ["chats", "raw"], readOnly: true }];
    for (const opts of variants) {
      const c = buildCatalog(opts);
      const served = new Set(c.tools.map((x) => x.def.name));
      for (const name of TOOLS.map((x) => x.name)) {
        t.equal(new RegExp(`\\b${name}\\b`).test(c.instructions), served.has(name), `${JSON.stringify(opts)}: ${name} ${served.has(name) ? "named" : "not named"}`);
      }
    }
    const ro = buildCatalog({ readOnly: true }).instructions;
    t.notMatch(ro, /send_message/, "a read-only server never mentions send_message");
    t.match(ro, /only reads/);
    t.notMatch(buildCatalog().instructions, /only reads/);
  });

  t.test("a refused call never reaches the context (no Telegram work)", async (t) => {
    const c = buildCatalog({ readOnly: true });
    const binding = {
      context: async () => {
        throw new Error("the context must not be needed");
      },
    };
    const r = await callTool(c.byName.get("invoke_mtproto")!, { method_full_name: "messages.SendMessage", params_json: '{"peer": "me", "message": "x"}' }, binding);
    t.equal(r.isError, true);
    const env = JSON.parse((r.content[0] as { text: string }).text);
    t.match(env, { ok: false, error_type: "InvalidParameter", operation: "invoke_mtproto" });
    t.match(env.error, /messages\.SendMessage is a write-class method and this server is read-only \(READ_ONLY=true\)/);
    const d = await callTool(c.byName.get("invoke_mtproto")!, { method_full_name: "account.DeleteAccount", params_json: "{}" }, binding);
    t.match(JSON.parse((d.content[0] as { text: string }).text).error, /dangerous-class method .*READ_ONLY=true/);
  });
});

t.test("configuration: READ_ONLY and TOOLSETS", async (t) => {
  const load = (env: Record<string, string>) => loadConfig({ env, envFile: false });
  const d = load({});
  t.ok(d.ok && d.config.READ_ONLY === false && d.config.TOOLSETS.join() === "all", "defaults: not read-only, all toolsets");
  const ok = load({ READ_ONLY: "true", TOOLSETS: "search, chats" });
  t.ok(ok.ok && ok.config.READ_ONLY === true && ok.config.TOOLSETS.join() === "search,chats");
  const bad = load({ TOOLSETS: "search,messages" });
  t.notOk(bad.ok);
  if (!bad.ok) t.match(bad.errors.join("\n"), /TOOLSETS="search,messages" \(env TOOLSETS\): expected a comma-separated list of chats, search, messaging, raw, all/);
  // `tgmcp serve` stops before starting anything, naming the valid toolsets.
  const err: string[] = [];
  const code = await runServe(["--toolsets", "search,bogus"], { env: {}, stdout: () => {}, stderr: (s) => void err.push(s), cwd: "/nonexistent-tgmcp" });
  t.equal(code, 2);
  t.match(err.join("\n"), /TOOLSETS="search,bogus" \(flag --toolsets\): expected a comma-separated list of chats, search, messaging, raw, all/);
  t.match(err.join("\n"), /Nothing was started/);
});

interface Teardownable {
  teardown(fn: () => unknown): void;
}

async function httpServer(t: Teardownable, sb: Sandbox, env: Record<string, string | number | boolean>) {
  const { app, store } = await testApp(t, sb, env);
  store.add({ id: "demo", session: await sb.createSession(sb.world.demoAccountId), isDefault: true });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const port = (app.server.address() as { port: number }).port;
  const client = new Client({ name: "inventory-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
  t.teardown(() => client.close());
  const call = async (name: string, args: Record<string, unknown>) => {
    const r = await client.callTool({ name, arguments: args });
    const text = (r.content as Array<{ text: string }>)[0]!.text;
    return { isError: r.isError === true, text, data: r.isError ? (text.startsWith("{") ? JSON.parse(text) : text) : (r.structuredContent as any) };
  };
  return { app, client, call };
}

t.test("over HTTP, READ_ONLY=true", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { app, client, call } = await httpServer(t, sb, { READ_ONLY: true });

  t.test("tools/list shows exactly what can be called; the instructions never mention a write tool", async (t) => {
    const { tools } = await client.listTools();
    t.same(tools.map((x) => x.name).sort(), [...READ_TOOLS, "invoke_mtproto"].sort());
    t.ok(tools.every((x) => x.annotations?.readOnlyHint === true), "every tool is annotated read-only");
    const instructions = client.getInstructions() ?? "";
    for (const name of WRITE_TOOLS.filter((n) => n !== "invoke_mtproto")) t.notMatch(instructions, name, `instructions do not name ${name}`);
  });

  t.test("a write tool is not there to call", async (t) => {
    sb.resetCounters();
    // An unknown tool is a protocol error (-32602), as for any name the server does not list.
    await t.rejects(call("send_message", { chat_id: "me", message: "must not be sent" }), /send_message/);
    t.same(sb.rpcLog.map((e) => e.method).filter((m) => m.includes("Send")), [], "nothing was sent");
  });

  t.test("invoke_mtproto runs read-class methods and refuses the others, naming READ_ONLY", async (t) => {
    const ok = await call("invoke_mtproto", { method_full_name: "messages.GetHistory", params_json: '{"peer": "@alice", "limit": 2}' });
    t.notOk(ok.isError, ok.text.slice(0, 200));
    t.equal(ok.data.messages.length, 2);
    sb.resetCounters();
    const refused = await call("invoke_mtproto", { method_full_name: "messages.sendMessage", params_json: '{"peer": "me", "message": "x", "random_id": 1}' });
    t.equal(refused.isError, true);
    t.match(refused.data, { ok: false, error_type: "InvalidParameter", operation: "invoke_mtproto" });
    t.match(refused.data.error, /READ_ONLY=true/);
    const dangerous = await call("invoke_mtproto", { method_full_name: "messages.DeleteMessages", params_json: '{"id": [1]}', allow_dangerous: true });
    t.match(dangerous.data.error, /READ_ONLY=true/, "allow_dangerous does not lift READ_ONLY");
    t.same(sb.rpcLog, [], "refused before any Telegram call");
    const unknown = await call("invoke_mtproto", { method_full_name: "messages.NoSuchThing" });
    t.match(unknown.data.error, /Unknown MTProto method/, "an unknown name still gets its suggestions");
  });

  t.test("/mtproto-api: 403 naming READ_ONLY for non-read methods, 200 for read ones", async (t) => {
    const post = (method: string, body: unknown) => app.inject({ method: "POST", url: `/mtproto-api/${method}`, headers: { "content-type": "application/json" }, payload: JSON.stringify(body) });
    sb.resetCounters();
    const w = await post("messages.SendMessage", { params: { peer: "me", message: "x", random_id: 2 } });
    t.equal(w.statusCode, 403);
    t.match(w.json(), { ok: false, error_code: "READ_ONLY", method: "messages.SendMessage" });
    t.match(w.json().error, /READ_ONLY=true/);
    const d = await post("account.UpdateProfile", { params: { about: "x" }, allow_dangerous: true });
    t.equal(d.statusCode, 403);
    t.equal(d.json().error_code, "READ_ONLY");
    t.notOk(
      sb.rpcLog.some((e) => e.method === "messages.SendMessage" || e.method === "account.UpdateProfile"),
      "no refused method reached Telegram",
    );
    const r = await post("messages.getHistory", { params: { peer: "@alice", limit: 1 } });
    t.equal(r.statusCode, 200, r.body.slice(0, 200));
  });
});

t.test("over HTTP, TOOLSETS=search,chats: only those groups", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { client, call } = await httpServer(t, sb, { TOOLSETS: "search,chats" });
  const { tools } = await client.listTools();
  t.same(tools.map((x) => x.name).sort(), ["find_chats", "get_chat_info", "list_chats", "search_messages_globally", "search_messages_in_chat"]);
  const instructions = client.getInstructions() ?? "";
  t.notMatch(instructions, /invoke_mtproto|send_message|read_messages|edit_message/);
  await t.rejects(call("invoke_mtproto", { method_full_name: "help.GetConfig" }), /invoke_mtproto/, "a tool of another toolset cannot be called");
  const ok = await call("find_chats", { query: "alice" });
  t.notOk(ok.isError, ok.text.slice(0, 200));
});
