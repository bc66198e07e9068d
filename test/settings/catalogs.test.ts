// The catalogs of per-account settings (services/mcp/service.ts): one per read-only source and
// set of toolsets, built on first use and then shared, so a request never prepares tools.
import t from "tap";
import { createMcpService } from "../../services/mcp/service.js";
import { makeConfig } from "../helpers/config.js";
import type { FileSender } from "../../services/telegram/messaging.js";

const files = {} as FileSender; // never called: no tool runs here

t.test("effective settings and cached catalogs", async (t) => {
  const mcp = createMcpService({ config: makeConfig({ TOOLSETS: "search,messaging,raw" }), files });
  const none = mcp.effective(undefined);
  t.same(none, { readOnly: false, toolsets: ["search", "messaging", "raw"], sendMode: "send" });
  t.equal(mcp.catalogFor(none), mcp.catalog, "no settings: the server's own catalog");

  const a = mcp.effective({ settings: { readOnly: true, toolsets: ["raw", "search"], sendMode: "confirm" } });
  t.same(a, { readOnly: true, readOnlySource: "account", toolsets: ["search", "raw"], sendMode: "confirm" });
  const b = mcp.effective({ settings: { readOnly: true, toolsets: ["search", "raw", "chats"] } });
  t.equal(mcp.catalogFor(a), mcp.catalogFor(b), "same read-only state and toolsets: the same catalog object");
  t.not(mcp.catalogFor(a), mcp.catalog);
  t.same(mcp.catalogFor(a).tools.map((x) => x.def.name), ["search_messages_globally", "search_messages_in_chat", "invoke_mtproto"]);
  t.match(mcp.catalogFor(a).byName.get("invoke_mtproto")!.config.description, /This account is read-only/);
  t.throws(() => mcp.catalogFor(a).byName.get("invoke_mtproto")!.guard!({ method_full_name: "messages.SendMessage" }), /this account is read-only/);

  t.same(mcp.effective({ settings: { toolsets: ["chats"] } }).toolsets, [], "a toolset the server lacks is dropped");
  t.same(mcp.catalogFor(mcp.effective({ settings: { toolsets: ["chats"] } })).tools, [], "and nothing is served");
  t.same(mcp.effective({ settings: { toolsets: ["all"] } }).toolsets, ["search", "messaging", "raw"], "all: the server's");
  t.equal(mcp.effective({ settings: { sendMode: "send" } }).sendMode, "send");

  const ro = createMcpService({ config: makeConfig({ READ_ONLY: true }), files });
  const e = ro.effective({ settings: { readOnly: false } });
  t.match(e, { readOnly: true, readOnlySource: "server" }, "the account cannot lift READ_ONLY");
  t.equal(ro.catalogFor(e), ro.catalog);
});
