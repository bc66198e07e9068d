// Dialog state through real gramjs: the archive (folder 1), pinned dialogs, mute, folders
// (dialog filters), drafts, and unread/mention counters that react to reads.
import t from "tap";
import bigInt from "big-integer";
import { Api, type TelegramClient } from "telegram";
import { loginAs, rpcError, startSandbox } from "../helpers/sandbox.js";
import type { Sandbox } from "../../sandbox/index.js";
import type { SConv } from "../../sandbox/world/world.js";

const conv = (sb: Sandbox, title: string): SConv => sb.world.convs.find((c) => c.title === title)!;

function dialogs(client: TelegramClient, extra: Partial<ConstructorParameters<typeof Api.messages.GetDialogs>[0]> = {}) {
  return client.invoke(new Api.messages.GetDialogs({ offsetPeer: new Api.InputPeerEmpty(), limit: 100, hash: bigInt(0), ...extra })) as Promise<Api.messages.Dialogs>;
}

/** An InputPeer by username through contacts.resolveUsername (gramjs refuses names under 5 letters). */
async function byUsername(client: TelegramClient, username: string): Promise<Api.TypeInputPeer> {
  const r = await client.invoke(new Api.contacts.ResolveUsername({ username }));
  const u = r.users[0] as Api.User | undefined;
  if (u && r.peer instanceof Api.PeerUser) return new Api.InputPeerUser({ userId: u.id, accessHash: u.accessHash! });
  const c = r.chats[0] as Api.Channel;
  return new Api.InputPeerChannel({ channelId: c.id, accessHash: c.accessHash! });
}

/** Title of a dialog's peer from the response's chats/users. */
function titles(r: Api.messages.Dialogs | Api.messages.PeerDialogs): string[] {
  return r.dialogs.map((d) => {
    const p = (d as Api.Dialog).peer;
    if (p instanceof Api.PeerUser) return (r.users.find((u) => u.id.eq(p.userId)) as Api.User).firstName ?? "";
    const id = p instanceof Api.PeerChat ? p.chatId : (p as Api.PeerChannel).channelId;
    return (r.chats.find((c) => c.id.eq(id)) as Api.Chat).title;
  });
}

t.test("archive: folder_id 0/1, editPeerFolders, a new message brings an unmuted chat back", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demo = await loginAs(t, sb);
  const me = sb.world.demoAccountId;
  const all = await dialogs(demo);
  t.equal(all.dialogs.length, sb.world.dialogList(me).length, "no folder: every dialog (36)");
  const flat = all.dialogs[titles(all).indexOf("Old Flatmates")] as Api.Dialog;
  t.equal(flat.folderId, 1, "the archived chat says folder 1");
  t.ok(flat.notifySettings.muteUntil! > Date.now() / 1000, "and is muted");
  const archive = await dialogs(demo, { folderId: 1 });
  t.same(titles(archive), ["Old Flatmates"], "folder 1: the archive");
  const main = await dialogs(demo, { folderId: 0 });
  t.equal(main.dialogs.length, all.dialogs.length - 1, "folder 0: the rest");
  t.equal(await rpcError(dialogs(demo, { folderId: 2 })), "FOLDER_ID_INVALID");

  const alice = await demo.getInputEntity("alice");
  const r = (await demo.invoke(new Api.folders.EditPeerFolders({ folderPeers: [new Api.InputFolderPeer({ peer: alice, folderId: 1 })] }))) as Api.Updates;
  t.ok(r.updates[0] instanceof Api.UpdateFolderPeers, "answer: UpdateFolderPeers");
  t.same(titles(await dialogs(demo, { folderId: 1 })).sort(), ["Alice", "Old Flatmates"]);
  t.equal(await rpcError(demo.invoke(new Api.folders.EditPeerFolders({ folderPeers: [new Api.InputFolderPeer({ peer: alice, folderId: 5 })] }))), "FOLDER_ID_INVALID");

  const aliceClient = await loginAs(t, sb, "alice");
  await aliceClient.sendMessage(await byUsername(aliceClient, "demo"), { message: "Are you around?" });
  t.same(titles(await dialogs(demo, { folderId: 1 })), ["Old Flatmates"], "Alice's new message unarchived her chat; the muted one stays");
});

