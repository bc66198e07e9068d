// delete_messages through real gramjs to the sandbox: what was deleted is gone from the world,
// ids of other chats are never touched, and each id not deleted says why.
import t from "tap";
import { loginAs, startSandbox, demoUser } from "../helpers/sandbox.js";
import { caller } from "../mcp/_harness.js";

t.test("delete_messages", async (t) => {
  const sb = await startSandbox(t);
  const call = caller(sb, await loginAs(t, sb));
  const w = sb.world;
  const s = w.store;
  const me = w.demoAccountId;
  const alice = demoUser(sb, "alice");
  const bob = demoUser(sb, "bobsmith");
  const aliceConv = w.findPrivateConv(me, alice)!;
  const bobConv = w.findPrivateConv(me, bob)!;
  const exists = (conv: any, id: number) => w.findRow(conv, id) >= 0;

  t.test("a private chat: any message, for both sides; other chats' ids are not found", async (t) => {
    const ids = [aliceConv.rows[aliceConv.count - 1]!, aliceConv.rows[aliceConv.count - 2]!].map((r) => s.id[r]!);
    t.ok(ids.some((id) => s.from[w.findRow(aliceConv, id)] === alice), "precondition: one of them is Alice's");
    const bobsId = s.id[w.topRow(bobConv)]!;
    const r = await call("delete_messages", { chat_id: "@alice", message_ids: [...ids, bobsId, 99999999] });
    t.ok(r.ok, r.text);
    t.same(r.rpc, ["contacts.ResolveUsername", "messages.GetMessages", "messages.DeleteMessages"], "read the ids, then one delete");
    t.same(r.data.deleted, [...ids].sort((a, b) => a - b));
    t.match(r.data, { chat_id: alice, for_everyone: true });
    t.match(r.data.not_deleted, [
      { id: bobsId, reason: "not_found" },
      { id: 99999999, reason: "not_found" },
    ]);
    for (const id of ids) t.notOk(exists(aliceConv, id), `${id} is gone`);
    t.ok(exists(bobConv, bobsId), "the message of another chat is untouched");

    const again = await call("delete_messages", { chat_id: "@alice", message_ids: ids });
    t.same(again.rpc, ["messages.GetMessages"], "nothing left to delete: no delete call");
    t.same(again.data.deleted, []);
    t.same(again.data.not_deleted.map((x: any) => x.reason), ["not_found", "not_found"]);
  });

  t.test("a supergroup without admin rights: own messages only", async (t) => {
    const group = w.channelById(2000000002)!; // TypeScript Enthusiasts: @demo is a member
    const sent = await call("send_message", { chat_id: "@ts_enthusiasts", message: "to be deleted" });
    const other = [...group.rows.subarray(0, group.count)].reverse().find((row) => s.from[row] !== me && !s.actions.has(row))!;
    const otherId = s.id[other]!;
    const r = await call("delete_messages", { chat_id: "@ts_enthusiasts", message_ids: [sent.data.id, otherId] });
    t.ok(r.ok, r.text);
    t.same(r.rpc, ["channels.GetMessages", "channels.DeleteMessages"]);
    t.same(r.data.deleted, [sent.data.id]);
    t.match(r.data.not_deleted, [{ id: otherId, reason: "not_allowed", error: /admin/ }]);
    t.notOk(exists(group, sent.data.id), "ours is gone");
    t.ok(exists(group, otherId), "theirs stays");
  });

  t.test("an admin deletes others' messages; a basic group member cannot", async (t) => {
    const team = w.channelById(2000000000)!; // Northwind Team: @demo is an admin
    const theirs = [...team.rows.subarray(0, team.count)].reverse().find((row) => s.from[row] !== me && !s.actions.has(row))!;
    const r = await call("delete_messages", { chat_id: -1002000000000, message_ids: [s.id[theirs]!] });
    t.same(r.data.deleted, [s.id[theirs]!], r.text);
    t.ok(w.isDeleted(theirs));

    const phoenix = w.chatById(4000000000)!; // Project Phoenix: @demo is a member
    const row = [...phoenix.rows.subarray(0, phoenix.count)].reverse().find((x) => s.from[x] !== me && !s.actions.has(x))!;
    const g = await call("delete_messages", { chat_id: -4000000000, message_ids: [s.id[row]!] });
    t.match(g.data, { deleted: [], not_deleted: [{ id: s.id[row]!, reason: "not_allowed" }] });
    t.notOk(g.rpc.includes("messages.DeleteMessages"), "nothing deletable: no delete call");
    t.notOk(w.isDeleted(row));
  });

  t.test("Telegram refusing the call (e.g. too old) reports every id as refused", async (t) => {
    const sent = await call("send_message", { chat_id: "@bobsmith", message: "keep me" });
    sb.faults.error("messages.DeleteMessages", 403, "MESSAGE_DELETE_FORBIDDEN");
    const r = await call("delete_messages", { chat_id: "@bobsmith", message_ids: [sent.data.id] });
    t.ok(r.ok, r.text);
    t.match(r.data, { deleted: [], not_deleted: [{ id: sent.data.id, reason: "refused", error: /MESSAGE_DELETE_FORBIDDEN/ }] });
    t.ok(exists(bobConv, sent.data.id));
  });

  t.test("errors", async (t) => {
    const unknown = await call("delete_messages", { chat_id: "@nobody_here_zz", message_ids: [1] });
    t.match(unknown.data, { ok: false, error_type: "EntityNotFound", operation: "delete_messages" });
    const none = await call("delete_messages", { chat_id: "@alice", message_ids: [] });
    t.match(none.data, { ok: false, error_type: "InvalidParameter", details: [/message_ids/] });
    const many = await call("delete_messages", { chat_id: "@alice", message_ids: Array.from({ length: 101 }, (_, i) => i + 1) });
    t.match(many.data, { ok: false, error_type: "InvalidParameter", details: [/message_ids/] });
    t.same(many.rpc, []);
    const zero = await call("delete_messages", { chat_id: "@alice", message_ids: [0] });
    t.match(zero.data, { ok: false, error_type: "InvalidParameter", details: [/message_ids/] });
    // Alumni 2015, a basic group @demo is not in: none of its messages can be seen, so none is deleted.
    const alumni = w.chatById(4000000003)!;
    const theirs = s.id[w.topRow(alumni)]!;
    const notIn = await call("delete_messages", { chat_id: -4000000003, message_ids: [theirs] });
    t.match(notIn.data, { deleted: [], not_deleted: [{ id: theirs, reason: "not_found" }] });
    t.ok(exists(alumni, theirs));
  });
});
