// The v2 client (@modelcontextprotocol/client) against a real `tgmcp serve` over Streamable
// HTTP, at each protocol era tgmcp serves:
// - 2026-07-28, forced with `versionNegotiation: { mode: { pin: "2026-07-28" } }`: connect()
//   sends server/discover and fails unless the server offers exactly that revision; there is no
//   initialize, and every request carries the version in its `_meta` and MCP-Protocol-Version.
// - 2025-06-18 and 2025-11-25, forced with `supportedProtocolVersions: [version]`: the legacy
//   initialize handshake offers the first pre-2026 entry of that list, and connect() fails if
//   the server answers with another version.
import t, { type Test } from "tap";
import { Client, PROTOCOL_VERSION_META_KEY, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { startHttpServer } from "../e2e/_server.js";
import { ERROR_CASES, checkError, checkToolsList, everyToolSucceeds, type Call } from "./_interop.js";

interface Sent {
  method: string;
  header: string | null;
  /** The Mcp-Method header (2026-07-28 HTTP: must name the body's method). */
  mcpMethod: string | null;
  metaVersion: unknown;
}

/** A fetch that records each JSON-RPC request's method, protocol headers and `_meta` version. */
function recordingFetch(sent: Sent[]): typeof fetch {
  return async (input, init) => {
    if (typeof init?.body === "string") {
      const msg = JSON.parse(init.body);
      for (const m of Array.isArray(msg) ? msg : [msg]) {
        const headers = new Headers(init.headers);
        if (m.method) sent.push({ method: m.method, header: headers.get("mcp-protocol-version"), mcpMethod: headers.get("mcp-method"), metaVersion: m.params?._meta?.[PROTOCOL_VERSION_META_KEY] });
      }
    }
    return fetch(input, init);
  };
}

const unknownChat = ERROR_CASES.find((c) => c.tool === "get_chat_info" && c.expect.error_type === "EntityNotFound")!;
const ssrf = ERROR_CASES.find((c) => c.tool === "send_message" && c.why.startsWith("SSRF"))!;

t.test("v2 client at each protocol era", async (t) => {
  const { url } = await startHttpServer(t);

  async function connect(t: Test, options: ConstructorParameters<typeof Client>[1], sent: Sent[]) {
    const client = new Client({ name: "interop-v2", version: "1.0.0" }, options);
    await client.connect(new StreamableHTTPClientTransport(url, { fetch: recordingFetch(sent) }));
    t.teardown(() => client.close());
    const calls = { count: 0 };
    const call: Call = (name, args) => {
      calls.count++;
      return client.callTool({ name, arguments: args }) as any;
    };
    return { client, call, calls };
  }

  t.test("2026-07-28 (modern, pinned): server/discover, tools/list, every tool", async (t) => {
    const sent: Sent[] = [];
    const { client, call, calls } = await connect(t, { versionNegotiation: { mode: { pin: "2026-07-28" } } }, sent);
    t.equal(client.getProtocolEra(), "modern");
    t.equal(client.getNegotiatedProtocolVersion(), "2026-07-28");
    t.match(client.getDiscoverResult(), { supportedVersions: Array, capabilities: { tools: {} } });
    t.ok(client.getDiscoverResult()!.supportedVersions.includes("2026-07-28"), "discover offers 2026-07-28");
    t.match(client.getServerVersion(), { name: "tgmcp" }, "serverInfo in the discover result's _meta");
    // An explicit server/discover on the established connection, as a client refreshing its cached verdict sends.
    const again = await client.discover();
    t.same(again.supportedVersions, client.getDiscoverResult()!.supportedVersions);
    const { tools } = await client.listTools();
    checkToolsList(t, tools as any, "v2 2026-07-28");
    await everyToolSucceeds(t, call, "v2-2026-07-28");
    await checkError(t, call, "v2-2026-07-28", unknownChat);
    await checkError(t, call, "v2-2026-07-28", ssrf);

    const methods = sent.map((s) => s.method);
    t.notOk(methods.includes("initialize"), "no initialize in the modern era");
    t.equal(methods.filter((m) => m === "server/discover").length, 2, "the connect-time probe and the explicit call");
    t.equal(methods.filter((m) => m === "tools/call").length, calls.count, "every call went over the wire");
    for (const s of sent) t.equal(s.mcpMethod, s.method, `${s.method}: Mcp-Method header`);
    for (const s of sent.filter((s) => s.method !== "server/discover")) {
      t.equal(s.header, "2026-07-28", `${s.method}: MCP-Protocol-Version header`);
      t.equal(s.metaVersion, "2026-07-28", `${s.method}: per-request _meta protocol version`);
    }
  });

  for (const version of ["2025-06-18", "2025-11-25"]) {
    t.test(`${version} (initialize era): tools/list, a success, an error`, async (t) => {
      const sent: Sent[] = [];
      const { client, call } = await connect(t, { supportedProtocolVersions: [version] }, sent);
      t.equal(client.getProtocolEra(), "legacy");
      t.equal(client.getNegotiatedProtocolVersion(), version);
      t.match(client.getServerVersion(), { name: "tgmcp" });
      const { tools } = await client.listTools();
      checkToolsList(t, tools as any, `v2 ${version}`);
      const me = await call("get_chat_info", { chat_id: "me" });
      t.notOk(me.isError, `${version}: get_chat_info succeeds`);
      t.match(me.structuredContent, { is_self: true, username: "demo" });
      await checkError(t, call, `v2-${version}`, unknownChat);
      t.equal(sent[0]?.method, "initialize", "the session starts with initialize");
      t.notOk(sent.some((s) => s.method === "server/discover"), "no server/discover in the initialize era");
      for (const s of sent.slice(1)) t.equal(s.header, version, `${s.method}: MCP-Protocol-Version header`);
    });
  }
});
