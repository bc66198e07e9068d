// The check both background-connect tests make (test/mcp/http-warm.test.ts, stdio-warm.test.ts):
// once the account is connected, a model's first tool call makes only its own RPC.
import type { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Test } from "tap";
import type { Sandbox } from "../../sandbox/index.js";

export async function expectFirstCallOwnRpcOnly(t: Test, client: V1Client, sb: Sandbox): Promise<void> {
  const before = sb.rpcLog.length;
  const r = await client.callTool({ name: "search_messages_in_chat", arguments: { chat_id: "me", limit: 1 } });
  t.notOk(r.isError, JSON.stringify(r.content).slice(0, 300));
  t.same(
    sb.rpcLog.slice(before).map((e) => e.method),
    ["messages.Search"],
    "the first call: its own RPC only",
  );
}
