// messages.* and channels.* handlers through real gramjs clients over TCP, against the demo world.
import t from "tap";
import bigInt from "big-integer";
import { Api, type TelegramClient } from "telegram";
import { NewMessage, Raw, type NewMessageEvent } from "telegram/events/index.js";
import { demoUser, loginAs, rpcError, startSandbox } from "../helpers/sandbox.js";
import type { Sandbox } from "../../sandbox/index.js";

/** Resolves with the first value `register` delivers, or rejects after 10 s (a missing push is a failure, not a hang). */
function nextEvent<T>(register: (deliver: (v: T) => void) => () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let unregister = () => {};
    const timer = setTimeout(() => {
      unregister();
      reject(new Error("no update pushed"));
    }, 10_000);
    unregister = register((v) => {
      clearTimeout(timer);
      unregister();
      resolve(v);
    });
  });
}

/**
 * gramjs 2.26.22 bug: a download borrows an "exported sender" with a 30 s release timer that
 * destroy() fails to clear (it calls Object.values on a Map). Clear it so the test exits promptly.
 */
function clearExportedSenderTimers(client: TelegramClient): void {
  const timers = (client as unknown as { _exportedSenderReleaseTimeouts: Map<number, NodeJS.Timeout> })._exportedSenderReleaseTimeouts;
  for (const timer of timers.values()) clearTimeout(timer);
  timers.clear();
}

function worldCount(sb: Sandbox, q: string, accept: (conv: { idx: number }) => boolean): number {
  const w = sb.world;
  return w.searchRows(q, (row) => accept(w.convs[w.store.conv[row]!]!))!.length;
}

