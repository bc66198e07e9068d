// Every tool through real gramjs to the sandbox: results checked against the sandbox world,
// RPC budgets checked exactly with the sandbox counters.
import t from "tap";
import type { Sandbox } from "../../sandbox/index.js";
import { loginAs, startSandbox, demoUser } from "../helpers/sandbox.js";
import { caller, catalog } from "./_harness.js";
import { Type } from "typebox";
import { topLevelDefaults } from "../../services/mcp/server-factory.js";

/** Ids (newest first) of the messages the world says match `terms` in a conversation. */
function expectedInConv(sb: Sandbox, convIdx: number, terms: string[]): number[] {
  const w = sb.world;
  const rows = new Set<number>();
  for (const q of terms) for (const r of w.searchRows(q, (row) => w.store.conv[row] === convIdx) ?? []) rows.add(r);
  return [...rows].map((r) => w.store.id[r]!).sort((a, b) => b - a);
}

function expectedGlobal(sb: Sandbox, viewer: number, terms: string[], accept: (convIdx: number) => boolean = () => true): string[] {
  const w = sb.world;
  const me = w.getUser(viewer)!;
  const rows = new Set<number>();
  for (const q of terms) {
    for (const r of w.searchRows(q, (row) => {
      const c = w.convs[w.store.conv[row]!]!;
      return me.dialogs.has(c.idx) && c.members.has(viewer) && accept(c.idx);
    }) ?? []) rows.add(r);
  }
  return [...rows].map((r) => `${w.peerKey(w.convs[w.store.conv[r]!]!, viewer)}:${w.store.id[r]}`);
}

