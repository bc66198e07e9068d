// JSON -> TL conversion without Telegram (resolve=false, or params with no chat references).
// Requests are checked by what gramjs would put on the wire: getBytes() must serialize.
import t, { type Test } from "tap";
import bigInt from "big-integer";
import { Api } from "telegram";
import { buildRequest, isDateField } from "../../services/mtproto/to-tl.js";
import { BridgeError } from "../../services/mtproto/errors.js";
import { lookupMethod } from "../../services/mtproto/names.js";

const def = (name: string) => {
  const r = lookupMethod(name);
  if (!r.ok) throw new Error(name);
  return r.def;
};
const build = (method: string, params: unknown, resolve = false) => buildRequest(def(method), params, { resolve });

async function fails(t: Test, p: Promise<unknown>, match: Record<string, unknown>, msg: string) {
  try {
    await p;
    t.fail(`${msg}: expected an error`);
  } catch (err) {
    t.ok(err instanceof BridgeError, `${msg}: a BridgeError`);
    t.match(err, match, msg);
  }
}

t.test("nested objects by constructor name, case-insensitive", async (t) => {
  for (const name of ["inputUserSelf", "InputUserSelf", "INPUTUSERSELF", "input_user_self"]) {
    const r = (await build("users.GetFullUser", { id: { _: name } })) as Api.users.GetFullUser;
    t.ok(r instanceof Api.users.GetFullUser, name);
    t.ok(r.id instanceof Api.InputUserSelf, name);
    t.ok(Buffer.isBuffer(r.getBytes()));
  }
  const gh = (await build("messages.GetHistory", {
    peer: { _: "inputPeerChannel", channel_id: 123456, access_hash: "-4611686018427387904" },
    limit: 10,
  })) as Api.messages.GetHistory;
  t.ok(gh.peer instanceof Api.InputPeerChannel);
  const peer = gh.peer as Api.InputPeerChannel;
  t.equal(peer.channelId.toString(), "123456");
  t.equal(peer.accessHash.toString(), "-4611686018427387904");
  t.equal(gh.limit, 10);
  t.equal(gh.offsetId, 0, "missing numeric params default to 0");
  t.equal(gh.hash.toString(), "0");
  t.ok(gh.getBytes().length > 0);

  // Three levels deep: InputReplyTo -> InputPeer inside SendMessage.
  const sm = (await build("messages.SendMessage", {
    peer: { _: "inputPeerSelf" },
    message: "hi",
    reply_to: { _: "inputReplyToMessage", reply_to_msg_id: 5, reply_to_peer_id: { _: "inputPeerSelf" } },
  })) as Api.messages.SendMessage;
  const rt = sm.replyTo as Api.InputReplyToMessage;
  t.ok(rt instanceof Api.InputReplyToMessage);
  t.equal(rt.replyToMsgId, 5);
  t.ok(rt.replyToPeerId instanceof Api.InputPeerSelf);
  t.ok(sm.randomId, "random_id is generated when missing");
  t.ok(sm.getBytes().length > 0);
});

t.test("a type with a single constructor needs no _", async (t) => {
  const r = (await build("account.UpdateNotifySettings", {
    peer: { _: "inputNotifyPeer", peer: { _: "inputPeerSelf" } },
    settings: { silent: true, mute_until: 0 },
  })) as Api.account.UpdateNotifySettings;
  t.ok(r.settings instanceof Api.InputPeerNotifySettings);
  t.equal(r.settings.silent, true);
});

t.test("snake_case and camelCase parameter names", async (t) => {
  const a = (await build("messages.GetHistory", { peer: { _: "inputPeerSelf" }, offset_id: 7, add_offset: -2 })) as Api.messages.GetHistory;
  const b = (await build("messages.GetHistory", { peer: { _: "inputPeerSelf" }, offsetId: 7, addOffset: -2 })) as Api.messages.GetHistory;
  t.equal(a.offsetId, 7);
  t.equal(b.offsetId, 7);
  t.equal(b.addOffset, -2);
  t.same(a.getBytes(), b.getBytes());
  await fails(t, build("messages.GetHistory", { peer: { _: "inputPeerSelf" }, offset_id: 1, offsetId: 2 }), { kind: "invalid", info: { parameter: "offset_id" } }, "both spellings at once");
});

t.test("flags: optional fields set their bits, true-flags are booleans", async (t) => {
  const plain = (await build("messages.SendMessage", { peer: { _: "inputPeerSelf" }, message: "x", random_id: 1 })) as Api.messages.SendMessage;
  const flagged = (await build("messages.SendMessage", { peer: { _: "inputPeerSelf" }, message: "x", random_id: 1, silent: true, no_webpage: false, schedule_date: 100 })) as Api.messages.SendMessage;
  const flagsOf = (r: Api.messages.SendMessage) => r.getBytes().readUInt32LE(4);
  t.equal(flagsOf(plain), 0);
  t.equal(flagsOf(flagged), (1 << 5) | (1 << 10), "silent (bit 5) and schedule_date (bit 10); no_webpage=false sets nothing");
  t.equal(flagged.noWebpage, undefined);
  // A given "flags" value is ignored: flags are always computed.
  const withFlags = (await build("messages.SendMessage", { peer: { _: "inputPeerSelf" }, message: "x", random_id: 1, flags: 12345 })) as Api.messages.SendMessage;
  t.equal(flagsOf(withFlags), 0);
  await fails(t, build("messages.SendMessage", { peer: { _: "inputPeerSelf" }, message: "x", silent: "yes" }), { info: { parameter: "silent", expectedType: "true" } }, "a flag must be boolean");
});

