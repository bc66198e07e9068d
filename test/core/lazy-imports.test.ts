// Start-up cost (issue #19): what a stdio server loads before it answers tools/list. Checked
// with a module-resolution hook that records every import (test/helpers/record-imports.mjs),
// through to a tools/list answer over stdio, on real Telegram settings:
//   - the built CLI (dist/, file by file, as tests build it): no sandbox, no OAuth server, no
//     image or PDF libraries;
//   - the release bundle (scripts/build.ts, what the package ships): the same, and the packages
//     it bundles (typebox's ~2,400 ESM files, zod, the MCP SDK, Fastify) are not resolved from
//     node_modules one file at a time.
// Neither loads gramjs (telegram), undici, the HTTP app (app.ts, routes/, the wizard's views, OAuth,
// rate limits, prom-client): a stdio start builds stdio-app.ts, and the tools' Telegram code is
// imported by their first call (ARCHITECTURE.md, Start-up). A tool call on the bundle still
// works afterwards (the e2e stdio tests call every tool on dist/).
// The hook records ESM resolutions; CommonJS files (a package's own require() calls) are read
// from the CommonJS cache at exit.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import t, { type Test } from "tap";
import { bundle } from "../../scripts/build.js";
import { childEnv, cliArgs } from "../helpers/child-env.js";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const RECORDER = join(ROOT, "test/helpers/record-imports.mjs");
/** Loaded only when a mode or a call needs them. */
const LAZY_PACKAGES = ["oidc-provider", "sharp", "unpdf", "pino-pretty", "telegram", "undici", "prom-client", "@fastify/rate-limit", "@fastify/view", "eta"];
/** HTTP-only project modules: a stdio start does not import them. */
const HTTP_ONLY = /^(app\.ts|server\.ts|routes\/.*|plugins\/(metrics|oauth|rate-limit|view|setup-security|auth|host-validation|media-links|error-handler)\.ts|services\/oauth\/.*)$/;
const REAL_TELEGRAM = { API_ID: "12345", API_HASH: "0123456789abcdef0123456789abcdef" };

/**
 * Runs `node <args> serve` in stdio mode (real Telegram settings unless `env` says otherwise) to a
 * tools/list answer, then makes the optional tool call; returns the recorded URLs and the output.
 */
async function importsOfStdioStart(t: Test, args: string[], opts: { env?: Record<string, string>; call?: object } = {}): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "tgmcp-imports-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const record = join(dir, "imports.txt");
  const child = spawn("/usr/bin/env", ["-u", "NODE_OPTIONS", process.execPath, "--import", RECORDER, ...args, "serve"], {
    env: childEnv({ HOME: dir, SESSION_DIR: join(dir, "s"), SERVER_MODE: "stdio", ...(opts.env ?? REAL_TELEGRAM), RECORD_IMPORTS_FILE: record }),
    stdio: ["pipe", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
  t.teardown(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await exited;
  });
  let out = "";
  const answered = (id: number) =>
    new Promise<void>((res, rej) => {
      const check = () => out.includes(`"id":${id}`) && res();
      child.stdout!.on("data", check);
      check();
      void exited.then((c) => rej(new Error(`exited ${c}: ${out}`)));
    });
  child.stdout!.on("data", (d) => (out += d));
  const send = (m: object) => child.stdin!.write(JSON.stringify(m) + "\n");
  send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "imports", version: "1" } } });
  send({ jsonrpc: "2.0", method: "notifications/initialized" });
  send({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} });
  await answered(2);
  t.match(out, /"name":"search_messages_globally"/, "tools/list answered");
  if (opts.call) {
    send({ jsonrpc: "2.0", id: 3, method: "tools/call", params: opts.call });
    await answered(3);
    const reply = JSON.parse(out.split("\n").find((l) => l.includes('"id":3'))!);
    t.notOk(reply.result?.isError, `the tool call answered: ${out.slice(-300)}`);
    t.ok(reply.result?.structuredContent, "with its structured result");
  }
  child.stdin!.end();
  t.equal(await exited, 0);
  return readFileSync(record, "utf8").split("\n").filter(Boolean);
}

const fromPackage = (urls: string[], name: string) => urls.filter((u) => u.includes(`/node_modules/${name}/`));

