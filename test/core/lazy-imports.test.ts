// Start-up cost (issue #19): a server on real Telegram never loads the sandbox. Checked on the
// built CLI (what an installed package runs) with a module-resolution hook that records every
// import, through to a tools/list answer over stdio.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import t from "tap";
import { childEnv, cliArgs } from "../helpers/child-env.js";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

t.test("stdio on real Telegram settings answers tools/list without loading the sandbox", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "tgmcp-imports-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const record = join(dir, "imports.txt");
  const args = cliArgs().filter((a) => !a.startsWith("--import="));
  const child = spawn("/usr/bin/env", ["-u", "NODE_OPTIONS", process.execPath, "--import", join(ROOT, "test/helpers/record-imports.mjs"), ...args, "serve"], {
    env: childEnv({ HOME: dir, SESSION_DIR: join(dir, "s"), SERVER_MODE: "stdio", API_ID: "12345", API_HASH: "0123456789abcdef0123456789abcdef", RECORD_IMPORTS_FILE: record }),
    stdio: ["pipe", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
  t.teardown(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await exited;
  });
  let out = "";
  const listed = new Promise<void>((res, rej) => {
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes('"id":2')) res();
    });
    void exited.then((c) => rej(new Error(`exited ${c}: ${out}`)));
  });
  const send = (m: object) => child.stdin!.write(JSON.stringify(m) + "\n");
  send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "imports", version: "1" } } });
  send({ jsonrpc: "2.0", method: "notifications/initialized" });
  send({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} });
  await listed;
  t.match(out, /"name":"search_messages_globally"/, "tools/list answered");
  child.stdin!.end();
  t.equal(await exited, 0);
  const urls = readFileSync(record, "utf8").split("\n").filter(Boolean);
  t.ok(urls.some((u) => u.includes("/dist/app.js")), "the hook saw the app load (the check below is live)");
  t.same(urls.filter((u) => u.includes("/dist/sandbox/")), [], "no sandbox module was loaded");
});
