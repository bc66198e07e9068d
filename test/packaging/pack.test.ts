// The npm package as a user gets it: build, `npm pack`, install the tarball into an empty
// folder (only the package's own dependencies, from the registry or npm's cache), then run
// the installed `tgmcp` with plain node: --help, setup --help, and serve on the embedded
// sandbox with one MCP tool call over HTTP, then SIGTERM.
import t from "tap";
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "./_docker-files.js";
import { callToolOverHttp, mcpRequest, startServe } from "./_serve.js";
import { userShellEnv } from "../helpers/child-env.js";

// Building and installing take minutes on a busy machine (tap's default is 180 s per file).
t.setTimeout(900_000);

const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));


const work = mkdtempSync(join(tmpdir(), "tgmcp-pack-"));
t.teardown(() => rmSync(work, { recursive: true, force: true }));
const stage = join(work, "package"); // a copy of the package folder with a fresh build
const app = join(work, "app"); // the empty folder a user installs into
const home = join(work, "home"); // HOME of the installed tgmcp (SESSION_DIR defaults under it)
mkdirSync(app);
mkdirSync(home);

let tarball = "";
let packed: string[] = [];

t.before(async () => {
  // Build into the staging folder (not the repository's dist/, which other work may be using).
  // What `npm run build` runs (type-check, then the esbuild bundle: scripts/build.ts), into the stage.
  await run(process.execPath, ["--import", "tsx", join(ROOT, "scripts/build.ts"), "--out-dir", join(stage, "dist")], { cwd: ROOT, env: userShellEnv(), maxBuffer: 16 << 20 }).catch((err) => {
    throw new Error(`npm run build failed:\n${err.stdout}${err.stderr}`);
  });
  for (const f of ["package.json", "package-lock.json", "README.md", ".env.example", "views"]) {
    if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(stage, f), { recursive: true });
  }
  // --ignore-scripts: the build above already ran (a prepack script would rebuild from sources that are not staged).
  const { stdout } = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], { cwd: stage, env: userShellEnv(), maxBuffer: 16 << 20 });
  const info = JSON.parse(stdout)[0];
  tarball = join(work, info.filename);
  packed = info.files.map((f: { path: string }) => f.path);
});

