// invoke_mtproto over MCP: a real MCP client (SDK v2) over Streamable HTTP to the app's /mcp
// route, in http-no-auth and http-auth mode, against the sandbox.
import t from "tap";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { toStructured } from "../../services/mcp/tools/invoke-mtproto.js";
import { demoUser, startSandbox } from "../helpers/sandbox.js";
import { testApp } from "../core/_app.js";
import type { Sandbox } from "../../sandbox/index.js";

interface Teardownable {
  teardown(fn: () => unknown): void;
}

async function mcpClient(t: Teardownable, sb: Sandbox, env: Record<string, string | number | boolean>, token?: (store: any) => Promise<string>) {
  const { app, store } = await testApp(t, sb, env);
  let bearer: string | undefined;
  if (token) bearer = await token(store);
  else store.add({ id: "demo", session: await sb.createSession(sb.world.demoAccountId), isDefault: true });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const port = (app.server.address() as { port: number }).port;
  const client = new Client({ name: "mtproto-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), bearer ? { requestInit: { headers: { Authorization: `Bearer ${bearer}` } } } : {});
  await client.connect(transport);
  t.teardown(() => client.close());
  const call = async (args: Record<string, unknown>) => {
    const r = await client.callTool({ name: "invoke_mtproto", arguments: args });
    return { isError: r.isError === true, data: (r.isError ? JSON.parse((r.content as Array<{ text: string }>)[0]!.text) : r.structuredContent) as any, text: (r.content as Array<{ text: string }>)[0]!.text };
  };
  return { client, call, app };
}

t.test("over MCP (http-no-auth)", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { client, call } = await mcpClient(t, sb, {});
  const me = sb.world.demoAccountId;

  t.test("the tool is listed with honest annotations and defaults", async (t) => {
    const list = await client.listTools();
    const tool = list.tools.find((x) => x.name === "invoke_mtproto");
    t.ok(tool);
    // Sent only where they differ from the MCP defaults (readOnly false, destructive true, openWorld true).
    t.same(tool!.annotations, {}, "a raw call may write and destroy: every hint at its default");
    t.match(tool!.inputSchema, { required: ["method_full_name"], properties: { params_json: { default: "{}" }, allow_dangerous: { default: false }, resolve: { default: true } } });
  });

  t.test("users.GetFullUser with inputUserSelf (the seed example)", async (t) => {
    const r = await call({ method_full_name: "users.GetFullUser", params_json: '{"id": {"_": "inputUserSelf"}}', resolve: true });
    t.notOk(r.isError, r.text.slice(0, 300));
    t.match(r.data, { _: "users.UserFull", full_user: { id: me } });
    t.same(JSON.parse(r.text), r.data, "text copy of the structured result");
  });

  t.test('messages.GetHistory with "@username", SendMessage and ForwardMessages with resolution', async (t) => {
    const h = await call({ method_full_name: "messages.gethistory", params_json: JSON.stringify({ peer: "@techdigest", limit: 2 }) });
    t.notOk(h.isError, h.text.slice(0, 300));
    t.equal(h.data.messages.length, 2);
    const alice = demoUser(sb, "alice");
    const s = await call({ method_full_name: "messages.SendMessage", params_json: JSON.stringify({ peer: "@alice", message: "via invoke_mtproto" }) });
    t.notOk(s.isError, s.text.slice(0, 300));
    t.equal(sb.world.store.text(sb.world.topRow(sb.world.findPrivateConv(me, alice)!)), "via invoke_mtproto");
    const digest = sb.world.resolveUsername("techdigest")!.conv!;
    const ids = [sb.world.store.id[digest.rows[digest.count - 1]!]!, sb.world.store.id[digest.rows[digest.count - 2]!]!];
    const saved = sb.world.findPrivateConv(me, me) ?? sb.world.privateConv(me, me);
    const before = saved.count;
    const f = await call({ method_full_name: "messages.ForwardMessages", params_json: JSON.stringify({ from_peer: "@techdigest", to_peer: "me", id: ids }) });
    t.notOk(f.isError, f.text.slice(0, 300));
    t.equal(saved.count, before + 2);
  });

  t.test("a Vector result is wrapped", async (t) => {
    const r = await call({ method_full_name: "users.GetUsers", params_json: JSON.stringify({ id: ["me", "@bobsmith"] }) });
    t.notOk(r.isError, r.text.slice(0, 300));
    t.equal(r.data.result.length, 2);
    t.same(toStructured(true), { result: true });
  });

  t.test("a dangerous method: blocked, then allowed", async (t) => {
    const alice = demoUser(sb, "alice");
    const row = sb.world.topRow(sb.world.findPrivateConv(me, alice)!);
    const id = sb.world.store.id[row]!;
    const blocked = await call({ method_full_name: "messages.DeleteMessages", params_json: JSON.stringify({ id: [id] }) });
    t.ok(blocked.isError);
    t.match(blocked.data, { ok: false, error_type: "InvalidParameter", operation: "invoke_mtproto", error: /dangerous.*allow_dangerous/ });
    t.notOk(sb.world.isDeleted(row));
    const allowed = await call({ method_full_name: "messages.DeleteMessages", params_json: JSON.stringify({ id: [id], revoke: true }), allow_dangerous: true });
    t.notOk(allowed.isError, allowed.text.slice(0, 300));
    t.ok(sb.world.isDeleted(row));
  });

  t.test("errors come back as the envelope with isError", async (t) => {
    const unknown = await call({ method_full_name: "messages.GetHistorys", params_json: "{}" });
    t.ok(unknown.isError);
    t.match(unknown.data, { ok: false, error_type: "InvalidParameter", operation: "invoke_mtproto", error: /Did you mean messages\.GetHistory/ });
    const bad = await call({ method_full_name: "messages.GetHistory", params_json: "{not json" });
    t.ok(bad.isError);
    t.match(bad.data, { error_type: "InvalidParameter", error: /params_json is not valid JSON/ });
    const wrong = await call({ method_full_name: "messages.GetHistory", params_json: JSON.stringify({ peer: "me", limit: true }) });
    t.ok(wrong.isError);
    t.match(wrong.data, { error: /Parameter 'limit' of messages\.GetHistory expects int/ });
    sb.faults.floodWait("messages.GetHistory", 200);
    const flood = await call({ method_full_name: "messages.GetHistory", params_json: JSON.stringify({ peer: "me", limit: 1 }) });
    t.ok(flood.isError);
    t.match(flood.data, { error_type: "RateLimited", retry_after_s: 200 });
    const badArgs = await client.callTool({ name: "invoke_mtproto", arguments: { params_json: "{}" } });
    t.ok(badArgs.isError, "missing method_full_name is refused by the tool schema");
  });
});

t.test("over MCP: the server switch and http-auth", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { call } = await mcpClient(t, sb, { SERVER_MODE: "http-auth", ALLOW_DANGEROUS_METHODS: false }, async (store) => {
    const { token } = await store.createAccount({ session: await sb.createSession(sb.world.demoAccountId) });
    return token;
  });
  const ok = await call({ method_full_name: "users.GetFullUser", params_json: '{"id": "me"}' });
  t.notOk(ok.isError, ok.text.slice(0, 300));
  t.equal(ok.data.full_user.id, sb.world.demoAccountId, "the bearer token's account");
  const off = await call({ method_full_name: "messages.DeleteMessages", params_json: '{"id": [1]}', allow_dangerous: true });
  t.ok(off.isError);
  t.match(off.data, { error: /ALLOW_DANGEROUS_METHODS=false/ });
  t.equal(sb.rpcCount("messages.DeleteMessages"), 0);
});
