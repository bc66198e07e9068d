// send_reaction and pin_message through real gramjs to the sandbox: the world changes, one call
// after resolution, and the error paths (a reaction the chat does not allow lists the allowed ones).
import t from "tap";
import { loginAs, startSandbox, demoUser } from "../helpers/sandbox.js";
import { caller } from "../mcp/_harness.js";

t.test("send_reaction", async (t) => {
  const sb = await startSandbox(t);
  const call = caller(sb, await loginAs(t, sb));
  const w = sb.world;
  const s = w.store;
  const me = w.demoAccountId;
  const forum = w.channelById(2000000009)!; // Orbit Community: 👍 ❤ 🔥 🎉 only
  const row = w.topRow(forum);
  const id = s.id[row]!;
  const mine = () => [...(s.reactions.get(row) ?? new Map<string, number[]>())].filter(([, users]) => users.includes(me)).map(([e]) => e);

  const r = await call("send_reaction", { chat_id: "@orbit_community", message_id: id, reaction: "👍" });
  t.ok(r.ok, r.text);
  t.same(r.rpc, ["contacts.ResolveUsername", "messages.SendReaction"]);
  t.match(r.data, { chat_id: -1002000000009, message_id: id, reaction: "👍" });
  t.match(r.data.reactions, { "👍": Number });
  t.same(mine(), ["👍"], "the reaction is in the world");

  const swap = await call("send_reaction", { chat_id: "@orbit_community", message_id: id, reaction: "🔥" });
  t.same(swap.rpc, ["messages.SendReaction"], "cached resolution");
  t.equal(swap.data.reaction, "🔥");
  t.same(mine(), ["🔥"], "one reaction per user: the new one replaces ours");

  const off = await call("send_reaction", { chat_id: "@orbit_community", message_id: id, reaction: null });
  t.ok(off.ok, off.text);
  t.match(off.data, { reaction: null });
  t.notOk(off.data.reactions["👍"] || off.data.reactions["🔥"], "none of ours left");
  t.same(mine(), [], "removed in the world");

  const refused = await call("send_reaction", { chat_id: "@orbit_community", message_id: id, reaction: "😱" });
  t.match(refused.data, { ok: false, error_type: "InvalidParameter", telegram_error: "REACTION_INVALID", operation: "send_reaction" });
  t.match(refused.data.error, /allowed: 👍 ❤ 🔥 🎉/, "the error lists the chat's reactions");
  t.same(refused.rpc, ["messages.SendReaction", "channels.GetFullChannel"], "the list costs one call, on this error path only");

  const alice = demoUser(sb, "alice");
  const aliceTop = s.id[w.topRow(w.findPrivateConv(me, alice)!)]!;
  const word = await call("send_reaction", { chat_id: "@alice", message_id: aliceTop, reaction: "hello" });
  t.match(word.data, { ok: false, error_type: "InvalidParameter", telegram_error: "REACTION_INVALID", error: /any standard Telegram reaction emoji/ });

  const missing = await call("send_reaction", { chat_id: "@alice", message_id: 99999999, reaction: "👍" });
  t.match(missing.data, { ok: false, error_type: "InvalidParameter", telegram_error: "MESSAGE_ID_INVALID" });
  const unknown = await call("send_reaction", { chat_id: "@nobody_here_zz", message_id: 1, reaction: "👍" });
  t.match(unknown.data, { ok: false, error_type: "EntityNotFound" });
  const noArg = await call("send_reaction", { chat_id: "@alice", message_id: aliceTop });
  t.match(noArg.data, { ok: false, error_type: "InvalidParameter", error: /reaction/ });
  t.same(noArg.rpc, []);
});

t.test("pin_message", async (t) => {
  const sb = await startSandbox(t);
  const call = caller(sb, await loginAs(t, sb));
  const w = sb.world;
  const s = w.store;
  const family = w.chatById(4000000001)!; // basic group, @demo is its creator
  const id = s.id[w.topRow(family)]!;
  t.notOk(family.pinned.has(id), "precondition: not pinned");

  await call("get_chat_info", { chat_id: -4000000001 }); // resolution, so that the pin below is one call
  const r = await call("pin_message", { chat_id: -4000000001, message_id: id });
  t.ok(r.ok, r.text);
  t.same(r.rpc, ["messages.UpdatePinnedMessage"]);
  t.same(r.data, { chat_id: -4000000001, message_id: id, pinned: true });
  t.ok(family.pinned.has(id), "pinned in the world");

  const un = await call("pin_message", { chat_id: -4000000001, message_id: id, unpin: true });
  t.same(un.data, { chat_id: -4000000001, message_id: id, pinned: false });
  t.notOk(family.pinned.has(id), "unpinned in the world");

  // Supergroups need the pin right: @demo is an admin of Northwind Team.
  const team = w.channelById(2000000000)!;
  const teamId = s.id[w.topRow(team)]!;
  const loud = await call("pin_message", { chat_id: -1002000000000, message_id: teamId, silent: false });
  t.ok(loud.ok, loud.text);
  t.ok(team.pinned.has(teamId));

  // @demo only reads Northwind News.
  const news = w.channelById(2000000004)!;
  const admin = await call("pin_message", { chat_id: "@northwind_news", message_id: s.id[w.topRow(news)]! });
  t.match(admin.data, { ok: false, error_type: "InvalidParameter", telegram_error: "CHAT_ADMIN_REQUIRED", operation: "pin_message" });
  const missing = await call("pin_message", { chat_id: -4000000001, message_id: 99999999 });
  t.match(missing.data, { ok: false, error_type: "InvalidParameter", telegram_error: "MESSAGE_ID_INVALID" });
  const unknown = await call("pin_message", { chat_id: "@nobody_here_zz", message_id: 1 });
  t.match(unknown.data, { ok: false, error_type: "EntityNotFound" });
  const bad = await call("pin_message", { chat_id: -4000000001, message_id: "one" });
  t.match(bad.data, { ok: false, error_type: "InvalidParameter", details: [/message_id/] });
});