t.test("reading: dialogs, history and search, paginated to the end", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const client = await loginAs(t, sb);
  const me = sb.world.demoAccountId;

  const dialogs = await client.getDialogs({ limit: 1000 });
  t.equal(dialogs.length, sb.world.dialogList(me).length, "every dialog");
  t.equal(new Set(dialogs.map((d) => d.id!.toString())).size, dialogs.length, "no duplicates");
  const team = dialogs.find((d) => d.title === "Northwind Team")!;
  t.equal(team.unreadCount, 12, "documented unread count");
  t.equal(team.id!.toString(), "-1002000000000", "channel ids come back marked -100...");
  const dates = dialogs.map((d) => d.message?.date ?? 0);
  t.same(dates, [...dates].sort((a, b) => b - a), "newest first");

  // 10 dialogs per page: several GetDialogs calls, still complete
  sb.resetCounters();
  const paged = await client.getDialogs({ limit: 1000, offsetDate: undefined });
  t.equal(paged.length, dialogs.length);

  const phoenix = sb.world.convs.find((c) => c.title === "Project Phoenix")!;
  const history = await client.getMessages(dialogs.find((d) => d.title === "Project Phoenix")!.entity, { limit: 1000 });
  t.equal(history.length, phoenix.count, "whole history (260) over 3 pages of 100");
  const ids = history.map((m) => m.id);
  t.equal(new Set(ids).size, ids.length, "no duplicates");
  t.same(ids, [...ids].sort((a, b) => b - a), "newest first, no gaps in order");
  t.same(ids, Array.from({ length: phoenix.count }, (_, i) => sb.world.store.id[phoenix.rows[phoenix.count - 1 - i]!]), "exactly the chat's messages");

  const oldest = await client.getMessages("alice", { limit: 1000, reverse: true });
  t.equal(oldest.length, sb.world.findPrivateConv(me, demoUser(sb, "alice"))!.count, "reverse pagination too");
  t.same(
    oldest.map((m) => m.id),
    [...oldest.map((m) => m.id)].sort((a, b) => a - b),
  );

  const team2 = sb.world.convs.find((c) => c.title === "Northwind Team")!;
  const found = await client.getMessages(team.entity, { search: "THE", limit: 1000 });
  t.equal(found.length, worldCount(sb, "the", (c) => c.idx === team2.idx), "in-chat search by prefix, case-insensitive, every page");
  t.ok(found.length > 100, "more than one page");
  t.ok(found.every((m) => /\bthe/i.test(m.message)), "every hit has a word starting with the prefix");

  const all = await client.getMessages(undefined, { search: "deadline", limit: 1000 });
  t.equal(all.length, 352, "global search finds every documented hit");
  t.equal(new Set(all.map((m) => `${m.chatId}:${m.id}`)).size, all.length, "no duplicates across pages");
  const gdates = all.map((m) => m.date);
  t.same(gdates, [...gdates].sort((a, b) => b - a), "newest first");

  const channelsOnly = (await client.invoke(
    new Api.messages.SearchGlobal({ q: "launch", broadcastsOnly: true, filter: new Api.InputMessagesFilterEmpty(), minDate: 0, maxDate: 0, offsetRate: 0, offsetPeer: new Api.InputPeerEmpty(), offsetId: 0, limit: 100 }),
  )) as Api.messages.MessagesSlice;
  t.ok(channelsOnly.messages.length > 0);
  t.ok(
    channelsOnly.messages.every((m) => (m as Api.Message).post),
    "broadcasts_only returns channel posts only",
  );

  const alice = await client.getInputEntity("alice");
  const from = (await client.invoke(
    new Api.messages.Search({ peer: team.inputEntity, q: "", fromId: alice, filter: new Api.InputMessagesFilterEmpty(), minDate: 0, maxDate: 0, offsetId: 0, addOffset: 0, limit: 100, maxId: 0, minId: 0, hash: bigInt(0) }),
  )) as Api.messages.ChannelMessages;
  t.ok(from.messages.length > 0 && from.messages.every((m) => (m as Api.Message).fromId instanceof Api.PeerUser && Number(((m as Api.Message).fromId as Api.PeerUser).userId) === demoUser(sb, "alice")), "from_id filter");

  const counters = await client.invoke(new Api.messages.GetSearchCounters({ peer: "me", filters: [new Api.InputMessagesFilterPhotos(), new Api.InputMessagesFilterDocument()] }));
  t.equal(counters.length, 2);

  const byId = await client.getMessages("me", { ids: [ids[0]!, 999_999] });
  t.equal(byId.length, 2);
  t.equal(byId[1], undefined, "an unknown id is messageEmpty (undefined in gramjs)");

  const chanMsgs = await client.getMessages("northwind_news", { ids: [1, 2, 3] });
  t.same(
    chanMsgs.map((m) => m?.id),
    [1, 2, 3],
    "channels.GetMessages",
  );
  t.ok((chanMsgs[0]?.views ?? 0) > 0, "channel posts have views");
});

