import t from "tap";
import bigInt from "big-integer";
import { Api } from "telegram";
import { tlToJson } from "../../services/mtproto/to-json.js";
import { buildRequest } from "../../services/mtproto/to-tl.js";
import { lookupMethod } from "../../services/mtproto/names.js";

t.test("_ holds the type name; snake_case keys; flags folded; absent fields omitted", async (t) => {
  const user = new Api.User({
    id: bigInt(777000),
    accessHash: bigInt("-5764607523034234880"),
    firstName: "Ada",
    username: "ada",
    self: true,
    bot: false,
    status: new Api.UserStatusOffline({ wasOnline: 1700000000 }),
  });
  t.same(tlToJson(user), {
    _: "User",
    self: true,
    id: 777000,
    access_hash: "-5764607523034234880",
    first_name: "Ada",
    username: "ada",
    status: { _: "UserStatusOffline", was_online: "2023-11-14T22:13:20.000Z" },
  });
});

t.test("64-bit integers: numbers when safe, strings beyond 2^53", async (t) => {
  const small = tlToJson(new Api.PeerUser({ userId: bigInt(2 ** 53 - 1) })) as any;
  t.equal(small.user_id, 2 ** 53 - 1);
  const large = tlToJson(new Api.PeerUser({ userId: bigInt(2).pow(53).add(1) })) as any;
  t.equal(large.user_id, "9007199254740993");
  t.equal(tlToJson(123n), 123);
  t.equal(tlToJson(2n ** 60n), "1152921504606846976");
  t.same(tlToJson([bigInt(1), bigInt("-9223372036854775808")]), [1, "-9223372036854775808"], "Vector<long> results");
});

t.test("bytes as base64, dates as ISO, zero dates as null", async (t) => {
  const file = new Api.upload.File({ type: new Api.storage.FilePartial(), mtime: 0, bytes: Buffer.from([0, 255, 16]) });
  t.same(tlToJson(file), { _: "upload.File", type: { _: "storage.FilePartial" }, mtime: 0, bytes: "AP8Q" });
  const msg = new Api.Message({ id: 5, peerId: new Api.PeerUser({ userId: bigInt(1) }), date: 86400, message: "x", editDate: 0 } as any);
  const j = tlToJson(msg) as any;
  t.equal(j._, "Message");
  t.equal(j.date, "1970-01-02T00:00:00.000Z");
  t.equal(j.edit_date, null);
  t.notOk("_client" in j || "_chat" in j || "originalArgs" in j, "no gramjs internals");
  t.equal(tlToJson(new Date(0)), "1970-01-01T00:00:00.000Z");
  t.equal(tlToJson(new Uint8Array([1, 2])), "AQI=");
});

t.test("scalars and plain values", async (t) => {
  t.equal(tlToJson(true), true);
  t.equal(tlToJson(null), null);
  t.equal(tlToJson(undefined), null);
  t.equal(tlToJson(Number.NaN), null);
  t.same(tlToJson([1, 2]), [1, 2]);
  t.same(tlToJson({ a: 1, _hidden: 2, f() {} }), { a: 1 });
});

t.test("round trip: a result's JSON is accepted back as input", async (t) => {
  const peer = new Api.InputPeerChannel({ channelId: bigInt(42), accessHash: bigInt("-9000000000000000000") });
  const json = tlToJson(peer) as any;
  t.same(json, { _: "InputPeerChannel", channel_id: 42, access_hash: "-9000000000000000000" });
  const r = lookupMethod("messages.GetHistory");
  if (!r.ok) throw new Error("no method");
  const req = (await buildRequest(r.def, { peer: json, limit: 1 }, { resolve: false })) as Api.messages.GetHistory;
  t.same((req.peer as Api.InputPeerChannel).getBytes(), peer.getBytes());
});
