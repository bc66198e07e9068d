// Shared helpers of the download_media tests: demo-world messages by their file, and MCP clients
// (v1 and v2 SDKs) over an in-memory transport to a server whose calls act through a real
// gramjs session on the sandbox.
import type { TelegramClient } from "telegram";
import { Client } from "@modelcontextprotocol/client";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/server";
import type { World, SMedia } from "../../sandbox/world/world.js";
import { createMcpServer, type ToolBinding } from "../../services/mcp/server-factory.js";
import { createToolContext } from "../../services/mcp/tool-context.js";
import { createFileSender, resolveOptionsFromConfig } from "../../services/telegram/files/index.js";
import { makeConfig } from "../helpers/config.js";
import { sessionOf } from "../helpers/session.js";
import { catalog } from "./_harness.js";

interface Teardownable {
  teardown(fn: () => unknown): void;
}

const quiet = { info() {}, warn() {}, error() {}, debug() {} };

/** The id of the message in chat `title` whose media matches. */
export function messageWith(w: World, title: string, match: (m: SMedia) => boolean): number {
  const conv = w.convs.find((c) => c.title === title);
  if (!conv) throw new Error(`no chat ${title}`);
  for (const [row, mediaId] of w.store.media) {
    if (w.store.conv[row] === conv.idx && match(w.media.get(mediaId)!)) return w.store.id[row]!;
  }
  throw new Error(`no such media in ${title}`);
}

/** A binding like the server's, on a session around `client`, with these config overrides. */
export function bindingFor(client: TelegramClient, overrides: Record<string, string | number | boolean> = {}): ToolBinding {
  const config = makeConfig(overrides);
  const session = sessionOf(client);
  const files = createFileSender(resolveOptionsFromConfig(config));
  const account = { id: "test-account", createdAt: "2026-01-01T00:00:00Z" };
  return { context: async (signal) => createToolContext({ session, account, config, signal, logger: quiet, files }) };
}

/** A v2 or v1 SDK client connected in memory to a server on `binding`; tools listed (v1 then validates structuredContent). */
export async function mcpClient(t: Teardownable, binding: ToolBinding, sdk: "v1" | "v2"): Promise<Client> {
  const server = createMcpServer(catalog, binding);
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = sdk === "v2" ? new Client({ name: "media-v2", version: "1" }) : new V1Client({ name: "media-v1", version: "1" });
  await client.connect(b as never);
  t.teardown(async () => {
    await client.close();
    await server.close();
  });
  await client.listTools();
  return client as Client;
}
