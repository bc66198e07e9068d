// install.key is written once, at the first start of a session folder; a first start
// killed at the wrong moment used to leave it empty, and every request then failed. Here a
// real process doing first starts is SIGKILLed at 30 random moments.
import t from "tap";
import { promises as fs } from "node:fs";
import path from "node:path";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import { bundle } from "./_bundle.js";
import { KILLS, RandomKiller } from "./_kill.js";

t.test("install.key: a first start killed at any moment leaves no key or a whole one", async (t) => {
  const dir = t.testdir();
  const script = await bundle(path.join(import.meta.dirname, "_install-key-loop.ts"), dir);
  const killer = new RandomKiller(t, script);
  let folders = 0;
  for (let k = 0; k < KILLS; k++) {
    const root = path.join(dir, `run${k}`);
    await killer.run(root, { maxDelayMs: 150 });
    const names = (await fs.readdir(root).catch(() => [] as string[])).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    folders += names.length;
    for (const name of names) {
      const key = path.join(root, name, "install.key");
      const text = await fs.readFile(key, "utf8").catch((e) => (e.code === "ENOENT" ? null : Promise.reject(e)));
      if (text !== null && Buffer.from(text.trim(), "base64").length !== 32) t.fail(`${path.relative(dir, key)} is ${text.length} bytes after the kill`);
    }
    // The folder whose first start was cut still starts: its key is read, or created now.
    const last = names.at(-1);
    if (last) await new FileAccountStore({ dir: path.join(root, last) }).init();
  }
  await killer.close();
  t.ok(folders >= KILLS / 2, `${folders} first starts checked`);
});
