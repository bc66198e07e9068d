// The MCP Inspector's CLI mode (`npx @modelcontextprotocol/inspector --cli <url> --transport
// http`) against a real `tgmcp serve` over Streamable HTTP: tools/list, a call that succeeds and
// a call that fails, each one Inspector process. How the Inspector is driven: _inspector.ts.
import t from "tap";
import { startHttpServer } from "../e2e/_server.js";
import { childEnv } from "../helpers/child-env.js";
import { tempDir } from "./_processes.js";
import { session } from "./_inspector.js";

t.test("Inspector CLI over Streamable HTTP", async (t) => {
  const { url } = await startHttpServer(t);
  const env = () => childEnv({ HOME: tempDir(t, "tgmcp-inspector-") });
  const { ok } = await session(
    t,
    "inspector http",
    [url.href, "--transport", "http"],
    env,
    { name: "search_messages_globally", args: { query: "budget", limit: 3 } },
    // The error a model most needs to read: what to do instead.
    { tool: "get_chat_info", why: "unknown chat", args: { chat_id: "@nobody_here_zz" }, expect: { error_type: "EntityNotFound", error: /use find_chats/ } },
  );
  if (ok) t.equal(ok.structuredContent.messages.length, 3, "limit=3 arrived as a number");
});
