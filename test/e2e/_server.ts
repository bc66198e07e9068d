// End-to-end helpers: the real `tgmcp serve` command as a child process on its embedded
// sandbox (demo world), and one script that calls every tool the way a user's client would.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { childEnv, cliArgs, cliCommand } from "../helpers/child-env.js";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Teardownable {
  teardown(fn: () => unknown): void;
}

/** Environment of a server process: embedded sandbox, a throw-away SESSION_DIR, nothing from the host. */
export function serverEnv(t: Teardownable, extra: Record<string, string> = {}): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "tgmcp-e2e-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return childEnv({
    HOME: dir,
    SESSION_DIR: join(dir, "sessions"),
    BACKEND: "sandbox",
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "info",
    ...extra,
  });
}

/**
 * `node` arguments that start `tgmcp serve`: `[...options, <absolute dist/cli.js>, "serve"]`, built
 * and run from dist/ (see test/helpers/child-env.ts). The path is absolute: any cwd will do.
 */
export const SERVE_ARGS = [...cliArgs(), "serve"];

/**
 * `tgmcp serve` as a command and its arguments, e.g. for an MCP client's stdio transport
 * (`{ command: SERVE_COMMAND.command, args: SERVE_COMMAND.args }`). About 2 s of CPU cheaper per
 * start than process.execPath with SERVE_ARGS: tap's loader stays out of it (see cliCommand).
 */
export const SERVE_COMMAND = cliCommand("serve");

/** Starts `tgmcp serve` over HTTP and resolves with its /mcp URL once it listens. Killed at teardown. */
export async function startHttpServer(t: Teardownable, extra: Record<string, string> = {}): Promise<{ url: URL; proc: ChildProcess }> {
  const proc = spawn(SERVE_COMMAND.command, SERVE_COMMAND.args, { cwd: ROOT, env: serverEnv(t, { SERVER_MODE: "http-no-auth", ...extra }), stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  t.teardown(async () => {
    if (proc.exitCode === null) proc.kill("SIGTERM");
    await exited;
  });
  let output = "";
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on (http:\/\/[^\s"]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        proc.stdout!.off("data", onData);
        resolve(new URL("/mcp", m[1]));
      }
    };
    proc.stdout!.on("data", onData);
    proc.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    proc.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  proc.stdout!.resume();
  proc.stderr!.resume();
  return { url, proc };
}

export type CallTool = (name: string, args: Record<string, unknown>) => Promise<{ isError?: boolean; structuredContent?: any; content: any[] }>;

/** Calls every tool once with valid arguments on the demo world and checks what comes back. */
export async function exerciseEveryTool(t: any, call: CallTool, label: string): Promise<void> {
  const ok = async (name: string, args: Record<string, unknown>) => {
    const r = await call(name, args);
    t.notOk(r.isError, `${label} ${name}: ${JSON.stringify(r.structuredContent ?? r.content).slice(0, 300)}`);
    t.same(JSON.parse(r.content[0].text), r.structuredContent, `${label} ${name}: text copy matches`);
    return r.structuredContent;
  };
  const me = await ok("get_chat_info", { chat_id: "me" });
  t.match(me, { is_self: true, type: "private", username: "demo" });
  const found = await ok("find_chats", { query: "alice" });
  t.match(found.chats[0], { title: "Alice Johnson", username: "alice" });
  const global = await ok("search_messages_globally", { query: "budget", limit: 5 });
  t.equal(global.messages.length, 5);
  for (const m of global.messages) t.match(m.text, /budget/i);
  const inChat = await ok("search_messages_in_chat", { chat_id: "@alice", limit: 3 });
  t.equal(inChat.messages.length, 3);
  t.equal(inChat.peers[inChat.chat_id].username, "alice");
  const sent = await ok("send_message", { chat_id: "me", message: `${label}: **hello**` });
  t.match(sent, { status: "sent", format: "markdown", text: `${label}: hello` });
  const edited = await ok("edit_message", { chat_id: "me", message_id: sent.message_id, message: `${label}: edited` });
  t.match(edited, { status: "edited", text: `${label}: edited` });
  const read = await ok("read_messages", { chat_id: "me", message_ids: [sent.message_id, 987654321] });
  t.match(read.messages, [{ id: sent.message_id, text: `${label}: edited` }, { id: 987654321, error: String }]);
  // +9996620002 is Alice, a contact of the demo account (sandbox/world/demo.ts)
  const phone = await ok("send_message_to_phone", { phone_number: "+9996620002", message: `${label}: by phone` });
  t.match(phone, { status: "sent", contact_was_new: false });
  const err = await call("get_chat_info", { chat_id: "@nobody_here_zz" });
  t.equal(err.isError, true);
  t.equal(err.structuredContent, undefined, `${label}: error results carry the envelope as text only`);
  t.match(JSON.parse(err.content[0].text), { ok: false, error_type: "EntityNotFound", operation: "get_chat_info" });
}
