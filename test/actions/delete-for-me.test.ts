// delete_messages with for_everyone=false ("delete for me") through real gramjs to the sandbox: the
// message leaves our view only, and the other side still reads it; for_everyone=true takes it
// from both. Supergroups and channels know no "for me": deletion there is for everyone.
import t from "tap";
import { Api } from "telegram";
import { loginAs, startSandbox, demoUser } from "../helpers/sandbox.js";
import { caller } from "../mcp/_harness.js";

t.test("delete_messages: for me, and for everyone", async (t) => {
  const sb = await startSandbox(t);
  const w = sb.world;
  const me = w.demoAccountId;
  const demo = await loginAs(t, sb);
  const call = caller(sb, demo);
  const alice = demoUser(sb, "alice");
  const aliceClient = await loginAs(t, sb, "alice");
  const asAlice = caller(sb, aliceClient);
  const aliceConv = w.findPrivateConv(me, alice)!;
  // What each side reads of a message, by id, through the tools.
  const reads = async (as: typeof call, chat: string | number, id: number, text: string) => JSON.stringify((await as("read_messages", { chat_id: chat, message_ids: [id] })).data).includes(text);
  const finds = async (as: typeof call, chat: string | number, text: string) => JSON.stringify((await as("search_messages_in_chat", { chat_id: chat, query: text })).data).includes(text);

  t.test("a private chat: gone for us, Alice still reads it", async (t) => {
    const text = "zebra note for me only";
    const sent = await call("send_message", { chat_id: "@alice", message: text });
    const id = sent.data.id as number;
    t.ok(await reads(asAlice, me, id, text), "precondition: Alice has it");
    const r = await call("delete_messages", { chat_id: "@alice", message_ids: [id], for_everyone: false });
    t.ok(r.ok, r.text);
    t.match(r.data, { deleted: [id], not_deleted: [], for_everyone: false });
    t.same(r.rpc, ["messages.GetMessages", "messages.DeleteMessages"], "read, then one delete (the chat was cached)");
    t.notOk(await reads(call, "@alice", id, text), "our read_messages no longer returns it");
    t.notOk(await finds(call, "@alice", "zebra"), "nor does our search");
    t.ok(await reads(asAlice, me, id, text), "Alice still reads it");
    t.ok(await finds(asAlice, me, "zebra"), "and finds it");
    const row = w.findRow(aliceConv, id);
    t.ok(row >= 0 && !w.isDeleted(row) && w.hiddenFor(row, me) && !w.hiddenFor(row, alice), "the world: hidden for @demo only");

    const top = (await demo.invoke(new Api.messages.GetPeerDialogs({ peers: [new Api.InputDialogPeer({ peer: await demo.getInputEntity("alice") })] }))).dialogs[0]!;
    t.not(top.topMessage, id, "our dialog's last message is the one before");
    const again = await call("delete_messages", { chat_id: "@alice", message_ids: [id], for_everyone: true });
    t.match(again.data, { deleted: [], not_deleted: [{ id, reason: "not_found" }] }, "deleted for us: it cannot be revoked from our side any more");
    t.ok(await reads(asAlice, me, id, text), "Alice keeps it");
  });

  t.test("a private chat, for everyone: neither side reads it", async (t) => {
    const text = "yak note for everyone";
    const id = (await call("send_message", { chat_id: "@alice", message: text })).data.id as number;
    const r = await call("delete_messages", { chat_id: "@alice", message_ids: [id], for_everyone: true });
    t.match(r.data, { deleted: [id], for_everyone: true });
    t.notOk(await reads(call, "@alice", id, text), "gone for us");
    t.notOk(await reads(asAlice, me, id, text), "gone for Alice");
    t.equal(w.findRow(aliceConv, id), -1, "the world: deleted");
  });

  t.test("a basic group: anyone may delete any message for themselves; its author keeps it", async (t) => {
    const phoenix = w.chatById(4000000000)!; // Project Phoenix: @demo is a member, not an admin
    const s = w.store;
    const row = [...phoenix.rows.subarray(0, phoenix.count)].reverse().find((x) => s.from[x] !== me && !s.actions.has(x))!;
    const id = s.id[row]!;
    const author = s.from[row]!;
    const text = s.text(row);
    const forAll = await call("delete_messages", { chat_id: -4000000000, message_ids: [id], for_everyone: true });
    t.match(forAll.data, { deleted: [], not_deleted: [{ id, reason: "not_allowed" }] }, "for everyone: not ours, no admin right");
    const r = await call("delete_messages", { chat_id: -4000000000, message_ids: [id], for_everyone: false });
    t.match(r.data, { deleted: [id], for_everyone: false }, r.text);
    t.notOk(await reads(call, -4000000000, id, text), "gone for us");
    const authorCall = caller(sb, await loginAs(t, sb, w.getUser(author)!.username));
    t.ok(await reads(authorCall, -4000000000, id, text), "its author still reads it");
    t.ok(!w.isDeleted(row) && w.hiddenFor(row, me));
  });

  t.test("a supergroup: no delete for me, the deletion is for everyone", async (t) => {
    const id = (await call("send_message", { chat_id: "@ts_enthusiasts", message: "walrus in the supergroup" })).data.id as number;
    const r = await call("delete_messages", { chat_id: "@ts_enthusiasts", message_ids: [id], for_everyone: false });
    t.match(r.data, { deleted: [id], for_everyone: true }, "reported as for everyone");
    t.same(r.rpc, ["channels.GetMessages", "channels.DeleteMessages"]);
    const group = w.channelById(2000000002)!;
    t.equal(w.findRow(group, id), -1, "gone from the supergroup");
  });

  t.test("the sandbox alone: revoke=false pushes the deletion to our other sessions, not to Alice", async (t) => {
    const text = "otter pushed for me";
    const sent = await call("send_message", { chat_id: "@alice", message: text });
    const id = sent.data.id as number;
    const other = await loginAs(t, sb); // a second session of @demo
    const seen: { demo: number[][]; alice: number[][] } = { demo: [], alice: [] };
    const record = (who: "demo" | "alice") => (u: unknown) => {
      if (u instanceof Api.UpdateDeleteMessages) seen[who].push(u.messages);
    };
    other.addEventHandler(record("demo"));
    aliceClient.addEventHandler(record("alice"));
    await demo.invoke(new Api.messages.DeleteMessages({ id: [id] }));
    for (let i = 0; i < 100 && !seen.demo.length; i++) await new Promise((r) => setTimeout(r, 20));
    // Alice's push, were there one, would have left with ours: a short grace covers the ordering.
    await new Promise((r) => setTimeout(r, 100));
    t.same(seen.demo, [[id]], "our other session hears of it");
    t.same(seen.alice, [], "Alice does not");
  });
});
