// Bundles a small TypeScript entry, the project code it imports and their packages into one
// plain JavaScript file with esbuild (tsx's own compiler), so that a test can start it as a
// real process many times: a bundle starts about as fast as bare node, where tsx would
// compile every file and node would read hundreds of package files on each start.
import path from "node:path";
import { build } from "esbuild";

export async function bundle(entry: string, outDir: string): Promise<string> {
  const outfile = path.join(outDir, path.basename(entry).replace(/\.ts$/, ".mjs"));
  await build({ entryPoints: [entry], outfile, bundle: true, platform: "node", format: "esm", target: "node20", logLevel: "silent" });
  return outfile;
}
