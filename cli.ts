#!/usr/bin/env node
// The `tgmcp` command: parses the command name and hands the rest to commands/*.ts.
import * as nodeModule from "node:module";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { VERSION } from "./services/config/version.js";

/**
 * Node 22.1+ can keep the compiled code of the modules a process loads on disk, so the next start
 * skips compiling them (stdio clients start a server per session; ARCHITECTURE.md, Start-up). The
 * folder is the user's own cache (not a shared /tmp folder other users could write into); Node
 * keys entries by its version and each file's content. Harmless when unwritable (Node then runs
 * without it); a no-op on Node 20; NODE_COMPILE_CACHE (a folder) and NODE_DISABLE_COMPILE_CACHE=1
 * keep their meaning.
 */
function enableCompileCache(): void {
  const enable = (nodeModule as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache;
  if (typeof enable !== "function" || process.env.NODE_COMPILE_CACHE) return;
  try {
    const base = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), ".cache") : join(tmpdir(), `tgmcp-${process.getuid?.() ?? "user"}`));
    enable(join(base, "tgmcp", "compile-cache"));
  } catch {
    // No cache: only slower.
  }
}
enableCompileCache();

type Command = { summary: string; run: (argv: string[]) => Promise<number> };

const COMMANDS: Record<string, Command> = {
  serve: {
    summary: "serve Telegram over MCP (HTTP, or stdio with --server-mode stdio)",
    run: async (argv) => (await import("./commands/serve.js")).runServe(argv),
  },
  sandbox: {
    summary: "run the sandbox Telegram data center on its own (a local fake Telegram)",
    run: async (argv) => (await import("./commands/sandbox.js")).runSandbox(argv),
  },
  // --- setup: log a Telegram account in and print its bearer token (commands/setup.ts) ---
  setup: { summary: "log in to Telegram and create a bearer token", run: async (argv) => (await import("./commands/setup.js")).runSetup(argv) },
  // --- tokens: list / revoke / rotate bearer tokens (commands/tokens.ts) ---
  tokens: { summary: "list, revoke or rotate bearer tokens", run: async (argv) => (await import("./commands/tokens.js")).runTokens(argv) },
  // --- account: an account's own limits: read-only, toolsets, send mode (commands/account.ts) ---
  account: { summary: "show or change an account's settings (read-only, toolsets, send mode)", run: async (argv) => (await import("./commands/account.js")).runAccount(argv) },
  // --- audit: read the audit log of writes (commands/audit.ts) ---
  audit: { summary: "show the audit log of writes (sends, edits, raw write methods)", run: async (argv) => (await import("./commands/audit.js")).runAudit(argv) },
  // --- policy: per-chat rights of an account (commands/policy.ts) ---
  policy: { summary: "show or change which chats the assistant may read and write", run: async (argv) => (await import("./commands/policy.js")).runPolicy(argv) },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    `tgmcp ${VERSION}: Telegram over the Model Context Protocol`,
    "",
    "Usage: tgmcp <command> [options]",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    "",
    "`tgmcp <command> --help` shows the options of a command.",
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  // MCP clients start a stdio server as plain `tgmcp` with env (as the seed's configs do):
  // with SERVER_MODE set, or with stdin piped rather than a terminal, bare `tgmcp` serves.
  if (name === undefined && (process.env.SERVER_MODE || !process.stdin.isTTY)) {
    return COMMANDS.serve.run(process.env.SERVER_MODE ? [] : ["--server-mode", "stdio"]);
  }
  if (name === undefined || name === "-h" || name === "--help" || name === "help") {
    process.stdout.write(usage() + "\n");
    return 0;
  }
  if (name === "-v" || name === "--version") {
    process.stdout.write(VERSION + "\n");
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`tgmcp: unknown command ${JSON.stringify(name)}\n\n${usage()}\n`);
    return 2;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    // Explicit exit: gramjs may leave timers behind once everything is closed.
    process.exit(code);
  },
  (err) => {
    process.stderr.write(`tgmcp: ${err?.message ?? String(err)}\n`);
    process.exit(1);
  },
);
