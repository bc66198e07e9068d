// Finding 3 of issue #13 through both front ends of the bridge, against the sandbox: every
// method the finding lists is refused by POST /mtproto-api and by the invoke_mtproto tool
// (a real MCP client over HTTP) unless allow_dangerous is set, in the spellings the bridge
// accepts, and nothing reaches Telegram. With allow_dangerous the call does go out.
import t from "tap";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import type { FastifyInstance } from "fastify";
import { startSandbox } from "../helpers/sandbox.js";
import { testApp } from "../core/_app.js";
import { FINDING_3 } from "./_finding-3.js";

const post = (app: FastifyInstance, method: string, body: unknown) =>
  app.inject({ method: "POST", url: `/mtproto-api/${encodeURIComponent(method)}`, headers: { "content-type": "application/json" }, payload: JSON.stringify(body) });

/** Spellings the bridge accepts for one gramjs name: "payments.SendStarsForm" -> "payments.send_stars_form", ... */
function spellings(name: string): string[] {
  const snake = name.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
  return [name, `${name}Request`, name.toLowerCase(), name.toUpperCase(), snake, ` ${name} `];
}

t.test("finding 3: both front ends refuse every listed method without allow_dangerous", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  // Some 200 calls: above the default per-token rate limit, which is not under test here.
  const { app, store } = await testApp(t, sb, { RATE_LIMIT_MAX: 10_000 });
  store.add({ id: "demo", session: await sb.createSession(sb.world.demoAccountId), isDefault: true });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const port = (app.server.address() as { port: number }).port;
  const client = new Client({ name: "finding-3", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
  t.teardown(() => client.close());
  const tool = async (args: Record<string, unknown>) => {
    const r = await client.callTool({ name: "invoke_mtproto", arguments: args });
    // The envelope is the JSON text of content[0] (structuredContent is for successes only).
    return { isError: r.isError === true, envelope: JSON.parse((r.content as Array<{ text: string }>)[0]!.text) };
  };
  sb.resetCounters();

  for (const method of Object.keys(FINDING_3)) {
    for (const name of spellings(method)) {
      const http = await post(app, name, { params: {} });
      t.equal(http.statusCode, 403, `POST /mtproto-api/${name}: 403`);
      t.match(http.json(), { ok: false, error_code: "DANGEROUS_METHOD_BLOCKED", parameter: "allow_dangerous", method });
    }
    const refusedHttpFalse = await post(app, method, { params: {}, allow_dangerous: false });
    t.equal(refusedHttpFalse.statusCode, 403, `${method}: allow_dangerous false is refused too`);
    const mcp = await tool({ method_full_name: method, params_json: "{}" });
    t.ok(mcp.isError, `invoke_mtproto ${method}: refused`);
    t.match(mcp.envelope, { ok: false, error_code: "DANGEROUS_METHOD_BLOCKED", error: new RegExp(`^${method.replace(".", "\\.")} is a dangerous method \\(.+\\); it is blocked unless allow_dangerous is true\\.$`) });
    const mcpSnake = await tool({ method_full_name: spellings(method)[4], params_json: "{}" });
    t.match(mcpSnake.envelope, { error_code: "DANGEROUS_METHOD_BLOCKED" }, `invoke_mtproto ${spellings(method)[4]}: refused`);
  }
  // (The pool's own connection calls may appear in the log; none of the refused methods may.)
  t.same(sb.rpcLog.filter((e) => e.method in FINDING_3), [], "no refused call reached Telegram");

  t.test("with allow_dangerous the call goes out (the sandbox does not implement these)", async (t) => {
    sb.resetCounters();
    const http = await post(app, "contacts.Block", { params: { id: "@alice" }, allow_dangerous: true });
    t.not(http.statusCode, 403, http.body.slice(0, 200));
    t.match(http.json(), { error_code: "METHOD_NOT_SUPPORTED_BY_SANDBOX" });
    t.equal(sb.rpcCount("contacts.Block"), 1, "one contacts.Block reached the sandbox");
    const mcp = await tool({ method_full_name: "account.UpdateProfile", params_json: '{"about": "x"}', allow_dangerous: true });
    t.match(mcp.envelope, { error_code: "METHOD_NOT_SUPPORTED_BY_SANDBOX" });
    t.equal(sb.rpcCount("account.UpdateProfile"), 1);
  });
});
