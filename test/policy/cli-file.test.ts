// `tgmcp policy --account ID` (an http-auth account, its token read from stdin) and POLICY_FILE:
// the CLI edits the file, and a stdio server reads it (and re-reads it when it changes).
import t from "tap";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { run, exits, setupSandbox } from "../setup/_cli.js";
import { demoUser } from "../helpers/sandbox.js";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import { runCli } from "../core/_process.js";
import { CHATS } from "./_harness.js";

t.test("tgmcp policy --account, POLICY_FILE and a stdio server", async (t) => {
  const { sb, info, dir } = await setupSandbox(t);
  const sessions = path.join(dir, "sessions");
  const store = new FileAccountStore({ dir: sessions });
  await store.saveSession("default", await sb.createSession(sb.world.demoAccountId));
  const alice = String(demoUser(sb, "alice"));
  const env = { SESSION_DIR: sessions, SANDBOX_INFO_FILE: info };

  t.test("--account: an http-auth account's session opens with its token (read from stdin)", async (t) => {
    const { account, token } = await store.createAccount({ session: await sb.createSession(sb.world.demoAccountId) });
    const r = await run(["policy", "deny", "@bobsmith", "--account", account.id, "--json"], { env, cwd: dir, stdin: token + "\n" });
    exits(t, r, 0);
    t.match(JSON.parse(r.stdout), { ok: true, target: `account ${account.id}`, policy: { default: "allow", chats: { [String(demoUser(sb, "bobsmith"))]: { read: false, write: false, title: "Bob Smith" } } } });
    t.notMatch(r.stdout + r.stderr, token, "the token is never echoed");
    const wrong = await run(["policy", "deny", "@bobsmith", "--account", account.id], { env, cwd: dir, stdin: "tgmcp_wrong\n" });
    exits(t, wrong, 1);
  });

  t.test("POLICY_FILE: edited instead of the record, atomically, private", async (t) => {
    const file = path.join(dir, "policy.json");
    const withFile = (...args: string[]) => run(["policy", ...args], { env: { ...env, POLICY_FILE: file }, cwd: dir });
    exits(t, await withFile("--default", "deny"), 0);
    exits(t, await withFile("allow", "@alice"), 0);
    t.same(JSON.parse(readFileSync(file, "utf8")), { default: "deny", chats: { [alice]: { read: true, write: true, title: "Alice Johnson" } } });
    const show = await withFile("show");
    t.match(show.stdout, /Chat policy of the policy file .*policy\.json:\n {2}default: deny/);
    t.equal(statSync(file).mode & 0o777, 0o600);

    // A stdio server on the same file: Alice is allowed, everything else hidden.
    const p = runCli(t, ["serve", "--server-mode", "stdio"], { ...env, POLICY_FILE: file }, true);
    const send = (msg: object) => p.child.stdin!.write(JSON.stringify(msg) + "\n");
    send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "policy-test", version: "1" } } });
    await p.waitFor((l) => l.id === 1);
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    let id = 10;
    const tool = async (name: string, args: unknown) => {
      const n = ++id;
      send({ jsonrpc: "2.0", id: n, method: "tools/call", params: { name, arguments: args } });
      const r = (await p.waitFor((l) => l.id === n)).result;
      return r.isError ? { ok: false, data: JSON.parse(r.content[0].text) } : { ok: true, data: r.structuredContent };
    };
    t.ok((await tool("get_chat_info", { chat_id: "@alice" })).ok, "stdio: the allowed chat");
    t.match(await tool("get_chat_info", { chat_id: CHATS.phoenix }), { ok: false, data: { error_type: "Forbidden", chat_id: CHATS.phoenix, missing_right: "read" } }, "stdio: a hidden chat");
    exits(t, await withFile("reset"), 0);
    t.same(JSON.parse(readFileSync(file, "utf8")), { default: "allow", chats: {} }, "reset leaves an open policy file");
    t.ok((await tool("get_chat_info", { chat_id: CHATS.phoenix })).ok, "the running server applies the change to its next call");
    writeFileSync(file, "[]");
    t.match(await tool("get_chat_info", { chat_id: "@alice" }), { ok: false, data: { error_type: "Forbidden", error: /is not a valid chat policy/ } }, "a broken file refuses every call");
    p.child.stdin!.end();
    t.equal((await p.exited).code, 0);
  });
});