t.test("pinned dialogs: first in pin order, at most 5 in the main list, getPinnedDialogs", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demo = await loginAs(t, sb);
  const names = ["alice", "bobsmith", "carol_w", "dbrown", "emma", "gracelee"];
  const peers = await Promise.all(names.map((n) => byUsername(demo, n)));
  for (const p of peers.slice(0, 5)) t.equal(await demo.invoke(new Api.messages.ToggleDialogPin({ pinned: true, peer: new Api.InputDialogPeer({ peer: p }) })), true);
  t.equal(await rpcError(demo.invoke(new Api.messages.ToggleDialogPin({ pinned: true, peer: new Api.InputDialogPeer({ peer: peers[5]! }) }))), "PINNED_DIALOGS_TOO_MUCH", "a sixth pin");
  const first = await dialogs(demo, { limit: 7 });
  t.same(titles(first).slice(0, 5), ["Emma", "David", "Carol", "Bob", "Alice"], "newest pin first");
  t.ok(first.dialogs.slice(0, 5).every((d) => (d as Api.Dialog).pinned) && !(first.dialogs[5] as Api.Dialog).pinned);
  const all = await demo.getDialogs({ limit: 1000 });
  t.equal(all.length, sb.world.dialogList(sb.world.demoAccountId).length, "paging with pins still lists every dialog once");
  t.equal(new Set(all.map((d) => d.id!.toString())).size, all.length);
  const pinned = await demo.invoke(new Api.messages.GetPinnedDialogs({ folderId: 0 }));
  t.same(titles(pinned), ["Emma", "David", "Carol", "Bob", "Alice"]);
  await demo.invoke(new Api.messages.ToggleDialogPin({ pinned: false, peer: new Api.InputDialogPeer({ peer: peers[0]! }) }));
  t.equal((await demo.invoke(new Api.messages.GetPinnedDialogs({ folderId: 0 }))).dialogs.length, 4, "unpinned");
  t.equal(await rpcError(demo.invoke(new Api.messages.GetPinnedDialogs({ folderId: 3 }))), "FOLDER_ID_INVALID");
});

