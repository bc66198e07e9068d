// The OAuth store and adapter kit without a server: both stores index grants by account and
// delete by grant; the consent state (pending consents, the hand-over of the account token to the
// first code) is in the store, sealed so that the store's bytes open nothing without the key
// that only the browser holds.
import t from "tap";
import { randomBytes } from "node:crypto";
import { FileOAuthStore, MemoryOAuthStore, type OAuthStore } from "../../services/oauth/store.js";
import { createAdapterKit } from "../../services/oauth/adapter.js";

const TOKEN = "tgmcp_" + "A".repeat(43);

for (const [name, make] of [
  ["memory", () => new MemoryOAuthStore()],
  ["files", (dir: string) => new FileOAuthStore(dir)],
] as const) {
  t.test(`${name} store: listBy account, deleteByGrant, expiry`, async (t) => {
    const store: OAuthStore = make(t.testdir());
    t.teardown(() => store.close());
    await store.set("Grant", "g1", { data: { jti: "g1" }, grantId: "g1", accountId: "acc1" });
    await store.set("Grant", "g2", { data: { jti: "g2" }, grantId: "g2", accountId: "acc1" });
    await store.set("Grant", "g3", { data: { jti: "g3" }, grantId: "g3", accountId: "acc2" });
    await store.set("Grant", "old", { data: { jti: "old" }, grantId: "old", accountId: "acc1", expiresAt: Date.now() - 1 });
    await store.set("AccessToken", "at1", { data: "sealed", grantId: "g1" });
    t.same((await store.listBy("Grant", "accountId", "acc1")).map((x) => x.key).sort(), ["g1", "g2"], "live grants of the account only");
    await store.deleteByGrant("g1");
    t.equal(await store.get("AccessToken", "at1"), undefined, "the grant's token is gone");
    t.equal(await store.get("Grant", "g1"), undefined, "and the grant");
    t.same((await store.listBy("Grant", "accountId", "acc1")).map((x) => x.key), ["g2"]);
  });
}

t.test("hand-over: in the store, sealed under a key only its holder can use, single use", async (t) => {
  const store = new MemoryOAuthStore();
  t.teardown(() => store.close());
  const kit = createAdapterKit(store, randomBytes(32));
  const raw = () => JSON.stringify([...(store as unknown as { items: Map<string, unknown> }).items]);
  const key = await kit.handOver("grant-1", TOKEN);
  t.match(key, /^[A-Za-z0-9_-]{43}$/);
  t.notOk(raw().includes(TOKEN), "the store holds no account token in clear");
  t.notOk(raw().includes(key), "nor the key");

  const Code = new kit.Adapter("AuthorizationCode");
  // A request without the key (or with another browser's) saves a code that carries no token.
  await kit.run(() => Code.upsert("code-a", { grantId: "grant-1", kind: "AuthorizationCode" }, 60), randomBytes(32).toString("base64url"));
  t.equal(await kit.run(async () => ((await Code.find("code-a")) ? kit.accountTokenOf("grant-1") : "missing")), undefined, "no token without the key");
  // Any process sharing the store, given the key: the code carries the token.
  const other = createAdapterKit(store, randomBytes(32));
  t.equal(other.accountTokenOf("grant-1"), undefined);
  await kit.run(() => Code.upsert("code-b", { grantId: "grant-1", kind: "AuthorizationCode" }, 60), key);
  t.equal(await kit.run(async () => ((await Code.find("code-b")) ? kit.accountTokenOf("grant-1") : "missing")), TOKEN, "the code carries the token");
  await kit.run(() => Code.upsert("code-c", { grantId: "grant-1", kind: "AuthorizationCode" }, 60), key);
  t.equal(await kit.run(async () => ((await Code.find("code-c")) ? kit.accountTokenOf("grant-1") : "missing")), undefined, "the hand-over is single-use");
});

t.test("pending consents: sealed under their own id, shared by every kit over the store", async (t) => {
  const store = new MemoryOAuthStore();
  t.teardown(() => store.close());
  const key = randomBytes(32);
  const a = createAdapterKit(store, key).sealedPending<{ accountToken: string }>("PendingConsent", 60_000);
  const b = createAdapterKit(store, key).sealedPending<{ accountToken: string }>("PendingConsent", 60_000);
  const id = await a.create({ accountToken: TOKEN });
  const raw = JSON.stringify([...(store as unknown as { items: Map<string, unknown> }).items]);
  t.notOk(raw.includes(TOKEN) || raw.includes(id), "neither the token nor the id is in the store");
  t.same(await b.get(id), { accountToken: TOKEN }, "another instance opens it with the id");
  t.equal(await b.get(randomBytes(16).toString("base64url")), undefined, "an unknown id opens nothing");
  t.equal(await b.get("../../x"), undefined);
  await b.delete(id);
  t.equal(await a.get(id), undefined, "deleted for all");
});