t.test("tools against the sandbox", async (t) => {
  // Dozens of searches in a few seconds from one account: a test harness, not a user, so the
  // sandbox's flood limits are off here (test/sandbox/flood.test.ts covers them with tgmcp).
  const sb = await startSandbox(t, { flood: false });
  const client = await loginAs(t, sb);
  const call = caller(sb, client);
  const w = sb.world;
  const me = w.demoAccountId;
  const alice = demoUser(sb, "alice");
  const aliceConv = w.findPrivateConv(me, alice)!;

  t.test("search_messages_in_chat: exact matches, paged to the end without gaps or repeats", async (t) => {
    const want = expectedInConv(sb, aliceConv.idx, ["launch", "budget", "deadline"]);
    t.ok(want.length > 5, "the world has enough matches for several pages");
    const got: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    let lastSearches = 3;
    do {
      const r = await call("search_messages_in_chat", { chat_id: "@alice", query: "launch, budget, deadline", limit: 3, ...(cursor ? { cursor } : {}) });
      t.ok(r.ok, r.text);
      // one messages.Search per (still active) term per page: all three on the first, then never
      // more than the page before (an exhausted term drops out); @alice resolved only on the first page
      const searches = r.rpc.filter((m) => m === "messages.Search").length;
      if (pages === 0) t.equal(searches, 3, "first page: one messages.Search per term");
      else t.ok(searches <= lastSearches, `page ${pages + 1}: ${searches} messages.Search, at most the ${lastSearches} of the page before`);
      lastSearches = searches;
      t.equal(r.rpc.filter((m) => m === "contacts.ResolveUsername").length, pages === 0 ? 1 : 0, "chat_id resolved once, then cached");
      t.ok(r.data.messages.length <= 3);
      t.equal(r.data.chat_id, alice);
      for (const m of r.data.messages) {
        t.notOk("chat_id" in m, "in-chat results name the chat once, at the top");
        got.push(m.id);
      }
      cursor = r.data.next_cursor;
      t.equal(r.data.has_more, cursor !== undefined);
      pages++;
    } while (cursor && pages < 20);
    t.same(got, want, "every match exactly once, newest first");
  });

  t.test("search_messages_in_chat: first page budget is exactly one call per term", async (t) => {
    const r = await call("search_messages_in_chat", { chat_id: "@alice", query: "launch, budget", limit: 50 });
    t.same(r.rpc, ["messages.Search", "messages.Search"]);
    t.same(r.data.messages.map((m: any) => m.id), expectedInConv(sb, aliceConv.idx, ["launch", "budget"]));
    t.equal(r.data.has_more, false);
  });

  t.test("search_messages_in_chat without query: the latest messages and the total", async (t) => {
    const r = await call("search_messages_in_chat", { chat_id: alice, limit: 5 });
    t.ok(r.ok, r.text);
    const ids = Array.from(aliceConv.rows.subarray(0, aliceConv.count), (row) => w.store.id[row]!).reverse();
    t.same(r.data.messages.map((m: any) => m.id), ids.slice(0, 5));
    t.equal(r.data.total_count, aliceConv.count);
    t.equal(r.data.has_more, true);
    t.same(r.rpc, ["messages.Search"], "numeric id of a user seen before: no resolution call");
    const m = r.data.messages[0];
    t.match(r.data, { chat_id: alice, peers: { [alice]: { type: "private", username: "alice" } } });
    t.match(m, { id: Number, date: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/ });
    t.notOk("from_id" in m, "a private chat: the sender is us (outgoing) or the chat itself");
    t.notOk(m.outgoing === false, "outgoing only when true");
    t.notOk(JSON.stringify(r.data).includes("access_hash") || JSON.stringify(r.data).includes("accessHash"), "no access hash");
  });

  t.test("seed defaults are applied: limit 50 for searches, 20 for find_chats", async (t) => {
    const r = await call("search_messages_in_chat", { chat_id: "me" });
    t.equal(r.data.messages.length, 50);
    const g = await call("search_messages_globally", { query: "the" });
    t.equal(g.data.messages.length, 50);
    const names = "alice, bob, carol, david, emma, frank, grace, henry, isabel, jack, karen, liam, mia, noah, olivia, paul, quinn, rachel, sam, tina, uma, victor";
    const all = await call("find_chats", { query: names, limit: 100 });
    t.ok(all.data.chats.length > 20, "the world has more than 20 matches");
    t.equal(all.rpc.length, 22, "one contacts.Search per term");
    const f = await call("find_chats", { query: names });
    t.equal(f.data.chats.length, 20);
    t.equal(f.data.has_more, true);
  });

  t.test("search_messages_in_chat: date-only max_date includes that whole day", async (t) => {
    const rows = Array.from(aliceConv.rows.subarray(0, aliceConv.count));
    const mid = rows[Math.floor(rows.length / 2)]!;
    const day = new Date(w.store.date[mid]! * 1000).toISOString().slice(0, 10);
    const end = Date.parse(day + "T23:59:59Z") / 1000;
    const want = rows.filter((r) => w.store.date[r]! <= end).map((r) => w.store.id[r]!).reverse();
    const got: number[] = [];
    let cursor: string | undefined;
    do {
      const r = await call("search_messages_in_chat", { chat_id: "@alice", max_date: day, limit: 100, ...(cursor ? { cursor } : {}) });
      t.ok(r.ok, r.text);
      got.push(...r.data.messages.map((m: any) => m.id));
      cursor = r.data.next_cursor;
    } while (cursor);
    t.same(got, want);
    const start = Date.parse(day + "T00:00:00Z") / 1000;
    const sameDay = rows.filter((r) => w.store.date[r]! >= start && w.store.date[r]! <= end).map((r) => w.store.id[r]!).reverse();
    const r = await call("search_messages_in_chat", { chat_id: "@alice", min_date: day, max_date: day });
    t.same(r.data.messages.map((m: any) => m.id), sameDay, "min_date = max_date = one day");
  });

  t.test("search_messages_globally: multi-term, paged to the end, one call per term per page", async (t) => {
    const want = expectedGlobal(sb, me, ["invoice", "roadmap"]);
    const got: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    let lastDate = Infinity;
    do {
      const r = await call("search_messages_globally", { query: "invoice, roadmap", limit: 100, ...(cursor ? { cursor } : {}) });
      t.ok(r.ok, r.text);
      t.ok(r.rpc.length <= 2 && r.rpc.every((m) => m === "messages.SearchGlobal"), `page ${pages}: ${r.rpc}`);
      if (pages === 0) t.equal(r.rpc.length, 2);
      for (const m of r.data.messages) {
        const d = Date.parse(m.date);
        t.ok(d <= lastDate, "newest first");
        lastDate = d;
        t.ok(r.data.peers[String(m.chat_id)], "peers names every message's chat");
        if (m.from_id !== undefined) t.ok(r.data.peers[String(m.from_id)], "and every sender");
        got.push(`${m.chat_id}:${m.id}`);
      }
      cursor = r.data.next_cursor;
      pages++;
    } while (cursor && pages < 30);
    t.equal(new Set(got).size, got.length, "no repeats");
    t.same([...got].sort(), [...want].sort(), "exactly the matching messages");
  });

  t.test("search_messages_globally: chat_type and public filters", async (t) => {
    const r = await call("search_messages_globally", { query: "budget", chat_type: "channel", limit: 20 });
    t.ok(r.ok, r.text);
    t.ok(r.data.messages.length > 0);
    for (const m of r.data.messages) t.equal(r.data.peers[m.chat_id].type, "channel");
    const p = await call("search_messages_globally", { query: "budget", public: true, limit: 30 });
    for (const m of p.data.messages) t.ok(p.data.peers[m.chat_id].type === "private" || p.data.peers[m.chat_id].username, "public filter never drops private chats, keeps only chats with a username");
  });

  t.test("search: wildcard and regex are refused with an explanation, no RPC", async (t) => {
    const r = await call("search_messages_globally", { query: "proj*" });
    t.notOk(r.ok);
    t.match(r.data, { ok: false, error_type: "InvalidParameter", operation: "search_messages_globally", error: /prefix/ });
    t.same(r.rpc, []);
  });

  t.test("search: a cursor from another query is refused", async (t) => {
    const first = await call("search_messages_in_chat", { chat_id: "@alice", limit: 1 });
    const r = await call("search_messages_in_chat", { chat_id: "@alice", query: "launch", cursor: first.data.next_cursor });
    t.match(r.data, { error_type: "InvalidParameter", error: /different search parameters/ });
    const other = await call("search_messages_in_chat", { chat_id: "@bobsmith", cursor: first.data.next_cursor });
    t.match(other.data, { error_type: "InvalidParameter" }, "another chat");
    const same = await call("search_messages_in_chat", { chat_id: alice, limit: 1, cursor: first.data.next_cursor });
    t.ok(same.ok, "the same chat by another form of chat_id continues the listing");
    t.ok(same.data.messages[0].id < first.data.messages[0].id);
  });

  t.test("read_messages: one call; missing and foreign ids become error entries", async (t) => {
    const ids = Array.from(aliceConv.rows.subarray(0, 3), (row) => w.store.id[row]!);
    const bob = w.findPrivateConv(me, demoUser(sb, "bobsmith"))!;
    const foreign = w.store.id[bob.rows[0]!]!;
    const r = await call("read_messages", { chat_id: "@alice", message_ids: [ids[0], 99999999, ids[1], foreign, ids[2]] });
    t.ok(r.ok, r.text);
    t.same(r.rpc, ["messages.GetMessages"], "one call (alice cached)");
    t.same(r.data.messages.map((m: any) => m.id), [ids[0], 99999999, ids[1], foreign, ids[2]]);
    t.equal(r.data.messages[0].text, w.store.text(aliceConv.rows[0]!));
    t.match(r.data.messages[1], { id: 99999999, error: /not found/ });
    t.match(r.data.messages[3], { id: foreign, error: String });
    t.notOk("error" in r.data.messages[2]);
  });

  t.test("read_messages in a channel uses channels.GetMessages", async (t) => {
    // a fresh client: nothing cached yet, so the username costs one resolution
    const call = caller(sb, await loginAs(t, sb));
    const conv = w.resolveUsername("ts_enthusiasts")!.conv!;
    const id = w.store.id[conv.rows[conv.count - 1]!]!;
    const r = await call("read_messages", { chat_id: "https://t.me/ts_enthusiasts", message_ids: [id] });
    t.ok(r.ok, r.text);
    t.same(r.rpc, ["contacts.ResolveUsername", "channels.GetMessages"]);
    t.match(r.data.messages[0], { id, link: `https://t.me/ts_enthusiasts/${id}` });
    t.match(r.data.peers[r.data.chat_id], { type: "group", username: "ts_enthusiasts" });
  });

  t.test("find_chats: contacts, chats and public entities; one call per term", async (t) => {
    const r = await call("find_chats", { query: "alice, northwind" });
    t.ok(r.ok, r.text);
    t.same(r.rpc, ["contacts.Search", "contacts.Search"]);
    const titles = r.data.chats.map((c: any) => c.title);
    t.ok(titles.includes("Alice Johnson"));
    t.ok(titles.includes("Northwind News"));
    const ch = await call("find_chats", { query: "northwind", chat_type: "channel" });
    t.ok(ch.data.chats.length > 0);
    for (const c of ch.data.chats) t.equal(c.type, "channel");
    const pub = await call("find_chats", { query: "northwind", public: false });
    for (const c of pub.data.chats) t.ok(c.type === "private" || !c.username);
    const phone = await call("find_chats", { query: "+" + w.getUser(alice)!.phone });
    t.same(phone.rpc, ["contacts.ResolvePhone"]);
    t.match(phone.data.chats, [{ id: alice }]);
  });

  t.test("find_chats: limit and cursor page through the merged list", async (t) => {
    const all = await call("find_chats", { query: "a", limit: 100 });
    const got: unknown[] = [];
    let cursor: string | undefined;
    do {
      const r = await call("find_chats", { query: "a", limit: 4, ...(cursor ? { cursor } : {}) });
      got.push(...r.data.chats.map((c: any) => c.id));
      cursor = r.data.next_cursor;
    } while (cursor);
    t.same(got, all.data.chats.map((c: any) => c.id));
  });

  t.test("get_chat_info: one full-info call (users: with their groups in common, in parallel); cached chat_id and folders cost nothing", async (t) => {
    const call = caller(sb, await loginAs(t, sb));
    const user = await call("get_chat_info", { chat_id: "@carol_w" });
    t.equal(user.rpc[0], "contacts.ResolveUsername");
    t.same(user.rpc.slice(1).sort(), ["messages.GetCommonChats", "messages.GetDialogFilters", "users.GetFullUser"], "the folders once per session");
    const carol = w.resolveUsername("carol_w")!.user!;
    t.match(user.data, { id: carol.id, title: "Carol Williams", type: "private", bio: carol.bio, status: "offline", last_seen: String });
    const again = await call("get_chat_info", { chat_id: "carol_w" });
    t.same(again.rpc.sort(), ["messages.GetCommonChats", "users.GetFullUser"]);

    const chan = await call("get_chat_info", { chat_id: "@telegram" });
    const conv = w.resolveUsername("telegram")!.conv!;
    t.same(chan.rpc, ["contacts.ResolveUsername", "channels.GetFullChannel"]);
    t.match(chan.data, { type: "channel", title: "Telegram News", subscribers_count: w.participantsCount(conv), about: conv.about });

    const self = await call("get_chat_info", { chat_id: "me" });
    t.same(self.rpc, ["users.GetFullUser"]);
    t.match(self.data, { id: me, is_self: true });

    const group = w.convs.find((c) => c.kind === "chat" && c.members.has(me))!;
    const g = await call("get_chat_info", { chat_id: String(-group.id) });
    t.ok(g.rpc.length <= 2, String(g.rpc));
    t.match(g.data, { id: -group.id, type: "group", title: group.title, members_count: group.members.size });
  });

  t.test("unknown chats: EntityNotFound naming the input and the accepted forms", async (t) => {
    const r = await call("get_chat_info", { chat_id: "@no_such_user_xyz" });
    t.match(r.data, { ok: false, error_type: "EntityNotFound", operation: "get_chat_info", error: /no_such_user_xyz.*Accepted forms: 'me'/s });
    const bad = await call("get_chat_info", { chat_id: "not a chat!" });
    t.match(bad.data, { error_type: "InvalidParameter", error: /not a form/ });
    t.same(bad.rpc, []);
  });
});

