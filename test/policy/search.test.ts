// search_messages_globally and find_chats never return a chat the policy hides, filtered before
// paging: walking next_cursor to the end gives exactly the unrestricted results minus the hidden
// chats, each once, and every page but the last is full.
import t, { type Test } from "tap";
import { loginAs, startSandbox } from "../helpers/sandbox.js";
import { CHATS, policyCaller, type PolicyCaller } from "./_harness.js";
import type { ChatPolicy } from "../../services/policy/chat-policy.js";

async function walk(t: Test, call: PolicyCaller, tool: string, args: Record<string, unknown>, list: "messages" | "chats") {
  const keys: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const r = await call(tool, { ...args, ...(cursor ? { cursor } : {}) });
    if (!r.ok) throw new Error(JSON.stringify(r.data));
    const items = r.data[list] as any[];
    if (r.data.has_more) t.equal(items.length, args.limit, `${tool} page ${page} is full`);
    for (const it of items) keys.push(list === "messages" ? `${it.chat_id ?? r.data.chat_id}:${it.id}` : String(it.id));
    if (!r.data.has_more) return keys;
    cursor = r.data.next_cursor;
  }
  throw new Error("no end after 100 pages");
}

const chatOf = (key: string) => key.slice(0, key.lastIndexOf(":"));

t.test("global search and find_chats under a policy", async (t) => {
  const sb = await startSandbox(t, { flood: false });
  const client = await loginAs(t, sb);
  const call = policyCaller(sb, client);
  const hiding: ChatPolicy = { default: "allow", chats: { [CHATS.team]: { read: false, write: false }, [CHATS.phoenix]: { read: false, write: true } } };

  t.test("search_messages_globally: a cursor walk to the end never shows a hidden chat", async (t) => {
    const args = { query: "budget, deadline", limit: 25 };
    call.policy.current = undefined;
    const all = await walk(t, call, "search_messages_globally", args, "messages");
    const hidden = all.filter((k) => [CHATS.team, CHATS.phoenix].includes(chatOf(k) as never));
    t.ok(hidden.length >= 10, `the hidden chats have matches to hide (${hidden.length} of ${all.length})`);
    call.policy.current = hiding;
    const seen = await walk(t, call, "search_messages_globally", args, "messages");
    t.same(seen, all.filter((k) => !hidden.includes(k)), "exactly the others, in the same order, each once");
    t.equal(new Set(seen).size, seen.length);
  });

  t.test("search_messages_globally under default deny: only the allowed chat", async (t) => {
    call.policy.current = { default: "deny", chats: { [CHATS.launch]: { read: true, write: false } } };
    const seen = await walk(t, call, "search_messages_globally", { query: "launch, budget", limit: 5 }, "messages");
    t.ok(seen.length > 0);
    // Saved Messages are the account's own: always visible.
    const chats = new Set(seen.map(chatOf));
    t.ok(chats.has(CHATS.launch));
    t.same([...chats].filter((c) => c !== CHATS.launch), [String(sb.world.demoAccountId)].filter((c) => chats.has(c)), "nothing else but Saved Messages");
  });

  t.test("find_chats: hidden chats are never found, paging stays exact", async (t) => {
    const args = { query: "northwind, project, team", limit: 1 };
    call.policy.current = undefined;
    const all = await walk(t, call, "find_chats", args, "chats");
    t.ok(all.includes(CHATS.team) && all.includes(CHATS.phoenix), JSON.stringify(all));
    call.policy.current = hiding;
    const seen = await walk(t, call, "find_chats", args, "chats");
    t.same(seen, all.filter((id) => id !== CHATS.team && id !== CHATS.phoenix));
    call.policy.current = { default: "deny", chats: {} };
    const none = await call("find_chats", { query: "northwind", limit: 5 });
    t.same(none.data.chats, [], "default deny hides every chat");
  });
});
