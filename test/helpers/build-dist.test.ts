// dist/ for child processes (build-dist.ts) must hold the code tap's loader runs in the test
// processes: child-coverage.mjs files a child's coverage under the .ts URLs, and the report
// merges it with the test processes' coverage by offset. Node keeps the line lengths of what it
// ran for every module with a source map; they must be dist's, to the last (source map) line.
// If tap's loader or the compiler options change, this fails rather than coverage drifting.
import t from "tap";
import { readdirSync, readFileSync } from "node:fs";
import { findSourceMap } from "node:module";
import { join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
// Loads most of the project through tap's loader, so there is much to compare.
import "../../app.js";
import { ensureDist } from "./build-dist.js";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const DIST = join(ROOT, "dist");

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith(".js") ? [join(dir, e.name)] : []));
}

t.test("ensureDist brings dist/ up to date, then has nothing to write", async (t) => {
  ensureDist();
  t.equal(ensureDist(), 0, "a second build writes nothing");
  t.match(readFileSync(join(DIST, "cli.js"), "utf8"), /\n\/\/# sourceMappingURL=data:application\/json;charset=utf-8;base64,/, "inline source map");
});

t.test("every module loaded here compiles to the same lines in dist/ as under tap's loader", async (t) => {
  ensureDist();
  let compared = 0;
  for (const file of jsFiles(DIST)) {
    const source = join(ROOT, relative(DIST, file)).replace(/\.js$/, ".ts");
    const map = findSourceMap(pathToFileURL(source).href) as (ReturnType<typeof findSourceMap> & { lineLengths?: number[] }) | undefined;
    if (!map?.lineLengths) continue;
    const dist = readFileSync(file, "utf8").split("\n").map((l) => l.length);
    t.same(dist, map.lineLengths, relative(ROOT, source));
    compared++;
  }
  t.ok(compared >= 50, `compared ${compared} modules`);
});
