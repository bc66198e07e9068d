// The MCP Inspector's CLI mode over stdio: each Inspector process starts `tgmcp serve` with
// SERVER_MODE=stdio, as a desktop client starts a local server from its config, and makes one
// request: tools/list, a call that succeeds, a call that fails. How the Inspector is driven:
// _inspector.ts.
import t from "tap";
import { join } from "node:path";
import { ROOT, SERVE_ARGS, serverEnv } from "../e2e/_server.js";
import { session } from "./_inspector.js";

t.test("Inspector CLI over stdio, starting tgmcp serve as a desktop client does", async (t) => {
  // The command a desktop config names, with an absolute path (the Inspector runs it in its own cwd).
  const command = [process.execPath, ...SERVE_ARGS.map((a) => (a === "cli.ts" ? join(ROOT, a) : a))];
  const target = ["-e", "SERVER_MODE=stdio", "-e", "LOG_LEVEL=warn", ...command];
  // Each Inspector run starts its own server, with its own session folder.
  const { ok } = await session(
    t,
    "inspector stdio",
    target,
    () => serverEnv(t),
    { name: "get_chat_info", args: { chat_id: "me" } },
    // params_json is a JSON string: it travels JSON-quoted through --tool-arg.
    {
      tool: "invoke_mtproto",
      why: "dangerous method refused",
      args: { method_full_name: "messages.DeleteMessages", params_json: JSON.stringify({ id: [1], revoke: true }) },
      expect: { error_type: "InvalidParameter", error: /allow_dangerous/ },
    },
  );
  if (ok) t.match(ok.structuredContent, { is_self: true, username: "demo" });
});
