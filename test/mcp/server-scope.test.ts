// A stateless request's server binds only what the request needs (scopeOf, issue #19): the
// scope chosen for each kind of body, and a tool-scoped server answers its call as the full one.
import t from "tap";
import { InMemoryTransport } from "@modelcontextprotocol/server";
import { Client } from "@modelcontextprotocol/client";
import { createMcpServer, scopeOf, type ServerScope, type ToolBinding } from "../../services/mcp/server-factory.js";
import { catalog } from "./_harness.js";

const noTelegram: ToolBinding = {
  context: async () => {
    throw new Error("this test never reaches Telegram");
  },
};

t.test("the scope of each kind of request body", async (t) => {
  const tool = catalog.byName.get("get_chat_info")!;
  t.same(scopeOf(catalog, { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "get_chat_info", arguments: {} } }), { tool });
  t.equal(scopeOf(catalog, { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "no_such_tool" } }), "all", "an unknown tool: the SDK's own not-found answer");
  t.equal(scopeOf(catalog, { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: 5 } }), "all");
  t.equal(scopeOf(catalog, { jsonrpc: "2.0", id: 1, method: "tools/call" }), "all");
  t.equal(scopeOf(catalog, { jsonrpc: "2.0", id: 1, method: "resources/read", params: { uri: "tgmcp://media/me/1" } }), "resources");
  for (const method of ["initialize", "tools/list", "resources/templates/list", "ping", "server/discover"]) {
    t.equal(scopeOf(catalog, { jsonrpc: "2.0", id: 1, method }), "all", method);
  }
  t.equal(scopeOf(catalog, [{ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "get_chat_info" } }]), "all", "a batch");
  t.equal(scopeOf(catalog, undefined), "all");
  t.equal(scopeOf(catalog, null), "all");
});

async function connect(t: { teardown(fn: () => unknown): void }, scope: ServerScope) {
  const server = createMcpServer(catalog, noTelegram, scope);
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new Client({ name: "scope", version: "1" });
  await client.connect(b as any);
  t.teardown(async () => {
    await client.close();
    await server.close();
  });
  return client;
}

t.test("a tool-scoped server answers its tool's call exactly as the full server", async (t) => {
  const call = { name: "get_chat_info", arguments: { chat_id: { not: "a chat" } } };
  const full = await (await connect(t, "all")).callTool(call);
  const scoped = await (await connect(t, { tool: catalog.byName.get("get_chat_info")! })).callTool(call);
  t.equal(scoped.isError, true);
  t.match(JSON.parse((scoped.content as Array<{ text: string }>)[0]!.text), { ok: false, error_type: "InvalidParameter", operation: "get_chat_info" });
  t.same(scoped, full, "the same result, byte for byte");
  const failing = await (await connect(t, { tool: catalog.byName.get("get_chat_info")! })).callTool({ name: "get_chat_info", arguments: { chat_id: "me" } });
  t.equal(failing.isError, true, "a valid call goes on to the binding (here: no Telegram)");
});

t.test("the full catalog still lists every tool and the media template", async (t) => {
  const client = await connect(t, "all");
  t.equal((await client.listTools()).tools.length, catalog.tools.length);
  const templates = await client.listResourceTemplates();
  t.equal(templates.resourceTemplates.length, catalog.byName.has("download_media") ? 1 : 0);
});