t.test("mute and folders: notify settings, dialog filters with Telegram's checks", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demo = await loginAs(t, sb);
  await demo.getDialogs({ limit: 100 }); // fills gramjs's entity cache with the private chats' hashes
  const team = await demo.getInputEntity(-1002000000000);
  const until = Math.floor(Date.now() / 1000) + 8 * 3600;
  t.equal(await demo.invoke(new Api.account.UpdateNotifySettings({ peer: new Api.InputNotifyPeer({ peer: team }), settings: new Api.InputPeerNotifySettings({ muteUntil: until }) })), true);
  const got = await demo.invoke(new Api.account.GetNotifySettings({ peer: new Api.InputNotifyPeer({ peer: team }) }));
  t.equal(got.muteUntil, until, "muted for 8 hours");
  const d = (await demo.invoke(new Api.messages.GetPeerDialogs({ peers: [new Api.InputDialogPeer({ peer: team })] }))).dialogs[0] as Api.Dialog;
  t.equal(d.notifySettings.muteUntil, until, "the dialog shows it");
  t.ok(sb.world.isMuted(sb.world.demoAccountId, conv(sb, "Northwind Team"), Math.floor(Date.now() / 1000)));

  const f = await demo.invoke(new Api.messages.GetDialogFilters());
  t.ok(f.filters[0] instanceof Api.DialogFilterDefault, "All chats first");
  const [work, personal] = f.filters.slice(1) as Api.DialogFilter[];
  t.same([work!.title.text, personal!.title.text], ["Work", "Personal"]);
  t.equal(work!.includePeers.length + work!.pinnedPeers.length, 4, "Work: Northwind Team pinned, three chats included");
  t.ok(personal!.contacts && personal!.excludeArchived, "Personal: contacts, archived excluded");
  const me = sb.world.demoAccountId;
  const inPersonal = sb.world.dialogList(me).filter((idx) => sb.world.inFilter(me, sb.world.getUser(me)!.filters[1]!, sb.world.convs[idx]!, 0));
  t.ok(inPersonal.includes(conv(sb, "Family").idx) && !inPersonal.includes(conv(sb, "Old Flatmates").idx), "the world model applies the rules");

  const filter = (id: number, title: string, include: Api.TypeInputPeer[], extra = {}) =>
    new Api.DialogFilter({ id, title: new Api.TextWithEntities({ text: title, entities: [] }), pinnedPeers: [], includePeers: include, excludePeers: [], ...extra });
  t.equal(await demo.invoke(new Api.messages.UpdateDialogFilter({ id: 4, filter: filter(4, "News", [team], { broadcasts: true }) })), true);
  t.equal((await demo.invoke(new Api.messages.GetDialogFilters())).filters.length, 4, "created");
  t.equal(await rpcError(demo.invoke(new Api.messages.UpdateDialogFilter({ id: 1, filter: filter(1, "X", [team]) }))), "FILTER_ID_INVALID", "0 and 1 are reserved");
  t.equal(await rpcError(demo.invoke(new Api.messages.UpdateDialogFilter({ id: 5, filter: filter(5, " ", [team]) }))), "FILTER_TITLE_EMPTY");
  t.equal(await rpcError(demo.invoke(new Api.messages.UpdateDialogFilter({ id: 5, filter: filter(5, "Empty", []) }))), "FILTER_INCLUDE_EMPTY");
  t.equal(await demo.invoke(new Api.messages.UpdateDialogFilter({ id: 4 })), true, "no filter: delete");
  t.equal((await demo.invoke(new Api.messages.GetDialogFilters())).filters.length, 3);
});

t.test("drafts: saveDraft, getAllDrafts, draft on dialogs, cleared by an empty draft or clear_draft", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demo = await loginAs(t, sb);
  const seeded = (await demo.invoke(new Api.messages.GetAllDrafts())) as Api.Updates;
  t.equal(seeded.updates.length, 1, "the demo world has one draft");
  t.match(((seeded.updates[0] as Api.UpdateDraftMessage).draft as Api.DraftMessage).message, /try the beta tonight/);
  const alice = await demo.getInputEntity("alice");
  t.equal(await demo.invoke(new Api.messages.SaveDraft({ peer: alice, message: "Draft for Alice" })), true);
  const d = (await demo.invoke(new Api.messages.GetPeerDialogs({ peers: [new Api.InputDialogPeer({ peer: alice })] }))).dialogs[0] as Api.Dialog;
  t.equal((d.draft as Api.DraftMessage).message, "Draft for Alice", "the dialog carries the draft");
  t.equal(((await demo.invoke(new Api.messages.GetAllDrafts())) as Api.Updates).updates.length, 2);
  t.equal(await rpcError(demo.invoke(new Api.messages.SaveDraft({ peer: alice, message: "x".repeat(4097) }))), "MESSAGE_TOO_LONG");
  t.equal(await rpcError(demo.invoke(new Api.messages.SaveDraft({ peer: new Api.InputPeerChat({ chatId: bigInt(4000000003) }), message: "hi" }))), "PEER_ID_INVALID", "a group one is not in");
  await demo.invoke(new Api.messages.SendMessage({ peer: alice, message: "Sent", randomId: bigInt(77), clearDraft: true }));
  t.equal(((await demo.invoke(new Api.messages.GetAllDrafts())) as Api.Updates).updates.length, 1, "clear_draft on send");
  await demo.invoke(new Api.messages.SaveDraft({ peer: alice, message: "again" }));
  await demo.invoke(new Api.messages.SaveDraft({ peer: alice, message: "" }));
  t.equal(((await demo.invoke(new Api.messages.GetAllDrafts())) as Api.Updates).updates.length, 1, "an empty draft deletes it");
});

