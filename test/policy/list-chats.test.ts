// list_chats under a chat policy: the dialog list is one of the answers that can carry any chat,
// so it is filtered chat by chat before paging. Walking the cursor to the end gives exactly the
// unrestricted list minus the hidden chats, in the same order, each once.
import t, { type Test } from "tap";
import { loginAs, startSandbox } from "../helpers/sandbox.js";
import { CHATS, policyCaller, type PolicyCaller } from "./_harness.js";

async function walk(t: Test, call: PolicyCaller, args: Record<string, unknown>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const r = await call("list_chats", { ...args, ...(cursor ? { cursor } : {}) });
    if (!r.ok) throw new Error(JSON.stringify(r.data));
    t.equal(r.rpc.filter((m) => m === "messages.GetDialogs").length, 1, `page ${page}: one GetDialogs`);
    for (const c of r.data.chats as Array<{ id: number }>) ids.push(String(c.id));
    if (!r.data.has_more) return ids;
    cursor = r.data.next_cursor;
  }
  throw new Error("no end after 100 pages");
}

t.test("list_chats under a policy", async (t) => {
  const sb = await startSandbox(t, { flood: false });
  const client = await loginAs(t, sb);
  const call = policyCaller(sb, client);

  call.policy.current = undefined;
  const all = await walk(t, call, { limit: 7 });
  t.ok(all.includes(CHATS.team) && all.includes(CHATS.family), "the hidden chats are in the unrestricted list");

  call.policy.current = { default: "allow", chats: { [CHATS.team]: { read: false, write: false }, [CHATS.family]: { read: false, write: false } } };
  const seen = await walk(t, call, { limit: 7 });
  t.same(seen, all.filter((id) => id !== CHATS.team && id !== CHATS.family), "exactly the others, in order, each once");

  call.policy.current = { default: "deny", chats: { [CHATS.launch]: { read: true, write: false }, [CHATS.news]: { read: true, write: true } } };
  const only = await walk(t, call, { limit: 50 });
  const self = String(sb.world.demoAccountId);
  t.same(only.filter((id) => id !== self).sort(), [CHATS.launch, CHATS.news].sort(), "default deny: only the allowed chats (and Saved Messages, the account's own)");

  const raw = await call("invoke_mtproto", { method_full_name: "messages.getDialogs", params_json: JSON.stringify({ offset_peer: "me", limit: 5 }) });
  t.equal(raw.data.error_type, "Forbidden", "the raw dialog list is still refused under that policy");
});
