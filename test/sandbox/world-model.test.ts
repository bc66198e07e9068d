// The sandbox world as a component: search index, message storage, read state, dialogs, access
// hashes, the seeded demo world and the large-world generator.
import t from "tap";
import { SearchIndex, textMatches, tokenize } from "../../sandbox/world/search-index.js";
import { World } from "../../sandbox/world/world.js";
import { buildDemoWorld, DEMO, DEMO_REFERENCE_DATE } from "../../sandbox/world/demo.js";
import { generateWorld } from "../../sandbox/world/generate.js";
import { imageSize } from "../../sandbox/rpc/upload.js";

t.test("search index: word prefixes, case-insensitive, every word must match", async (t) => {
  const ix = new SearchIndex();
  ix.add(0, "Project Phoenix deadline moved");
  ix.add(1, "projects and PROJECTIONS");
  ix.add(2, "The meeting is at noon");
  ix.add(3, "Deadline: Friday. Meeting notes attached");
  t.same([...ix.query("proj")!], [0, 1]);
  t.same([...ix.query("PROJ")!], [0, 1], "case-insensitive");
  t.same([...ix.query("deadline")!], [0, 3]);
  t.same([...ix.query("meet dead")!], [3], "all words, each by prefix");
  t.same([...ix.query("oject")!], [], "prefix, not substring");
  t.equal(ix.query("  ...  "), null, "no words: null (list instead of search)");
  ix.add(1, "now about a deadline"); // an edit re-indexes an older row out of order
  t.same([...ix.query("deadline")!], [0, 1, 3], "postings stay sorted after out-of-order adds");
  t.same(tokenize("Héllo, wörld! héllo"), ["héllo", "wörld"], "unicode words, deduplicated");
  t.ok(textMatches("Budget review", "bud rev"));
  t.notOk(textMatches("Budget review", "bud x"));
});

t.test("world: ids, lookups, edits, deletes, read state and dialog order", async (t) => {
  const w = new World({ secret: 7 });
  const a = w.createUser({ phone: "+999 66 2 0001", firstName: "A", username: "usera" });
  const b = w.createUser({ phone: "9996620002", firstName: "B" });
  t.equal(w.findUserByPhone("+9996620001")?.id, a.id, "phones are normalized to digits");
  t.equal(w.resolveUsername("USERA")?.user?.id, a.id, "usernames are case-insensitive");
  t.throws(() => w.createUser({ phone: "1", firstName: "X", username: "UserA" }), "a username is unique");

  const pm = w.privateConv(a.id, b.id);
  t.equal(w.privateConv(b.id, a.id), pm, "one private chat per pair");
  const ch = w.createChannel({ title: "Ch", creatorId: a.id, members: [b.id], date: 100, broadcast: true });
  const r1 = w.addMessage(pm.idx, { from: a.id, text: "first deadline", date: 1000 });
  const r2 = w.addMessage(ch.idx, { from: a.id, text: "post", date: 1001 });
  const r3 = w.addMessage(pm.idx, { from: b.id, text: "second", date: 1002 });
  t.same([w.store.id[r1], w.store.id[r3]], [1, 2], "private chats share one global id sequence");
  t.equal(w.store.id[r2], 1, "channels have their own sequence");
  t.equal(w.findRow(pm, 2), r3);
  t.equal(w.findRow(ch, 2), -1);

  t.equal(w.unreadCount(pm, a.id), 1, "B's message is unread for A");
  w.markRead(pm, a.id, 0);
  t.equal(w.unreadCount(pm, a.id), 0);
  t.equal(w.readOutboxMaxId(pm, b.id), 2, "B sees A has read up to 2");

  t.same(w.dialogList(a.id), [pm.idx, ch.idx], "newest top message first");
  w.addMessage(ch.idx, { from: a.id, text: "newer", date: 2000 });
  t.same(w.dialogList(a.id), [ch.idx, pm.idx], "order follows new messages");

  w.editMessage(r1, "first review", 3000);
  t.same(w.searchRows("deadline", () => true), [], "an edited message no longer matches its old words");
  t.same(w.searchRows("review", () => true), [r1]);
  t.equal(w.store.editDate[r1], 3000);
  w.deleteMessage(r1);
  t.equal(w.findRow(pm, 1), -1);
  t.same(w.searchRows("review", () => true), [], "deleted messages are not found");
  t.equal(pm.count, 1);

  t.not(w.userAccessHash(a.id, b.id), w.userAccessHash(b.id, b.id), "access hashes are per viewer");
  t.equal(w.userAccessHash(a.id, b.id), new World({ secret: 7 }).userAccessHash(a.id, b.id), "and stable");

  const api = w.apiUser(a.id, a.id) as { self?: boolean; phone?: string };
  t.equal(api.self, true);
  t.equal(api.phone, a.phone, "own phone visible");
  t.equal((w.apiUser(a.id, b.id) as { phone?: string }).phone, undefined, "a stranger's phone is hidden");
  w.addContact(b.id, a.id);
  t.equal((w.apiUser(a.id, b.id) as { phone?: string }).phone, b.phone, "visible once B has A as a contact");
});

