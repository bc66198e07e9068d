// End to end over stdio: an MCP client starts `tgmcp serve` with SERVER_MODE=stdio, like
// Claude Desktop would, and calls every tool on the embedded sandbox's demo world.
import t from "tap";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { ROOT, SERVE_COMMAND, exerciseEveryTool, serverEnv } from "./_server.js";

t.test("stdio: every tool", async (t) => {
  const transport = new StdioClientTransport({
    command: SERVE_COMMAND.command,
    args: SERVE_COMMAND.args,
    cwd: ROOT,
    env: serverEnv(t, { SERVER_MODE: "stdio", LOG_LEVEL: "warn" }),
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  const client = new Client({ name: "e2e-stdio", version: "1.0.0" });
  await client.connect(transport);
  t.teardown(() => client.close());
  const { tools } = await client.listTools();
  t.equal(tools.length >= 8, true);
  await exerciseEveryTool(t, (name, args) => client.callTool({ name, arguments: args }) as any, "stdio");
  t.notMatch(stderr, /"level":50/, "no error logged");
});
