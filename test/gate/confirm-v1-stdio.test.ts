// SEND_MODE=confirm with the v1 SDK client over stdio (a 2025-era connection): the server asks
// with `elicitation/create` (the SDK's shim for the multi-round-trip handler); the client's
// elicitation handler plays the person. Accept sends, decline does not, and the audit says which.
import t from "tap";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { readAudit } from "../../services/audit/read.js";
import { ROOT, SERVE_COMMAND, serverEnv } from "../e2e/_server.js";
import { tempDir } from "./_gate.js";

t.test("v1 client over stdio: confirm by elicitation/create, accept and decline", async (t) => {
  const auditDir = tempDir(t);
  const transport = new StdioClientTransport({
    command: SERVE_COMMAND.command,
    args: SERVE_COMMAND.args,
    cwd: ROOT,
    env: serverEnv(t, { SERVER_MODE: "stdio", LOG_LEVEL: "warn", SEND_MODE: "confirm", AUDIT_DIR: auditDir }),
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  const client = new Client({ name: "gate-v1-stdio", version: "1.0.0" }, { capabilities: { elicitation: {} } });
  const asked: any[] = [];
  let answer: { action: "accept" | "decline" | "cancel"; content?: Record<string, unknown> } = { action: "accept", content: { confirm: true } };
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    asked.push(request.params);
    return answer;
  });
  await client.connect(transport);
  t.teardown(() => client.close());

  const call = (name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args }) as Promise<any>;
  const lastSaved = async () => {
    const r = await call("invoke_mtproto", { method_full_name: "messages.GetHistory", params_json: '{"peer": "me", "limit": 1}' });
    return r.structuredContent.messages[0].message as string;
  };

  const accepted = await call("send_message", { chat_id: "me", message: "confirmed **hello**" });
  t.notOk(accepted.isError, JSON.stringify(accepted.content));
  t.match(accepted.structuredContent, { status: "sent", text: "confirmed hello" });
  t.equal(asked.length, 1, "the person was asked once");
  t.match(asked[0], { mode: "form", message: /Send a message to Saved Messages[\s\S]*Tool: send_message[\s\S]*confirmed \*\*hello\*\*/, requestedSchema: { type: "object", properties: { confirm: { type: "boolean" } } } });
  t.equal(await lastSaved(), "confirmed hello", "the world has the message");
  t.equal(asked.length, 1, "reads are not confirmed");

  answer = { action: "decline" };
  const declined = await call("send_message", { chat_id: "me", message: "declined hello" });
  t.ok(declined.isError);
  t.notOk(declined.structuredContent, "an error envelope as text (v1 clients check structuredContent against the output schema)");
  t.match(JSON.parse(declined.content[0].text), { ok: false, error_type: "Declined", status: "declined", error_code: "DECLINED", operation: "send_message" });
  t.equal(await lastSaved(), "confirmed hello", "nothing was sent");

  answer = { action: "accept", content: { confirm: false } };
  const unticked = await call("edit_message", { chat_id: "me", message_id: 1, message: "x" });
  t.match(JSON.parse(unticked.content[0].text), { error_type: "Declined", status: "declined", operation: "edit_message" });

  answer = { action: "accept", content: { confirm: true } };
  const raw = await call("invoke_mtproto", { method_full_name: "messages.SendMessage", params_json: JSON.stringify({ peer: "me", message: "raw confirmed" }) });
  t.notOk(raw.isError, JSON.stringify(raw.content));
  t.match(asked.at(-1).message, /Call a Telegram API method on Saved Messages[\s\S]*Method messages\.SendMessage[\s\S]*raw confirmed/);
  t.equal(await lastSaved(), "raw confirmed");
  t.equal(asked.length, 4);

  const recs = (await readAudit(auditDir)).records;
  t.same(
    recs.map((r) => [r.tool, r.outcome, r.confirmed]),
    [
      ["send_message", "ok", true],
      ["send_message", "declined", false],
      ["edit_message", "declined", false],
      ["invoke_mtproto", "ok", true],
    ],
  );
  t.ok(recs.every((r) => r.send_mode === "confirm" && r.account === "demo"));
  t.notMatch(stderr, /"level":(50|60)/, "no error logged");
});
