// Coverage of a tgmcp process that a test started from dist/ (loaded with --import by
// child-env.ts's cliArgs() when tap measures coverage). At exit it writes V8's precise coverage
// of the dist/ modules to tap's coverage folder, under the URLs of their .ts sources, with
// dist's inline source maps. tap's report (c8) then merges it with the test processes' coverage
// of the same .ts files at the V8 level, by URL: exact, because dist/ holds the code tap's
// loader runs, byte for byte (build-dist.ts; checked by build-dist.test.ts). Under their dist/
// URLs the two would only merge in the report's second stage, which counts a branch as taken
// when an enclosing block ran in the other process.
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { findSourceMap } from "node:module";
import { join, relative, resolve } from "node:path";
import process from "node:process";
import { URL, fileURLToPath, pathToFileURL } from "node:url";

const root = process.env._TAPJS_PROCESSINFO_CWD_;
const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const DIST = join(ROOT, "dist");
const distPrefix = pathToFileURL(DIST).href + "/";

if (root) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.startPreciseCoverage", { callCount: true, detailed: true });
  process.on("exit", () => {
    // The inspector answers a same-thread session synchronously, so this completes before exit.
    session.post("Profiler.takePreciseCoverage", (err, coverage) => {
      if (err) return;
      const result = [];
      const sourceMapCache = {};
      for (const script of coverage.result) {
        if (!script.url.startsWith(distPrefix)) continue;
        const source = join(ROOT, relative(DIST, fileURLToPath(script.url))).replace(/\.js$/, ".ts");
        const map = findSourceMap(script.url);
        if (!map || !existsSync(source)) continue;
        const url = pathToFileURL(source).href;
        const lineLengths = map.lineLengths ?? readFileSync(fileURLToPath(script.url), "utf8").split("\n").map((l) => l.length);
        result.push({ ...script, url });
        sourceMapCache[url] = { lineLengths, data: { ...map.payload, sources: [url] } };
      }
      const dir = join(root, ".tap", "coverage");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `tgmcp-child-${randomUUID()}.json`), JSON.stringify({ result, "source-map-cache": sourceMapCache }));
    });
  });
}
