// SEND_MODE=confirm over HTTP with the v2 client: at 2026-07-28 the server answers a write with an
// input-required result, the client's elicitation handler (the person) answers and the client
// retries the call. Clients that cannot be asked get the clear tool error: a 2026 client without
// the elicitation capability, and any 2025-era client on the stateless HTTP transport.
import t, { type Test } from "tap";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { readAudit } from "../../services/audit/read.js";
import { startHttpServer } from "../e2e/_server.js";
import { tempDir } from "./_gate.js";

t.test("v2 client over HTTP: confirm by input-required (2026-07-28); clients that cannot elicit", async (t) => {
  const auditDir = tempDir(t);
  const { url } = await startHttpServer(t, { SEND_MODE: "confirm", AUDIT_DIR: auditDir });

  async function connect(t: Test, options: ConstructorParameters<typeof Client>[1]) {
    const client = new Client({ name: "gate-v2", version: "1.0.0" }, options);
    await client.connect(new StreamableHTTPClientTransport(url));
    t.teardown(() => client.close());
    return { client, call: (name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args }) as Promise<any> };
  }
  const modern = { versionNegotiation: { mode: { pin: "2026-07-28" } } } as const;

  const asked: any[] = [];
  let answer: { action: "accept" | "decline"; content?: Record<string, boolean> } = { action: "accept", content: { confirm: true } };
  const { client, call } = await connect(t, { ...modern, capabilities: { elicitation: { form: {} } } });
  t.equal(client.getNegotiatedProtocolVersion(), "2026-07-28");
  client.setRequestHandler("elicitation/create", async (request) => {
    asked.push(request.params);
    return answer;
  });
  const history = async (peer: string) => {
    const r = await call("invoke_mtproto", { method_full_name: "messages.GetHistory", params_json: JSON.stringify({ peer, limit: 1 }) });
    return r.structuredContent.messages[0].message as string;
  };

  const before = await history("@alice");
  const ok = await call("send_message", { chat_id: "@alice", message: "See you at 5?", files: undefined });
  t.notOk(ok.isError, JSON.stringify(ok.content));
  t.match(ok.structuredContent, { status: "sent", text: "See you at 5?" });
  t.equal(asked.length, 1);
  t.match(asked[0].message, /^Send a message to Alice [^\n]*\(@alice\)\?\nTool: send_message\n\nSee you at 5\?$/, "the form names the chat by its title");
  t.equal(await history("@alice"), "See you at 5?", "sent on accept");

  answer = { action: "decline" };
  const no = await call("send_message", { chat_id: "@alice", message: "Never mind" });
  t.ok(no.isError);
  t.match(JSON.parse(no.content[0].text), { ok: false, error_type: "Declined", status: "declined", operation: "send_message" });
  t.equal(await history("@alice"), "See you at 5?", "not sent on decline");
  t.not(before, "Never mind");

  t.test("a 2026-07-28 client without elicitation: the clear error", async (t) => {
    const { call } = await connect(t, modern);
    const r = await call("send_message", { chat_id: "me", message: "hello" });
    t.ok(r.isError);
    t.match(JSON.parse(r.content[0].text), { error_type: "Forbidden", error_code: "SEND_MODE_CONFIRM_NEEDS_ELICITATION", error: /confirm mode needs an MCP client with elicitation support/ });
  });

  t.test("a 2025-era client on the stateless HTTP transport cannot be asked, even with the capability", async (t) => {
    const { client, call } = await connect(t, { supportedProtocolVersions: ["2025-11-25"], capabilities: { elicitation: { form: {} } } });
    t.equal(client.getProtocolEra(), "legacy");
    client.setRequestHandler("elicitation/create", async () => ({ action: "accept", content: { confirm: true } }));
    const r = await call("send_message", { chat_id: "me", message: "hello" });
    t.ok(r.isError);
    t.match(JSON.parse(r.content[0].text), { error_code: "SEND_MODE_CONFIRM_NEEDS_ELICITATION", error: /2025-era HTTP transport cannot ask/ });
  });

  t.test("the audit log", async (t) => {
    const recs = (await readAudit(auditDir)).records;
    t.same(
      recs.map((r) => [r.tool, r.outcome, r.confirmed]),
      [
        ["send_message", "ok", true],
        ["send_message", "declined", false],
        ["send_message", "refused", false],
        ["send_message", "refused", false],
      ],
    );
  });
});
