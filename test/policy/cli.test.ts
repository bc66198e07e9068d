// `tgmcp policy` as a real process (from dist/): chats named in any chat_id form are resolved
// through the account's own session on a sandbox (SANDBOX_INFO_FILE) and stored by marked id
// with their title, in the account record (other settings kept) or, with POLICY_FILE, in the file.
import t from "tap";
import path from "node:path";
import { run, exits, setupSandbox } from "../setup/_cli.js";
import { demoUser } from "../helpers/sandbox.js";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import { CHATS } from "./_harness.js";

t.test("tgmcp policy on the account record and on POLICY_FILE", async (t) => {
  const { sb, info, dir } = await setupSandbox(t);
  const sessions = path.join(dir, "sessions");
  const store = new FileAccountStore({ dir: sessions });
  await store.saveSession("default", await sb.createSession(sb.world.demoAccountId));
  await store.updateSettings("default", { readOnly: true });
  const alice = String(demoUser(sb, "alice"));
  const env = { SESSION_DIR: sessions, SANDBOX_INFO_FILE: info };
  const policy = (...args: string[]) => run(["policy", ...args], { env, cwd: dir });
  const record = async () => (await new FileAccountStore({ dir: sessions }).getAccount("default"))!.settings;

  t.test("show without a policy, then --default", async (t) => {
    const show = await policy("show");
    exits(t, show, 0);
    t.match(show.stdout, /Chat policy of account default:\n {2}none: the assistant may read and write every chat/);
    const r = await policy("--default", "deny", "--json");
    exits(t, r, 0);
    t.same(JSON.parse(r.stdout), { ok: true, target: "account default", policy: { default: "deny", chats: {} } });
  });

  t.test("allow and deny by any chat_id form, stored resolved with the title", async (t) => {
    exits(t, await policy("allow", "@alice", "--read"), 0);
    exits(t, await policy("allow", CHATS.phoenix), 0);
    exits(t, await policy("deny", "https://t.me/northwind_news"), 0);
    const ro = await policy("deny", CHATS.phoenix, "--write");
    exits(t, ro, 0);
    t.match(ro.stdout, /-4000000000 +yes +no +Project Phoenix/, "readable table");
    t.same(await record(), {
      readOnly: true,
      policy: {
        default: "deny",
        chats: {
          [alice]: { read: true, write: false, title: "Alice Johnson" },
          [CHATS.phoenix]: { read: true, write: false, title: "Project Phoenix" },
          [CHATS.news]: { read: false, write: false, title: "Northwind News" },
        },
      },
    }, "the other settings are kept");
    exits(t, await policy("reset", CHATS.news), 0);
    t.notOk((await record())!.policy!.chats[CHATS.news], "reset CHAT removes its rule");
  });

  t.test("refusals", async (t) => {
    const self = await policy("allow", "me");
    exits(t, self, 2);
    t.match(self.stderr, /Saved Messages \(me\) are always allowed/);
    const unknown = await policy("allow", "@no_such_user_here");
    exits(t, unknown, 1);
    t.match(unknown.stderr, /No chat or user found for chat_id "@no_such_user_here"/);
    const noAccount = await policy("show", "--account", "nosuchaccount");
    exits(t, noAccount, 1);
    t.match(noAccount.stderr, /no account nosuchaccount/);
  });

});