t.test("invalid parameters of every tool give InvalidParameter without touching Telegram", async (t) => {
  const sb = await startSandbox(t);
  const client = await loginAs(t, sb);
  const call = caller(sb, client);
  const cases: [string, unknown, RegExp][] = [
    ["search_messages_globally", {}, /missing required parameter 'query'/],
    ["search_messages_globally", { query: "x", limit: 0 }, /limit/],
    ["search_messages_globally", { query: "x", chat_type: "supergroup" }, /chat_type/],
    ["search_messages_globally", { query: "x", min_date: "last week" }, /min_date/],
    ["search_messages_in_chat", { query: "x" }, /missing required parameter 'chat_id'/],
    ["search_messages_in_chat", { chat_id: "me", limit: 1000 }, /limit/],
    ["search_messages_in_chat", { chat_id: "me", cursor: "garbage" }, /cursor/],
    ["send_message", { chat_id: "me" }, /'message'/],
    ["send_message", { chat_id: "me", message: "x", parse_mode: "rich" }, /parse_mode/],
    ["send_message", { chat_id: "me", message: "   " }, /empty/],
    ["send_message", { chat_id: "me", message: "x", colour: "red" }, /unknown parameter 'colour'/],
    ["edit_message", { chat_id: "me", message: "x" }, /'message_id'/],
    ["edit_message", { chat_id: "me", message_id: "abc", message: "x" }, /message_id/],
    ["read_messages", { chat_id: "me", message_ids: [] }, /message_ids/],
    ["read_messages", { chat_id: "me", message_ids: [1.5] }, /message_ids/],
    ["find_chats", { query: "" }, /query/],
    ["find_chats", { query: "x", limit: -1 }, /limit/],
    ["get_chat_info", { chat_id: "" }, /chat_id/],
    ["get_chat_info", { chat_id: "me", extra: 1 }, /unknown parameter/],
    ["send_message_to_phone", { phone_number: "+15551234567" }, /'message'/],
    ["send_message_to_phone", { phone_number: "call me", message: "x" }, /phone/],
    ["send_message_to_phone", { phone_number: "+15551234567", message: "x", remove_if_new: "yes" }, /remove_if_new/],
  ];
  for (const [tool, args, re] of cases) {
    const r = await call(tool, args);
    t.notOk(r.ok, `${tool} ${JSON.stringify(args)}`);
    t.match(r.data, { ok: false, error_type: "InvalidParameter", operation: tool, error: re }, `${tool} ${JSON.stringify(args)}`);
    t.same(r.rpc, [], `${tool}: no RPC`);
  }
});

