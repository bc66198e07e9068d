// What the README's security model says about access_hash, checked over the wire (a real MCP
// client over HTTP, the sandbox behind): the typed tools never return one, for users, groups,
// channels and media alike; invoke_mtproto results do, for the same chats, because raw
// callers chain calls with them.
import t from "tap";
import { messageWith } from "../mcp/_media.js";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { demoUser, startSandbox } from "../helpers/sandbox.js";
import { testApp } from "../core/_app.js";

const HASH = /access_?hash/i;

t.test("typed tools never return access_hash; raw results do", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { app, store } = await testApp(t, sb, { RATE_LIMIT_MAX: 1000 });
  store.add({ id: "demo", session: await sb.createSession(sb.world.demoAccountId), isDefault: true });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const port = (app.server.address() as { port: number }).port;
  const client = new Client({ name: "access-hash", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
  t.teardown(() => client.close());
  const call = async (name: string, args: Record<string, unknown>) => {
    const r = await client.callTool({ name, arguments: args });
    // The JSON copy is the last text block (download_media puts an image or a document's text first).
    const texts = (r.content as Array<{ type: string; text?: string }>).filter((c) => c.type === "text");
    return { isError: r.isError === true, raw: JSON.stringify(r), text: texts.at(-1)?.text ?? "" };
  };

  const listed = (await client.listTools()).tools.map((x) => x.name);
  const typed = listed.filter((n) => n !== "invoke_mtproto");
  t.ok(typed.length >= 8, `typed tools: ${typed.join(", ")}`);

  const alice = sb.world.getUser(demoUser(sb, "alice"))!;
  const sent = await call("send_message", { chat_id: "@alice", message: "hash check" });
  t.notOk(sent.isError, sent.text.slice(0, 200));
  t.notMatch(sent.raw, HASH, "send_message: no access_hash in the result");
  const sentId = JSON.parse(sent.text).id;
  const news = sb.world.resolveUsername("northwind_news")!.conv!;
  const newsIds = Array.from(news.rows.subarray(Math.max(0, news.count - 5), news.count), (row) => sb.world.store.id[row]!);
  const calls: Array<[string, Record<string, unknown>]> = [
    ["find_chats", { query: "north, project, alice, tech", limit: 50 }],
    ["get_chat_info", { chat_id: "@alice" }],
    ["get_chat_info", { chat_id: "@northwind_news" }],
    ["get_chat_info", { chat_id: "@ts_enthusiasts" }],
    ["read_messages", { chat_id: "@northwind_news", message_ids: newsIds }],
    ["read_messages", { chat_id: "@alice", message_ids: [sentId] }],
    ["search_messages_in_chat", { chat_id: "@techdigest", limit: 20 }],
    ["search_messages_in_chat", { chat_id: "@alice", query: "launch, budget" }],
    ["search_messages_globally", { query: "the, launch", limit: 50 }],
    ["edit_message", { chat_id: "@alice", message_id: sentId, message: "hash check, edited" }],
    ["send_message", { chat_id: "@ts_enthusiasts", message: "hello" }],
    ["send_message_to_phone", { phone_number: "+" + alice.phone, message: "hi" }],
    ["list_chats", { limit: 50 }],
    ["mark_read", { chat_id: "@alice" }],
    ["forward_messages", { from_chat_id: "@northwind_news", message_ids: newsIds.slice(0, 2), to_chat_id: "me" }],
    ["send_reaction", { chat_id: "@alice", message_id: sentId, reaction: "👍" }],
    ["pin_message", { chat_id: "@alice", message_id: sentId }],
    ["download_media", { chat_id: "@orbit_updates", message_id: messageWith(sb.world, "Orbit Updates", (m) => m.kind === "photo") }],
    ["delete_messages", { chat_id: "@alice", message_ids: [sentId] }],
  ];
  const covered = new Set<string>();
  for (const [name, args] of calls) {
    if (!typed.includes(name)) continue;
    const r = await call(name, args);
    t.notOk(r.isError, `${name} ${JSON.stringify(args).slice(0, 60)}: ${r.text.slice(0, 120)}`);
    t.notMatch(r.raw, HASH, `${name}: no access_hash in the result`);
    covered.add(name);
  }
  t.same(typed.filter((n) => !covered.has(n)), [], "every typed tool was called");

  // The same chats through invoke_mtproto: the hashes are there.
  const users = await call("invoke_mtproto", { method_full_name: "users.GetUsers", params_json: JSON.stringify({ id: ["@alice"] }) });
  const user = JSON.parse(users.text).result[0];
  t.match(user, { _: "User", username: "alice" });
  t.ok(["number", "string"].includes(typeof user.access_hash), "a user's access_hash comes back");
  const history = await call("invoke_mtproto", { method_full_name: "messages.GetHistory", params_json: JSON.stringify({ peer: "@northwind_news", limit: 1 }) });
  const channel = JSON.parse(history.text).chats.find((c: { username?: string }) => c.username === "northwind_news");
  t.ok(["number", "string"].includes(typeof channel?.access_hash), "a channel's access_hash comes back");
  t.match(history.raw, HASH);
});
