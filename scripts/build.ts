// `npm run build`: type-checks (tsc, as before) and bundles the CLI and app.ts into dist/ with
// esbuild, so that the installed package starts fast (issue #19: stdio answers tools/list in
// <= 600 ms). What the bundle saves is module loading: typebox's ESM build alone is ~2,400
// files, zod's ~230, and each costs a resolve, a read and a compile at every start.
//
//   node --import tsx scripts/build.ts                     build into dist/ (npm run build)
//   node --import tsx scripts/build.ts --if-stale          build only when the inputs changed (npm's prepack)
//   node --import tsx scripts/build.ts --out-dir DIR       build elsewhere (the packaging test)
//
// Left out of the bundle (imported from node_modules at run time, as before):
//   telegram       gramjs: CommonJS; bundling it saved ~0.1-0.4 s of CPU in noisy runs (its cost is
//                  mostly building the TL classes at load, not finding files), and out of the
//                  bundle it stays byte for byte what gramjs ships (bench/README.md, Start-up)
//   big-integer    shared with gramjs: its values cross between gramjs and tgmcp, and its
//                  isInstance() is an instanceof check, so there must be one copy (a bundled copy
//                  made invoke_mtproto print 64-bit ids as {"value": ...})
//   sharp          native addon
//   unpdf, oidc-provider  large, and imported only when a PDF is read / OAuth is on
//   pino, pino-pretty     pino finds its transport workers next to its own files (__dirname)
// Every other dependency is bundled. dist/ is still installed with its dependencies, so
// anything left out resolves exactly as it did.
//
// Commands and optional parts stay behind dynamic import() (cli.ts, plugins/backend.ts, ...):
// with code splitting each becomes its own chunk under dist/chunks/, loaded only when used, so
// the sandbox, the wizard's commands and the OAuth server cost nothing at a stdio start.
//
// prepack runs this with --if-stale: `npm run build && npm pack` builds once. The inputs' hashes
// are kept in dist/.build-info.json (not packed: package.json "files" excludes it), and a dist/
// rewritten since (tests transpile dist/ file by file: test/helpers/build-dist.ts) is stale.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

export const EXTERNAL = ["telegram", "big-integer", "sharp", "unpdf", "oidc-provider", "pino", "pino-pretty"];
/** The first line of every bundled entry after the shebang: how --if-stale knows dist/ is this build's. */
export const MARKER = "// tgmcp release build (scripts/build.ts)";
const INFO = ".build-info.json";
/** Files that shape the output besides the bundled sources. */
const CONFIG_FILES = ["package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json", "scripts/build.ts"];

function hashFile(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 16);
}

function inputHashes(inputs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of [...new Set([...inputs, ...CONFIG_FILES])].sort()) {
    const abs = resolve(ROOT, f);
    out[relative(ROOT, abs)] = existsSync(abs) ? hashFile(abs) : "missing";
  }
  return out;
}

/** Why dist/ needs a build, or undefined when it is this build's output of unchanged inputs. */
export function staleReason(outDir: string): string | undefined {
  const infoPath = join(outDir, INFO);
  if (!existsSync(infoPath)) return `no ${INFO}`;
  const info = JSON.parse(readFileSync(infoPath, "utf8")) as { inputs: Record<string, string>; entries: string[] };
  for (const entry of info.entries) {
    const file = join(outDir, entry);
    if (!existsSync(file) || !readFileSync(file, "utf8").includes(MARKER)) return `${entry} is not a release build (rewritten since)`;
  }
  const now = inputHashes(Object.keys(info.inputs));
  const changed = Object.keys(now).find((f) => now[f] !== info.inputs[f]);
  return changed ? `${changed} changed` : undefined;
}

function typecheck(): void {
  const r = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--noEmit"], { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) throw new Error("tsc found errors: no build");
}

export interface BundleInfo {
  /** Each output file (relative to outDir) with the project files bundled into it (relative to the root). */
  outputs: Record<string, string[]>;
  /** esbuild's metafile: what each output is made of (bytes per input), for size reports. */
  metafile: esbuild.Metafile;
}

/**
 * The esbuild step alone (the bench's start-up phase, test/core/lazy-imports.test.ts and npm start's
 * cache, scripts/start-build.ts, use it). `sourcemap`: linked maps without the sources' text, so
 * that stack traces name the .ts files (npm start runs with source maps on).
 */
export async function bundle(outDir: string, opts: { sourcemap?: boolean } = {}): Promise<BundleInfo> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { cli: "cli.ts", app: "app.ts" },
    outdir: outDir,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    tsconfig: "tsconfig.build.json",
    external: EXTERNAL,
    // Bundled CommonJS packages require() node's built-ins: ESM has no `require`, so give them one.
    banner: { js: `${MARKER}\nimport { createRequire as __tgmcpCreateRequire } from "node:module";\nconst require = __tgmcpCreateRequire(import.meta.url);` },
    // Function and class names as written (bundling renames clashing ones; logs and errors show names).
    keepNames: true,
    ...(opts.sourcemap ? { sourcemap: "linked" as const, sourcesContent: false } : {}),
    legalComments: "eof",
    metafile: true,
    logLevel: "warning",
  });
  chmodSync(join(outDir, "cli.js"), 0o755);
  // Bundled packages are pinned by package-lock.json (hashed anyway): only the project's own files one by one.
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith("<") && !f.includes("node_modules/"));
  writeFileSync(join(outDir, INFO), JSON.stringify({ entries: ["cli.js", "app.js"], inputs: inputHashes(inputs) }, null, 1) + "\n");
  const outputs: Record<string, string[]> = {};
  for (const [file, out] of Object.entries(result.metafile.outputs)) {
    outputs[relative(outDir, resolve(ROOT, file))] = Object.keys(out.inputs).filter((f) => !f.includes("node_modules/"));
  }
  return { outputs, metafile: result.metafile };
}

export async function build(outDir: string): Promise<void> {
  typecheck();
  await bundle(outDir);
}

async function main(argv: string[]): Promise<void> {
  const at = argv.indexOf("--out-dir");
  const outDir = at >= 0 && argv[at + 1] ? resolve(argv[at + 1]!) : join(ROOT, "dist");
  if (argv.includes("--if-stale")) {
    const why = staleReason(outDir);
    if (!why) {
      process.stderr.write(`build: ${relative(ROOT, outDir) || outDir} is up to date\n`);
      return;
    }
    process.stderr.write(`build: ${why}: building\n`);
  }
  const t0 = Date.now();
  await build(outDir);
  process.stderr.write(`build: ${relative(ROOT, outDir) || outDir} written in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`build: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
