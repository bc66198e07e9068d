// End to end over HTTP: `tgmcp serve` as a process on its embedded sandbox, called with the
// v2 client, and with the v1 client (@modelcontextprotocol/sdk) at protocol versions
// 2025-11-25 (its default) and 2025-06-18.
import t from "tap";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as V1Transport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { exerciseEveryTool, startHttpServer } from "./_server.js";

t.test("tgmcp serve over HTTP", async (t) => {
  const { url } = await startHttpServer(t);

  t.test("v2 client: every tool", async (t) => {
    const client = new Client({ name: "e2e-v2", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(url));
    t.teardown(() => client.close());
    await exerciseEveryTool(t, (name, args) => client.callTool({ name, arguments: args }) as any, "v2");
  });

  for (const version of ["2025-11-25", "2025-06-18"]) {
    t.test(`v1 client at protocol ${version}: every tool`, async (t) => {
      const negotiated: string[] = [];
      // The v1 client always offers its latest version; rewrite the offer to act as an older client.
      const fetchAs: typeof fetch = async (input, init) => {
        let body = init?.body;
        if (typeof body === "string" && body.includes('"method":"initialize"')) {
          const msg = JSON.parse(body);
          msg.params.protocolVersion = version;
          body = JSON.stringify(msg);
        }
        const headers = new Headers(init?.headers);
        const pv = headers.get("mcp-protocol-version");
        if (pv) negotiated.push(pv);
        return fetch(input, { ...init, body });
      };
      const client = new V1Client({ name: "e2e-v1", version: "1.0.0" });
      await client.connect(new V1Transport(url, { fetch: fetchAs }));
      t.teardown(() => client.close());
      await exerciseEveryTool(t, (name, args) => client.callTool({ name, arguments: args }) as any, `v1-${version}`);
      t.ok(negotiated.length > 0 && negotiated.every((v) => v === version), `requests carried MCP-Protocol-Version ${version}`);
    });
  }
});
