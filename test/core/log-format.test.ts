// LOG_FORMAT: a person starting the server in a terminal gets a banner and readable lines; a
// pipe gets pino's JSON. Run through real processes, and once under a real pseudo-terminal
// (util-linux `script`) so that "auto" is decided by an actual TTY.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { childEnv, cliCommand } from "../helpers/child-env.js";
import { runCli } from "./_process.js";

// eslint-disable-next-line no-control-regex -- ANSI colour codes are what pretty output contains
const ANSI = /\x1b\[[0-9;]*m/g;

async function callMe(port: number): Promise<number> {
  const r = await fetch(`http://127.0.0.1:${port}/mcp`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "get_chat_info", arguments: { chat_id: "me" } } }),
  });
  await r.text();
  return r.status;
}

t.test("LOG_FORMAT=pretty: the banner names the endpoint and the backend; log lines are for people; no gramjs noise at shutdown", async (t) => {
  const p = runCli(t, ["serve", "--port", "0"], { LOG_FORMAT: "pretty", LOG_LEVEL: "info", SERVER_MODE: "http-no-auth" });
  const ready = await p.waitFor((l) => typeof l.text === "string" && l.text.includes("MCP endpoint"));
  const port = Number(/127\.0\.0\.1:(\d+)\/mcp/.exec(ready.text)?.[1]);
  t.ok(port > 0, "the banner gives the MCP URL with the real port");
  const text = () => p.lines.map((l) => (typeof l.text === "string" ? l.text.replace(ANSI, "") : JSON.stringify(l))).join("\n");
  await p.waitFor((l) => typeof l.text === "string" && l.text.includes("Ctrl+C"));
  t.match(text(), /Telegram\s+embedded sandbox/, "the banner says the backend is the embedded sandbox");
  t.match(text(), new RegExp(`Log in\\s+http://127\\.0\\.0\\.1:${port}/setup`), "and where to log in");
  t.match(text(), /INFO.*listening on/, "log lines are pretty, with their level in words");
  t.notOk(p.lines.some((l) => l.level !== undefined), "no JSON log line on the terminal");
  t.equal(await callMe(port), 200, "a tool call connects the account's Telegram client");
  p.child.kill("SIGINT");
  t.equal((await p.exited).code, 0, "clean shutdown");
  t.notMatch(text(), /Disconnecting/, "gramjs's routine 'Disconnecting...' is not a warning on a normal shutdown");
  t.match(text(), /shut down cleanly/);
});

t.test("LOG_FORMAT=auto on a pipe: JSON lines and no banner", async (t) => {
  const p = runCli(t, ["serve", "--port", "0"], { LOG_LEVEL: "info", SERVER_MODE: "http-no-auth" });
  const line = await p.waitFor((l) => typeof l.msg === "string" && l.msg.includes("listening on"));
  t.equal(typeof line.level, "number", "pino's JSON");
  t.equal(await callMe(line.port), 200);
  p.child.kill("SIGTERM");
  t.equal((await p.exited).code, 0);
  t.notOk(p.lines.some((l) => typeof l.text === "string"), "every stdout line is JSON");
  t.notOk(p.lines.some((l) => /Disconnecting/.test(String(l.msg))), "no 'Disconnecting...' at info level either");
});

t.test("LOG_FORMAT=auto under a real terminal: the banner appears", { skip: existsSync("/usr/bin/script") ? false : "util-linux `script` is not installed" }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "tgmcp-tty-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const cli = cliCommand("serve", "--port", "0");
  const cmd = [cli.command, ...cli.args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const child = spawn("/usr/bin/script", ["-qefc", cmd, "/dev/null"], { env: childEnv({ SERVER_MODE: "http-no-auth", LOG_LEVEL: "info", HOME: dir, SESSION_DIR: join(dir, "sessions") }), stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  const exited = new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
  t.teardown(async () => {
    if (child.exitCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("Ctrl+C")) resolve();
    });
    void exited.then((c) => reject(new Error(`exited ${c} before the banner: ${out}`)));
  });
  t.match(out.replace(ANSI, ""), /tgmcp .* is ready[\s\S]*MCP endpoint\s+http:\/\/127\.0\.0\.1:\d+\/mcp/, "a terminal gets the banner");
  child.stdin!.write("\x03"); // Ctrl+C through the terminal
  child.kill("SIGINT");
  await exited;
});
