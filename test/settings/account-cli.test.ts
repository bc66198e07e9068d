// `tgmcp account settings` as a real process on a session folder: show, change, validate, keep
// the chat policy, and pick the account (the only http-auth one, or the stdio default one).
import t from "tap";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import { exits, run } from "../setup/_cli.js";

const POLICY = { default: "deny" as const, chats: { "-4000000001": { read: true, write: false, title: "Family" } } };

t.test("account settings on http-auth accounts", async (t) => {
  const dir = t.testdir();
  const store = new FileAccountStore({ dir });
  const a = await store.createAccount({ session: "sess-a", label: "work" });
  const b = await store.createAccount({ session: "sess-b" });
  await store.updateSettings(a.account.id, { policy: POLICY });
  const env = { SERVER_MODE: "http-auth" };
  const cli = (...args: string[]) => run(["account", "settings", "--session-dir", dir, ...args], { env });

  const which = await cli();
  t.equal(which.code, 2, "two accounts: --account is needed");
  t.match(which.stderr, new RegExp(`--account ID \\(.*${a.account.id}`));

  const shown = await cli("--account", a.account.id);
  exits(t, shown, 0);
  t.match(shown.stdout, /Account \S+ \(work\): its own settings/);
  t.match(shown.stdout, /read-only: {3}no/);
  t.match(shown.stdout, /chat rights: default deny, 1 chat rule/);
  t.notMatch(shown.stdout, a.token.slice(0, 8), "no token in the output");

  const set = await cli("--account", a.account.id, "--read-only", "true", "--toolsets", "raw, search", "--send-mode", "confirm", "--json");
  exits(t, set, 0);
  const out = JSON.parse(set.stdout);
  t.same(out.settings, { policy: POLICY, readOnly: true, toolsets: ["search", "raw"], sendMode: "confirm" });
  t.same(out.effective, { readOnly: true, readOnlySource: "account", toolsets: ["search", "raw"], sendMode: "confirm" });
  t.same((await store.getAccount(a.account.id))!.settings, out.settings, "stored in the record");

  const bad = await cli("--account", a.account.id, "--toolsets", "search,bogus", "--read-only", "false");
  t.equal(bad.code, 2);
  t.match(bad.stderr, /unknown toolset bogus; valid: chats, search, messaging, raw, all/);
  t.equal((await store.getAccount(a.account.id))!.settings!.readOnly, true, "nothing changed on a bad option");
  t.match((await cli("--account", a.account.id, "--send-mode", "yolo")).stderr, /--send-mode must be one of send, confirm, draft/);

  const back = await cli("--account", a.account.id, "--read-only", "false", "--toolsets", "all", "--send-mode", "send", "--json");
  exits(t, back, 0);
  t.same(JSON.parse(back.stdout).settings, { policy: POLICY }, "defaults are left out; the policy is kept");

  await store.revoke(a.account.id);
  const only = await cli("--toolsets", "chats", "--json");
  exits(t, only, 0);
  t.equal(JSON.parse(only.stdout).account_id, b.account.id, "one account left: it is the default");
  t.same((await store.getAccount(b.account.id))!.settings, { toolsets: ["chats"] });
});

t.test("stdio: the default account (SESSION_NAME)", async (t) => {
  const dir = t.testdir();
  const store = new FileAccountStore({ dir });
  const none = await run(["account", "settings", "--session-dir", dir], { env: { SERVER_MODE: "stdio" } });
  t.equal(none.code, 1);
  t.match(none.stderr, /run `tgmcp setup` first/);
  await store.saveSession("default", "the stdio session");
  const r = await run(["account", "settings", "--session-dir", dir, "--read-only", "yes"], { env: { SERVER_MODE: "stdio", READ_ONLY: "false" } });
  exits(t, r, 0);
  t.match(r.stdout, /Saved\./);
  t.match(r.stdout, /read-only: yes \(by the account\)/);
  t.same((await store.getAccount("default"))!.settings, { readOnly: true });
});
