// `tgmcp serve [--flags]`: loads the configuration (env, .env, flags), builds the app and
// serves it over HTTP, or over stdio in SERVER_MODE=stdio. Invalid configuration prints
// one message naming every bad setting and returns exit code 2 without starting anything.
//
// Each mode imports its own composition root when it starts: app.ts (HTTP: routes, wizard,
// OAuth, metrics) or stdio-app.ts (only what MCP over stdio needs), so a stdio start never
// loads the HTTP parts (start-up time, issue #19).
import pino from "pino";
import { loggerOptions } from "../services/config/logging.js";
import { prettyLogs, startBanner } from "./banner.js";
import { configKeys } from "../services/config/schema.js";
import { formatConfigErrors, loadConfig } from "../services/config/load.js";
import { BackendConfigError } from "../services/accounts/backend.js";
import type { Config } from "../services/config/schema.js";
import type { FastifyInstance } from "fastify";

export interface ServeIo {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd?: string;
  /** Whether stdout is a terminal (LOG_FORMAT=auto prints a banner and pretty logs there). */
  isTTY?: boolean;
}

const defaultIo: ServeIo = {
  env: process.env,
  isTTY: process.stdout.isTTY === true,
  stdout: (t) => process.stdout.write(t + "\n"),
  stderr: (t) => process.stderr.write(t + "\n"),
};

export function serveHelp(): string {
  const lines = configKeys().map((k) => {
    const def = k.default === undefined ? "" : ` (default ${Array.isArray(k.default) ? k.default.join(",") || "none" : String(k.default)})`;
    return `  ${k.flag.padEnd(26)} ${k.key}: ${k.type}${def}\n  ${"".padEnd(26)} ${k.description}`;
  });
  return [
    "Usage: tgmcp serve [--flag value]...",
    "",
    "Serves Telegram over MCP. Every setting comes from (last wins): defaults, a .env file,",
    "environment variables, flags. With no API_ID/API_HASH the embedded sandbox (a local fake",
    "Telegram with a demo world) is used, so it works with nothing configured.",
    "",
    "Modes (SERVER_MODE): http-no-auth (default; local HTTP, default account), http-auth",
    "(one bearer token per account), stdio (for MCP clients that start the server).",
    "",
    "  --env-file PATH            read this .env file (default: .env in the current folder)",
    "  -h, --help                 this help",
    "",
    "Settings (flag, environment variable):",
    ...lines,
  ].join("\n");
}

export interface ParsedServeArgs {
  flags: Record<string, string | boolean>;
  envFile?: string;
  help: boolean;
  errors: string[];
}

/** `--name value`, `--name=value`, bare `--name` (true). Unknown names are left to the config loader. */
export function parseServeArgs(argv: string[]): ParsedServeArgs {
  const booleans = new Set(configKeys().filter((k) => k.type === "true or false").map((k) => k.flag.slice(2)));
  const out: ParsedServeArgs = { flags: {}, help: false, errors: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h" || arg === "--help") {
      out.help = true;
      continue;
    }
    if (!arg.startsWith("--") || arg === "--") {
      out.errors.push(`unexpected argument ${JSON.stringify(arg)} (settings are given as --name value)`);
      continue;
    }
    let name = arg.slice(2);
    let value: string | boolean;
    const eq = name.indexOf("=");
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    } else {
      const next = argv[i + 1];
      const nextIsValue = next !== undefined && !next.startsWith("--");
      if (booleans.has(name)) {
        // A boolean takes an explicit true/false only; otherwise the bare flag means true.
        if (nextIsValue && /^(true|false|1|0|yes|no|on|off)$/i.test(next)) {
          value = next;
          i++;
        } else value = true;
      } else if (nextIsValue) {
        value = next;
        i++;
      } else value = true;
    }
    if (name === "env-file") {
      if (typeof value !== "string" || value === "") out.errors.push("--env-file needs a path");
      else out.envFile = value;
      continue;
    }
    if (value === true && !booleans.has(name) && name !== "help") {
      out.errors.push(`--${name}: missing value`);
      continue;
    }
    out.flags[name] = value;
  }
  return out;
}