t.test("writing: send, reply, edit, forward, media, random_id dedup, pushes", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demo = await loginAs(t, sb);
  t.teardown(() => clearExportedSenderTimers(demo));
  const partner = await loginAs(t, sb, "partner");
  const demoPhone = await loginAs(t, sb); // the sender's other device

  const listen = (client: TelegramClient) =>
    nextEvent<NewMessageEvent>((deliver) => {
      const handler = (e: NewMessageEvent) => deliver(e);
      const ev = new NewMessage({});
      client.addEventHandler(handler, ev);
      return () => client.removeEventHandler(handler, ev);
    });
  const pushed = listen(partner);
  const onOtherDevice = listen(demoPhone);
  const sent = await demo.sendMessage("partner", { message: "Project **deadline** is Friday", parseMode: "md" });
  t.equal(sent.message, "Project deadline is Friday");
  t.equal(sent.out, true);
  t.ok(sent.entities?.[0] instanceof Api.MessageEntityBold, "formatting entities are kept");
  const event = await pushed;
  t.equal(event.message.id, sent.id, "the other account receives the new message");
  t.equal(event.message.out, false);
  t.equal(Number(event.message.senderId), sb.world.demoAccountId);
  const own = await onOtherDevice;
  t.equal(own.message.id, sent.id, "the sender's other session receives it too");
  t.equal(own.message.out, true);

  const reply = await partner.sendMessage(sb.world.demoAccountId, { message: "ok", replyTo: sent.id });
  t.equal(reply.replyTo?.replyToMsgId, sent.id, "reply");

  const edited = await demo.editMessage("partner", { message: sent.id, text: "Project deadline is Monday" });
  t.equal(edited.message, "Project deadline is Monday");
  t.ok(edited.editDate, "edit_date set");
  t.equal(await rpcError(demo.editMessage("partner", { message: sent.id, text: "Project deadline is Monday" })), "MESSAGE_NOT_MODIFIED");
  t.equal(await rpcError(partner.editMessage(sb.world.demoAccountId, { message: sent.id, text: "hijack" })), "MESSAGE_AUTHOR_REQUIRED");
  t.equal(await rpcError(demo.editMessage("partner", { message: 987_654, text: "x" })), "MESSAGE_ID_INVALID");

  const [fwd] = (await demo.forwardMessages("me", { messages: [sent.id], fromPeer: "partner" })) as unknown as Api.Message[][];
  t.equal(fwd![0]!.message, "Project deadline is Monday");
  t.equal(Number((fwd![0]!.fwdFrom!.fromId as Api.PeerUser).userId), sb.world.demoAccountId, "forward header names the author");

  const [post] = (await demo.forwardMessages("me", { messages: [1], fromPeer: "northwind_news" })) as unknown as Api.Message[][];
  t.ok(post![0]!.fwdFrom?.fromId instanceof Api.PeerChannel && post![0]!.fwdFrom.channelPost === 1, "forwarded channel post");

  // random_id: a retry of the same request creates nothing new
  const randomId = bigInt("1234567890123");
  const peer = await demo.getInputEntity("me");
  const before = sb.world.findPrivateConv(sb.world.demoAccountId, sb.world.demoAccountId)!.count;
  const first = (await demo.invoke(new Api.messages.SendMessage({ peer, message: "once", randomId }))) as Api.Updates;
  const again = (await demo.invoke(new Api.messages.SendMessage({ peer, message: "once", randomId }))) as Api.Updates;
  const idOf = (u: Api.Updates) => (u.updates.find((x) => x instanceof Api.UpdateMessageID) as Api.UpdateMessageID).id;
  t.equal(idOf(again), idOf(first), "same message id");
  t.equal(sb.world.findPrivateConv(sb.world.demoAccountId, sb.world.demoAccountId)!.count, before + 1, "one message, not two");

  // limits and permissions
  t.equal(await rpcError(demo.sendMessage("me", { message: "x".repeat(4097) })), "MESSAGE_TOO_LONG");
  t.equal(await rpcError(demo.invoke(new Api.messages.SendMessage({ peer, message: "  " }))), "MESSAGE_EMPTY");
  t.equal(await rpcError(demo.sendMessage("northwind_news", { message: "hi" })), "CHAT_WRITE_FORBIDDEN", "not an admin of a broadcast channel");
  const notes = await demo.getEntity(-1002000000007).catch(() => undefined);
  t.equal(notes, undefined, "a channel id without its access hash cannot be resolved");
  const demoNotes = (await demo.getDialogs({})).find((d) => d.title === "Demo Notes")!;
  const ownPost = await demo.sendMessage(demoNotes.entity!, { message: "Launch notes" });
  t.equal(ownPost.post, true, "the owner posts in its broadcast channel");

  // media: upload, send, download the same bytes
  const bytes = Buffer.from("quarterly report contents ".repeat(2000));
  const doc = await demo.sendFile("me", {
    file: Object.assign(bytes, { name: "report.txt" }),
    caption: "Report attached",
    forceDocument: true,
    attributes: [new Api.DocumentAttributeFilename({ fileName: "report.txt" })],
  });
  const d = (doc.media as Api.MessageMediaDocument).document as Api.Document;
  t.equal(Number(d.size), bytes.length, "size of the uploaded file");
  t.ok(d.attributes.some((a) => a instanceof Api.DocumentAttributeFilename && a.fileName === "report.txt"), "file name");
  t.same(await demo.downloadMedia(doc, {}), bytes, "download returns the uploaded bytes");
  t.equal(await rpcError(demo.sendFile("me", { file: Buffer.from("x"), caption: "c".repeat(1025), forceDocument: true })), "MEDIA_CAPTION_TOO_LONG");

  const png = Buffer.from("89504e470d0a1a0a0000000d4948445200000280000001e00806000000", "hex"); // 640x480 header
  const album = (await demo.sendFile("me", { file: [Object.assign(Buffer.concat([png, Buffer.alloc(100)]), { name: "a.png" }), Object.assign(Buffer.concat([png, Buffer.alloc(200)]), { name: "b.png" })], caption: ["one", "two"] })) as unknown as Api.Message[];
  t.equal(album.length, 2, "album via SendMultiMedia");
  t.ok(album[0]!.groupedId && album[0]!.groupedId.equals(album[1]!.groupedId!), "grouped");
  const photo = (album[0]!.media as Api.MessageMediaPhoto).photo as Api.Photo;
  t.same([(photo.sizes[0] as Api.PhotoSize).w, (photo.sizes[0] as Api.PhotoSize).h], [640, 480], "photo dimensions from the PNG header");
});

