// The v1 client of @modelcontextprotocol/sdk (the MCP Inspector and mcp-remote are built on it)
// against a real `tgmcp serve` over Streamable HTTP: tools/list, every tool's success path, and
// every error path arriving as a tool result (isError + the JSON envelope), never as a thrown
// protocol error. v1 validates structuredContent against the output schema it got from
// tools/list, so listTools runs first, as the Inspector does.
import t from "tap";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { startHttpServer } from "../e2e/_server.js";
import { checkToolsList, everyErrorPath, everyToolSucceeds, type Call } from "./_interop.js";

t.test("v1 client over Streamable HTTP", async (t) => {
  const { url } = await startHttpServer(t);
  const client = new Client({ name: "interop-v1-http", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(url));
  t.teardown(() => client.close());
  t.match(client.getServerVersion(), { name: "tgmcp" });
  const call: Call = (name, args) => client.callTool({ name, arguments: args }) as any;

  t.test("tools/list", async (t) => {
    const { tools } = await client.listTools();
    checkToolsList(t, tools as any, "v1 http");
  });
  t.test("every tool succeeds", async (t) => everyToolSucceeds(t, call, "v1-http"));
  t.test("every error is a tool result", async (t) => everyErrorPath(t, call, "v1-http"));
});
