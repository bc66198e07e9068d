// Start-up cost (issue #19): what a stdio server loads before it answers tools/list. Checked
// with a module-resolution hook that records every import (test/helpers/record-imports.mjs),
// through to a tools/list answer over stdio, on real Telegram settings:
//   - the built CLI (dist/, file by file, as tests build it): no sandbox, no OAuth server, no
//     image or PDF libraries;
//   - the release bundle (scripts/build.ts, what the package ships): the same, and the packages
//     it bundles (typebox's ~2,400 ESM files, zod, the MCP SDK, Fastify) are not resolved from
//     node_modules one file at a time.
// gramjs (telegram) is still loaded at start: the tools' modules import it (see bench/README.md).
// The hook sees ESM resolutions (CommonJS require() calls inside packages are not recorded).
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
const LAZY_PACKAGES = ["oidc-provider", "sharp", "unpdf", "pino-pretty"];

/** Runs `node <args> serve` in stdio mode on real Telegram settings to a tools/list answer; returns the recorded URLs. */
async function importsOfStdioStart(t: Test, args: string[]): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "tgmcp-imports-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const record = join(dir, "imports.txt");
  const child = spawn("/usr/bin/env", ["-u", "NODE_OPTIONS", process.execPath, "--import", RECORDER, ...args, "serve"], {
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
  return readFileSync(record, "utf8").split("\n").filter(Boolean);
}

const fromPackage = (urls: string[], name: string) => urls.filter((u) => u.includes(`/node_modules/${name}/`));

t.test("stdio on real Telegram settings answers tools/list without loading the sandbox", async (t) => {
  const args = cliArgs().filter((a) => !a.startsWith("--import="));
  const urls = await importsOfStdioStart(t, args);
  t.ok(urls.some((u) => u.includes("/dist/app.js")), "the hook saw the app load (the checks below are live)");
  t.same(urls.filter((u) => u.includes("/dist/sandbox/")), [], "no sandbox module was loaded");
  for (const name of LAZY_PACKAGES) t.same(fromPackage(urls, name), [], `${name} was not loaded`);
});

t.test("the release bundle: same laziness, and the bundled packages are not resolved file by file", async (t) => {
  const pkg = mkdtempSync(join(tmpdir(), "tgmcp-bundle-"));
  t.teardown(() => rmSync(pkg, { recursive: true, force: true }));
  const { outputs } = await bundle(join(pkg, "dist"));
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
  t.ok(fromPackage(urls, "telegram").length > 0, "gramjs is still imported from node_modules (left out of the bundle)");
});
