// A fresh copy of the checkout, as a clone would be after `npm ci` (node_modules is the
// checkout's own, linked), for tests of `npm start` (scripts/start.js) and its build cache.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ROOT } from "./_docker-files.js";

interface Teardownable {
  teardown(fn: () => unknown): void;
}

// What a clone holds (tracked files and new ones not ignored), without the parts npm start never
// reads (and without node_modules links, which git sees as files in a worktree).
const SKIP = /^(test|tap-snapshots|bench|docs)\/|(^|\/)node_modules$/;

/** npm start's first line when it builds: the group is the reason. */
export const BUILDING = /tgmcp: building the sources into node_modules\/\.cache\/tgmcp \(([^)]*)\)/;

/** Copies the checkout into a temporary folder; the teardown removes it, and its builds from the shared cache. */
export function cloneCheckout(t: Teardownable): string {
  const copy = realpathSync(mkdtempSync(join(tmpdir(), "tgmcp-clone-")));
  const cache = join(ROOT, "node_modules", ".cache", "tgmcp");
  t.teardown(() => {
    // The copy's builds (their views/ link into it) and its pointer, then the copy.
    if (existsSync(cache)) {
      for (const name of readdirSync(cache)) {
        const file = join(cache, name);
        try {
          if (name.startsWith("build-") && readlinkSync(join(file, "views")).startsWith(copy + "/")) rmSync(file, { recursive: true, force: true });
          else if (name.endsWith(".json") && JSON.parse(readFileSync(file, "utf8")).root === copy) rmSync(file, { force: true });
        } catch {
          /* another checkout's, or being written */
        }
      }
    }
    rmSync(copy, { recursive: true, force: true });
  });
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
    .split("\n")
    .filter((f) => f && !SKIP.test(f) && existsSync(join(ROOT, f)));
  for (const f of files) {
    mkdirSync(dirname(join(copy, f)), { recursive: true });
    cpSync(join(ROOT, f), join(copy, f));
  }
  symlinkSync(realpathSync(join(ROOT, "node_modules")), join(copy, "node_modules"));
  return copy;
}
