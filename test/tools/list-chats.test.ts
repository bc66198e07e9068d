// list_chats through real gramjs to the sandbox: the inbox paged to the end against the world's
// dialog list, folders, the archive, filters, one messages.GetDialogs per page.
import t from "tap";
import { loginAs, startSandbox } from "../helpers/sandbox.js";
import { caller } from "../mcp/_harness.js";

t.test("list_chats against the sandbox", async (t) => {
  const sb = await startSandbox(t, { flood: false });
  const client = await loginAs(t, sb);
  const call = caller(sb, client);
  const w = sb.world;
  const me = w.demoAccountId;
  const now = Math.floor(Date.now() / 1000);
  /** The world's dialog order for a folder, as marked ids. */
  const expected = (folder: number | undefined) => {
    const { pinned, rest } = w.folderDialogs(me, folder);
    return [...pinned, ...rest].map((idx) => w.peerKey(w.convs[idx]!, me));
  };
  const pageAll = async (args: Record<string, unknown>) => {
    const ids: (number | string)[] = [];
    const items: any[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const r = await call("list_chats", { ...args, ...(cursor ? { cursor } : {}) });
      if (!r.ok) t.fail(r.text);
      t.same(
        r.rpc.filter((m) => m === "messages.GetDialogs"),
        ["messages.GetDialogs"],
        "one messages.GetDialogs per page",
      );
      for (const c of r.data.chats) {
        ids.push(c.id);
        items.push(c);
      }
      cursor = r.data.next_cursor;
      t.equal(r.data.has_more, cursor !== undefined);
      pages++;
    } while (cursor && pages < 30);
    return { ids, items, pages };
  };

  t.test("the main list paged to the end, exactly once each, in Telegram's order", async (t) => {
    const first = await call("list_chats", { limit: 7 });
    t.same(first.rpc, ["messages.GetDialogFilters", "messages.GetDialogs"], "folders are looked up once, then cached");
    const { ids, pages } = await pageAll({ limit: 7 });
    const want = expected(0);
    t.equal(want.length, 35, "the demo account has 35 chats in its main list");
    t.same(ids, want);
    t.ok(pages >= 5);
  });

  t.test("the inbox: unread chats with counts, mentions, previews, folders, mute", async (t) => {
    const { items } = await pageAll({ unread_only: true, limit: 50 });
    const want = expected(0).filter((id) => {
      const conv = w.convs.find((c) => w.peerKey(c, me) === id)!;
      return w.unreadCount(conv, me) > 0;
    });
    t.same(
      items.map((c) => c.id),
      want,
    );
    for (const c of items) {
      const conv = w.convs.find((x) => w.peerKey(x, me) === c.id)!;
      t.equal(c.unread_count, w.unreadCount(conv, me), `${c.title}: unread_count`);
      const mentions = w.unreadMentionIds(conv, me).length;
      t.equal(c.unread_mentions_count, mentions || undefined, `${c.title}: mentions`);
      t.equal(c.muted, w.isMuted(me, conv, now) || undefined, `${c.title}: muted`);
      t.ok(c.last_message.id > 0 && c.last_message.text.length <= 201);
    }
    const orbit = items.find((c) => c.title === "Orbit Community");
    t.match(orbit, { unread_count: 6, unread_mentions_count: 1, is_forum: true, folders: ["Work"] });
    const chat = items.find((c) => c.title === "Orbit Updates Chat");
    t.match(chat, { muted: true, draft: "Thanks for the notes, I will try the beta tonight" });
    t.notOk("pinned" in orbit, "absent when false");
  });

  t.test("a folder by name or id; the archive; chat_type and query", async (t) => {
    const work = await pageAll({ folder: "work" });
    t.same(
      work.items.map((c) => c.title).sort(),
      ["Launch Planning", "Northwind Team", "Orbit Community", "Project Phoenix"],
    );
    const folders = (await call("list_chats", { folder: 999 })).data;
    t.match(folders, { ok: false, error_type: "InvalidParameter", error: /No folder "999".*"Work" \(\d+\).*"Personal"/ });
    const workId = Number(/"Work" \((\d+)\)/.exec(folders.error)![1]);
    const byId = await pageAll({ folder: workId });
    t.same(byId.ids, work.ids, "the same folder by its id");
    const personal = await pageAll({ folder: "🏠 Personal" });
    t.ok(personal.items.every((c) => c.type === "private" || ["Family", "Book Club"].includes(c.title)));
    t.notOk(personal.items.some((c) => c.title === "Old Flatmates"));

    const archive = await pageAll({ archived: true });
    t.same(archive.ids, expected(1));
    t.match(archive.items, [{ title: "Old Flatmates", muted: true }]);
    t.notOk("archived" in archive.items[0], "not repeated on every chat of the archive");

    const channels = await pageAll({ chat_type: "channel" });
    t.ok(channels.items.length >= 5 && channels.items.every((c) => c.type === "channel"));
    const q = await pageAll({ query: "orb" });
    const orbits = expected(0).filter((id) => /^Orbit/.test(w.convs.find((c) => w.peerKey(c, me) === id)!.title));
    t.equal(orbits.length, 3);
    t.same(q.ids, orbits, "title word prefixes, in list order");
  });

  t.test("bad input: a cursor of another query, a cursor that is no cursor", async (t) => {
    const r = await call("list_chats", { limit: 3 });
    const other = await call("list_chats", { limit: 3, unread_only: true, cursor: r.data.next_cursor });
    t.match(other.data, { ok: false, error_type: "InvalidParameter", error: /different search parameters/ });
    t.equal(other.rpc.length, 0, "refused before any Telegram call");
    const junk = await call("list_chats", { cursor: "not-a-cursor" });
    t.match(junk.data, { ok: false, error_type: "InvalidParameter" });
    const bad = await call("list_chats", { limit: 0 });
    t.match(bad.data, { ok: false, error_type: "InvalidParameter" });
  });
});
