// MAX_RESULT_CHARS (issue #19): a list result whose text would pass the cap holds fewer items and
// pages on; walking every page with a small cap gives exactly what an uncapped walk gives (no
// gaps, no repeats, nothing cut silently). Characters are counted, through real gramjs to the sandbox.
import t from "tap";
import { loginAs, startSandbox } from "../helpers/sandbox.js";
import { caller, type Caller } from "../mcp/_harness.js";

const CAP = 1500;

/** Every page of a listing: the keys of its items, and the largest text block seen. */
async function walk(call: Caller, tool: string, args: Record<string, unknown>, list: string, key: (data: any, it: any) => string) {
  const keys: string[] = [];
  let largest = 0;
  let any = 0;
  let pages = 0;
  let stale = 0;
  let cursor: string | undefined;
  do {
    const r = await call(tool, { ...args, ...(cursor ? { cursor } : {}) });
    if (!r.ok) throw new Error(r.text);
    // The text block reuses the cap check's render (result-cap.ts): it must say what structuredContent says.
    if (r.text !== JSON.stringify(r.data)) stale++;
    const items = r.data[list] as any[];
    if (items.length > 1) largest = Math.max(largest, r.text.length);
    any = Math.max(any, r.text.length);
    if (r.data.has_more) t.ok(items.length > 0, `${tool}: a page that goes on is never empty`);
    for (const it of items) keys.push(key(r.data, it));
    cursor = r.data.next_cursor;
    t.equal(r.data.has_more, cursor !== undefined, `${tool}: has_more goes with next_cursor`);
    pages++;
  } while (cursor && pages < 200);
  t.equal(stale, 0, `${tool}: every page's text block is the JSON of its structuredContent`);
  return { keys, largest, any, pages };
}

t.test("a small cap pages the lists: the same items as without it, exactly once", async (t) => {
  const sb = await startSandbox(t, { flood: false });
  const client = await loginAs(t, sb);
  const capped = caller(sb, client, {}, { MAX_RESULT_CHARS: CAP });
  const open = caller(sb, client, {}, { MAX_RESULT_CHARS: 0 });
  const msgKey = (d: any, m: any) => `${m.chat_id ?? d.chat_id}:${m.id}`;
  const cases: Array<[string, Record<string, unknown>, string, (d: any, it: any) => string]> = [
    ["search_messages_in_chat", { chat_id: "@bobsmith", limit: 20 }, "messages", msgKey],
    ["search_messages_in_chat", { chat_id: "@bobsmith", query: "the, to, a", limit: 20 }, "messages", msgKey],
    ["search_messages_globally", { query: "budget, deadline", limit: 30 }, "messages", msgKey],
    ["list_chats", { limit: 25 }, "chats", (_d, c) => String(c.id)],
    ["find_chats", { query: "alice, bob, carol, david, emma, frank, grace, henry, isabel, jack, karen, liam, mia, noah, olivia, paul, quinn, rachel, sam, tina, uma, victor", limit: 100 }, "chats", (_d, c) => String(c.id)],
  ];
  for (const [tool, args, list, key] of cases) {
    const all = await walk(open, tool, args, list, key);
    const small = await walk(capped, tool, args, list, key);
    t.ok(all.keys.length > 5, `${tool}: the world has enough to page (${all.keys.length})`);
    t.equal(new Set(small.keys).size, small.keys.length, `${tool}: no repeats under the cap`);
    t.same(small.keys, all.keys, `${tool}: the capped walk gives every item, in order`);
    t.ok(small.largest <= CAP, `${tool}: every page with more than one item is within ${CAP} characters (largest ${small.largest})`);
    t.ok(all.any > CAP, `${tool}: without the cap a page passes ${CAP} characters (${all.any})`);
    t.ok(small.pages > all.pages, `${tool}: the cap made more pages (${small.pages} > ${all.pages})`);
  }
});

t.test("read_messages under the cap: the first messages that fit, the rest named in remaining_ids", async (t) => {
  const sb = await startSandbox(t, { flood: false });
  const client = await loginAs(t, sb);
  const capped = caller(sb, client, {}, { MAX_RESULT_CHARS: CAP });
  const latest = await caller(sb, client, {}, { MAX_RESULT_CHARS: 0 })("search_messages_in_chat", { chat_id: "@bobsmith", limit: 30 });
  const ids: number[] = latest.data.messages.map((m: any) => m.id);
  const r = await capped("read_messages", { chat_id: "@bobsmith", message_ids: ids });
  t.ok(r.ok, r.text);
  t.ok(r.text.length <= CAP, `within the cap (${r.text.length})`);
  t.ok(r.data.remaining_ids?.length > 0, "some ids left for another call");
  t.same([...r.data.messages.map((m: any) => m.id), ...r.data.remaining_ids], ids, "returned + remaining = asked, in order");
  const rest = await capped("read_messages", { chat_id: "@bobsmith", message_ids: r.data.remaining_ids });
  t.same(rest.data.messages[0].id, r.data.remaining_ids[0], "the next call goes on where this one stopped");
  const whole = await caller(sb, client, {}, { MAX_RESULT_CHARS: 0 })("read_messages", { chat_id: "@bobsmith", message_ids: ids });
  t.notOk("remaining_ids" in whole.data, "no cap: everything, no remaining_ids");
  t.equal(whole.data.messages.length, ids.length);
});