t.test("state: read, pin, react, delete", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demo = await loginAs(t, sb);
  const w = sb.world;
  const me = w.demoAccountId;
  // The account's other device sees what this one does (reads, pins, reactions, deletions).
  const otherDevice = await loginAs(t, sb);
  const seen: string[] = [];
  otherDevice.addEventHandler((u: { className?: string }) => void seen.push(u.className ?? "?"), new Raw({}));
  const alice = w.findPrivateConv(me, demoUser(sb, "alice"))!;
  t.equal(w.unreadCount(alice, me), 2);
  await demo.markAsRead("alice");
  t.equal(w.unreadCount(alice, me), 0, "ReadHistory");
  const team = (await demo.getDialogs({})).find((d) => d.title === "Northwind Team")!;
  await demo.markAsRead(team.entity!);
  t.equal(w.unreadCount(w.convs.find((c) => c.title === "Northwind Team")!, me), 0, "channels.ReadHistory");

  const m = await demo.sendMessage("alice", { message: "pin me" });
  await demo.pinMessage("alice", m.id);
  t.ok(alice.pinned.has(m.id), "pinned");
  const full = await demo.invoke(new Api.users.GetFullUser({ id: "alice" }));
  t.equal(full.fullUser.pinnedMsgId, m.id, "pinned_msg_id in the full user");
  t.equal(await rpcError(demo.pinMessage("northwind_news", 1)), "CHAT_ADMIN_REQUIRED");

  const r = (await demo.invoke(new Api.messages.SendReaction({ peer: "alice", msgId: m.id, reaction: [new Api.ReactionEmoji({ emoticon: "👍" })] }))) as Api.Updates;
  const ru = r.updates[0] as Api.UpdateMessageReactions;
  t.equal(ru.reactions.results[0]!.count, 1);
  t.equal(ru.reactions.results[0]!.chosenOrder, 0, "chosen by me");

  await demo.deleteMessages("alice", [m.id], { revoke: true });
  t.equal(w.findRow(alice, m.id), -1, "deleted");
  const ch = await demo.sendMessage(team.entity!, { message: "temp" });
  await demo.deleteMessages(team.entity!, [ch.id], {});
  t.equal(w.findRow(w.convs.find((c) => c.title === "Northwind Team")!, ch.id), -1, "channels.DeleteMessages");
  t.equal(await rpcError(demo.deleteMessages("northwind_news", [1], {})), "MESSAGE_DELETE_FORBIDDEN");

  const expected = ["UpdateReadHistoryInbox", "UpdateReadChannelInbox", "UpdatePinnedMessages", "UpdateMessageReactions", "UpdateDeleteMessages", "UpdateDeleteChannelMessages"];
  for (let i = 0; i < 100 && !expected.every((c) => seen.includes(c)); i++) await new Promise((r) => setTimeout(r, 50));
  t.same(expected.filter((c) => !seen.includes(c)), [], "every change reached the account's other session");
});

