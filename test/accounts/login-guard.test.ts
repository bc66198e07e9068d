// LoginGuard: failures across logins per phone and per IP, with a growing back-off, in
// memory (the server) and in a file (the CLI). A clock is passed in: waits are checked, not slept.
import t from "tap";
import { promises as fs } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { FileFailureStore, LoginGuard, MemoryFailureStore } from "../../services/accounts/login-guard.js";
import { LoginError } from "../../services/accounts/login.js";

const PHONE = "+9996620001";

t.test("per phone: 5 free failures, then a back-off that doubles up to its cap", async (t) => {
  let now = 1_000_000;
  const g = new LoginGuard({ now: () => now });
  const who = { phone: PHONE };
  for (let i = 0; i < 4; i++) await g.failed("code", who);
  t.equal(await g.waitFor(["code"], who), 0, "4 wrong codes: no wait yet");
  await g.failed("code", who);
  t.equal(await g.waitFor(["code"], who), 30, "the 5th starts a 30 s back-off");
  const err = await g.check(["code"], who).catch((e) => e);
  t.type(err, LoginError);
  t.match(err, { code: "TOO_MANY_FAILURES", recover: "wait", retryAfterS: 30, message: /Too many wrong login codes or passwords.*Wait 30 seconds, then try again/ });
  t.notMatch(err.message, /9996620001/, "the message names no phone number");
  t.equal(await g.waitFor(["password"], who), 0, "passwords are counted apart from codes");
  t.equal(await g.waitFor(["code"], { phone: "+9996620002" }), 0, "another phone is not affected");

  now += 30_000;
  t.equal(await g.waitFor(["code"], who), 0, "the back-off ends");
  const waits: number[] = [];
  for (let i = 0; i < 9; i++) {
    await g.failed("code", who);
    waits.push(await g.waitFor(["code"], who));
    now += waits.at(-1)! * 1000;
  }
  t.same(waits, [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600], "each further failure doubles it, up to 1 hour");

  await g.succeeded("code", who);
  await g.failed("code", who);
  t.equal(await g.waitFor(["code"], who), 0, "a right code clears the phone's count");
});

t.test("per IP: 10 free failures across phones; a success does not clear an IP's count", async (t) => {
  let now = 0;
  const g = new LoginGuard({ now: () => now });
  for (let i = 0; i < 10; i++) {
    const who = { phone: `+99966200${10 + i}`, ip: "198.51.100.7" };
    await g.failed("password", who);
    if (i === 5) await g.succeeded("password", who); // logging in to one's own account...
  }
  t.equal(await g.waitFor(["password"], { phone: "+9996620099", ip: "198.51.100.7" }), 30, "...does not buy more guesses at others'");
  t.equal(await g.waitFor(["password"], { phone: "+9996620099", ip: "198.51.100.8" }), 0, "another IP is not affected");
  t.equal(await g.waitFor(["code", "password"], { ip: "198.51.100.7" }), 30, "a QR login's password (no phone) is limited by IP");
  now += 24 * 3600_000;
  t.equal(await g.waitFor(["password"], { ip: "198.51.100.7" }), 0, "forgotten a day after the last failure");
  await g.failed("password", { ip: "198.51.100.7" });
  t.equal(await g.waitFor(["password"], { ip: "198.51.100.7" }), 0, "counting starts again");
});

t.test("the memory store keeps at most max keys, the oldest going first", async (t) => {
  let now = 0;
  const store = new MemoryFailureStore({ max: 3, now: () => now });
  const rec = { failures: 1, until: 0, expiresAt: 1000 };
  for (const k of ["a", "b", "c", "d"]) await store.update(k, () => rec);
  t.equal(store.size, 3);
  t.equal(await store.get("a"), undefined, "the oldest was evicted");
  t.same(await store.get("d"), rec);
  now = 1000;
  t.equal(await store.get("d"), undefined, "expired");
  await store.update("b", () => undefined);
  t.equal(await store.get("b"), undefined, "deleted");
});

t.test("the file store (the CLI's): counts survive the process, under names that hide the phone", async (t) => {
  const dir = t.testdir();
  const file = path.join(dir, "login-failures.json");
  const key = randomBytes(32);
  let now = 5_000_000;
  const first = new LoginGuard({ store: new FileFailureStore(file, key, () => now), now: () => now });
  await Promise.all([1, 2, 3, 4, 5].map(() => first.failed("code", { phone: PHONE }))); // concurrent: none is lost in one process
  const second = new LoginGuard({ store: new FileFailureStore(file, key, () => now), now: () => now });
  t.equal(await second.waitFor(["code"], { phone: PHONE }), 30, "another run sees the back-off");
  const text = await fs.readFile(file, "utf8");
  t.notMatch(text, /9996620001|phone/, "no phone number in the file");
  t.equal((await fs.stat(file)).mode & 0o777, 0o600);
  const otherKey = new LoginGuard({ store: new FileFailureStore(file, randomBytes(32), () => now), now: () => now });
  t.equal(await otherKey.waitFor(["code"], { phone: PHONE }), 0, "names depend on the install's key");

  await fs.writeFile(file, "{ not json");
  t.equal(await second.waitFor(["code"], { phone: PHONE }), 0, "a damaged file counts as no failures");
  await second.failed("code", { phone: PHONE });
  t.match(JSON.parse(await fs.readFile(file, "utf8")), { v: 1, failures: {} }, "and is rewritten whole");
  now += 25 * 3600_000;
  await second.failed("code", { phone: "+9996620002" });
  t.equal(Object.keys(JSON.parse(await fs.readFile(file, "utf8")).failures).length, 1, "forgotten counts are dropped from the file");
});
