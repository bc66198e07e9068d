// The account page's service (services/accounts/account-page.ts): dialogs through the
// AccountSession on the sandbox (paged by offsets, bounded), filtering and paging, and the form
// -> settings rules (rules only where they differ from the default, other fields kept).
import t from "tap";
import { loginAs, startSandbox } from "../helpers/sandbox.js";
import { sessionOf } from "../helpers/session.js";
import { applyChatRights, filterDialogs, loadDialogs, pageOf, withChanges, withPolicy, type DialogEntry } from "../../services/accounts/account-page.js";

t.test("loadDialogs pages through messages.getDialogs and stops at max", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const session = sessionOf(await loginAs(t, sb));
  const one = await loadDialogs(session);
  t.equal(one.dialogs.length, 36);
  t.equal(one.truncated, false);
  t.equal(new Set(one.dialogs.map((d) => d.id)).size, 36, "no chat twice");
  t.match(one.dialogs.find((d) => d.id === "-4000000001"), { title: "Family", type: "group" });
  t.match(one.dialogs.find((d) => d.id === String(sb.world.demoAccountId)), { title: "Saved Messages (you)" });
  const calls = sb.rpcCount("messages.GetDialogs");
  const paged = await loadDialogs(session, { perCall: 7 });
  t.same(paged.dialogs, one.dialogs, "7 at a time: the same list, in the same order");
  t.ok(sb.rpcCount("messages.GetDialogs") - calls >= 6, "by several calls");
  const capped = await loadDialogs(session, { max: 10, perCall: 4 });
  t.equal(capped.dialogs.length, 10);
  t.equal(capped.truncated, true);
  t.same(capped.dialogs, one.dialogs.slice(0, 10));
});

const D = (id: string, title: string, username?: string): DialogEntry => ({ id, title, type: "group", ...(username ? { username } : {}) });

t.test("filter, page, and the form's rules", async (t) => {
  const list = [D("-1", "Team chat", "team"), D("-2", "Family"), D("-3", "Book Club")];
  t.same(filterDialogs(list, " @TEAM ").map((d) => d.id), ["-1"], "username, any case, @ optional");
  t.same(filterDialogs(list, "-2").map((d) => d.id), ["-2"], "an exact id");
  t.equal(filterDialogs(list, "").length, 3);
  t.match(pageOf(list, 5, 2), { page: 1, pages: 2, total: 3, items: [{ id: "-3" }] }, "clamped to the last page");
  t.match(pageOf([], 0, 20), { page: 0, pages: 1, total: 0 });

  const kept = { default: "allow" as const, chats: { "-9": { read: true, write: false, title: "Elsewhere" } } };
  const p = applyChatRights(kept, "allow", list, new Set(["-1", "-3"]), new Set(["-1"]));
  t.same(p, { default: "allow", chats: { "-9": kept.chats["-9"], "-2": { read: false, write: false, title: "Family" }, "-3": { read: true, write: false, title: "Book Club" } } }, "a rule only where it differs; others kept");
  t.equal(applyChatRights(undefined, "allow", list, new Set(["-1", "-2", "-3"]), new Set(["-1", "-2", "-3"])), undefined, "allow with no rules is no policy");
  t.same(applyChatRights(undefined, "deny", list, new Set(["-1"]), new Set()), { default: "deny", chats: { "-1": { read: true, write: false, title: "Team chat" } } });

  const policy = { default: "deny" as const, chats: {} };
  t.same(withChanges({ policy, sendMode: "draft" }, { readOnly: true, toolsets: ["search"], sendMode: "send" }), { policy, readOnly: true, toolsets: ["search"] });
  t.equal(withChanges({ readOnly: true }, { readOnly: false, toolsets: "all" }), undefined);
  t.same(withPolicy({ readOnly: true }, policy), { readOnly: true, policy });
  t.same(withPolicy({ readOnly: true, policy }, undefined), { readOnly: true });
});
