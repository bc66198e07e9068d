// The server as a real process (start-up, signals, exit codes) and graceful shutdown and
// restart in-process (where a test route can hold a request open).
import t from "tap";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Api } from "telegram";
import { startSandbox } from "../helpers/sandbox.js";
import { sandboxInfo } from "../../commands/sandbox.js";
import { childEnv, tsLoaderArgs } from "../helpers/child-env.js";
import { buildApp, type RouteEntry } from "../../app.js";
import { startServer } from "../../server.js";
import { makeConfig } from "../../services/config/load.js";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import { parsePrometheus } from "../helpers/prometheus.js";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

interface Proc {
  child: ChildProcess;
  lines: Array<Record<string, any>>;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitFor(pred: (line: Record<string, any>) => boolean): Promise<Record<string, any>>;
}

/** Runs `tgmcp <args>` from source; killed at teardown if still running. */
function runCli(t: { teardown(fn: () => unknown): void }, args: string[], env: Record<string, string> = {}, stdin = false): Proc {
  const dir = mkdtempSync(join(tmpdir(), "tgmcp-proc-"));
  const envFile = join(dir, "empty.env");
  writeFileSync(envFile, "");
  const child = spawn(process.execPath, [...tsLoaderArgs(), join(ROOT, "cli.ts"), ...args, ...(args[0] === "serve" ? ["--env-file", envFile] : [])], {
    cwd: ROOT,
    env: childEnv({ HOME: dir, SESSION_DIR: join(dir, "sessions"), ...env }),
    stdio: [stdin ? "pipe" : "ignore", "pipe", "pipe"],
  });
  const lines: Array<Record<string, any>> = [];
  const waiters: Array<{ pred: (l: Record<string, any>) => boolean; resolve: (l: Record<string, any>) => void }> = [];
  let buf = "";
  let err = "";
  child.stdout!.on("data", (d) => {
    buf += d;
    let i: number;
    while ((i = buf.indexOf("\n")) >= 0) {
      const raw = buf.slice(0, i);
      buf = buf.slice(i + 1);
      let line: Record<string, any>;
      try {
        line = JSON.parse(raw);
      } catch {
        line = { text: raw };
      }
      lines.push(line);
      for (const w of [...waiters]) if (w.pred(line)) w.resolve(line);
    }
  });
  child.stderr!.on("data", (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once("exit", (code, signal) => r({ code, signal })));
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    child,
    lines,
    stderr: () => err,
    exited,
    waitFor: (pred) =>
      new Promise((resolve, reject) => {
        const found = lines.find(pred);
        if (found) return resolve(found);
        waiters.push({ pred, resolve });
        void exited.then(({ code }) => reject(new Error(`process exited (${code}) before the expected log line; stderr: ${err}`)));
      }),
  };
}

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  t.test(`tgmcp serve: starts on the sandbox, serves /health and /metrics, exits 0 on ${signal}`, async (t) => {
    const p = runCli(t, ["serve", "--port", "0", "--log-level", "info"]);
    const listening = await p.waitFor((l) => typeof l.msg === "string" && l.msg.includes("listening on"));
    const port = listening.port as number;
    t.ok(port > 0, "listening on a free port");
    t.ok(
      p.lines.some((l) => l.level === 40 && /SANDBOX BACKEND/.test(l.msg)),
      "the sandbox backend is announced loudly (warn level)",
    );

    const health = await fetch(`http://127.0.0.1:${port}/health`);
    t.equal(health.status, 200);
    const body = (await health.json()) as any;
    t.equal(body.backend, "sandbox");
    t.equal(body.mode, "http-no-auth");
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    t.equal(metrics.status, 200);
    const parsed = parsePrometheus(await metrics.text());
    t.ok(parsed.samples.some((s) => s.name === "tgmcp_http_request_duration_seconds_count" && s.labels.route === "/health"));

    p.child.kill(signal);
    const { code } = await p.exited;
    t.equal(code, 0, "exit code 0");
    t.ok(p.lines.some((l) => l.msg === "shut down cleanly"));
    const refused = await fetch(`http://127.0.0.1:${port}/health`).then(
      () => "answered",
      () => "refused",
    );
    t.equal(refused, "refused", "nothing listens any more");
  });
}