t.test("message shapes: views, reactions, media, forwards, edits, albums come through", async (t) => {
  const sb = await startSandbox(t);
  const call = caller(sb, await loginAs(t, sb));
  const w = sb.world;
  const s = w.store;
  const me = w.demoAccountId;
  const visible = (row: number) => {
    const c = w.convs[s.conv[row]!]!;
    return c.members.has(me) && !w.isDeleted(row);
  };
  const rowsWith = (pred: (row: number) => boolean) => {
    for (const c of w.convs) for (let i = c.count - 1; i >= 0; i--) if (visible(c.rows[i]!) && pred(c.rows[i]!)) return c.rows[i]!;
    return -1;
  };
  const read = async (row: number) => {
    const conv = w.convs[s.conv[row]!]!;
    const r = await call("read_messages", { chat_id: String(w.peerKey(conv, me)), message_ids: [s.id[row]] });
    t.ok(r.ok, r.text);
    return r.data.messages[0];
  };
  const checks: [string, (row: number) => boolean, (m: any, row: number) => void][] = [
    ["reactions", (r) => s.reactions.has(r), (m, r) => {
      const byEmoji = s.reactions.get(r)!;
      t.same(m.reactions, Object.fromEntries([...byEmoji].map(([e, users]) => [e, users.length])), "emoji -> count");
      const mine = [...byEmoji].filter(([, users]) => users.includes(me)).map(([e]) => e);
      t.equal(m.my_reaction, mine.length ? mine.join(" ") : undefined, "my_reaction names ours");
    }],
    ["views", (r) => { const c = w.convs[s.conv[r]!]!; return c.kind === "channel" && c.broadcast && s.views[r]! > 0; }, (m, r) => t.equal(m.views, s.views[r])],
    ["media", (r) => s.media.has(r), (m, r) => {
      const media = w.media.get(s.media.get(r)!)!;
      t.equal(m.media.mime_type, media.kind === "photo" ? "image/jpeg" : media.mime);
      t.ok(m.media.type);
    }],
    ["forwarded_from", (r) => s.fwd.has(r), (m) => t.ok(m.forwarded_from.title)],
    ["edit_date", (r) => s.editDate[r]! > 0, (m, r) => t.equal(m.edit_date, new Date(s.editDate[r]! * 1000).toISOString().replace(".000Z", "Z"))],
    ["grouped_id", (r) => s.groupedId.has(r), (m) => t.ok(m.grouped_id)],
    ["reply_to_msg_id", (r) => s.replyTo[r]! > 0, (m, r) => t.equal(m.reply_to_msg_id, s.replyTo[r])],
  ];
  for (const [name, pred, check] of checks) {
    const row = rowsWith(pred);
    if (row < 0) {
      t.comment(`the demo world has no message with ${name}`);
      continue;
    }
    const m = await read(row);
    t.ok(m && !m.error, `${name}: read ${JSON.stringify(m).slice(0, 200)}`);
    check(m, row);
  }
});

t.test("parameter defaults: read once from each schema's top level; deeper ones are refused", async (t) => {
  const byName = new Map(catalog.tools.map((x) => [x.def.name, Object.fromEntries(x.defaults)]));
  t.same(byName.get("send_message_to_phone"), { first_name: "Contact", last_name: "Name", remove_if_new: false, parse_mode: "auto" });
  t.same(byName.get("search_messages_globally"), { limit: 50 });
  t.same(byName.get("invoke_mtproto"), { params_json: "{}", allow_dangerous: false, resolve: true });
  const nested = Type.Object({ outer: Type.Object({ inner: Type.Integer({ default: 1 }) }) });
  t.throws(() => topLevelDefaults("x", nested as never), /only top-level parameters may have defaults/);
  t.throws(() => topLevelDefaults("x", Type.Object({ a: Type.Array(Type.String(), { default: [] }) }) as never), /must be a primitive/);
});
