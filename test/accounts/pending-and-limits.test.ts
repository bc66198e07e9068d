import t from "tap";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { MemoryPendingLogins } from "../../services/accounts/pending.js";
import { CodeSendLimiter } from "../../services/accounts/send-limits.js";
import { mcpConfig, mcpConfigText } from "../../services/accounts/mcp-config.js";
import { readSandboxInfoFile } from "../../services/accounts/backend.js";

t.test("pending logins expire and are disposed of", async (t) => {
  let now = 1_000_000;
  const disposed: string[] = [];
  const store = new MemoryPendingLogins<{ name: string }>({ ttlMs: 1000, max: 2, now: () => now, dispose: (v) => void disposed.push(v.name) });
  t.teardown(() => store.close());
  const a = await store.create({ name: "a" });
  t.match(a, /^[\w-]{22}$/, "128-bit base64url id");
  t.same(await store.get(a), { name: "a" });
  t.equal(await store.get("unknown"), undefined);
  now += 1000;
  t.equal(await store.get(a), undefined, "expired");
  t.same(disposed, ["a"]);
  const b = await store.create({ name: "b" });
  await store.create({ name: "c" });
  await store.create({ name: "d" });
  t.same(disposed, ["a", "b"], "the oldest is evicted beyond max");
  t.equal(await store.get(b), undefined);
  now += 5000;
  t.equal(store.sweep(), 2);
  t.equal(store.size, 0);
  const e = await store.create({ name: "e" });
  await store.delete(e);
  await store.delete(e);
  await store.create({ name: "f" });
  await store.close();
  t.same(disposed, ["a", "b", "c", "d", "e", "f"]);
});

t.test("a failing dispose does not break the store", async (t) => {
  const disposed: number[] = [];
  const store = new MemoryPendingLogins<number>({ dispose: (v) => (disposed.push(v), Promise.reject(new Error("boom"))) });
  const id = await store.create(1);
  await store.delete(id);
  t.equal(await store.get(id), undefined, "deleted although dispose rejected");
  const store2 = new MemoryPendingLogins<number>({
    dispose: (v) => {
      disposed.push(v);
      throw new Error("sync boom");
    },
  });
  const id2 = await store2.create(2);
  await store2.delete(id2);
  t.equal(await store2.get(id2), undefined, "deleted although dispose threw");
  t.same(disposed, [1, 2], "dispose was called for each");
  const id3 = await store2.create(3);
  t.equal(await store2.get(id3), 3, "the store still works");
  await store2.delete(id3);
  t.same(disposed, [1, 2, 3]);
  t.equal(store.size + store2.size, 0);
  await store.close();
  await store2.close();
  // Closing with values still in the store: every one is disposed of, and failures are swallowed.
  const store3 = new MemoryPendingLogins<number>({ dispose: (v) => (disposed.push(v), v === 4 ? Promise.reject(new Error("boom")) : undefined) });
  await store3.create(4);
  await store3.create(5);
  await store3.close();
  t.same(disposed.slice(-2), [4, 5], "close disposed of both, although the first failed");
});

t.test("code-send limits per IP and per phone", async (t) => {
  let now = 0;
  const l = new CodeSendLimiter({ perIp: { max: 3, windowMs: 60_000 }, perPhone: { max: 2, windowMs: 30_000 }, now: () => now });
  t.equal(l.take("ip1", "+1"), null);
  t.equal(l.take("ip1", "+1"), null);
  t.equal(l.take("ip1", "+1"), 30, "phone limit: wait until the oldest send leaves the window");
  t.equal(l.take("ip2", "+1"), 30, "the phone is limited from any IP");
  t.equal(l.take("ip1", "+2"), null);
  t.equal(l.take("ip1", "+3"), 60, "IP limit");
  now = 30_001;
  t.equal(l.take("ip2", "+1"), null, "window slid");
  now = 200_000;
  l.prune();
  t.equal(l.take("ip1", "+3"), null);
});

t.test("mcp.json for each mode", async (t) => {
  t.same(mcpConfig({ mode: "http-auth", url: "https://tg.example.com/", token: "T" }), {
    mcpServers: { telegram: { url: "https://tg.example.com/mcp", headers: { Authorization: "Bearer T" } } },
  });
  t.same(mcpConfig({ mode: "http-no-auth" }), { mcpServers: { telegram: { url: "http://127.0.0.1:8000/mcp" } } });
  t.same(mcpConfig({ mode: "stdio", env: { SESSION_DIR: "/x" }, name: "tg" }), {
    mcpServers: { tg: { command: "tgmcp", args: ["serve"], env: { SERVER_MODE: "stdio", SESSION_DIR: "/x" } } },
  });
  t.throws(() => mcpConfig({ mode: "http-auth" }), /needs a token/);
  t.ok(mcpConfigText({ mode: "stdio" }).endsWith("}\n"));
});

t.test("sandbox info files", async (t) => {
  const dir = t.testdir();
  const good = path.join(dir, "sb.json");
  writeFileSync(good, JSON.stringify({ host: "127.0.0.1", port: 1234, rsaPublicKey: { n: "ff", e: 65537, fingerprint: "42" } }));
  t.same(readSandboxInfoFile(good), { kind: "sandbox", host: "127.0.0.1", port: 1234, rsaPublicKey: { n: 255n, e: 65537, fingerprint: 42n } });
  const noKey = path.join(dir, "nokey.json");
  writeFileSync(noKey, JSON.stringify({ host: "h", port: 1, rsaPublicKey: null }));
  t.same(readSandboxInfoFile(noKey), { kind: "sandbox", host: "h", port: 1 });
  const bad = path.join(dir, "bad.json");
  writeFileSync(bad, "{}");
  t.throws(() => readSandboxInfoFile(bad), /is not a sandbox info file/);
  t.throws(() => readSandboxInfoFile(path.join(dir, "missing.json")), /cannot read the sandbox info file.*ENOENT.*tgmcp sandbox --info-file/);
});
