// The tgmcp command line as a real process (from dist/): configuration errors, help, unknown
// commands. `serve` over stdio is in serve-stdio.test.ts.
import t from "tap";
import { runCli } from "./_process.js";

t.test("tgmcp serve with invalid configuration: one message, exit code 2, nothing started", async (t) => {
  const p = runCli(t, ["serve", "--port", "70000", "--server-mode", "both", "--nope", "1"], { API_ID: "12", LOG_LEVEL: "chatty" });
  const { code } = await p.exited;
  t.equal(code, 2);
  t.equal(
    p.stderr(),
    [
      "tgmcp: invalid configuration (5 problems):",
      "  - --nope: unknown option (see tgmcp serve --help)",
      '  - SERVER_MODE="both" (flag --server-mode): expected one of stdio, http-no-auth, http-auth',
      '  - PORT="70000" (flag --port): expected an integer from 0 to 65535',
      '  - LOG_LEVEL="chatty" (env LOG_LEVEL): expected one of fatal, error, warn, info, debug, trace, silent',
      "  - API_HASH is required when API_ID is set (both come from https://my.telegram.org)",
      "Nothing was started. Fix the settings above (environment, .env file or flags); `tgmcp serve --help` lists them all.",
      "",
    ].join("\n"),
  );
  t.equal(p.lines.length, 0, "no log output: nothing started");
});

t.test("tgmcp --help, serve --help and unknown commands", async (t) => {
  const help = runCli(t, ["--help"]);
  t.equal((await help.exited).code, 0);
  t.match(help.lines.map((l) => l.text).join("\n"), /Usage: tgmcp <command>[\s\S]*serve[\s\S]*sandbox/);
  const serveHelp = runCli(t, ["serve", "--help"]);
  t.equal((await serveHelp.exited).code, 0);
  const text = serveHelp.lines.map((l) => l.text).join("\n");
  t.match(text, /--max-active-sessions\s+MAX_ACTIVE_SESSIONS/);
  t.match(text, /--allow-dangerous-methods/);
  const unknown = runCli(t, ["frobnicate"]);
  t.equal((await unknown.exited).code, 2);
  t.match(unknown.stderr(), /unknown command "frobnicate"/);
});
