// READ_ONLY and TOOLSETS over stdio: `tgmcp serve` in stdio mode as a real process, driven by
// the v1 SDK client as Claude Desktop would. tools/list shows exactly what can be called, the
// instructions name only that, and a write through invoke_mtproto is refused naming READ_ONLY.
import t from "tap";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ROOT, SERVE_COMMAND, serverEnv } from "../e2e/_server.js";

t.test("stdio, READ_ONLY=true TOOLSETS=search,raw", async (t) => {
  const transport = new StdioClientTransport({
    command: SERVE_COMMAND.command,
    args: SERVE_COMMAND.args,
    cwd: ROOT,
    env: serverEnv(t, { SERVER_MODE: "stdio", LOG_LEVEL: "warn", READ_ONLY: "true", TOOLSETS: "search,raw" }),
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  const client = new Client({ name: "inventory-stdio", version: "1.0.0" });
  await client.connect(transport);
  t.teardown(() => client.close());

  const { tools } = await client.listTools();
  t.same(tools.map((x) => x.name).sort(), ["invoke_mtproto", "search_messages_globally", "search_messages_in_chat"]);
  t.ok(tools.every((x) => x.annotations?.readOnlyHint === true), "every tool served read-only");
  const instructions = client.getInstructions() ?? "";
  t.match(instructions, /search_messages_in_chat/);
  t.notMatch(instructions, /send_message|edit_message|find_chats|read_messages/, "only the tools served are named");

  const call = async (name: string, args: Record<string, unknown>) => {
    const r = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content: Array<{ text: string }>; structuredContent?: any };
    return { isError: r.isError === true, text: r.content[0]!.text, data: r.isError ? JSON.parse(r.content[0]!.text) : r.structuredContent };
  };
  const read = await call("invoke_mtproto", { method_full_name: "messages.GetHistory", params_json: '{"peer": "@alice", "limit": 1}' });
  t.notOk(read.isError, read.text.slice(0, 200));
  t.equal(read.data.messages.length, 1);
  const write = await call("invoke_mtproto", { method_full_name: "messages.SendMessage", params_json: '{"peer": "me", "message": "x", "random_id": 3}' });
  t.equal(write.isError, true);
  t.match(write.data, { ok: false, error_type: "InvalidParameter", operation: "invoke_mtproto" });
  t.match(write.data.error, /READ_ONLY=true/);
  const search = await call("search_messages_in_chat", { chat_id: "@alice", limit: 1 });
  t.notOk(search.isError, search.text.slice(0, 200));
  // The v1 client validates structuredContent against the output schema: $defs/$ref resolve.
  t.equal(search.data.messages.length, 1);
  await t.rejects(client.callTool({ name: "send_message", arguments: { chat_id: "me", message: "x" } }), /send_message/, "a tool not served cannot be called");
  t.notMatch(stderr, /"level":(50|60)/, "no error or fatal log line");
});
