// send_message's thread_id, schedule_date and silent, and get_chat_info's new fields, through
// real gramjs to the sandbox, checked against the world model.
import t from "tap";
import { loginAs, startSandbox } from "../helpers/sandbox.js";
import { caller } from "../mcp/_harness.js";

t.test("send into threads, scheduled and silent; chat info", async (t) => {
  const sb = await startSandbox(t, { flood: false });
  const client = await loginAs(t, sb);
  const call = caller(sb, client);
  const w = sb.world;
  const me = w.demoAccountId;
  const forum = w.convs.find((c) => c.title === "Orbit Community")!;
  const channel = w.convs.find((c) => c.title === "Orbit Updates")!;
  const group = w.convs.find((c) => c.title === "Orbit Updates Chat")!;
  const topic = (title: string) => [...forum.topics.values()].find((x) => x.title === title)!.id;

  t.test("into a forum topic, and as a comment under a channel post", async (t) => {
    const bugs = topic("Bugs");
    const r = await call("send_message", { chat_id: "@orbit_community", message: "Still happens on 2.0.2", thread_id: bugs });
    t.ok(r.ok, r.text);
    t.match(r.data, { status: "sent", thread_id: bugs });
    t.equal(w.threadRows(forum, bugs).map((row) => w.store.id[row]).at(-1), r.data.id, "the world has it in the Bugs topic");
    const post = w.store.id[w.topRow(channel)]!;
    const c = await call("send_message", { chat_id: "@orbit_updates", message: "Great news", thread_id: post });
    t.ok(c.ok, c.text);
    t.same(c.rpc, ["contacts.ResolveUsername", "messages.GetDiscussionMessage", "messages.SendMessage"]);
    const top = w.store.discussion.get(w.topRow(channel))!;
    t.match(c.data, { reply_to_msg_id: top });
    t.equal(c.data.peers[c.data.chat_id].title, "Orbit Updates Chat", "the comment is in the discussion group");
    t.equal(w.threadRows(group, top).map((row) => w.store.id[row]).at(-1), c.data.id, "a comment in the post's thread");
    const closed = await call("send_message", { chat_id: "@orbit_community", message: "hello", thread_id: topic("Releases") });
    t.match(closed.data, { ok: false, error_type: "InvalidParameter", telegram_error: "TOPIC_CLOSED", error: /closed/ });
    const none = await call("send_message", { chat_id: "@orbit_community", message: "hello", thread_id: 9999 });
    t.match(none.data, { ok: false, error_type: "InvalidParameter", error: /thread_id 9999 is not a topic/ });
    const priv = await call("send_message", { chat_id: "@alice", message: "hello", thread_id: 5 });
    t.match(priv.data, { ok: false, error_type: "InvalidParameter", error: /thread_id needs/ });
  });

  t.test("scheduled and silent", async (t) => {
    const at = Math.floor(Date.now() / 1000) + 3600;
    const r = await call("send_message", { chat_id: "me", message: "Reminder: water the plants", schedule_date: new Date(at * 1000).toISOString(), silent: true });
    t.ok(r.ok, r.text);
    t.match(r.data, { status: "scheduled", text: "Reminder: water the plants" });
    const self = w.findPrivateConv(me, me)!;
    t.equal(self.scheduled.length, 1, "kept out of history as a scheduled message");
    t.equal(self.scheduled[0]!.date, at);
    const unix = await call("send_message", { chat_id: "me", message: "later", schedule_date: at + 60 });
    t.match(unix.data, { status: "scheduled" });
    const past = await call("send_message", { chat_id: "me", message: "too late", schedule_date: "2020-01-01T00:00:00Z" });
    t.match(past.data, { ok: false, error_type: "InvalidParameter", error: /not in the future/ });
    t.equal(past.rpc.length, 0);
    const junk = await call("send_message", { chat_id: "me", message: "x", schedule_date: "tomorrow" });
    t.match(junk.data, { ok: false, error_type: "InvalidParameter" });
  });

  t.test("get_chat_info: groups in common, topics, folders, mute, archive", async (t) => {
    const alice = await call("get_chat_info", { chat_id: "@alice" });
    t.ok(alice.ok, alice.text);
    const aliceId = w.resolveUsername("alice")!.user!.id;
    const shared = w.convs.filter((c) => c.kind !== "private" && !c.broadcast && c.members.has(me) && c.members.has(aliceId));
    t.equal(alice.data.common_chats.length, Math.min(10, shared.length));
    t.equal(alice.data.common_chats_has_more, shared.length > 10 ? true : undefined);
    t.ok(alice.data.common_chats.every((c: any) => shared.some((s) => s.title === c.title)));
    t.match(alice.data, { folders: ["Personal"] });
    t.same(alice.rpc.sort(), ["messages.GetCommonChats", "messages.GetDialogFilters", "users.GetFullUser"], "in parallel: profile, groups in common, folders (once a session)");
    const f = await call("get_chat_info", { chat_id: "@orbit_community" });
    t.match(f.data, { is_forum: true, folders: ["Work"], topics_count: 4 });
    t.same(f.rpc.sort(), ["channels.GetForumTopics", "channels.GetFullChannel"], "the forum known from the cache: topics in parallel");
    t.match(
      f.data.topics.find((x: any) => x.title === "Bugs"),
      { id: topic("Bugs"), unread_count: 4, unread_mentions_count: 1 },
    );
    t.match(f.data.topics.find((x: any) => x.title === "Releases"), { closed: true });
    const muted = await call("get_chat_info", { chat_id: "-1002000000011" });
    t.match(muted.data, { muted: true });
    t.notOk("folders" in muted.data, "in no folder");
    const flat = await call("get_chat_info", { chat_id: "-4000000004" });
    t.match(flat.data, { archived: true, muted: true });
    const outsider = await call("get_chat_info", { chat_id: "@global_markets" });
    t.ok(outsider.ok, "a chat not in the list: no dialog state");
    t.notOk("folders" in outsider.data || "muted" in outsider.data, "a channel the account is not in: no folders");
    const nobody = await call("get_chat_info", { chat_id: "@no_such_user_here" });
    t.match(nobody.data, { ok: false, error_type: "EntityNotFound" });
  });
});
