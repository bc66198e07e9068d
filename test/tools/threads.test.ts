// Threads and context through real gramjs to the sandbox: a forum topic and a channel post's
// comments (read, searched, posted to, marked read), the conversation around a message in one
// call, sender and media filters, and the thread, poll and media fields of messages.
import t from "tap";
import { loginAs, startSandbox } from "../helpers/sandbox.js";
import { caller } from "../mcp/_harness.js";

t.test("threads and context against the sandbox", async (t) => {
  const sb = await startSandbox(t, { flood: false });
  const client = await loginAs(t, sb);
  const call = caller(sb, client);
  const w = sb.world;
  const me = w.demoAccountId;
  const forum = w.convs.find((c) => c.title === "Orbit Community")!;
  const channel = w.convs.find((c) => c.title === "Orbit Updates")!;
  const group = w.convs.find((c) => c.title === "Orbit Updates Chat")!;
  const topicId = (title: string) => [...forum.topics.values()].find((x) => x.title === title)!.id;
  const bugs = topicId("Bugs");
  const ideas = topicId("Ideas");
  const idsOf = (conv: typeof forum, top: number) =>
    w
      .threadRows(conv, top)
      .map((r) => w.store.id[r]!)
      .reverse();

  t.test("a forum topic: every message, newest first, with thread ids; the poll", async (t) => {
    const r = await call("search_messages_in_chat", { chat_id: "@orbit_community", thread_id: ideas, limit: 3 });
    t.ok(r.ok, r.text);
    t.same(r.rpc, ["contacts.ResolveUsername", "messages.GetReplies"]);
    t.equal(r.data.total_count, 5);
    const got = r.data.messages.map((m: any) => m.id);
    const next = await call("search_messages_in_chat", { chat_id: "@orbit_community", thread_id: ideas, limit: 3, cursor: r.data.next_cursor });
    t.same(next.rpc, ["messages.GetReplies"], "paged with one call, the chat cached");
    got.push(...next.data.messages.map((m: any) => m.id));
    t.equal(next.data.has_more, false);
    t.same(got, idsOf(forum, ideas), "the whole topic exactly once");
    for (const m of [...r.data.messages, ...next.data.messages]) {
      t.equal(m.thread_id, ideas, "every message names its topic");
      t.not(m.reply_to_msg_id, ideas, "the topic itself is not a reply target");
    }
    const poll = [...r.data.messages, ...next.data.messages].find((m: any) => m.poll);
    t.same(poll.poll, {
      question: "Which theme should Orbit ship next?",
      options: ["Solarized", "High contrast", "Sepia"],
      total_voters: 4,
    }, "no per-option counts before voting, as on Telegram");
    const reply = [...r.data.messages, ...next.data.messages].find((m: any) => m.text?.startsWith("Keyboard shortcuts"));
    t.ok(reply.reply_to_msg_id > ideas, "a reply inside the topic keeps its reply id");
  });

  t.test("search inside a topic and by sender; media filters and media fields", async (t) => {
    const isabel = w.resolveUsername("isabel")!.user!.id;
    const r = await call("search_messages_in_chat", { chat_id: "@orbit_community", thread_id: bugs, from_user: "@isabel" });
    t.ok(r.ok, r.text);
    const want = w
      .threadRows(forum, bugs)
      .filter((row) => w.store.from[row] === isabel)
      .map((row) => w.store.id[row]!)
      .reverse();
    t.same(r.data.messages.map((m: any) => m.id), want);
    t.ok(r.data.messages.every((m: any) => r.data.peers[m.from_id].username === "isabel"));
    const photos = await call("search_messages_in_chat", { chat_id: "@orbit_updates", media_type: "photo" });
    t.equal(photos.data.messages.length, 3, "the office photo and the two album photos");
    t.match(photos.data.messages.at(-1).media, { type: "photo", width: 640, height: 480 });
    const docs = await call("search_messages_in_chat", { chat_id: "@orbit_community", media_type: "document" });
    t.match(docs.data.messages.find((m: any) => m.media.filename === "orbit_logo.png").media, { mime_type: "image/png", width: 96, height: 64 });
    t.ok(docs.data.messages.length >= 4 && docs.data.messages.every((m: any) => m.media));
    const bad = await call("search_messages_in_chat", { chat_id: "@orbit_community", media_type: "gif" });
    t.match(bad.data, { ok: false, error_type: "InvalidParameter" });
    const nobody = await call("search_messages_in_chat", { chat_id: "@orbit_community", from_user: "@no_such_user_here" });
    t.match(nobody.data, { ok: false, error_type: "EntityNotFound" });
  });

  t.test("a channel post's comments: by the post id, searched, counted on the post", async (t) => {
    const posts = await call("search_messages_in_chat", { chat_id: "@orbit_updates", limit: 10 });
    const ask = posts.data.messages.find((m: any) => m.text?.startsWith("Ask us anything"));
    t.equal(ask.comments, 5);
    const r = await call("search_messages_in_chat", { chat_id: "@orbit_updates", thread_id: ask.id });
    t.ok(r.ok, r.text);
    t.equal(r.data.messages.length, 5);
    const top = w.store.discussion.get(w.findRow(channel, ask.id))!;
    t.same(r.data.messages.map((m: any) => m.id), idsOf(group, top));
    t.equal(r.data.peers[r.data.chat_id].title, "Orbit Updates Chat", "the comments' chat: the discussion group");
    t.ok(r.data.messages.every((m: any) => m.chat_id === undefined), "every comment is in it");
    const answer = r.data.messages.find((m: any) => m.text?.startsWith("Yes, shared workspaces"));
    t.equal(answer.reply_to_top_id, top, "a reply to a comment names the thread's top");
    const found = await call("search_messages_in_chat", { chat_id: "@orbit_updates", thread_id: ask.id, query: "calendar" });
    t.same(found.rpc, ["messages.GetDiscussionMessage", "messages.Search"]);
    t.same(found.data.messages.map((m: any) => m.text), ["Yes, a calendar view is planned", "Will 2.1 bring a calendar view?"]);
    const none = await call("search_messages_in_chat", { chat_id: "@orbit_updates", thread_id: 999, query: "calendar" });
    t.match(none.data, { ok: false, error_type: "EntityNotFound" });
  });

  t.test("the conversation around a message: one call", async (t) => {
    const alice = w.resolveUsername("alice")!.user!.id;
    const conv = w.findPrivateConv(me, alice)!;
    const ids = Array.from(conv.rows.subarray(0, conv.count), (r) => w.store.id[r]!);
    const mid = ids[20]!;
    await call("search_messages_in_chat", { chat_id: "@alice", limit: 1 }); // resolve first
    const r = await call("search_messages_in_chat", { chat_id: "@alice", around_message_id: mid, context: 3 });
    t.ok(r.ok, r.text);
    t.same(r.rpc, ["messages.GetHistory"], "one call (at most two with an unresolved chat)");
    t.same(r.data.messages.map((m: any) => m.id), ids.slice(17, 24).reverse(), "3 newer, the message, 3 older");
    t.equal(r.data.has_more, false);
    const topic = await call("search_messages_in_chat", { chat_id: "@orbit_community", thread_id: bugs, around_message_id: idsOf(forum, bugs)[2], context: 1 });
    t.same(topic.data.messages.map((m: any) => m.id), idsOf(forum, bugs).slice(1, 4));
    const mixed = await call("search_messages_in_chat", { chat_id: "@alice", around_message_id: mid, query: "budget" });
    t.match(mixed.data, { ok: false, error_type: "InvalidParameter", error: /does not combine with query/ });
  });

  t.test("mark_read: a topic, then the whole chat; the counters move", async (t) => {
    const before = w.unreadCount(forum, me);
    t.equal(before, 6);
    const r = await call("mark_read", { chat_id: "@orbit_community", thread_id: bugs });
    t.ok(r.ok, r.text);
    t.same(r.rpc, ["messages.ReadDiscussion"], "one call");
    t.same(r.data, { status: "read", chat_id: -1002000000009, thread_id: bugs, unread_count: 0 });
    t.equal(w.threadUnread(forum, me, bugs), 0);
    t.equal(w.unreadCount(forum, me), 2, "the Ideas topic is still unread");
    const lastIdea = idsOf(forum, ideas)[0]!;
    const part = await call("mark_read", { chat_id: "@orbit_community", thread_id: ideas, up_to_message_id: lastIdea - 1 });
    t.match(part.data, { unread_count: 1, up_to_message_id: lastIdea - 1 });
    t.equal(part.rpc.length, 2, "a partial read asks what is left");
    const alice = await call("mark_read", { chat_id: "@alice" });
    t.same(alice.rpc, ["messages.ReadHistory"], "one call (the chat cached)");
    t.equal(w.unreadCount(w.findPrivateConv(me, w.resolveUsername("alice")!.user!.id)!, me), 0);
    const news = await call("mark_read", { chat_id: "@northwind_news", up_to_message_id: 117 });
    t.match(news.data, { status: "read", unread_count: 3 });
    t.ok(news.rpc.includes("channels.ReadHistory"));
    const ask = w.store.id[w.topRow(channel)]!;
    const top = w.store.discussion.get(w.topRow(channel))!;
    t.equal(w.threadUnread(group, me, top), 2, "two comments after @demo's are unread");
    const comments = await call("mark_read", { chat_id: "@orbit_updates", thread_id: ask });
    t.same(comments.rpc, ["messages.ReadDiscussion"]);
    t.match(comments.data, { thread_id: ask, unread_count: 0 });
    t.equal(w.threadUnread(group, me, top), 0, "a post's comments read through the channel");
    const inbox = await call("list_chats", { unread_only: true });
    t.notOk(inbox.data.chats.some((c: any) => c.title === "Alice Johnson"), "the inbox no longer lists it");
    t.match(inbox.data.chats.find((c: any) => c.title === "Orbit Community"), { unread_count: 1 });
  });

  t.test("mark_read errors: no such chat, a thread in a private chat, no such topic", async (t) => {
    const a = await call("mark_read", { chat_id: "@no_such_user_here" });
    t.match(a.data, { ok: false, error_type: "EntityNotFound" });
    const b = await call("mark_read", { chat_id: "@alice", thread_id: 3 });
    t.match(b.data, { ok: false, error_type: "InvalidParameter", error: /thread_id needs/ });
    t.equal(b.rpc.length, 0);
    const c = await call("mark_read", { chat_id: "@orbit_community", thread_id: 9999 });
    t.match(c.data, { ok: false, error_type: "EntityNotFound" });
  });
});
