// `tgmcp serve --server-mode stdio` as a real process (from dist/): MCP on stdin/stdout, logs
// on stderr, exit 0 when stdin closes.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import t from "tap";
import { childEnv, cliCommand } from "../helpers/child-env.js";
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

t.test("stdio from a clone, started from another folder (README: node <clone>/dist/cli.js serve)", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "tgmcp-elsewhere-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const cli = cliCommand("serve");
  t.ok(isAbsolute(cli.args.at(-2)!), "the entry is named by an absolute path, as the README says");
  const child = spawn(cli.command, cli.args, { cwd: dir, env: childEnv({ HOME: dir, SERVER_MODE: "stdio", SESSION_DIR: join(dir, "sessions") }), stdio: ["pipe", "pipe", "pipe"] });
  const exited = new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
  t.teardown(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await exited;
  });
  let out = "";
  const answer = (id: number) =>
    new Promise<Record<string, any>>((resolve, reject) => {
      const look = () => {
        for (const line of out.split("\n")) {
          if (!line.trim()) continue;
          const msg = JSON.parse(line);
          if (msg.id === id) return resolve(msg);
        }
      };
      child.stdout!.on("data", (d) => {
        out += d;
        look();
      });
      look();
      void exited.then((c) => reject(new Error(`exited ${c}`)));
    });
  const send = (msg: object) => child.stdin!.write(JSON.stringify(msg) + "\n");
  send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "elsewhere", version: "1" } } });
  t.equal((await answer(1)).result?.serverInfo?.name, "tgmcp");
  send({ jsonrpc: "2.0", method: "notifications/initialized" });
  send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "get_chat_info", arguments: { chat_id: "me" } } });
  t.equal((await answer(2)).result?.structuredContent?.is_self, true, "a tool call works from a folder that is not the clone");
  child.stdin!.end();
  t.equal(await exited, 0);
});
