// Where the browser for the wizard's tests is: CHROMIUM_PATH, a Chrome or Chromium installed on
// the system, or the one Playwright downloads into its cache. No side effects (the pretest step
// scripts/ensure-chromium.ts installs one when none is found).
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

const SYSTEM_BROWSERS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/snap/bin/chromium"];

/** The first browser executable that exists, or undefined. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.CHROMIUM_PATH, ...SYSTEM_BROWSERS, playwrightChromium()].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(p));
}

/** Playwright's own download location for this playwright-core version (may not exist yet). */
function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

export const INSTALL_HELP = [
  "The setup-wizard tests need Chrome or Chromium. Install one of:",
  "  sudo apt-get install -y chromium            (Debian, Ubuntu)",
  "  npx playwright-core install chromium        (Playwright's build, downloaded from the internet)",
  "or point CHROMIUM_PATH at an existing Chrome/Chromium executable.",
].join("\n");
