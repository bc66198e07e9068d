// `tgmcp tokens rotate` killed at any moment must leave every account with a token its
// owner has seen. A real process running the command's code over and over is SIGKILLed at
// 30 random moments, around the moment a rotation prints (where it writes and switches);
// after each kill, the newest token it printed must work.
import t from "tap";
import path from "node:path";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import { bundle } from "./_bundle.js";
import { KILLS, RandomKiller } from "./_kill.js";

t.test("tokens rotate: killed at any moment, every account still has a token its owner knows", async (t) => {
  const dir = t.testdir();
  const script = await bundle(path.join(import.meta.dirname, "_rotate-loop.ts"), dir);
  const store = new FileAccountStore({ dir: path.join(dir, "sessions") });
  const known: Record<string, string> = {}; // account id -> the newest token its owner has seen
  const sessions: Record<string, string> = {};
  for (let i = 0; i < 3; i++) {
    const { account, token } = await store.createAccount({ session: `session-${i}` });
    known[account.id] = token;
    sessions[account.id] = `session-${i}`;
  }
  const killer = new RandomKiller(t, script, [store.dir]);
  let rotations = 0;
  for (let k = 0; k < KILLS; k++) {
    for (const line of await killer.run(JSON.stringify(known), { perLine: true })) {
      const printed = JSON.parse(line) as { account_id: string; token: string };
      known[printed.account_id] = printed.token;
      rotations++;
    }
    for (const [id, token] of Object.entries(known)) {
      // Using the token as a client would: the bearer check, then the session it opens.
      const ok = (await store.verifyToken(token))?.id === id && (await store.loadSession(id, token).catch(() => null)) === sessions[id];
      if (!ok) {
        t.fail(`after kill ${k + 1}, account ${id}: the newest token its owner saw does not work`);
        return;
      }
    }
  }
  await killer.close();
  t.ok(rotations >= KILLS, `${rotations} rotations printed across ${KILLS} kills`);
  t.pass("every account kept a working token through every kill");
});
