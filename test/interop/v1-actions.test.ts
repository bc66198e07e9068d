// The v1 client of @modelcontextprotocol/sdk against the message-action tools (forward, react,
// pin, delete) over Streamable HTTP: a success comes back as structuredContent that v1 validates
// against the output schema from tools/list, and an error as a tool result with the envelope.
import t from "tap";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { startSandbox } from "../helpers/sandbox.js";
import { testApp } from "../core/_app.js";
import { checkError, type Call } from "./_interop.js";

t.test("v1 client: the message-action tools", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { app, store } = await testApp(t, sb);
  store.add({ id: "demo", session: await sb.createSession(sb.world.demoAccountId), isDefault: true });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const port = (app.server.address() as { port: number }).port;
  const client = new Client({ name: "interop-v1-actions", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
  t.teardown(() => client.close());
  const call: Call = (name, args) => client.callTool({ name, arguments: args }) as any;
  // v1 validates structuredContent against the output schemas it read here.
  const { tools } = await client.listTools();
  for (const name of ["forward_messages", "send_reaction", "pin_message", "delete_messages"]) t.ok(tools.find((x) => x.name === name)?.outputSchema, `${name} is listed with an output schema`);

  const ok = async (name: string, args: Record<string, unknown>) => {
    const r = (await call(name, args)) as any;
    t.notOk(r.isError, `${name}: ${r.content?.[0]?.text?.slice(0, 300)}`);
    t.same(JSON.parse(r.content[0].text), r.structuredContent, `${name}: the text is the same JSON`);
    return r.structuredContent;
  };
  const sent = await ok("send_message", { chat_id: "me", message: "v1 actions" });
  const fwd = await ok("forward_messages", { from_chat_id: "me", message_ids: [sent.message_id], to_chat_id: "me" });
  t.equal(fwd.messages[0].text, "v1 actions");
  const react = await ok("send_reaction", { chat_id: "me", message_id: sent.message_id, reaction: "👍" });
  t.equal(react.reaction, "👍");
  const off = await ok("send_reaction", { chat_id: "me", message_id: sent.message_id, reaction: null });
  t.equal(off.reaction, null, "a null in structuredContent passes v1's validation");
  const pin = await ok("pin_message", { chat_id: "me", message_id: sent.message_id });
  t.equal(pin.pinned, true);
  const del = await ok("delete_messages", { chat_id: "me", message_ids: [fwd.message_ids[0], 99999999] });
  t.same(del.deleted, fwd.message_ids);

  const errors = [
    { tool: "forward_messages", why: "unknown chat", args: { from_chat_id: "@nobody_here_zz", message_ids: [1], to_chat_id: "me" }, expect: { error_type: "EntityNotFound" } },
    { tool: "send_reaction", why: "a reaction the chat does not allow", args: { chat_id: "@orbit_community", message_id: 2, reaction: "😱" }, expect: { error_type: "InvalidParameter", telegram_error: "REACTION_INVALID" } },
    { tool: "pin_message", why: "no such message", args: { chat_id: "me", message_id: 99999999 }, expect: { error_type: "InvalidParameter", telegram_error: "MESSAGE_ID_INVALID" } },
    { tool: "delete_messages", why: "no ids", args: { chat_id: "me", message_ids: [] }, expect: { error_type: "InvalidParameter" } },
  ];
  for (const c of errors) await checkError(t, call, "v1-http", c);
});
