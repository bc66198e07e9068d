#!/usr/bin/env node
// `npm start` and `npm run sandbox` (issue #19: npm start healthy in <= 2 s). Runs the current
// sources, as `node --import tsx cli.ts` did, from an esbuild bundle of them kept in
// node_modules/.cache/tgmcp/ and rebuilt only when an input changed. Under tsx every start
// transpiled and loaded ~2,900 module files one by one (typebox's ESM build alone is ~2,400)
// through tsx's loader thread: ~2.5 s of CPU before the server did anything.
//
// Plain JavaScript on purpose: the check runs before anything is built and must not load tsx
// (~0.6 s of CPU by itself). Whether a build is current is scripts/build.ts's own staleReason()
// (hashes of every bundled source and of package.json, the lockfile, the tsconfigs and build.ts),
// compiled into each build by scripts/start-build.ts, which makes the builds (under tsx):
//   node_modules/.cache/tgmcp/<checkout>-v1.json  {"root", "dir"}: this checkout's current build
//   node_modules/.cache/tgmcp/build-*/            one build: cli.js, app.js, chunks/, source maps,
//                                                 stale-check.js, package.json, a link to views/
// A build is never rewritten in place (a running server may still import a lazy chunk of its
// own): a new one goes to a new folder and the pointer moves.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL, URL } from "node:url";

const ROOT = realpathSync(fileURLToPath(new URL("..", import.meta.url)));
const CACHE = join(ROOT, "node_modules", ".cache", "tgmcp");
// One pointer per checkout (several may share a node_modules: git worktrees, a copied clone).
// "v1": the layout of a build; change it when start-build.ts changes what a build holds.
const POINTER = join(CACHE, `${createHash("sha256").update(ROOT).digest("hex").slice(0, 16)}-v1.json`);
/** start-build.ts's exit code when the cache cannot be written (then the sources run under tsx). */
const CACHE_UNWRITABLE = 3;

/** This checkout's current build folder, or why there is none to run. */
async function currentBuild() {
  let dir;
  try {
    dir = JSON.parse(readFileSync(POINTER, "utf8")).dir;
  } catch {
    return { why: "no build yet" };
  }
  try {
    const { staleReason } = await import(pathToFileURL(join(dir, "stale-check.js")).href);
    const why = staleReason(dir);
    return why ? { why } : { dir };
  } catch (err) {
    return { why: `the last build is unreadable: ${err instanceof Error ? err.message : String(err)}` };
  }
}

let build = await currentBuild();
if (build.why) {
  process.stderr.write(`tgmcp: building the sources into node_modules/.cache/tgmcp (${build.why})\n`);
  const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "start-build.ts"), CACHE, POINTER], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  if (r.status === CACHE_UNWRITABLE) {
    // A read-only checkout: run the sources as before, slower but the same program.
    process.stderr.write("tgmcp: running the sources through tsx instead (slower start)\n");
    await import("tsx"); // what --import tsx does: registers tsx's loaders in this process
    await import(pathToFileURL(join(ROOT, "cli.ts")).href);
  } else if (r.status !== 0) {
    process.exit(r.status ?? 1);
  } else {
    build = await currentBuild();
    if (build.why) {
      process.stderr.write(`tgmcp: the new build cannot be used: ${build.why}\n`);
      process.exit(1);
    }
  }
}
if (build.dir) {
  // Stack traces name the .ts sources, as they did under tsx.
  process.setSourceMapsEnabled(true);
  process.argv[1] = join(build.dir, "cli.js");
  await import(pathToFileURL(process.argv[1]).href);
}