t.test("chats: full chat, full channel, chats by id; access hashes are checked", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demo: TelegramClient = await loginAs(t, sb);
  const phoenix = sb.world.convs.find((c) => c.title === "Project Phoenix")!;
  const full = await demo.invoke(new Api.messages.GetFullChat({ chatId: bigInt(phoenix.id) }));
  t.equal((full.fullChat as Api.ChatFull).participants instanceof Api.ChatParticipants && ((full.fullChat as Api.ChatFull).participants as Api.ChatParticipants).participants.length, 6);
  t.equal(full.users.length, 6);
  const chats = await demo.invoke(new Api.messages.GetChats({ id: [bigInt(phoenix.id)] }));
  t.equal((chats.chats[0] as Api.Chat).title, "Project Phoenix");

  const news = await demo.invoke(new Api.channels.GetFullChannel({ channel: "northwind_news" }));
  t.equal((news.fullChat as Api.ChannelFull).participantsCount, sb.world.participantsCount(sb.world.resolveUsername("northwind_news")!.conv!));
  t.equal((news.chats[0] as Api.Channel).broadcast, true);

  const id = sb.world.resolveUsername("northwind_news")!.conv!.id;
  t.equal(await rpcError(demo.invoke(new Api.channels.GetChannels({ id: [new Api.InputChannel({ channelId: bigInt(id), accessHash: bigInt(42) })] }))), "CHANNEL_INVALID");
  t.equal(
    await rpcError(demo.invoke(new Api.messages.GetHistory({ peer: new Api.InputPeerUser({ userId: bigInt(demoUser(sb, "alice")), accessHash: bigInt(42) }), limit: 1, offsetId: 0, offsetDate: 0, addOffset: 0, maxId: 0, minId: 0, hash: bigInt(0) }))),
    "PEER_ID_INVALID",
  );
  t.equal(await rpcError(demo.invoke(new Api.messages.GetFullChat({ chatId: bigInt(sb.world.convs.find((c) => c.title === "Alumni 2015")!.id) }))), "CHAT_ID_INVALID", "not a member");
  // a public channel the account has not joined is readable; a wrong hash from another account is not
  const markets = await demo.getMessages("global_markets", { limit: 5 });
  t.equal(markets.length, 5);
});

