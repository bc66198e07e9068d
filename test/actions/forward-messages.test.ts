// forward_messages through real gramjs to the sandbox: the header kept or dropped, albums kept
// together, idempotency_key forwarding once, and the error paths.
import t from "tap";
import { loginAs, startSandbox, demoUser } from "../helpers/sandbox.js";
import { caller } from "../mcp/_harness.js";

t.test("forward_messages", async (t) => {
  const sb = await startSandbox(t);
  const call = caller(sb, await loginAs(t, sb));
  const w = sb.world;
  const s = w.store;
  const me = w.demoAccountId;
  const alice = demoUser(sb, "alice");
  const bob = demoUser(sb, "bobsmith");
  const aliceConv = w.findPrivateConv(me, alice)!;
  const bobConv = w.findPrivateConv(me, bob)!;
  // Two messages Alice wrote in her chat with @demo (text only), oldest first.
  const fromAlice: number[] = [];
  for (let i = 0; i < aliceConv.count && fromAlice.length < 2; i++) {
    const row = aliceConv.rows[i]!;
    if (s.from[row] === alice && !s.media.has(row) && !s.actions.has(row) && !s.fwd.has(row)) fromAlice.push(s.id[row]!);
  }
  t.equal(fromAlice.length, 2, "precondition: two messages of Alice");

  t.test("keeps the original header; new messages come back in order", async (t) => {
    const before = bobConv.count;
    const r = await call("forward_messages", { from_chat_id: "@alice", message_ids: [fromAlice[1], fromAlice[0]], to_chat_id: "@bobsmith" });
    t.ok(r.ok, r.text);
    t.same(r.rpc, ["contacts.ResolveUsername", "contacts.ResolveUsername", "messages.ForwardMessages"], "one call after resolution");
    t.equal(r.data.status, "forwarded");
    t.equal(r.data.chat_id, bob);
    t.ok(r.data.peers[bob], "peers names the target chat");
    t.equal(r.data.messages.length, 2);
    t.same(r.data.message_ids, r.data.messages.map((m: any) => m.id));
    t.ok(r.data.message_ids[0] < r.data.message_ids[1], "oldest first");
    for (const [i, m] of r.data.messages.entries()) {
      t.match(m, { outgoing: true, forwarded_from: { id: alice, title: "Alice Johnson" } });
      t.notOk("chat_id" in m, "all in the target chat: named once, at the top");
      t.equal(m.text, s.text(w.findRow(aliceConv, fromAlice[i]!)), "the source text, in source order");
    }
    t.equal(bobConv.count, before + 2, "two messages more in the world");
    const row = w.findRow(bobConv, r.data.message_ids[0]);
    t.equal(s.fwd.get(row)?.fromKey, alice, "the world's copy names Alice as the author");
  });

  t.test("drop_author sends copies without a header; resolution is cached", async (t) => {
    const r = await call("forward_messages", { from_chat_id: "@alice", message_ids: [fromAlice[0]], to_chat_id: "@bobsmith", drop_author: true });
    t.ok(r.ok, r.text);
    t.same(r.rpc, ["messages.ForwardMessages"]);
    const m = r.data.messages[0];
    t.notOk(m.forwarded_from, "no header");
    t.equal(m.text, s.text(w.findRow(aliceConv, fromAlice[0]!)));
    t.notOk(s.fwd.has(w.findRow(bobConv, m.id)), "no header in the world");
  });

  t.test("an album forwarded whole stays one album, with a new grouped_id", async (t) => {
    const channel = w.channelById(2000000010)!; // Orbit Updates: posts 3 and 4 are a two-photo album
    const src = [3, 4].map((id) => s.groupedId.get(w.findRow(channel, id)));
    t.ok(src[0] !== undefined && src[0] === src[1], "precondition: 3 and 4 share an album");
    const r = await call("forward_messages", { from_chat_id: "@orbit_updates", message_ids: [4, 3], to_chat_id: "me" });
    t.ok(r.ok, r.text);
    t.equal(r.data.messages.length, 2);
    const [a, b] = r.data.messages;
    t.ok(a.grouped_id !== undefined && a.grouped_id === b.grouped_id, "one album in the result");
    t.match(a, { media: { type: "photo" }, forwarded_from: { id: -1002000000010 } });
    const saved = w.findPrivateConv(me, me)!;
    const ids = r.data.message_ids.map((id: number) => s.groupedId.get(w.findRow(saved, id)));
    t.ok(ids[0] !== undefined && ids[0] === ids[1] && ids[0] !== src[0], "the world keeps them one new album");

    const part = await call("forward_messages", { from_chat_id: "@orbit_updates", message_ids: [3], to_chat_id: "me" });
    t.equal(part.data.messages.length, 1, "a part forwards only that part (Telegram's semantics)");
  });

  t.test("the same idempotency_key forwards once", async (t) => {
    const before = bobConv.count;
    const args = { from_chat_id: "@alice", message_ids: [fromAlice[0]], to_chat_id: "@bobsmith", idempotency_key: "fwd-1" };
    const first = await call("forward_messages", args);
    const again = await call("forward_messages", args);
    t.ok(first.ok && again.ok, again.text);
    t.equal(bobConv.count, before + 1, "forwarded once");
    if (again.data.status === "forwarded") t.same(again.data.message_ids, first.data.message_ids, "the retry reports the same message");
    else t.equal(again.data.status, "already_forwarded");
    const other = await call("forward_messages", { ...args, idempotency_key: "fwd-2" });
    t.not(other.data.message_ids[0], first.data.message_ids[0], "another key forwards again");
  });

  t.test("errors", async (t) => {
    const unknown = await call("forward_messages", { from_chat_id: "@nobody_here_zz", message_ids: [1], to_chat_id: "me" });
    t.match(unknown.data, { ok: false, error_type: "EntityNotFound", operation: "forward_messages" });
    const missing = await call("forward_messages", { from_chat_id: "@alice", message_ids: [99999999], to_chat_id: "me" });
    t.match(missing.data, { ok: false, error_type: "InvalidParameter", telegram_error: "MESSAGE_ID_INVALID", error: /99999999/ });
    // @demo only reads Tech Digest, a broadcast channel.
    const forbidden = await call("forward_messages", { from_chat_id: "@alice", message_ids: [fromAlice[0]], to_chat_id: "@techdigest" });
    t.match(forbidden.data, { ok: false, error_type: "InvalidParameter", telegram_error: "CHAT_WRITE_FORBIDDEN", error: /@techdigest/ });
    // Protected content: Tech Digest's posts cannot be forwarded, not even as copies.
    const digest = w.channelById(2000000005)!;
    digest.noforwards = true;
    const post = s.id[w.topRow(digest)]!;
    for (const drop_author of [false, true]) {
      const protectedFwd = await call("forward_messages", { from_chat_id: "@techdigest", message_ids: [post], to_chat_id: "me", drop_author });
      t.match(protectedFwd.data, { ok: false, error_type: "InvalidParameter", telegram_error: "CHAT_FORWARDS_RESTRICTED", error: /protected content/ });
    }
    digest.noforwards = false;
    const none = await call("forward_messages", { from_chat_id: "@alice", message_ids: [], to_chat_id: "me" });
    t.match(none.data, { ok: false, error_type: "InvalidParameter", details: [/message_ids/] });
    t.same(none.rpc, [], "bad arguments never reach Telegram");
  });
});
