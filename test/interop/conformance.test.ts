// The official MCP conformance suite (@modelcontextprotocol/conformance) against `tgmcp serve`
// started as `npm start` starts it: HTTP, http-no-auth, the embedded sandbox, default settings
// (no rate-limit or other overrides). Every server scenario (`--suite all`, pending ones too),
// with the committed baseline conformance-expected-failures.yml.
//
// Driving it (learned here, conformance 0.1.16):
// - It needs Node 22: `<tools/node22 node> conformance/dist/index.js server --url <url>/mcp`.
//   `conformance list --server` lists the scenarios; its dist/index.js holds what each checks
//   (one bundle: the scenario classes are named by their `this.name`).
// - Each scenario connects its own v1-SDK client (initialize at 2025-11-25, then the method
//   under test); none of its server scenarios speaks the 2026-07-28 era (no server/discover).
// - `--expected-failures <yml>` makes the exit code the baseline check: 1 on a scenario that
//   fails and is not listed, and on a listed one that passes ("stale"). A scenario fails on any
//   FAILURE or WARNING check. Listed names that no longer exist are ignored by the suite, so
//   this test checks that each one ran.
// - `-o <dir>` writes `server-<scenario>-<timestamp>/checks.json` per scenario: this test
//   reads them to check that each expected failure fails for its stated reason only.
// - The dns-rebinding-protection scenario sends Host/Origin evil.example.com (must be 4xx) and
//   127.0.0.1:<port> (must be 2xx): host validation stays in front of /mcp.
import t from "tap";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { startHttpServer } from "../e2e/_server.js";
import { CONFORMANCE, NODE22, run, tempDir } from "./_processes.js";

const BASELINE = join(import.meta.dirname, "conformance-expected-failures.yml");

interface Check {
  id: string;
  status: "SUCCESS" | "FAILURE" | "WARNING" | "INFO" | "SKIPPED";
  errorMessage?: string;
  details?: Record<string, unknown>;
}

/**
 * Why a listed scenario may fail, and nothing else: the suite's own fixtures are missing,
 * a capability tgmcp does not declare, a resource it does not have, or no session (stateless HTTP).
 */
const EXPECTED_REASONS: RegExp[] = [
  /MCP error -32602: Tool test_\w+ not found/,
  /Tool 'json_schema_2020_12_tool' not found/,
  /MCP error -32601: Method not found/,
  /MCP error -32602: Resource not found: test:\/\//,
];
const reasonOf = (c: Check) => c.errorMessage ?? String((c.details as { message?: string } | undefined)?.message ?? "");
const expectedReason = (c: Check) =>
  c.status === "WARNING" ? /did not provide session ID/.test(reasonOf(c)) : EXPECTED_REASONS.some((re) => re.test(reasonOf(c)));

const supported = process.platform === "linux" && process.arch === "x64";

t.test("conformance suite, server scenarios", { skip: supported ? false : `no npm Node 22 build for ${process.platform}-${process.arch}` }, async (t) => {
  if (!existsSync(NODE22)) {
    t.fail(`Node 22 is missing at ${NODE22}: run \`npm ci --prefix tools/node22\` (npm test's pretest does it)`);
    return;
  }
  const expected: string[] = parse(readFileSync(BASELINE, "utf8")).server;
  const { url } = await startHttpServer(t);
  const out = tempDir(t, "tgmcp-conformance-");
  const home = tempDir(t, "tgmcp-conformance-home-");
  const ran = await run(t, NODE22, [CONFORMANCE, "server", "--url", url.href, "--suite", "all", "--expected-failures", BASELINE, "-o", out], {
    cwd: out,
    env: { PATH: process.env.PATH ?? "", HOME: home },
    timeoutMs: 120_000,
  });
  const summary = ran.stdout.slice(ran.stdout.lastIndexOf("=== SUMMARY ==="));
  t.equal(ran.code, 0, "the suite's baseline check passes: no unexpected failure, no stale entry", { summary, stderr: ran.stderr.slice(-2000) });

  const results = new Map<string, Check[]>();
  for (const dir of readdirSync(out)) {
    const m = /^server-(.+)-\d{4}-\d\d-\d\dT[\d-]+Z$/.exec(dir);
    if (m) results.set(m[1]!, JSON.parse(readFileSync(join(out, dir, "checks.json"), "utf8")));
  }
  t.ok(results.size >= 30, `the suite ran its server scenarios (${results.size})`);
  for (const name of expected) t.ok(results.has(name), `expected failure ${name} is still a scenario of the suite`);

  for (const [scenario, checks] of results) {
    const failed = checks.filter((c) => c.status === "FAILURE" || c.status === "WARNING");
    if (!expected.includes(scenario)) {
      t.same(failed, [], `${scenario} passes`);
      continue;
    }
    t.not(failed.length, 0, `${scenario} fails, as the baseline says`);
    for (const c of failed) t.ok(expectedReason(c), `${scenario}: ${c.id} fails only for the reason in the baseline`, { status: c.status, reason: reasonOf(c), details: c.details });
  }
});