t.test("paging details: add_offset, max_id/min_id, dates, filters, missing ids", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demo = await loginAs(t, sb);
  const w = sb.world;
  const conv = w.findPrivateConv(w.demoAccountId, demoUser(sb, "carol_w"))!;
  const ids = Array.from({ length: conv.count }, (_, i) => w.store.id[conv.rows[i]!]!); // ascending
  const peer = await demo.getInputEntity("carol_w");
  const history = async (o: Partial<{ offsetId: number; offsetDate: number; addOffset: number; limit: number; maxId: number; minId: number }>) =>
    ((await demo.invoke(new Api.messages.GetHistory({ peer, offsetId: 0, offsetDate: 0, addOffset: 0, limit: 10, maxId: 0, minId: 0, hash: bigInt(0), ...o }))) as Api.messages.MessagesSlice).messages.map((m) => m.id);

  const mid = ids[50]!;
  t.same(await history({ offsetId: mid, limit: 3 }), [ids[49], ids[48], ids[47]], "older than offset_id");
  t.same(await history({ offsetId: mid, addOffset: -2, limit: 4 }), [ids[51], ids[50], ids[49], ids[48]], "negative add_offset reaches newer messages");
  t.same(await history({ minId: ids[ids.length - 4], limit: 10 }), [ids[ids.length - 1], ids[ids.length - 2], ids[ids.length - 3]], "min_id");
  t.same(await history({ maxId: ids[2], limit: 10 }), [ids[1], ids[0]], "max_id");
  const date = w.store.date[conv.rows[30]!]!;
  const byDate = await history({ offsetDate: date, limit: 1 });
  t.ok(w.store.date[w.findRow(conv, byDate[0]!)]! < date, "offset_date: strictly older");
  t.same(await history({ limit: 200 }), [...ids].reverse().slice(0, 100), "limit is capped at 100");

  // dates in search (inclusive) and in global search
  const lo = w.store.date[conv.rows[10]!]!;
  const hi = w.store.date[conv.rows[20]!]!;
  const ranged = (await demo.invoke(
    new Api.messages.Search({ peer, q: "", filter: new Api.InputMessagesFilterEmpty(), minDate: lo, maxDate: hi, offsetId: 0, addOffset: 0, limit: 100, maxId: 0, minId: 0, hash: bigInt(0) }),
  )) as Api.messages.MessagesSlice;
  t.same(ranged.messages.map((m) => m.id), ids.slice(10, 21).reverse(), "min_date..max_date");
  const g = (await demo.invoke(
    new Api.messages.SearchGlobal({ q: "meeting", filter: new Api.InputMessagesFilterEmpty(), minDate: lo, maxDate: hi, offsetRate: 0, offsetPeer: new Api.InputPeerEmpty(), offsetId: 0, limit: 100 }),
  )) as Api.messages.MessagesSlice;
  t.ok(g.messages.every((m) => (m as Api.Message).date >= lo && (m as Api.Message).date <= hi), "global search honours dates");
  t.equal(await rpcError(demo.invoke(new Api.messages.SearchGlobal({ q: " ", filter: new Api.InputMessagesFilterEmpty(), minDate: 0, maxDate: 0, offsetRate: 0, offsetPeer: new Api.InputPeerEmpty(), offsetId: 0, limit: 10 }))), "SEARCH_QUERY_EMPTY");

  const pinned = (await demo.invoke(
    new Api.messages.Search({ peer: "me", q: "", filter: new Api.InputMessagesFilterPinned(), minDate: 0, maxDate: 0, offsetId: 0, addOffset: 0, limit: 100, maxId: 0, minId: 0, hash: bigInt(0) }),
  )) as Api.messages.Messages;
  t.equal(pinned.messages.length, 1, "pinned filter: Saved Messages has one pinned message");
  t.equal((pinned.messages[0] as Api.Message).pinned, true);

  const news = await demo.getInputEntity("northwind_news");
  const got = (await demo.invoke(new Api.channels.GetMessages({ channel: news, id: [new Api.InputMessageID({ id: 99_999 }), new Api.InputMessagePinned()] }))) as Api.messages.ChannelMessages;
  t.ok(got.messages[0] instanceof Api.MessageEmpty, "missing channel message");
  t.equal((got.messages[1] as Api.Message).pinned, true, "InputMessagePinned");
});

t.test("updates.GetDifference replays edits, deletions and reads", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demo = await loginAs(t, sb);
  const partner = await loginAs(t, sb, "partner");
  const state = await partner.invoke(new Api.updates.GetState());
  const m = await demo.sendMessage("partner", { message: "draft" });
  await demo.editMessage("partner", { message: m.id, text: "final" });
  await partner.markAsRead(sb.world.demoAccountId);
  await demo.deleteMessages("partner", [m.id], { revoke: true });
  const diff = (await partner.invoke(new Api.updates.GetDifference({ pts: state.pts, date: state.date, qts: 0 }))) as Api.updates.Difference;
  t.same(diff.newMessages, [], "the deleted message is not replayed");
  t.ok(diff.otherUpdates.some((u) => u instanceof Api.UpdateDeleteMessages && u.messages.includes(m.id)), "deletion");
  const demoState = await demo.invoke(new Api.updates.GetDifference({ pts: 1, date: 0, qts: 0 }));
  t.ok(demoState instanceof Api.updates.DifferenceTooLong || demoState instanceof Api.updates.Difference);
  const fresh = await demo.invoke(new Api.updates.GetState());
  const m2 = await demo.sendMessage("partner", { message: "again" });
  await demo.editMessage("partner", { message: m2.id, text: "again, edited" });
  await partner.markAsRead(sb.world.demoAccountId);
  const d2 = (await demo.invoke(new Api.updates.GetDifference({ pts: fresh.pts, date: fresh.date, qts: 0 }))) as Api.updates.Difference;
  t.ok(d2.newMessages.some((x) => x.id === m2.id), "own new message");
  t.ok(d2.otherUpdates.some((u) => u instanceof Api.UpdateEditMessage && u.message.id === m2.id), "edit");
  t.ok(d2.otherUpdates.some((u) => u instanceof Api.UpdateReadHistoryOutbox && u.maxId >= m2.id), "the partner read it");
});