t.test("tgmcp serve with invalid configuration: one message, exit code 2, nothing started", async (t) => {
  const p = runCli(t, ["serve", "--port", "70000", "--server-mode", "both", "--nope", "1"], { API_ID: "12", LOG_LEVEL: "chatty" });
  const { code } = await p.exited;
  t.equal(code, 2);
  t.equal(
    p.stderr(),
    [
      "tgmcp: invalid configuration (5 problems):",
      "  - --nope: unknown option (see tgmcp serve --help)",
      '  - SERVER_MODE="both" (flag --server-mode): expected one of stdio, http-no-auth, http-auth',
      '  - PORT="70000" (flag --port): expected an integer from 0 to 65535',
      '  - LOG_LEVEL="chatty" (env LOG_LEVEL): expected one of fatal, error, warn, info, debug, trace, silent',
      "  - API_HASH is required when API_ID is set (both come from https://my.telegram.org)",
      "Nothing was started. Fix the settings above (environment, .env file or flags); `tgmcp serve --help` lists them all.",
      "",
    ].join("\n"),
  );
  t.equal(p.lines.length, 0, "no log output: nothing started");
});

t.test("tgmcp --help, serve --help and unknown commands", async (t) => {
  const help = runCli(t, ["--help"]);
  t.equal((await help.exited).code, 0);
  t.match(help.lines.map((l) => l.text).join("\n"), /Usage: tgmcp <command>[\s\S]*serve[\s\S]*sandbox/);
  const serveHelp = runCli(t, ["serve", "--help"]);
  t.equal((await serveHelp.exited).code, 0);
  const text = serveHelp.lines.map((l) => l.text).join("\n");
  t.match(text, /--max-active-sessions\s+MAX_ACTIVE_SESSIONS/);
  t.match(text, /--allow-dangerous-methods/);
  const unknown = runCli(t, ["frobnicate"]);
  t.equal((await unknown.exited).code, 2);
  t.match(unknown.stderr(), /unknown command "frobnicate"/);
});

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

const slowRoute: RouteEntry = {
  name: "slow",
  scope: "account",
  plugin: async (f) => {
    f.get("/slow", async (request) => {
      const client = await request.telegram();
      await new Promise((r) => setTimeout(r, 300));
      const [me] = (await client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }))) as Api.User[];
      return { user_id: Number(me!.id) };
    });
  },
};

t.test("graceful shutdown: in-flight requests finish, new ones are refused, clients disconnect", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const config = makeConfig({ PORT: 0, LOG_LEVEL: "silent" });
  const app = await buildApp(config, { sandbox: sb, logger: false, routes: [slowRoute] });
  const server = await startServer(app, config, { signals: false });
  t.teardown(() => server.shutdown());

  const inflight = fetch(`${server.url}/slow`).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
  // Wait until the request holds its client (the pool has the account connected).
  while (app.sessionPool.stats().active === 0) await new Promise((r) => setTimeout(r, 10));
  const client = await app.sessionPool.get("demo");
  const closing = server.shutdown("test");
  const late = await fetch(`${server.url}/health`).then(
    (r) => r.status,
    () => "refused",
  );
  t.not(late, 200, "no new requests are served while shutting down");
  const done = await inflight;
  t.equal(done.status, 200, "the in-flight request finished");
  t.equal(done.body.user_id, sb.world.demoAccountId);
  t.equal(await closing, 0);
  t.equal(await server.closed, 0);
  t.notOk(client.connected, "the Telegram client was disconnected");
});

t.test("a restart keeps every account working: two `tgmcp serve` processes on one session folder (http-auth)", async (t) => {
  const sb = await startSandbox(t);
  const dir = mkdtempSync(join(tmpdir(), "tgmcp-restart-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const info = join(dir, "sandbox.json");
  writeFileSync(info, JSON.stringify(await sandboxInfo(sb)));
  const u2 = sb.world.createUser({ phone: "9997700201", firstName: "Second" });
  const setupStore = new FileAccountStore({ dir: join(dir, "sessions") });
  const accounts = [
    { ...(await setupStore.createAccount({ session: await sb.createSession(sb.world.demoAccountId) })), userId: sb.world.demoAccountId },
    { ...(await setupStore.createAccount({ session: await sb.createSession(u2.id) })), userId: u2.id },
  ];
  const env = { SERVER_MODE: "http-auth", SANDBOX_INFO_FILE: info, SESSION_DIR: join(dir, "sessions"), LOG_LEVEL: "info" };

  for (const round of [1, 2]) {
    const p = runCli(t, ["serve", "--port", "0"], env);
    const { port } = await p.waitFor((l) => typeof l.msg === "string" && l.msg.includes("listening on"));
    for (const a of accounts) {
      const r = await fetch(`http://127.0.0.1:${port}/mcp`, {
        method: "POST",
        headers: { authorization: `Bearer ${a.token}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "get_chat_info", arguments: { chat_id: "me" } } }),
      });
      t.equal(r.status, 200, `round ${round}: the account's token is accepted`);
      const body = (await r.json()) as any;
      t.match(body.result?.structuredContent, { id: a.userId, is_self: true }, `round ${round}: the account's Telegram session works`);
    }
    p.child.kill("SIGTERM");
    t.equal((await p.exited).code, 0, `round ${round}: clean shutdown`);
  }
});
