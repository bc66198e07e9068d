// POST /mtproto-api/{method} through the whole app (inject): auth per server mode, the
// per-token rate limit, the body limit, and the seed's curl examples against the sandbox.
import t from "tap";
import type { FastifyInstance } from "fastify";
import { demoUser, startSandbox } from "../helpers/sandbox.js";
import { testApp } from "../core/_app.js";
import type { Sandbox } from "../../sandbox/index.js";

async function appFor(t: Parameters<typeof testApp>[0], sb: Sandbox, env: Record<string, string | number | boolean> = {}) {
  const { app, store } = await testApp(t, sb, env);
  return { app, store };
}

const post = (app: FastifyInstance, method: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: "POST", url: `/mtproto-api/${method}`, headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers }, payload: body === undefined ? undefined : JSON.stringify(body) });

t.test("http-no-auth: the seed's examples and the error statuses", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { app, store } = await appFor(t, sb);
  store.add({ id: "demo", session: await sb.createSession(sb.world.demoAccountId), isDefault: true });
  const me = sb.world.demoAccountId;

  t.test("users.GetFullUser with inputUserSelf (params_json)", async (t) => {
    const r = await post(app, "users.GetFullUser", { params_json: '{"id": {"_": "inputUserSelf"}}' });
    t.equal(r.statusCode, 200);
    t.match(r.json(), { _: "users.UserFull", full_user: { _: "UserFull", id: me } });
  });

  t.test('messages.getHistory with peer "@telegram" (curl example), and the v1 alias', async (t) => {
    const r = await post(app, "messages.getHistory", { params: { peer: "@telegram", limit: 3 }, resolve: true });
    t.equal(r.statusCode, 200, r.body.slice(0, 300));
    const body = r.json();
    t.equal(body.messages.length, 3);
    t.ok(body.chats.some((c: any) => c.username === "telegram"));
    const v1 = await post(app, "v1/messages.GetHistoryRequest", { params: { peer: "@telegram", limit: 1 } });
    t.equal(v1.statusCode, 200);
    t.equal(v1.json().messages.length, 1);
  });

  t.test("messages.SendMessage with resolve (curl example)", async (t) => {
    const r = await post(app, "messages.SendMessage", { params: { peer: "me", message: "Hello from MTProto API" }, resolve: true });
    t.equal(r.statusCode, 200, r.body.slice(0, 300));
    const saved = sb.world.findPrivateConv(me, me)!;
    t.equal(sb.world.store.text(sb.world.topRow(saved)), "Hello from MTProto API");
  });

  t.test("messages.ForwardMessages with list resolution (curl example)", async (t) => {
    const news = sb.world.resolveUsername("northwind_news")!.conv!;
    const ids = [sb.world.store.id[news.rows[news.count - 1]!]!, sb.world.store.id[news.rows[news.count - 2]!]!];
    const saved = sb.world.findPrivateConv(me, me)!;
    const before = saved.count;
    const r = await post(app, "messages.ForwardMessages", { params: { from_peer: "@northwind_news", to_peer: "me", id: ids }, resolve: true });
    t.equal(r.statusCode, 200, r.body.slice(0, 300));
    t.equal(saved.count, before + 2);
  });

  t.test("no body: a method without parameters", async (t) => {
    const r = await post(app, "help.getNearestDc");
    t.equal(r.statusCode, 200);
    t.equal(r.json()._, "NearestDc");
  });

  t.test("dangerous method: 403 without allow_dangerous, 200 with it", async (t) => {
    const alice = demoUser(sb, "alice");
    const conv = sb.world.findPrivateConv(me, alice)!;
    const row = sb.world.topRow(conv);
    const id = sb.world.store.id[row]!;
    const blocked = await post(app, "messages.DeleteMessages", { params: { id: [id] } });
    t.equal(blocked.statusCode, 403);
    t.match(blocked.json(), { ok: false, error_type: "InvalidParameter", error_code: "DANGEROUS_METHOD_BLOCKED", operation: "invoke_mtproto" });
    t.notOk(sb.world.isDeleted(row));
    // revoke: for everyone (without it the sandbox deletes for @demo only, as Telegram does).
    const allowed = await post(app, "messages.DeleteMessages", { params: { id: [id], revoke: true }, allow_dangerous: true });
    t.equal(allowed.statusCode, 200, allowed.body.slice(0, 300));
    t.ok(sb.world.isDeleted(row));
  });

  t.test("client errors: 404 unknown method, 400 bad JSON, wrong type, bad body", async (t) => {
    const unknown = await post(app, "messages.getHistroy", { params: {} });
    t.equal(unknown.statusCode, 404);
    t.match(unknown.json(), { ok: false, error_code: "METHOD_NOT_FOUND", suggestions: ["messages.GetHistory"] });
    const badJson = await post(app, "messages.GetHistory", { params_json: "{peer: me}" });
    t.equal(badJson.statusCode, 400);
    t.match(badJson.json(), { error_code: "INVALID_PARAMS_JSON", parameter: "params_json" });
    const wrongType = await post(app, "messages.GetHistory", { params: { peer: "me", limit: "3" } });
    t.equal(wrongType.statusCode, 400);
    t.match(wrongType.json(), { error_type: "InvalidParameter", parameter: "limit", expected_type: "int", error: /expects int/ });
    const unknownField = await post(app, "messages.GetHistory", { parmas: {} });
    t.equal(unknownField.statusCode, 400);
    t.match(unknownField.json(), { ok: false, error_type: "InvalidParameter", error: /accepted: params, params_json, resolve, allow_dangerous/ });
    const notObject = await post(app, "messages.GetHistory", { params: [1] });
    t.equal(notObject.statusCode, 400);
    const badResolve = await post(app, "messages.GetHistory", { params: {}, resolve: "yes" });
    t.equal(badResolve.statusCode, 400);
    t.match(badResolve.json(), { parameter: "resolve" });
    const notFound = await post(app, "messages.GetHistory", { params: { peer: "@nobody_has_this_name" } });
    t.equal(notFound.statusCode, 404);
    t.match(notFound.json(), { error_type: "EntityNotFound", parameter: "peer" });
    const invalidJsonBody = await app.inject({ method: "POST", url: "/mtproto-api/help.getNearestDc", headers: { "content-type": "application/json" }, payload: "{nope" });
    t.equal(invalidJsonBody.statusCode, 400, "a body that is not JSON");
  });

  t.test("a binary result as base64", async (t) => {
    const media = [...sb.world.media.values()].find((m) => m.kind === "photo")!;
    const r = await post(app, "upload.getFile", {
      params: { location: { _: "inputPhotoFileLocation", id: String(media.id), access_hash: sb.world.mediaAccessHash(media.id).toString(), file_reference: "", thumb_size: "y" }, precise: true, limit: 1024 },
    });
    t.equal(r.statusCode, 200, r.body.slice(0, 300));
    t.equal(r.json().bytes, sb.world.mediaBytes(media, 0, 1024).toString("base64"));
  });

  t.test("FloodWait: 429 with Retry-After; Telegram errors keep their status", async (t) => {
    sb.faults.floodWait("messages.GetHistory", 90);
    const flood = await post(app, "messages.GetHistory", { params: { peer: "me", limit: 1 } });
    t.equal(flood.statusCode, 429);
    t.equal(flood.headers["retry-after"], "90");
    t.match(flood.json(), { ok: false, error_type: "RateLimited", retry_after_s: 90, error_code: "FLOOD_WAIT_90" });
    sb.faults.error("messages.GetHistory", 400, "PEER_ID_INVALID");
    const bad = await post(app, "messages.GetHistory", { params: { peer: "me", limit: 1 } });
    t.match({ status: bad.statusCode, body: bad.json() }, { status: 400, body: { ok: false, error_type: "TelegramError", error_code: "PEER_ID_INVALID" } });
    sb.faults.error("help.GetNearestDc", 403, "PRIVACY_RESTRICTED");
    t.equal((await post(app, "help.GetNearestDc")).statusCode, 403);
  });
});