t.test("npm pack: only the built files and what they need", async (t) => {
  t.ok(existsSync(tarball), "tarball written");
  t.ok(packed.includes(pkg.bin.tgmcp), `${pkg.bin.tgmcp} (the bin) is packed`);
  t.ok(packed.includes(pkg.main), `${pkg.main} (main) is packed`);
  for (const f of ["package.json", "README.md", ".env.example"]) t.ok(packed.includes(f), `${f} is packed`);
  t.ok(packed.some((f) => f.startsWith("views/") && f.endsWith(".eta")), "the wizard's templates are packed");
  const unexpected = packed.filter((f) => !(f.startsWith("dist/") || f.startsWith("views/") || ["package.json", "README.md", ".env.example", "LICENSE"].includes(f)));
  t.same(unexpected, [], "nothing else");
  t.same(packed.filter((f) => /\.ts$/.test(f) && !f.endsWith(".d.ts")), [], "no TypeScript sources");
  t.same(packed.filter((f) => /^dist\/(test|bench|scripts)\//.test(f)), [], "no tests, benchmarks or scripts");
  t.notOk(packed.includes("dist/.build-info.json"), "the build's input hashes (for prepack) stay home");
  t.ok(packed.some((f) => f.startsWith("dist/chunks/")), "the bundle's lazily loaded chunks are packed");
  // The bundle leaves gramjs, native and optional packages to node_modules, and brings no dev dependency.
  const bundleText = packed.filter((f) => f.startsWith("dist/") && f.endsWith(".js")).map((f) => readFileSync(join(stage, f), "utf8")).join("\n");
  t.match(bundleText, /from "telegram"/, "gramjs is imported from node_modules");
  t.notMatch(bundleText, /node_modules\/(tap|tsx|esbuild|typescript|@modelcontextprotocol\/sdk)\//, "no dev dependency is bundled");
  // The runtime never needs tsx: nothing in dist/ imports it.
  const distFiles = packed.filter((f) => f.startsWith("dist/") && f.endsWith(".js"));
  const tsxImports = distFiles.filter((f) => /from ["']tsx|import\(["']tsx|["']tsx\/(esm|cjs)/.test(readFileSync(join(stage, f), "utf8")));
  t.same(tsxImports, [], "dist/ does not load tsx");
});

t.test("the installed package runs tgmcp --help, setup --help and serve (sandbox) with plain node", async (t) => {
  // Only the package's own dependencies: an empty folder, no workspace, no dev dependencies, and
  // no install scripts (what `npm install -g --ignore-scripts` gives; everything must run without them).
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--no-package-lock", "--ignore-scripts", tarball], { cwd: app, env: userShellEnv(), maxBuffer: 16 << 20, timeout: 600_000 }).catch((err) => {
    throw new Error(`npm install of the tarball failed:\n${err.stdout}${err.stderr}`);
  });
  const bin = join(app, "node_modules", ".bin", "tgmcp");
  t.ok(existsSync(bin), "node_modules/.bin/tgmcp");
  t.ok(statSync(join(app, "node_modules", "tgmcp", pkg.bin.tgmcp)).mode & 0o111, "the bin is executable");
  const installed = readdirSync(join(app, "node_modules"));
  for (const dev of Object.keys(pkg.devDependencies ?? {}).filter((d) => !d.startsWith("@"))) {
    t.notOk(installed.includes(dev), `dev dependency ${dev} is not installed`);
  }
  // tsx (and its esbuild, which has an install script) are for development only.
  t.notOk(installed.includes("esbuild"), "esbuild is not installed");

  const env = userShellEnv({ HOME: home });
  const help = await run(bin, ["--help"], { cwd: app, env });
  t.match(help.stdout, /^tgmcp \d+\.\d+\.\d+: Telegram over the Model Context Protocol/);
  for (const cmd of ["serve", "setup", "tokens", "sandbox"]) t.match(help.stdout, new RegExp(`\\n  ${cmd}\\s`), `lists ${cmd}`);

  const setupHelp = await run(bin, ["setup", "--help"], { cwd: app, env });
  t.match(setupHelp.stdout, /^Usage: tgmcp setup/);
  t.match(setupHelp.stdout, /--phone-number/);

  // serve: nothing configured -> the embedded sandbox; PORT=0 so parallel tests never collide.
  const server = await startServe(t, bin, ["serve"], { cwd: app, env: { ...env, PORT: "0", LOG_LEVEL: "info" }, timeoutMs: 120_000 });
  const health = await fetch(`${server.url}/health`);
  t.equal(health.status, 200, "/health answers");
  const h: any = await health.json();
  t.equal(h.status, "healthy");
  t.equal(h.backend, "sandbox", "the embedded sandbox, announced in /health");
  t.equal(h.version, pkg.version, "the version comes from the installed package.json");

  const list = await mcpRequest(server.url, "tools/list", {});
  t.equal(list.status, 200, "/mcp answers tools/list");
  const names: string[] = (list.body?.result?.tools ?? []).map((x: { name: string }) => x.name);
  t.ok(names.includes("get_chat_info"), `tools: ${names.join(", ")}`);

  const result = await callToolOverHttp(server.url, "get_chat_info", { chat_id: "me" });
  t.notOk(result.isError, "the tool call succeeds");
  t.equal(result.structuredContent?.type, "private", "the demo account's own profile");
  t.equal(result.structuredContent?.is_self, true);
  t.equal(JSON.parse(result.content[0].text).id, result.structuredContent.id, "text copy of the structured result");

  // gramjs's 64-bit values cross into tgmcp's code: one copy of big-integer (the bundle leaves it
  // to node_modules), or tlToJson no longer recognises them and prints {"value": ...}.
  const raw = await callToolOverHttp(server.url, "invoke_mtproto", { method_full_name: "users.GetFullUser", params_json: '{"id": {"_": "inputUserSelf"}}' });
  t.notOk(raw.isError, "invoke_mtproto succeeds");
  t.equal(typeof raw.structuredContent?.full_user?.id, "number", "a 64-bit id comes out as a number");

  const exit = await server.stop();
  t.same(exit, { code: 0, signal: null }, "SIGTERM shuts down cleanly with exit code 0");
  t.match(server.output(), /shut down cleanly/);
});
