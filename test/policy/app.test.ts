// The policy through the whole app: the account record's policy on /mcp (a tool error with
// error_type Forbidden) and on /mtproto-api (403), a change to the record applying to the next
// call without a restart, POLICY_FILE in http-no-auth (and refused in http-auth).
import t from "tap";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { startSandbox } from "../helpers/sandbox.js";
import { testApp } from "../core/_app.js";
import { CHATS } from "./_harness.js";
import { makeConfig } from "../helpers/config.js";
import { buildApp } from "../../app.js";
import { MemoryAccountStore } from "../../services/accounts/memory-store.js";

const mcpCall = async (app: FastifyInstance, name: string, args: unknown) => {
  const r = await app.inject({
    method: "POST",
    url: "/mcp",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2025-11-25" },
    payload: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: args } }),
  });
  const text = r.body.startsWith("event:") || r.body.startsWith("data:") ? r.body.split("\n").find((l) => l.startsWith("data:"))!.slice(5) : r.body;
  const result = JSON.parse(text).result;
  return result.isError ? { ok: false, data: JSON.parse(result.content[0].text) } : { ok: true, data: result.structuredContent };
};
const api = (app: FastifyInstance, method: string, params: unknown) =>
  app.inject({ method: "POST", url: `/mtproto-api/${method}`, headers: { "content-type": "application/json" }, payload: JSON.stringify({ params }) });

t.test("http-no-auth: the account record's policy, changed while the server runs", async (t) => {
  const sb = await startSandbox(t, { rsa: false, flood: false });
  const { app, store } = await testApp(t, sb);
  store.add({ id: "demo", session: await sb.createSession(sb.world.demoAccountId), isDefault: true });

  t.ok((await mcpCall(app, "get_chat_info", { chat_id: CHATS.family })).ok, "no policy: every chat");
  t.equal((await api(app, "messages.getHistory", { peer: CHATS.family, limit: 1 })).statusCode, 200);

  await store.updateSettings("demo", { policy: { default: "allow", chats: { [CHATS.family]: { read: false, write: false, title: "Family" } } } });
  const tool = await mcpCall(app, "get_chat_info", { chat_id: CHATS.family });
  t.match(tool, { ok: false, data: { error_type: "Forbidden", chat_id: CHATS.family, missing_right: "read", operation: "get_chat_info" } }, "the next tool call is refused");
  const raw = await api(app, "messages.getHistory", { peer: CHATS.family, limit: 1 });
  t.equal(raw.statusCode, 403, "and /mtproto-api answers 403");
  t.match(raw.json(), { ok: false, error_type: "Forbidden", error_code: "CHAT_FORBIDDEN", error: /Family.*read right is missing/ });
  const dialogs = await api(app, "messages.getDialogs", { offset_peer: { _: "inputPeerEmpty" }, limit: 1 });
  t.equal(dialogs.statusCode, 403, "an unfilterable method under a restricting policy");
  t.ok((await mcpCall(app, "get_chat_info", { chat_id: CHATS.phoenix })).ok, "other chats still work");

  await store.updateSettings("demo", undefined);
  t.ok((await mcpCall(app, "get_chat_info", { chat_id: CHATS.family })).ok, "cleared: allowed again, without a restart");
});

t.test("POLICY_FILE in http-no-auth: read at start, re-read on change; refused in http-auth", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "tgmcp-policy-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "policy.json");
  const sb = await startSandbox(t, { rsa: false, flood: false });

  const build = async (env: Record<string, string>) => {
    const store = new MemoryAccountStore();
    store.add({ id: "demo", session: await sb.createSession(sb.world.demoAccountId), isDefault: true });
    return buildApp(makeConfig({ LOG_LEVEL: "silent", ...env }), { sandbox: sb, accountStore: store, logger: false });
  };
  await t.rejects(build({ POLICY_FILE: file }), /policy file .*policy\.json \(POLICY_FILE\) does not exist/, "a missing file stops the start");
  writeFileSync(file, JSON.stringify({ default: "maybe", chats: {} }));
  await t.rejects(build({ POLICY_FILE: file }), /policy\.json is not a valid chat policy \(\/default/, "an invalid file stops the start");
  writeFileSync(file, JSON.stringify({ default: "allow", chats: {} }));
  await t.rejects(build({ POLICY_FILE: file, SERVER_MODE: "http-auth", BACKEND: "sandbox" }), /POLICY_FILE applies to stdio and http-no-auth/);

  const app = await build({ POLICY_FILE: file });
  t.teardown(() => app.close());
  await app.ready();
  t.ok((await mcpCall(app, "get_chat_info", { chat_id: CHATS.phoenix })).ok);
  writeFileSync(file, JSON.stringify({ default: "deny", chats: { [CHATS.family]: { read: true, write: false } } }));
  t.match(await mcpCall(app, "get_chat_info", { chat_id: CHATS.phoenix }), { ok: false, data: { error_type: "Forbidden", chat_id: CHATS.phoenix } }, "an edit applies to the next call");
  t.ok((await mcpCall(app, "get_chat_info", { chat_id: CHATS.family })).ok);
  writeFileSync(file, "{ not json");
  t.match(await mcpCall(app, "get_chat_info", { chat_id: CHATS.family }), { ok: false, data: { error_type: "Forbidden", error: /refused until the chat policy is fixed: the policy file .* is not JSON/ } }, "a broken file refuses every call");
});
