// The conformance suite's authorization scenarios, as far as they apply to a server. In the
// installed @modelcontextprotocol/conformance (0.1.16) every auth/* scenario is a *client*
// scenario: the suite plays a mock resource and authorization server and grades the client under
// test. No server scenario checks authorization (docs/oauth-design.md, "Conformance suite").
// This test records that, and fails when an update brings server-side auth scenarios, so that
// they get run here (the server scenarios themselves run in test/interop/conformance.test.ts).
import t, { type Test } from "tap";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CONFORMANCE, NODE22, run } from "../interop/_processes.js";

const supported = process.platform === "linux" && process.arch === "x64";
const list = (t: Test, args: string[]) => run(t, NODE22, [CONFORMANCE, "list", ...args], { cwd: process.cwd(), env: { PATH: process.env.PATH ?? "" }, timeoutMs: 60_000 });
const names = (out: string) => [...out.matchAll(/^\s+- (\S+) \[/gm)].map((m) => m[1]!);

t.test("conformance: auth scenarios exist for clients only", { skip: supported ? false : `no npm Node 22 build for ${process.platform}-${process.arch}` }, async (t) => {
  if (!existsSync(NODE22)) {
    t.fail(`Node 22 is missing at ${NODE22}: run \`npm ci --prefix tools/node22\` (npm test's pretest does it)`);
    return;
  }
  const version = (JSON.parse(readFileSync(join(CONFORMANCE, "../../package.json"), "utf8")) as { version: string }).version;
  const server = await list(t, ["--server"]);
  const client = await list(t, ["--client"]);
  t.equal(server.code, 0, server.stderr);
  t.equal(client.code, 0, client.stderr);
  const serverNames = names(server.stdout);
  const clientAuth = names(client.stdout).filter((n) => n.startsWith("auth/"));
  t.ok(serverNames.length >= 30, `server scenarios listed (${serverNames.length})`);
  t.ok(clientAuth.length >= 10, `auth scenarios exist, for clients (${clientAuth.length}: ${clientAuth.join(", ")})`);
  t.same(
    serverNames.filter((n) => /auth|oauth|token|authoriz/i.test(n)),
    [],
    `conformance ${version} has no server-side authorization scenario; when one appears, run it against http-auth here`,
  );
});
