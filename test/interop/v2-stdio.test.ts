// The v2 client (@modelcontextprotocol/client) over stdio with the 2026-07-28 revision forced
// (`versionNegotiation: { mode: { pin: "2026-07-28" } }`): the same tool catalog as over HTTP,
// with no initialize, and the probe and the session on one server process.
import t from "tap";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { ROOT, SERVE_ARGS, serverEnv } from "../e2e/_server.js";
import { ERROR_CASES, checkError, checkToolsList, everyToolSucceeds, type Call } from "./_interop.js";

/**
 * The SDK sends the connect-time server/discover probe of its own StdioClientTransport to a
 * throw-away sibling process, and probes "in place" on any subclass (documented in the client's
 * VersionNegotiationMode). In place, the probe reaches the session's own process and the file
 * starts one server instead of two.
 */
class InPlaceStdioTransport extends StdioClientTransport {}

t.test("v2 client over stdio at 2026-07-28", async (t) => {
  const transport = new InPlaceStdioTransport({
    command: process.execPath,
    args: SERVE_ARGS,
    cwd: ROOT,
    env: serverEnv(t, { SERVER_MODE: "stdio", LOG_LEVEL: "warn" }),
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  const client = new Client({ name: "interop-v2-stdio", version: "1.0.0" }, { versionNegotiation: { mode: { pin: "2026-07-28" } } });
  await client.connect(transport);
  t.teardown(() => client.close());
  t.equal(client.getProtocolEra(), "modern");
  t.equal(client.getNegotiatedProtocolVersion(), "2026-07-28");
  t.match(client.getServerVersion(), { name: "tgmcp" });
  t.ok(client.getDiscoverResult()?.supportedVersions.includes("2026-07-28"), "discover offers 2026-07-28");
  const call: Call = (name, args) => client.callTool({ name, arguments: args }) as any;

  const again = await client.discover();
  t.same(again.supportedVersions, client.getDiscoverResult()!.supportedVersions, "server/discover on the session's process");
  const { tools } = await client.listTools();
  checkToolsList(t, tools as any, "v2 stdio 2026-07-28");
  await everyToolSucceeds(t, call, "v2-stdio");
  for (const c of ERROR_CASES.filter((c) => c.tool === "edit_message" || c.tool === "invoke_mtproto")) await checkError(t, call, "v2-stdio", c);
  t.notMatch(stderr, /"level":(50|60)/, "no error or fatal log line");
});
