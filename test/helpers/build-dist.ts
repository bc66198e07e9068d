// dist/ for tests' child processes. Starting `tgmcp` through a TypeScript loader costs seconds
// of CPU per process (tap's loader: ~10 s to reach "listening" on a busy 2-core machine), so
// tests start it from dist/ instead. This build transpiles only (tsc --noEmit type-checks in
// npm test) and writes what tap's loader (ts-node, transpile-only) runs for the same file, byte
// for byte: the same compiler options and emitter, and the same inline source map. A child's
// coverage of dist/x.js can then be filed under x.ts and merged by offset with the test
// processes' coverage of x.ts (child-coverage.mjs; build-dist.test.ts checks the equality).
//
// Freshness is by file: a .js is rewritten when its source is newer or it lacks the inline map
// (e.g. after `npm run build`). Writes go through a temporary file and a rename, so test files
// running in parallel (or other tap runs in the same tree) never read a half-written module.
//
//   node --import tsx test/helpers/build-dist.ts     build now (tap's `before` step does it)
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const DIST = join(ROOT, "dist");
const INLINE_MAP = "//# sourceMappingURL=data:application/json;charset=utf-8;base64,";

/** The .ts files `npm run build` emits: tsconfig.build.json's roots and every relative import they reach. */
function sources(roots: string[]): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file) || file.endsWith(".d.ts")) continue;
    seen.add(file);
    const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const target = resolve(dirname(file), fileName).replace(/\.js$/, ".ts");
      if (existsSync(target)) queue.push(target);
    }
  }
  return [...seen].filter((f) => !relative(ROOT, f).startsWith(".."));
}

function isFresh(src: string, out: string): boolean {
  if (!existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs) return false;
  return readFileSync(out, "utf8").includes(INLINE_MAP);
}

/** What ts-node appends (its updateOutput): the map with `file` and `sources` set to the .ts path, inline. */
function withInlineMap(outputText: string, sourceMapText: string, src: string): string {
  const map = JSON.parse(sourceMapText);
  map.file = src;
  map.sources = [src];
  delete map.sourceRoot;
  const comment = INLINE_MAP + Buffer.from(JSON.stringify(map), "utf8").toString("base64");
  const emitted = `//# sourceMappingURL=${basename(src, ".ts")}.js.map`;
  if (!outputText.endsWith(emitted)) throw new Error(`unexpected end of the emitted ${src}`);
  return outputText.slice(0, -emitted.length) + comment;
}

/** Brings dist/ up to date for the CLI's sources; returns how many files were (re)written. */
export function ensureDist(): number {
  const read = (file: string) => {
    const parsed = ts.getParsedCommandLineOfConfigFile(join(ROOT, file), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(`${file}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
      },
    });
    if (!parsed) throw new Error(`${file} could not be read`);
    return parsed;
  };
  // The roots are the build's; the options tap's loader uses: tsconfig.json with ts-node's
  // overrides, an ES module for a package of "type": "module" (ts-node's transpile-only path).
  const roots = read("tsconfig.build.json").fileNames;
  const options: ts.CompilerOptions = {
    ...read("tsconfig.json").options,
    module: ts.ModuleKind.ES2022,
    sourceMap: true,
    inlineSourceMap: false,
    inlineSources: true,
    declaration: false,
    noEmit: false,
    outDir: ".ts-node",
  };
  let written = 0;
  for (const src of sources(roots)) {
    const out = join(DIST, relative(ROOT, src)).replace(/\.ts$/, ".js");
    if (isFresh(src, out)) continue;
    const { outputText, sourceMapText } = ts.transpileModule(readFileSync(src, "utf8"), { fileName: src, compilerOptions: options });
    mkdirSync(dirname(out), { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, withInlineMap(outputText, sourceMapText!, src));
    renameSync(tmp, out);
    written++;
  }
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const n = ensureDist();
  console.log(`dist/: ${n} file(s) written in ${Math.round(performance.now() - started)} ms`);
}