t.test("demo world: deterministic, with the documented facts", async (t) => {
  const w1 = buildDemoWorld();
  const w2 = buildDemoWorld();
  t.equal(w1.store.length, w2.store.length);
  t.same(
    Array.from({ length: 50 }, (_, i) => w1.store.text(i * 37)),
    Array.from({ length: 50 }, (_, i) => w2.store.text(i * 37)),
    "same texts every build",
  );
  const me = w1.getUser(w1.demoAccountId)!;
  t.equal(me.id, DEMO.accountId);
  t.equal(me.username, "demo");
  t.equal(me.phone, "9996620001");
  t.ok(w1.store.length > 3000, `some thousands of messages (${w1.store.length})`);
  let maxDate = 0;
  let minDate = Infinity;
  for (let r = 0; r < w1.store.length; r++) {
    maxDate = Math.max(maxDate, w1.store.date[r]!);
    minDate = Math.min(minDate, w1.store.date[r]!);
  }
  t.ok(maxDate < DEMO_REFERENCE_DATE && minDate >= DEMO_REFERENCE_DATE - 731 * 86400, "dates in the two years before the reference date");
  const visible = (row: number) => w1.convs[w1.store.conv[row]!]!.members.has(me.id);
  t.equal(w1.searchRows("deadline", visible)!.length, 352, "documented: 'deadline' count for the demo account");
  t.equal(w1.searchRows("project deadline", visible)!.length, 62);
  t.equal(w1.dialogList(me.id).length, 36, "documented: 36 dialogs (32 before the everyday-assistant chats)");
  t.equal(w1.resolveUsername("telegram")?.conv?.title, "Telegram News");
  t.equal(w1.resolveUsername("tasktracker_bot")?.user?.bot, true);
  t.notOk(me.contacts.has(w1.resolveUsername("paulh")!.user!.id), "paulh is not a contact (global search only)");
  t.equal(w1.getUser(DEMO.johnDoeId)?.username, "johndoe");
  const saved = w1.findPrivateConv(me.id, me.id)!;
  t.equal(saved.count, 60, "Saved Messages");
  let media = 0;
  let fwd = 0;
  let edited = 0;
  for (let r = 0; r < w1.store.length; r++) {
    if (w1.store.media.has(r)) media++;
    if (w1.store.fwd.has(r)) fwd++;
    if (w1.store.editDate[r]) edited++;
  }
  t.ok(media > 50 && fwd > 10 && edited > 50, `media ${media}, forwards ${fwd}, edited ${edited}`);
});

t.test("generator: exact sizes, deterministic, indexed", async (t) => {
  const w = generateWorld({ chats: 300, messages: 20_000, seed: 3 });
  t.equal(w.convs.length, 300);
  t.equal(w.store.length, 20_000);
  const main = w.getUser(w.demoAccountId)!;
  t.equal(main.dialogs.size, 300, "the main account is in every chat");
  const again = generateWorld({ chats: 300, messages: 20_000, seed: 3 });
  t.equal(again.store.text(12_345), w.store.text(12_345));
  const hits = w.searchRows("meeting", () => true)!;
  let scanned = 0;
  for (let r = 0; r < w.store.length; r++) if (textMatches(w.store.text(r), "meeting")) scanned++;
  t.equal(hits.length, scanned, "the index finds exactly what a scan finds");
  let sorted = true;
  for (let r = 1; r < w.store.length; r++) if (w.store.date[r]! < w.store.date[r - 1]!) sorted = false;
  t.ok(sorted, "messages are stored in chronological order");
});

t.test("uploaded photos: dimensions from PNG and JPEG headers", async (t) => {
  const png = Buffer.from("89504e470d0a1a0a0000000d4948445200000280000001e0", "hex");
  t.same(imageSize(png), { w: 640, h: 480 });
  // SOI, an APP0 segment (skipped), then SOF0 with height 0x0258 (600) and width 0x0320 (800)
  const jpeg = Buffer.concat([
    Buffer.from("ffd8", "hex"),
    Buffer.from("ffe00010", "hex"),
    Buffer.alloc(14),
    Buffer.from("ffc00011080258032003", "hex"),
    Buffer.alloc(16),
  ]);
  t.same(imageSize(jpeg), { w: 800, h: 600 });
  t.equal(imageSize(Buffer.from("not an image")), undefined);
});