t.test("unread counters: readHistory moves read_inbox_max_id and unread_count; mentions need readMentions", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demo = await loginAs(t, sb);
  const peerDialog = async (peer: Api.TypeInputPeer) =>
    (await demo.invoke(new Api.messages.GetPeerDialogs({ peers: [new Api.InputDialogPeer({ peer })] }))).dialogs[0] as Api.Dialog;
  const phoenix = new Api.InputPeerChat({ chatId: bigInt(4000000000) });
  const before = await peerDialog(phoenix);
  t.equal(before.unreadCount, 3, "documented: 3 unread in Project Phoenix");
  const w = sb.world;
  const p = conv(sb, "Project Phoenix");
  const unreadIds = Array.from(p.rows.subarray(0, p.count))
    .filter((row) => w.store.id[row]! > before.readInboxMaxId && w.store.from[row] !== w.demoAccountId)
    .map((row) => w.store.id[row]!);
  await demo.invoke(new Api.messages.ReadHistory({ peer: phoenix, maxId: unreadIds[0]! }));
  const mid = await peerDialog(phoenix);
  t.equal(mid.readInboxMaxId, unreadIds[0], "read_inbox_max_id moved");
  t.equal(mid.unreadCount, 2, "one of three read");
  await demo.invoke(new Api.messages.ReadHistory({ peer: phoenix, maxId: 0 }));
  t.equal((await peerDialog(phoenix)).unreadCount, 0);

  const news = await demo.getInputEntity("northwind_news");
  await demo.invoke(new Api.channels.ReadHistory({ channel: news as unknown as Api.InputChannel, maxId: 0 }));
  t.equal((await peerDialog(news)).unreadCount, 0, "channels.readHistory");

  const forum = await demo.getInputEntity("orbit_community");
  const f = await peerDialog(forum);
  t.equal(f.unreadMentionsCount, 1, "one unread @demo mention in the forum");
  await demo.invoke(new Api.channels.ReadHistory({ channel: forum as unknown as Api.InputChannel, maxId: 0 }));
  const read = await peerDialog(forum);
  t.equal(read.unreadCount, 0);
  t.equal(read.unreadMentionsCount, 1, "reading history leaves the mention unread (as on Telegram)");
  const mentions = (await demo.invoke(new Api.messages.GetUnreadMentions({ peer: forum, offsetId: 0, addOffset: 0, limit: 10, maxId: 0, minId: 0 }))) as Api.messages.ChannelMessages;
  t.equal(mentions.messages.length, 1);
  const m = mentions.messages[0] as Api.Message;
  t.match(m.message, /^@demo /);
  t.ok(m.mentioned && m.mediaUnread, "mentioned, unread");
  const r = await demo.invoke(new Api.messages.ReadMentions({ peer: forum }));
  t.ok(r instanceof Api.messages.AffectedHistory);
  t.equal((await peerDialog(forum)).unreadMentionsCount, 0, "readMentions clears it");

  await demo.getDialogs({ limit: 100 });
  const chat = await demo.getInputEntity(-1002000000011);
  t.equal((await peerDialog(chat)).unreadMentionsCount, 1, "a reply to @demo's comment counts as a mention");
  const mine = (await demo.invoke(new Api.messages.GetUnreadMentions({ peer: chat, offsetId: 0, addOffset: 0, limit: 10, maxId: 0, minId: 0 }))) as Api.messages.ChannelMessages;
  await demo.invoke(new Api.channels.ReadMessageContents({ channel: chat as unknown as Api.InputChannel, id: [mine.messages[0]!.id] }));
  t.equal((await peerDialog(chat)).unreadMentionsCount, 0, "channels.readMessageContents reads it");
});
