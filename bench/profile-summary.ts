// Summarizes V8 CPU profiles (from `npm run bench -- --profile`, or any node --cpu-prof):
// self time by function and by package, the figures the README's before/after notes quote.
//   node --import tsx bench/profile-summary.ts bench/results/profiles/*.cpuprofile [--top 25]
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

/** Groups a script URL: node internals, a package in node_modules, or a project folder. */
export function packageOf(url: string): string {
  if (!url) return "(native/gc/idle)";
  if (url.startsWith("node:")) return "node:" + url.slice(5).split("/")[0];
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const m = /\/work\/[^/]+\/([^/]+)\//.exec(url) ?? /([^/]+)\/[^/]+$/.exec(url);
  return m ? `tgmcp:${m[1]}` : url;
}

export function summarize(p: Profile): { total: number; byFn: Map<string, number>; byPkg: Map<string, number> } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  const byFn = new Map<string, number>();
  const byPkg = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === "(idle)" || functionName === "(program)") continue;
    total += us;
    const fn = `${functionName || "(anonymous)"} ${url.split("/").slice(-2).join("/")}:${lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + us);
    const pkg = functionName === "(garbage collector)" ? "(gc)" : packageOf(url);
    byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + us);
  }
  return { total, byFn, byPkg };
}

function main(): void {
  const args = process.argv.slice(2);
  const ti = args.indexOf("--top");
  const top = ti >= 0 ? Number(args.splice(ti, 2)[1]) : 25;
  for (const file of args) {
    const s = summarize(JSON.parse(readFileSync(file, "utf8")) as Profile);
    const pct = (us: number) => ((100 * us) / s.total).toFixed(1).padStart(5) + "%";
    console.log(`\n${file}: ${(s.total / 1000).toFixed(0)} ms of CPU (idle excluded)`);
    console.log("\nby package:");
    for (const [k, v] of [...s.byPkg].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(v)}  ${k}`);
    console.log("\nby function (self time):");
    for (const [k, v] of [...s.byFn].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(v)}  ${k}`);
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) main();