t.test("stdio on real Telegram settings answers tools/list without loading the sandbox", async (t) => {
  const args = cliArgs().filter((a) => !a.startsWith("--import="));
  const urls = await importsOfStdioStart(t, args);
  t.ok(urls.some((u) => u.includes("/dist/stdio-app.js")), "the hook saw the stdio app load (the checks below are live)");
  t.ok(urls.some((u) => u.includes("/node_modules/fastify/")), "the hook saw CommonJS packages load (the checks below are live)");
  t.same(urls.filter((u) => u.includes("/dist/sandbox/")), [], "no sandbox module was loaded");
  const project = urls.filter((u) => u.includes("/dist/")).map((u) => u.slice(u.lastIndexOf("/dist/") + 6).replace(/\.js$/, ".ts"));
  t.same(project.filter((f) => HTTP_ONLY.test(f)), [], "no HTTP-only module was loaded");
  t.same(project.filter((f) => /^services\/(telegram|mtproto)\/(search|messaging|shapes|chats|dialogs|actions|drafts|media|account-session|client-factory|gramjs-adapter|invoke|to-tl|to-json)\.ts$/.test(f)), [], "no module of the tools' Telegram code was loaded");
  for (const name of LAZY_PACKAGES) t.same(fromPackage(urls, name), [], `${name} was not loaded`);
});

t.test("the release bundle: same laziness, and the bundled packages are not resolved file by file", async (t) => {
  const pkg = mkdtempSync(join(tmpdir(), "tgmcp-bundle-"));
  t.teardown(() => rmSync(pkg, { recursive: true, force: true }));
  const { outputs, metafile } = await bundle(join(pkg, "dist"));
  cpSync(join(ROOT, "package.json"), join(pkg, "package.json"));
  cpSync(join(ROOT, "views"), join(pkg, "views"), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(pkg, "node_modules"));

  const urls = await importsOfStdioStart(t, [join(pkg, "dist", "cli.js")]);
  const loaded = Object.keys(outputs).filter((f) => urls.some((u) => u.endsWith(`/dist/${f}`)));
  t.ok(loaded.includes("cli.js"), "the hook saw the bundle's entry load");
  const sandboxFiles = loaded.filter((f) => outputs[f]!.some((input) => input.startsWith("sandbox/")));
  t.same(sandboxFiles, [], "no loaded file of the bundle holds sandbox code");
  t.ok(Object.values(outputs).some((inputs) => inputs.some((i) => i.startsWith("sandbox/"))), "the sandbox is in the bundle (as a chunk of its own)");
  for (const name of LAZY_PACKAGES) t.same(fromPackage(urls, name), [], `${name} was not loaded`);
  for (const name of ["typebox", "zod", "@modelcontextprotocol/server", "fastify"]) t.same(fromPackage(urls, name), [], `${name} comes from the bundle`);
  // What the loaded files are made of (esbuild's metafile: every input of every output).
  const inputs = loaded.flatMap((f) => Object.keys(Object.entries(metafile.outputs).find(([o]) => o.endsWith(`/dist/${f}`) || o === `dist/${f}`)?.[1].inputs ?? {}));
  t.ok(inputs.some((i) => i.includes("node_modules/fastify/")), "the metafile lists the loaded files' inputs (the checks below are live)");
  t.same(inputs.filter((i) => HTTP_ONLY.test(i)), [], "no loaded file of the bundle holds HTTP-only code");
  for (const name of ["undici", "prom-client", "@fastify/rate-limit", "@fastify/view", "eta"]) t.same(inputs.filter((i) => i.includes(`node_modules/${name}/`)), [], `no loaded file of the bundle holds ${name}`);
});

t.test("the release bundle over stdio: the first tool call loads the tools' code and answers", async (t) => {
  const pkg = mkdtempSync(join(tmpdir(), "tgmcp-bundle-"));
  t.teardown(() => rmSync(pkg, { recursive: true, force: true }));
  await bundle(join(pkg, "dist"));
  cpSync(join(ROOT, "package.json"), join(pkg, "package.json"));
  cpSync(join(ROOT, "views"), join(pkg, "views"), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(pkg, "node_modules"));
  // The embedded sandbox (no API_ID): a real gramjs session answers the call.
  const urls = await importsOfStdioStart(t, [join(pkg, "dist", "cli.js")], { env: {}, call: { name: "get_chat_info", arguments: { chat_id: "me" } } });
  t.ok(fromPackage(urls, "telegram").length > 0, "gramjs was loaded (from node_modules: it is left out of the bundle)");
});
