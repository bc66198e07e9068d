// pretest: `npm test` on a fresh machine must find a browser for the wizard's tests. In order:
// an installed Chrome/Chromium (or CHROMIUM_PATH); Debian's chromium when running as root with
// apt-get; Playwright's own download. Only when all of them fail does it stop, with the commands.
import { spawnSync } from "node:child_process";
import { INSTALL_HELP, findChromium } from "./chromium.js";

function attempt(what: string, command: string, args: string[]): boolean {
  console.log(`ensure-chromium: no browser found; trying ${what}`);
  const r = spawnSync(command, args, { stdio: "inherit" });
  return r.status === 0 && findChromium() !== undefined;
}

if (!findChromium()) {
  const root = process.getuid?.() === 0;
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;
  const ok =
    (root && hasApt && attempt("apt-get install chromium", "sh", ["-c", "apt-get update -qq && apt-get install -y -qq chromium"])) ||
    attempt("Playwright's chromium download", process.execPath, [new URL("../node_modules/playwright-core/cli.js", import.meta.url).pathname, "install", "chromium"]);
  if (!ok) {
    console.error(`ensure-chromium: ${INSTALL_HELP}`);
    process.exit(1);
  }
}
console.log(`ensure-chromium: ${findChromium()}`);
