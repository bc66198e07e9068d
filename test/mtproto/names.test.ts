import t from "tap";
import { Api } from "telegram";
import { editDistance, lookupMethod, suggestMethods } from "../../services/mtproto/names.js";
import { getSchema, parseSchema } from "../../services/mtproto/schema.js";
import apiTl from "telegram/tl/apiTl.js";

t.test("the schema is the pinned gramjs layer, and every definition matches its gramjs class", async (t) => {
  const s = getSchema();
  t.equal(s.layer, 198);
  t.ok(s.functions.size > 600, `${s.functions.size} functions`);
  t.ok(s.constructors.size > 1200, `${s.constructors.size} constructors`);
  let mismatches = 0;
  for (const d of [...s.functions.values(), ...s.constructors.values()]) {
    if ((d.cls as any).CONSTRUCTOR_ID !== d.id || (d.cls as any).className !== d.className) mismatches++;
  }
  t.equal(mismatches, 0, "ids and class names agree with gramjs");
  const gh = s.functions.get("messages.gethistory")!;
  t.equal(gh.className, "messages.GetHistory");
  t.equal(gh.type, "messages.Messages");
  t.same(
    gh.params.map((p) => `${p.name}:${p.type}`),
    ["peer:InputPeer", "offset_id:int", "offset_date:int", "add_offset:int", "limit:int", "max_id:int", "min_id:int", "hash:long"],
  );
  const send = s.functions.get("messages.sendmessage")!;
  const silent = send.params.find((p) => p.name === "silent")!;
  t.same(silent.flag, { field: "flags", index: 5 });
  t.equal(silent.type, "true");
  const entities = send.params.find((p) => p.name === "entities")!;
  t.ok(entities.isVector);
  t.equal(entities.type, "MessageEntity");
  t.equal(entities.key, "entities");
  t.equal(send.params.find((p) => p.name === "reply_to")!.key, "replyTo");
  t.equal(s.byId.get(Api.InputPeerSelf.CONSTRUCTOR_ID)!.tlName, "inputPeerSelf");
  t.same(
    s.byType.get("InputUser")!.map((d) => d.tlName),
    ["inputUserEmpty", "inputUserSelf", "inputUser", "inputUserFromMessage"],
  );
  // Parsing is deterministic: a second parse gives the same tables.
  t.equal(parseSchema(apiTl).functions.size, s.functions.size);
});

t.test("method names: case-insensitive, module case, Request suffix, snake_case", async (t) => {
  const same = ["messages.getHistory", "messages.GetHistory", "messages.GetHistoryRequest", "Messages.gethistory", "MESSAGES.GETHISTORY", "messages.get_history", " messages.getHistory "];
  for (const name of same) {
    const r = lookupMethod(name);
    t.ok(r.ok, name);
    if (r.ok) t.equal(r.def.className, "messages.GetHistory", name);
  }
  const cases: Array<[string, string]> = [
    ["users.getfulluser", "users.GetFullUser"],
    ["help.getnearestdc", "help.GetNearestDc"],
    ["account.GetAccountTTL", "account.GetAccountTTL"],
    // A real name that ends in "Request" is found as is, and with one more suffix.
    ["messages.hideChatJoinRequest", "messages.HideChatJoinRequest"],
    ["messages.HideChatJoinRequestRequest", "messages.HideChatJoinRequest"],
    ["channels.DeleteMessagesRequest", "channels.DeleteMessages"],
  ];
  for (const [input, want] of cases) {
    const r = lookupMethod(input);
    t.ok(r.ok && r.def.className === want, `${input} -> ${want}`);
  }
});

t.test("unknown methods get the nearest real names", async (t) => {
  const typo = lookupMethod("messages.GetHistorys");
  t.notOk(typo.ok);
  if (!typo.ok) t.equal(typo.suggestions[0], "messages.GetHistory");
  const module = lookupMethod("message.getHistory");
  if (!module.ok) t.equal(module.suggestions[0], "messages.GetHistory", "a wrong module still finds the method");
  const noModule = lookupMethod("getFullUser");
  t.notOk(noModule.ok, "the module is required");
  if (!noModule.ok) t.equal(noModule.suggestions[0], "users.GetFullUser");
  const send = lookupMethod("messages.sendMesage");
  if (!send.ok) t.equal(send.suggestions[0], "messages.SendMessage");
  const nothing = lookupMethod("zzzz.qqqqqqqqqqqqqqqqqqqq");
  t.same(nothing.ok ? null : nothing.suggestions, [], "nothing close: no suggestions");
  t.ok(suggestMethods("users.getfullusr", 3).length <= 3);
  t.equal(editDistance("kitten", "sitting"), 3);
  t.equal(editDistance("", "abc"), 3);
});
