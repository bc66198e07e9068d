// npm start's build step: scripts/start.js runs it (under tsx) only when this checkout has no
// current build in node_modules/.cache/tgmcp/ (the layout is described there).
//   node --import tsx scripts/start-build.ts <cache dir> <pointer file>
// It bundles the sources with scripts/build.ts's bundle() (no type-check, as tsx never did one)
// into a new folder, adds what start.js needs to check that build later, moves the pointer and
// removes the builds nobody points at any more.
// Exit codes: 0 built, 1 the sources do not build (esbuild's messages are above), 3 the cache
// cannot be written (start.js then runs the sources through tsx).
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { bundle } from "./build.js";

const ROOT = realpathSync(fileURLToPath(new URL("..", import.meta.url)));
const CACHE_UNWRITABLE = 3;
/** A build nobody points at is removed once it is this old (a server started from it may still load a lazy chunk). */
const KEEP_UNUSED_MS = 60 * 60 * 1000;

/**
 * stale-check.js: build.ts's staleReason() on its own, for start.js to import without tsx. Its
 * ROOT is this checkout (import.meta.url is build.ts's), and esbuild, which staleReason does
 * not use, is an empty module rather than loaded (~0.1 s).
 */
async function writeStaleCheck(dir: string): Promise<void> {
  await esbuild.build({
    absWorkingDir: ROOT,
    stdin: { contents: 'export { staleReason } from "./scripts/build.ts";', resolveDir: ROOT, sourcefile: "stale-check.ts", loader: "ts" },
    outfile: join(dir, "stale-check.js"),
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    define: { "import.meta.url": JSON.stringify(pathToFileURL(join(ROOT, "scripts", "build.ts")).href) },
    plugins: [
      {
        name: "no-esbuild",
        setup(b) {
          b.onResolve({ filter: /^esbuild$/ }, () => ({ path: "esbuild", namespace: "no-esbuild" }));
          b.onLoad({ filter: /.*/, namespace: "no-esbuild" }, () => ({ contents: "export {};", loader: "js" }));
        },
      },
    ],
    logLevel: "warning",
    logOverride: { "import-is-undefined": "silent" }, // bundle()'s esbuild.build: never called here
  });
}

/** Removes pointers of checkouts that are gone, and builds no pointer names that are old enough. */
function collectGarbage(cache: string): void {
  const used = new Set<string>();
  for (const name of readdirSync(cache)) {
    if (!name.endsWith(".json")) continue;
    const file = join(cache, name);
    try {
      const p = JSON.parse(readFileSync(file, "utf8")) as { root: string; dir: string };
      if (existsSync(p.root)) used.add(p.dir);
      else rmSync(file, { force: true });
    } catch {
      /* being written by another start, or not ours: leave it */
    }
  }
  for (const name of readdirSync(cache)) {
    const dir = join(cache, name);
    if (!name.startsWith("build-") || used.has(dir)) continue;
    try {
      if (Date.now() - statSync(dir).mtimeMs > KEEP_UNUSED_MS) rmSync(dir, { recursive: true, force: true });
    } catch {
      /* removed by another start meanwhile */
    }
  }
}

async function main(argv: string[]): Promise<number> {
  const [cacheArg, pointer] = argv;
  if (!cacheArg || !pointer) {
    process.stderr.write("usage: node --import tsx scripts/start-build.ts <cache dir> <pointer file>\n");
    return 2;
  }
  let cache: string;
  let dir: string;
  try {
    mkdirSync(cacheArg, { recursive: true });
    // Real paths: the bundle's source maps then name this checkout's files even when
    // node_modules is a link to another folder.
    cache = realpathSync(cacheArg);
    dir = join(cache, `build-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`);
    mkdirSync(dir);
  } catch (err) {
    process.stderr.write(`tgmcp: cannot write ${cacheArg}: ${(err as Error).message}\n`);
    return CACHE_UNWRITABLE;
  }
  const t0 = Date.now();
  try {
    await bundle(dir, { sourcemap: true });
    await writeStaleCheck(dir);
  } catch {
    rmSync(dir, { recursive: true, force: true });
    // esbuild has printed each error with its file, line and the code around it.
    process.stderr.write("tgmcp: the sources do not build (esbuild's errors are above)\n");
    return 1;
  }
  // The bundle finds package.json (the version) and views/ (the wizard's templates) next to
  // its folder, as dist/ does. package.json is copied (a change to it makes a new build anyway;
  // file links need privileges on Windows); views/ is linked, so template edits stay live, as
  // they are under tsx (a junction: no privileges needed on Windows).
  cpSync(join(ROOT, "package.json"), join(dir, "package.json"));
  symlinkSync(join(ROOT, "views"), join(dir, "views"), "junction");
  const tmp = `${pointer}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ root: ROOT, dir }) + "\n");
  renameSync(tmp, pointer); // atomic: a concurrent start reads the old pointer or the new one
  collectGarbage(cache);
  process.stderr.write(`tgmcp: built in ${((Date.now() - t0) / 1000).toFixed(1)} s (${relative(ROOT, dir) || dir})\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`tgmcp: building for npm start failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
