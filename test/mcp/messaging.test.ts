// Writing tools against the sandbox world, idempotent sends, FloodWait policy, dropped connections.
import t from "tap";
import { loginAs, startSandbox, demoUser } from "../helpers/sandbox.js";
import { caller } from "./_harness.js";

t.test("send_message: the message exists in the world, formatted; idempotency_key posts once", async (t) => {
  const sb = await startSandbox(t);
  const call = caller(sb, await loginAs(t, sb));
  const w = sb.world;
  const me = w.demoAccountId;
  const bob = demoUser(sb, "bobsmith");
  const conv = w.findPrivateConv(me, bob)!;
  const before = conv.count;

  const r = await call("send_message", { chat_id: "@bobsmith", message: "Deploy **today** at `5pm`" });
  t.ok(r.ok, r.text);
  t.same(r.rpc, ["contacts.ResolveUsername", "messages.SendMessage"]);
  t.match(r.data, { status: "sent", format: "markdown", text: "Deploy today at 5pm", outgoing: true, chat_id: bob, peers: { [bob]: { username: "bobsmith" } } });
  t.notOk("from_id" in r.data, "ours: no from_id (outgoing says who)");
  t.same(Object.keys(r.data.peers), [String(bob)], "peers names the chat, nothing else");
  t.equal(r.data.message_id, r.data.id);
  t.equal(conv.count, before + 1);
  const row = w.findRow(conv, r.data.id);
  t.ok(row >= 0, "the message is in the world");
  t.equal(w.store.text(row), "Deploy today at 5pm");
  t.same(
    (w.store.entities.get(row) ?? []).map((e: any) => `${e.className}@${e.offset}+${e.length}`),
    ["MessageEntityBold@7+5", "MessageEntityCode@16+3"],
  );

  const reply = await call("send_message", { chat_id: "@bobsmith", message: "a < b, snake_case", reply_to_msg_id: r.data.id });
  t.match(reply.data, { format: "plain", text: "a < b, snake_case", reply_to_msg_id: r.data.id });
  t.same(reply.rpc, ["messages.SendMessage"], "cached chat_id");

  const k1 = await call("send_message", { chat_id: "@bobsmith", message: "only once", idempotency_key: "order-42" });
  const k2 = await call("send_message", { chat_id: "@bobsmith", message: "only once", idempotency_key: "order-42" });
  t.ok(k1.ok && k2.ok, k2.text);
  t.equal(conv.count, before + 3, "the retried send did not post twice");
  if (k2.data.status === "sent") t.equal(k2.data.id, k1.data.id, "the retry reports the same message");
  else t.equal(k2.data.status, "already_sent");

  const saved = await call("send_message", { chat_id: "me", message: "note to self" });
  t.match(saved.data, { status: "sent", chat_id: me, peers: { [me]: { is_self: true } } });
  t.equal(w.store.text(w.findRow(w.findPrivateConv(me, me)!, saved.data.id)), "note to self");
});

t.test("send_message: files the file policy refuses are a clear FileError", async (t) => {
  const sb = await startSandbox(t);
  const call = caller(sb, await loginAs(t, sb));
  // The production file sender (ToolContext.files is required): a loopback URL is refused before any fetch.
  const r = await call("send_message", { chat_id: "me", message: "report", files: "https://127.0.0.1/report.pdf" });
  t.match(r.data, { ok: false, error_type: "FileError", operation: "send_message", error: /blocked address: 127\.0\.0\.1/ });
  t.same(r.rpc, [], "nothing reached Telegram");
});

t.test("send_message: a plugged-in file sender receives the files and caption", async (t) => {
  const sb = await startSandbox(t);
  const client = await loginAs(t, sb);
  const seen: any[] = [];
  const call = caller(sb, client, {
    files: {
      async sendFiles(req) {
        seen.push(req);
        const { Api } = await import("telegram");
        return { updates: await req.session.invoke(new Api.messages.SendMessage({ peer: req.peer, message: `[${req.files.length} files] ${req.caption.text}`, randomId: req.randomIds[0] })) };
      },
    },
  });
  const r = await call("send_message", { chat_id: "me", message: "**cap**", files: ["https://a.example/x.png", "https://a.example/y.png"], idempotency_key: "k" });
  t.ok(r.ok, r.text);
  t.equal(seen.length, 1);
  t.same(seen[0].files, ["https://a.example/x.png", "https://a.example/y.png"]);
  t.equal(seen[0].caption.text, "cap");
  t.equal(seen[0].randomIds.length, 2);
  t.equal(r.data.text, "[2 files] cap");
});

