// The v1 client of @modelcontextprotocol/sdk over stdio: its StdioClientTransport spawns
// `tgmcp serve` with SERVER_MODE=stdio, as Claude Desktop and the Inspector do. Same checks as
// over HTTP: tools/list, every tool's success path, every error path as a tool result.
import t from "tap";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ROOT, SERVE_ARGS, serverEnv } from "../e2e/_server.js";
import { checkToolsList, everyErrorPath, everyToolSucceeds, type Call } from "./_interop.js";

t.test("v1 client over stdio", async (t) => {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: SERVE_ARGS,
    cwd: ROOT,
    env: serverEnv(t, { SERVER_MODE: "stdio", LOG_LEVEL: "warn" }),
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  const client = new Client({ name: "interop-v1-stdio", version: "1.0.0" });
  await client.connect(transport);
  t.teardown(() => client.close());
  t.match(client.getServerVersion(), { name: "tgmcp" });
  const call: Call = (name, args) => client.callTool({ name, arguments: args }) as any;

  t.test("tools/list", async (t) => {
    const { tools } = await client.listTools();
    checkToolsList(t, tools as any, "v1 stdio");
  });
  t.test("every tool succeeds", async (t) => everyToolSucceeds(t, call, "v1-stdio"));
  t.test("every error is a tool result", async (t) => everyErrorPath(t, call, "v1-stdio"));
  t.test("nothing unexpected was logged", async (t) => {
    t.notMatch(stderr, /"level":(50|60)/, "no error or fatal log line");
  });
});
