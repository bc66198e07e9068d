// `tgmcp serve --server-mode stdio` as a real process (from dist/): MCP on stdin/stdout, logs
// on stderr, exit 0 when stdin closes.
import t from "tap";
import { runCli } from "./_process.js";

t.test("tgmcp serve --server-mode stdio: MCP over stdin/stdout, logs on stderr, exit 0 when stdin closes", async (t) => {
  const p = runCli(t, ["serve", "--server-mode", "stdio", "--log-level", "info"], {}, true);
  const send = (msg: object) => p.child.stdin!.write(JSON.stringify(msg) + "\n");
  send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "core-test", version: "1" } } });
  const init = await p.waitFor((l) => l.id === 1);
  t.equal(init.result?.serverInfo?.name, "tgmcp");
  send({ jsonrpc: "2.0", method: "notifications/initialized" });
  send({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} });
  const list = await p.waitFor((l) => l.id === 2);
  t.ok(Array.isArray(list.result?.tools) && list.result.tools.length > 0, "tools listed");
  t.ok(p.lines.every((l) => l.jsonrpc === "2.0"), "stdout carries only JSON-RPC");
  t.match(p.stderr(), /SANDBOX BACKEND/, "logs (and the sandbox notice) go to stderr");
  p.child.stdin!.end();
  t.equal((await p.exited).code, 0);
});