/** pino at LOG_LEVEL with secrets redacted, writing to a file descriptor. */
function makeLogger(config: Config, fd: 1 | 2, sync: boolean) {
  return pino(loggerOptions(config), pino.destination({ dest: fd, sync }));
}

/** The same logger with lines made for people (pino-pretty, loaded only when used). */
async function makePrettyLogger(config: Config) {
  const { default: pretty } = await import("pino-pretty");
  // Redaction happens in pino before the line reaches the prettifier, so secrets stay out here too.
  return pino(loggerOptions(config), pretty({ destination: 1, sync: true, colorize: true, ignore: "pid,hostname", translateTime: "SYS:HH:MM:ss" }));
}

function backendLabel(app: FastifyInstance): string {
  const b = app.telegramBackend;
  if (b.kind === "telegram") return "real Telegram";
  return app.sandboxEmbedded ? "embedded sandbox (a fake Telegram with a demo world; nothing reaches real Telegram)" : `sandbox at ${b.host}:${b.port}`;
}

async function runStdioMode(config: Config): Promise<number> {
  // stdout carries the MCP protocol: every log line goes to stderr.
  const logger = makeLogger(config, 2, true);
  const [{ runStdio }, { buildStdioApp }] = await Promise.all([import("../services/mcp/stdio.js"), import("../stdio-app.js")]);
  const app = await buildStdioApp(config, { loggerInstance: logger });
  try {
    await app.ready();
    await runStdio(app);
    return 0;
  } finally {
    await app.close();
  }
}

export async function runServe(argv: string[], io: ServeIo = defaultIo): Promise<number> {
  const args = parseServeArgs(argv);
  if (args.help) {
    io.stdout(serveHelp());
    return 0;
  }
  const loaded = loadConfig({ env: io.env, flags: args.flags, envFile: args.envFile, cwd: io.cwd });
  const errors = [...args.errors, ...(loaded.ok ? [] : loaded.errors)];
  if (errors.length > 0 || !loaded.ok) {
    io.stderr(formatConfigErrors(errors));
    return 2;
  }
  const config = loaded.config;
  if (config.SERVER_MODE === "stdio") {
    try {
      return await runStdioMode(config);
    } catch (err) {
      if (!(err instanceof BackendConfigError)) throw err;
      io.stderr(formatConfigErrors([err.message]));
      return 2;
    }
  }

  let app: FastifyInstance | undefined;
  try {
    // Asynchronous log writes: under load, the lines written while one write is in flight go
    // out together in one system call. pino flushes what is left when the process exits.
    const pretty = prettyLogs(config.LOG_FORMAT, io.isTTY === true);
    const [{ buildApp }, { startServer }] = await Promise.all([import("../app.js"), import("../server.js")]);
    app = await buildApp(config, { loggerInstance: pretty ? await makePrettyLogger(config) : makeLogger(config, 1, false) });
    const server = await startServer(app, config);
    if (pretty) io.stdout(startBanner({ version: app.tgmcpVersion, url: server.url, mode: config.SERVER_MODE, backend: backendLabel(app) }));
    return await server.closed;
  } catch (err) {
    await app?.close().catch(() => {});
    // The settings select no usable Telegram backend: a configuration error like the ones above.
    if (err instanceof BackendConfigError) {
      io.stderr(formatConfigErrors([err.message]));
      return 2;
    }
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    const msg =
      code === "EADDRINUSE"
        ? `port ${config.PORT} on ${config.HOST} is already in use: stop the other server or set PORT`
        : code === "EACCES"
          ? `not allowed to listen on ${config.HOST}:${config.PORT}: choose a port above 1023 or another HOST`
          : String((err as Error | undefined)?.message ?? err);
    io.stderr(`tgmcp: cannot start: ${msg}`);
    return 1;
  }
}