t.test("64-bit values as strings or numbers; unsafe numbers and out-of-range refused", async (t) => {
  const big = "9223372036854775807";
  const r1 = (await build("messages.GetHistory", { peer: { _: "inputPeerSelf" }, hash: big })) as Api.messages.GetHistory;
  t.equal(r1.hash.toString(), big);
  const r2 = (await build("messages.GetHistory", { peer: { _: "inputPeerSelf" }, hash: 12345 })) as Api.messages.GetHistory;
  t.equal(r2.hash.toString(), "12345");
  const r3 = (await build("messages.GetHistory", { peer: { _: "inputPeerSelf" }, hash: "18446744073709551615" })) as Api.messages.GetHistory;
  t.equal(r3.hash.toString(), "-1", "unsigned 64-bit wraps to the signed form");
  t.ok(bigInt.isInstance(r3.hash));
  await fails(t, build("messages.GetHistory", { peer: { _: "inputPeerSelf" }, hash: 2 ** 60 }), { kind: "invalid", info: { parameter: "hash", expectedType: "long" } }, "unsafe JSON number");
  await fails(t, build("messages.GetHistory", { peer: { _: "inputPeerSelf" }, hash: "18446744073709551616" }), { info: { parameter: "hash" } }, "beyond 64 bits");
  await fails(t, build("messages.GetHistory", { peer: { _: "inputPeerSelf" }, hash: "12ab" }), { info: { parameter: "hash" } }, "not a number");
  await fails(t, build("messages.GetHistory", { peer: { _: "inputPeerSelf" }, hash: 1.5 }), { info: { parameter: "hash" } }, "not an integer");
});

t.test("int: 32-bit range, unsigned wraps, ISO dates for time fields", async (t) => {
  const r = (await build("messages.GetHistory", { peer: { _: "inputPeerSelf" }, offset_date: "2024-01-02T03:04:05Z", limit: 2 ** 32 - 1 })) as Api.messages.GetHistory;
  t.equal(r.offsetDate, Date.UTC(2024, 0, 2, 3, 4, 5) / 1000);
  t.equal(r.limit, -1);
  await fails(t, build("messages.GetHistory", { peer: { _: "inputPeerSelf" }, limit: "ten" }), { kind: "invalid", info: { parameter: "limit", expectedType: "int" }, message: /Parameter 'limit' of messages\.GetHistory expects int/ }, "wrong type");
  await fails(t, build("messages.GetHistory", { peer: { _: "inputPeerSelf" }, limit: 2 ** 32 }), { info: { parameter: "limit" } }, "beyond 32 bits");
  await fails(t, build("messages.GetHistory", { peer: { _: "inputPeerSelf" }, limit: 1.5 }), { info: { parameter: "limit" } }, "not an integer");
  await fails(t, build("messages.GetHistory", { peer: { _: "inputPeerSelf" }, offset_date: "2024-13-45" }), { info: { parameter: "offset_date" } }, "bad date");
  t.ok(isDateField("date") && isDateField("offset_date") && isDateField("until_date") && isDateField("expires") && isDateField("was_online"));
  t.notOk(isDateField("limit") || isDateField("period") || isDateField("updated"));
});

t.test("bytes as base64", async (t) => {
  const r = (await build("auth.ImportLoginToken", { token: Buffer.from([0, 1, 2, 250, 251, 252]).toString("base64") })) as Api.auth.ImportLoginToken;
  t.same([...r.token], [0, 1, 2, 250, 251, 252]);
  const url = (await build("auth.ImportLoginToken", { token: Buffer.from([251, 255]).toString("base64url") })) as Api.auth.ImportLoginToken;
  t.same([...url.token], [251, 255], "url-safe base64 too");
  await fails(t, build("auth.ImportLoginToken", { token: "not base64!" }), { info: { parameter: "token", expectedType: "bytes" } }, "not base64");
  await fails(t, build("auth.ImportLoginToken", { token: [1, 2] }), { info: { parameter: "token" } }, "an array is not bytes");
});

