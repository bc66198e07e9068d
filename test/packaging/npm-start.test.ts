// `npm start` from a fresh clone (scripts/start.js: the sources' bundle, cached in
// node_modules/.cache/tgmcp): the first start builds, is healthy on the embedded sandbox,
// answers a tool call and shuts down cleanly on SIGTERM. npm-start-rebuild.test.ts covers
// edits; readme.test.ts runs `npm start` in the checkout itself (the README's quick start).
import t from "tap";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUILDING, cloneCheckout } from "./_clone.js";
import { callToolOverHttp, startServe } from "./_serve.js";
import { userShellEnv } from "../helpers/child-env.js";

t.setTimeout(170_000);

t.test("a fresh clone: the first start builds, serves the sandbox and answers a tool call", async (t) => {
  const copy = cloneCheckout(t);
  const home = mkdtempSync(join(tmpdir(), "tgmcp-npm-start-home-"));
  t.teardown(() => rmSync(home, { recursive: true, force: true }));
  const server = await startServe(t, "npm", ["start"], { cwd: copy, env: userShellEnv({ HOME: home, PORT: "0" }), timeoutMs: 120_000 });

  const health = (await (await fetch(`${server.url}/health`)).json()) as { status: string; backend: string };
  t.match(health, { status: "healthy", backend: "sandbox" });
  const result = await callToolOverHttp(server.url, "search_messages_globally", { query: "budget", limit: 3 });
  t.notOk(result.isError, "the tool call succeeds");
  const messages: any[] = result.structuredContent?.messages ?? [];
  t.ok(messages.length > 0 && messages.every((m) => /budget/i.test(m.text)), `${messages.length} messages about the budget`);

  const exit = await server.stop();
  t.ok(exit.code === 0 || exit.signal === "SIGTERM", `npm ended (${exit.code ?? exit.signal})`);
  t.match(server.output(), /shut down cleanly/, "the server shut down cleanly");
  t.equal(BUILDING.exec(server.output())?.[1], "no build yet", "a fresh clone builds first");
});