t.test("edit_message: the edit is applied in the world", async (t) => {
  const sb = await startSandbox(t);
  const call = caller(sb, await loginAs(t, sb));
  const w = sb.world;
  const sent = await call("send_message", { chat_id: "me", message: "draft" });
  const r = await call("edit_message", { chat_id: "me", message_id: sent.data.id, message: "<b>final</b> version" });
  t.ok(r.ok, r.text);
  t.same(r.rpc, ["messages.EditMessage"]);
  t.match(r.data, { status: "edited", message_id: sent.data.id, text: "final version", format: "html", edit_date: String });
  const row = w.findRow(w.findPrivateConv(w.demoAccountId, w.demoAccountId)!, sent.data.id);
  t.equal(w.store.text(row), "final version");
  const same = await call("edit_message", { chat_id: "me", message_id: sent.data.id, message: "<b>final</b> version" });
  t.match(same.data, { ok: false, error_type: "InvalidParameter", telegram_error: "MESSAGE_NOT_MODIFIED" });
  const missing = await call("edit_message", { chat_id: "me", message_id: 99999999, message: "x" });
  t.match(missing.data, { ok: false, error_type: "InvalidParameter", telegram_error: "MESSAGE_ID_INVALID" });
});

t.test("send_message_to_phone: existing contact, new contact, remove_if_new", async (t) => {
  const sb = await startSandbox(t);
  const call = caller(sb, await loginAs(t, sb));
  const w = sb.world;
  const me = w.demoAccountId;
  const alice = w.getUser(demoUser(sb, "alice"))!;
  const r = await call("send_message_to_phone", { phone_number: "+" + alice.phone, message: "hi Alice" });
  t.ok(r.ok, r.text);
  t.match(r.data, { status: "sent", contact_was_new: false, contact_removed: false, chat_id: alice.id });
  t.same(r.rpc, ["contacts.ResolvePhone", "messages.SendMessage"]);

  const paul = w.getUser(demoUser(sb, "paulh"))!;
  t.notOk(w.isContact(me, paul.id), "precondition: not a contact");
  const n = await call("send_message_to_phone", { phone_number: "+" + paul.phone, message: "hello Paul", remove_if_new: true, first_name: "P", last_name: "H" });
  t.ok(n.ok, n.text);
  t.match(n.data, { contact_was_new: true, contact_removed: true, chat_id: paul.id });
  t.notOk(w.isContact(me, paul.id), "the temporary contact was removed");
  t.equal(w.store.text(w.topRow(w.findPrivateConv(me, paul.id)!)), "hello Paul");

  const nobody = await call("send_message_to_phone", { phone_number: "+19995550000", message: "x" });
  t.match(nobody.data, { ok: false, error_type: "EntityNotFound" });
});

t.test("FloodWait: a short one is waited out, a long one is RateLimited at once", async (t) => {
  const sb = await startSandbox(t);
  const call = caller(sb, await loginAs(t, sb), {}, { FLOOD_SLEEP_THRESHOLD: 3 });
  sb.faults.floodWait("messages.SearchGlobal", 1);
  const short = await call("search_messages_globally", { query: "budget", limit: 5 });
  t.ok(short.ok, short.text);
  t.same(short.rpc, ["messages.SearchGlobal", "messages.SearchGlobal"], "retried once after the wait");
  t.equal(short.data.messages.length, 5);

  sb.faults.floodWait("messages.SearchGlobal", 3600);
  const long = await call("search_messages_globally", { query: "budget", limit: 5 });
  t.notOk(long.ok);
  t.match(long.data, { ok: false, error_type: "RateLimited", retry_after_s: 3600, operation: "search_messages_globally" });
  t.same(long.rpc, ["messages.SearchGlobal"], "not retried");
});

t.test("a connection dropped mid-call: the call completes or fails cleanly, and the next call works", async (t) => {
  const sb = await startSandbox(t);
  const call = caller(sb, await loginAs(t, sb));
  await call("get_chat_info", { chat_id: "me" });
  sb.faults.dropOnNext("messages.Search");
  const r = await call("search_messages_in_chat", { chat_id: "me", limit: 3 });
  t.comment(r.ok ? "gramjs reconnected and resent the call" : `the call failed cleanly: ${r.text}`);
  if (r.ok) t.equal(r.data.messages.length, 3, "gramjs reconnected and resent the request");
  else t.match(r.data, { error_type: "TelegramError", retryable: true });
  const after = await call("search_messages_in_chat", { chat_id: "me", limit: 3 });
  t.ok(after.ok, after.text);
  t.equal(after.data.messages.length, 3);
});

t.test("a send whose connection drops is resent with the same random_id and posts once", async (t) => {
  const sb = await startSandbox(t);
  const call = caller(sb, await loginAs(t, sb));
  const w = sb.world;
  const saved = w.privateConv(w.demoAccountId, w.demoAccountId);
  await call("get_chat_info", { chat_id: "me" });
  const before = saved.count;
  sb.faults.dropOnNext("messages.SendMessage");
  const r = await call("send_message", { chat_id: "me", message: "sent through a flaky link" });
  if (r.ok) t.equal(w.store.text(w.findRow(saved, r.data.id)), "sent through a flaky link");
  else t.match(r.data, { error_type: "TelegramError", retryable: true });
  t.ok(saved.count - before <= 1, `posted at most once (${saved.count - before})`);
});