t.test("double, string, Bool", async (t) => {
  const r = (await build("messages.SendMedia", {
    peer: { _: "inputPeerSelf" },
    message: "",
    media: { _: "inputMediaGeoPoint", geo_point: { _: "inputGeoPoint", lat: 51.5, long: -0.12 } },
  })) as Api.messages.SendMedia;
  t.equal(((r.media as Api.InputMediaGeoPoint).geoPoint as Api.InputGeoPoint).lat, 51.5);
  await fails(t, build("messages.SendMedia", { peer: { _: "inputPeerSelf" }, message: "", media: { _: "inputMediaGeoPoint", geo_point: { _: "inputGeoPoint", lat: "51", long: 0 } } }), { info: { parameter: "media.geo_point.lat", expectedType: "double" } }, "nested path in errors");
  await fails(t, build("messages.SendMessage", { peer: { _: "inputPeerSelf" }, message: 5 }), { info: { parameter: "message", expectedType: "string" } }, "string");
  const ok = (await build("account.UpdateStatus", { offline: false })) as Api.account.UpdateStatus;
  t.equal(ok.offline, false);
  await fails(t, build("account.UpdateStatus", { offline: "false" }), { info: { parameter: "offline", expectedType: "Bool" } }, "Bool");
});

t.test("vectors: arrays checked element by element", async (t) => {
  const r = (await build("messages.ForwardMessages", { from_peer: { _: "inputPeerSelf" }, to_peer: { _: "inputPeerSelf" }, id: [1, 2, 3] })) as Api.messages.ForwardMessages;
  t.same(r.id, [1, 2, 3]);
  t.equal(r.randomId.length, 3, "one random id per message");
  await fails(t, build("messages.ForwardMessages", { from_peer: { _: "inputPeerSelf" }, to_peer: { _: "inputPeerSelf" }, id: 5 }), { info: { parameter: "id", expectedType: "Vector<int>" } }, "not an array");
  await fails(t, build("messages.ForwardMessages", { from_peer: { _: "inputPeerSelf" }, to_peer: { _: "inputPeerSelf" }, id: [1, "x"] }), { info: { parameter: "id[1]" } }, "bad element");
});

t.test("missing required parameters name the parameter and its TL type", async (t) => {
  await fails(t, build("users.GetFullUser", {}), { kind: "invalid", info: { parameter: "id", expectedType: "InputUser" }, message: /Missing required parameter 'id' of users\.GetFullUser: expected InputUser/ }, "object");
  await fails(t, build("messages.SendMessage", { peer: { _: "inputPeerSelf" } }), { info: { parameter: "message", expectedType: "string" } }, "string");
  await fails(t, build("messages.ForwardMessages", { from_peer: { _: "inputPeerSelf" }, to_peer: { _: "inputPeerSelf" } }), { info: { parameter: "id", expectedType: "Vector<int>" } }, "vector");
});

t.test("wrong constructors and unknown names", async (t) => {
  await fails(t, build("users.GetFullUser", { id: { _: "inputPeerSelf" } }), { info: { parameter: "id", expectedType: "InputUser" }, message: /builds InputPeer/ }, "constructor of another type");
  await fails(t, build("users.GetFullUser", { id: { _: "inputUserSelff" } }), { info: { parameter: "id", suggestions: ["inputUserSelf"] } }, "typo in a constructor");
  await fails(t, build("users.GetFullUser", { id: {} }), { message: /add "_" with one of inputUserEmpty, inputUserSelf/ }, "no _ for a type with several constructors");
  await fails(t, build("users.GetFullUser", { id: { _: 5 } }), { info: { parameter: "id._" } }, "_ not a string");
  await fails(t, build("users.GetFullUser", { id: { _: "inputUserSelf" }, bogus: 1 }), { info: { parameter: "bogus" }, message: /Its parameters are: id/ }, "unknown parameter");
  await fails(t, build("users.GetFullUser", { id: { _: "inputUser", user_id: 1, access_hash: 2, extra: 3 } }), { info: { parameter: "id.extra" } }, "unknown nested parameter");
  await fails(t, build("users.GetFullUser", "x"), { info: { parameter: "params" } }, "params not an object");
});

t.test("chat references need resolve=true", async (t) => {
  await fails(t, build("messages.GetHistory", { peer: "@telegram" }), { info: { parameter: "peer", expectedType: "InputPeer" }, message: /resolve=true/ }, "resolve=false");
  await fails(t, build("messages.GetHistory", { peer: 5 }), { info: { parameter: "peer" } }, "number with resolve=false");
  await fails(t, build("messages.AcceptEncryption", { peer: "@x", g_b: "", key_fingerprint: 0 }, true), { info: { parameter: "peer", expectedType: "InputEncryptedChat" } }, "not a resolvable type even with resolve=true");
  // resolve=true with no references at all never needs a lookup.
  const r = await build("users.GetFullUser", { id: { _: "inputUserSelf" } }, true);
  t.ok(r instanceof Api.users.GetFullUser);
  // A positive chat_id is a plain id, not a reference.
  const fc = (await build("messages.GetFullChat", { chat_id: 42 }, true)) as Api.messages.GetFullChat;
  t.equal(fc.chatId.toString(), "42");
  const fcs = (await build("messages.GetFullChat", { chat_id: "42" }, true)) as Api.messages.GetFullChat;
  t.equal(fcs.chatId.toString(), "42");
});

t.test("wrapper methods (generic X) are refused", async (t) => {
  await fails(t, build("invokeWithoutUpdates", { query: { _: "help.getConfig" } }), { kind: "invalid", info: { parameter: "query" } }, "invokeWithoutUpdates");
});