t.test("the server switch removes the override", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { app, store } = await appFor(t, sb, { ALLOW_DANGEROUS_METHODS: false });
  store.add({ id: "demo", session: await sb.createSession(sb.world.demoAccountId), isDefault: true });
  const r = await post(app, "messages.DeleteMessages", { params: { id: [1] }, allow_dangerous: true });
  t.equal(r.statusCode, 403);
  t.match(r.json(), { error_code: "DANGEROUS_METHODS_DISABLED" });
  t.equal(sb.rpcCount("messages.DeleteMessages"), 0);
  const safe = await post(app, "help.GetNearestDc");
  t.equal(safe.statusCode, 200, "safe methods still run");
});

t.test("http-auth: bearer required, per-token rate limit, body limit", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { app, store } = await appFor(t, sb, { SERVER_MODE: "http-auth", RATE_LIMIT_MAX: 3, BODY_LIMIT: 2048 });
  const { token } = await store.createAccount({ session: await sb.createSession(sb.world.demoAccountId) });
  const { token: other } = await store.createAccount({ session: await sb.createSession(demoUser(sb, "alice")) });

  const missing = await post(app, "help.GetNearestDc", {});
  t.equal(missing.statusCode, 401);
  t.match(missing.json(), { error: /Missing bearer token/ });
  const invalid = await post(app, "help.GetNearestDc", {}, { authorization: "Bearer " + "x".repeat(43) });
  t.equal(invalid.statusCode, 401);
  t.equal(sb.rpcCount(), 0, "nothing reached Telegram without a valid token");

  const auth = { authorization: `Bearer ${token}` };
  const ok = await post(app, "users.GetFullUser", { params: { id: "me" } }, auth);
  t.equal(ok.statusCode, 200, ok.body.slice(0, 300));
  t.equal(ok.json().full_user.id, sb.world.demoAccountId, "the token's own account");
  const alice = await post(app, "users.GetFullUser", { params: { id: "me" } }, { authorization: `Bearer ${other}` });
  t.equal(alice.json().full_user.id, demoUser(sb, "alice"), "another token, another account");

  const big = await post(app, "messages.SendMessage", { params: { peer: "me", message: "x".repeat(4000) } }, { authorization: `Bearer ${other}` });
  t.equal(big.statusCode, 413, "body limit");

  await post(app, "help.GetNearestDc", {}, auth);
  await post(app, "help.GetNearestDc", {}, auth);
  const limited = await post(app, "help.GetNearestDc", {}, auth);
  t.equal(limited.statusCode, 429, "RATE_LIMIT_MAX=3 per token");
  t.ok(Number(limited.headers["retry-after"]) >= 1);
  const otherToken = await post(app, "help.GetNearestDc", {}, { authorization: `Bearer ${other}` });
  t.not(otherToken.statusCode, 429, "the limit is per token");
});

t.test("stdio mode: no token needed (default account)", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const { app, store } = await appFor(t, sb, { SERVER_MODE: "stdio" });
  store.add({ id: "demo", session: await sb.createSession(sb.world.demoAccountId), isDefault: true });
  const r = await post(app, "users.getFullUser", { params: { id: { _: "inputUserSelf" } } });
  t.equal(r.statusCode, 200);
  t.equal(r.json().full_user.id, sb.world.demoAccountId);
});
