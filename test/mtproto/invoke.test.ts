// The bridge service end to end: real gramjs over TCP to the sandbox Telegram. Assertions
// are on what comes back and on what the sandbox world and RPC log show.
import t from "tap";
import { invokeMtproto, type InvokeInput } from "../../services/mtproto/invoke.js";
import { HTTP_STATUS_OF_KIND } from "../../plugins/error-handler.js";
import { sessionOf } from "../helpers/session.js";
import { demoUser, loginAs, startSandbox } from "../helpers/sandbox.js";

t.test("invokeMtproto against the sandbox", async (t) => {
  const sb = await startSandbox(t);
  const session = sessionOf(await loginAs(t, sb));
  const me = sb.world.demoAccountId;
  // Failures carry a kind; the HTTP status each kind gets on /mtproto-api is checked along.
  const call = async (input: InvokeInput, allowDangerousMethods = true) => {
    const out = await invokeMtproto(input, { session, allowDangerousMethods });
    return out.ok ? out : { ...out, status: HTTP_STATUS_OF_KIND[out.kind] };
  };

  t.test("users.GetFullUser with inputUserSelf (the seed example)", async (t) => {
    const r = await call({ method: "users.GetFullUser", paramsJson: '{"id": {"_": "inputUserSelf"}}', resolve: true });
    t.ok(r.ok);
    if (!r.ok) return;
    t.equal(r.method, "users.GetFullUser");
    const res = r.result as any;
    t.equal(res._, "users.UserFull");
    t.equal(res.full_user._, "UserFull");
    t.equal(res.full_user.id, me);
    const self = res.users.find((u: any) => u.id === me);
    t.ok(self?.self, "the account itself is in users");
    t.type(self.access_hash === undefined || typeof self.access_hash === "string" || typeof self.access_hash === "number", "boolean");
  });

  t.test("normalized names and the seed's safe examples", async (t) => {
    const ttl = await call({ method: "account.getaccountttl", paramsJson: "{}" });
    t.ok(ttl.ok);
    if (ttl.ok) t.match(ttl.result, { _: "AccountDaysTTL", days: Number });
    const dc = await call({ method: "help.getnearestdc", paramsJson: "{}" });
    t.ok(dc.ok);
    if (dc.ok) t.match(dc.result, { _: "NearestDc", this_dc: Number });
  });

  t.test('messages.GetHistory with peer "@username" (resolved, access_hash kept)', async (t) => {
    sb.resetCounters();
    const r = await call({ method: "messages.getHistory", params: { peer: "@northwind_news", limit: 3 }, resolve: true });
    t.ok(r.ok, JSON.stringify(r).slice(0, 300));
    if (!r.ok) return;
    const res = r.result as any;
    t.equal(res.messages.length, 3);
    t.equal(res.messages[0]._, "Message");
    t.match(res.messages[0].date, /^\d{4}-\d\d-\d\dT/, "dates are ISO");
    const channel = res.chats.find((c: any) => c.username === "northwind_news");
    t.ok(channel, "the channel comes back in chats");
    t.ok(channel.access_hash !== undefined, "access_hash is kept for raw callers");
    t.equal(sb.rpcCount("contacts.ResolveUsername"), 1, "one lookup for the username");
    t.equal(sb.rpcCount("messages.GetHistory"), 1);
    // The resolver caches: the same reference again costs no lookup.
    await call({ method: "messages.GetHistory", params: { peer: "northwind_news", limit: 1 } });
    t.equal(sb.rpcCount("contacts.ResolveUsername"), 1, "cached");
  });

  t.test("messages.SendMessage with resolve, and snake/camel params", async (t) => {
    const alice = demoUser(sb, "alice");
    const r = await call({ method: "messages.SendMessage", params: { peer: "@alice", message: "Hello from MTProto API", noWebpage: true }, resolve: true });
    t.ok(r.ok, JSON.stringify(r).slice(0, 300));
    const conv = sb.world.findPrivateConv(me, alice)!;
    t.equal(sb.world.store.text(sb.world.topRow(conv)), "Hello from MTProto API", "the message is in the world");
    const toMe = await call({ method: "messages.SendMessage", params: { peer: "me", message: "note to self" } });
    t.ok(toMe.ok, "resolve defaults to true; 'me' works");
  });

  t.test("messages.ForwardMessages with from_peer, to_peer and an id list", async (t) => {
    const news = sb.world.resolveUsername("northwind_news")!.conv!;
    const rows = news.rows.slice(0, news.count);
    const ids = [sb.world.store.id[rows[rows.length - 1]!]!, sb.world.store.id[rows[rows.length - 2]!]!];
    const saved = sb.world.findPrivateConv(me, me) ?? sb.world.privateConv(me, me);
    const before = saved.count;
    const r = await call({ method: "messages.ForwardMessages", params: { from_peer: "@northwind_news", to_peer: "me", id: ids }, resolve: true });
    t.ok(r.ok, JSON.stringify(r).slice(0, 300));
    t.equal(saved.count, before + 2, "two messages forwarded into Saved Messages");
    if (r.ok) t.equal((r.result as any)._, "Updates");
  });

  t.test("lists of entities: users and peers", async (t) => {
    const r = await call({ method: "users.GetUsers", params: { id: ["@alice", "@bobsmith", "me"] } });
    t.ok(r.ok, JSON.stringify(r).slice(0, 300));
    if (r.ok) t.same((r.result as any[]).map((u) => u.username), ["alice", "bobsmith", sb.world.getUser(me)!.username]);
    const d = await call({ method: "messages.GetPeerDialogs", params: { peers: ["@alice", "me"] } });
    t.ok(d.ok, JSON.stringify(d).slice(0, 300));
    if (d.ok) t.equal((d.result as any).dialogs.length, 2, "each reference became an inputDialogPeer");
  });

  t.test("a reference of the wrong kind names the parameter", async (t) => {
    const r = await call({ method: "users.GetFullUser", params: { id: "@northwind_news" } });
    t.notOk(r.ok);
    if (!r.ok) {
      t.equal(r.status, 400);
      t.match(r.envelope, { error_type: "InvalidParameter", parameter: "id", expected_type: "InputUser" });
    }
    const missing = await call({ method: "messages.GetHistory", params: { peer: "@no_such_user_here", limit: 1 } });
    t.notOk(missing.ok);
    if (!missing.ok) {
      t.equal(missing.status, 404);
      t.match(missing.envelope, { ok: false, error_type: "EntityNotFound", parameter: "peer", operation: "invoke_mtproto" });
    }
  });

  t.test("a dangerous method: blocked, allowed, blocked by the server switch", async (t) => {
    const alice = demoUser(sb, "alice");
    const conv = sb.world.findPrivateConv(me, alice)!;
    const row = sb.world.topRow(conv);
    const id = sb.world.store.id[row]!;
    sb.resetCounters();
    const blocked = await call({ method: "messages.DeleteMessages", paramsJson: JSON.stringify({ id: [id] }) });
    t.notOk(blocked.ok);
    if (!blocked.ok) {
      t.equal(blocked.status, 403);
      t.match(blocked.envelope, { ok: false, error_code: "DANGEROUS_METHOD_BLOCKED", method: "messages.DeleteMessages", error: /allow_dangerous/ });
    }
    t.equal(sb.rpcCount("messages.DeleteMessages"), 0, "nothing reached Telegram");
    t.notOk(sb.world.isDeleted(row));

    const off = await call({ method: "messages.DeleteMessages", paramsJson: JSON.stringify({ id: [id] }), allowDangerous: true }, false);
    t.notOk(off.ok);
    if (!off.ok) {
      t.equal(off.status, 403);
      t.match(off.envelope, { error_code: "DANGEROUS_METHODS_DISABLED", error: /ALLOW_DANGEROUS_METHODS=false/ });
    }
    t.equal(sb.rpcCount("messages.DeleteMessages"), 0);

    const allowed = await call({ method: "messages.DeleteMessages", paramsJson: JSON.stringify({ id: [id], revoke: true }), allowDangerous: true });
    t.ok(allowed.ok, JSON.stringify(allowed).slice(0, 300));
    if (allowed.ok) t.match(allowed.result, { _: "messages.AffectedMessages", pts_count: 1 });
    t.ok(sb.world.isDeleted(row), "the message is gone");
  });

  t.test("unknown method, malformed params_json, wrong types", async (t) => {
    const unknown = await call({ method: "messages.GetHistorys", paramsJson: "{}" });
    t.notOk(unknown.ok);
    if (!unknown.ok) {
      t.equal(unknown.status, 404);
      t.match(unknown.envelope, { error_type: "InvalidParameter", error_code: "METHOD_NOT_FOUND", suggestions: ["messages.GetHistory"] });
    }
    const bad = await call({ method: "messages.GetHistory", paramsJson: '{"peer": "me", limit: 3}' });
    t.notOk(bad.ok);
    if (!bad.ok) {
      t.equal(bad.status, 400);
      t.match(bad.envelope, { error_code: "INVALID_PARAMS_JSON", parameter: "params_json", error: /not valid JSON/ });
    }
    const arr = await call({ method: "messages.GetHistory", paramsJson: "[1,2]" });
    t.match(arr, { ok: false, status: 400, envelope: { parameter: "params_json" } });
    const both = await call({ method: "messages.GetHistory", paramsJson: "{}", params: { peer: "me" } });
    t.match(both, { ok: false, status: 400 });
    const wrong = await call({ method: "messages.GetHistory", params: { peer: "me", limit: "three" } });
    t.match(wrong, { ok: false, status: 400, envelope: { parameter: "limit", expected_type: "int", error_type: "InvalidParameter" } });
    const missing = await call({ method: "users.GetFullUser", params: {} });
    t.match(missing, { ok: false, status: 400, envelope: { parameter: "id", expected_type: "InputUser" } });
    const wrapper = await call({ method: "invokeWithLayer", params: {} });
    t.match(wrapper, { ok: false, status: 400, envelope: { error_code: "METHOD_NOT_SUPPORTED" } });
  });

  t.test("a binary result comes back as base64", async (t) => {
    const media = [...sb.world.media.values()].find((m) => m.kind === "document")!;
    const hash = sb.world.mediaAccessHash(media.id).toString();
    const r = await call({
      method: "upload.GetFile",
      params: { location: { _: "inputDocumentFileLocation", id: String(media.id), access_hash: hash, file_reference: "", thumb_size: "" }, offset: 0, limit: 4096 },
    });
    t.ok(r.ok, JSON.stringify(r).slice(0, 300));
    if (!r.ok) return;
    const res = r.result as any;
    t.equal(res._, "upload.File");
    t.equal(res.bytes, sb.world.mediaBytes(media, 0, 4096).toString("base64"));
  });

  t.test("Telegram errors: error_code and honest statuses", async (t) => {
    sb.faults.floodWait("messages.GetHistory", 120);
    const flood = await call({ method: "messages.GetHistory", params: { peer: "me", limit: 1 } });
    t.match(flood, { ok: false, status: 429, envelope: { error_type: "RateLimited", retry_after_s: 120, error_code: "FLOOD_WAIT_120" } });
    sb.faults.error("messages.GetHistory", 400, "USERNAME_INVALID");
    const e400 = await call({ method: "messages.GetHistory", params: { peer: "me", limit: 1 } });
    t.match(e400, { ok: false, status: 400, envelope: { error_type: "TelegramError", error_code: "USERNAME_INVALID", method: "messages.GetHistory" } });
    sb.faults.error("messages.GetHistory", 403, "CHAT_WRITE_FORBIDDEN");
    t.match(await call({ method: "messages.GetHistory", params: { peer: "me" } }), { status: 403, envelope: { error_code: "CHAT_WRITE_FORBIDDEN" } });
    sb.faults.error("messages.GetHistory", 500, "INTERNAL_SERVER_ERROR");
    t.match(await call({ method: "messages.GetHistory", params: { peer: "me" } }), { status: 502, envelope: { error_code: "INTERNAL_SERVER_ERROR", retryable: true } }, "Telegram's 500 is a bad gateway, not ours");
  });
});
