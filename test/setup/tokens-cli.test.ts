// `tgmcp tokens` as a real process: list, rotate and revoke on a session folder.
import t from "tap";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import { exits, run } from "./_cli.js";

t.test("tokens list / rotate / revoke", async (t) => {
  const dir = t.testdir();
  const store = new FileAccountStore({ dir });
  const a = await store.createAccount({ session: "sess-a" });
  const b = await store.createAccount({ session: "sess-b" });
  await store.markNeedsSetup(b.account.id, "SESSION_REVOKED");
  await store.saveSession("default", "the stdio session"); // not an http-auth account: not listed

  const list = await run(["tokens", "list", "--session-dir", dir]);
  t.equal(list.code, 0);
  t.match(list.stdout, a.account.id);
  t.match(list.stdout, /needs setup \(SESSION_REVOKED\)/);
  t.notMatch(list.stdout, a.token.slice(0, 6), "no token (not even a prefix) in the listing");
  const listed = JSON.parse((await run(["tokens", "list", "--session-dir", dir, "--json"])).stdout);
  t.same(listed.map((x: any) => x.id).sort(), [a.account.id, b.account.id].sort());
  const none = await run(["tokens", "rotate", "default", "--session-dir", dir], { stdin: a.token + "\n" });
  t.equal(none.code, 1);
  t.match(none.stderr, /default session.*no token/);

  const wrong = await run(["tokens", "rotate", a.account.id, "--session-dir", dir], { stdin: b.token + "\n" });
  t.equal(wrong.code, 1);
  t.match(wrong.stderr, /not the current token/);

  const rot = await run(["tokens", "rotate", a.account.id, "--session-dir", dir, "--json"], { stdin: a.token + "\n" });
  exits(t, rot, 0);
  const fresh = JSON.parse(rot.stdout).token as string;
  t.equal(await store.verifyToken(a.token), null, "old token stops at once");
  t.equal(await store.loadSession(a.account.id, fresh), "sess-a", "session re-keyed under the new token");

  const rev = await run(["tokens", "revoke", b.account.id, "--session-dir", dir]);
  t.equal(rev.code, 0);
  t.equal(await store.verifyToken(b.token), null);
  const again = await run(["tokens", "revoke", b.account.id, "--session-dir", dir]);
  t.equal(again.code, 1);
  t.match(again.stderr, /no account/);
  t.equal((await run(["tokens", "frobnicate", "--session-dir", dir])).code, 2);
  t.equal((await run(["tokens", "revoke", "--session-dir", dir])).code, 2);
});
