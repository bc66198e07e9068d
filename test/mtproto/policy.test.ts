// The method policy: what was dangerous stays dangerous (with the kind that makes it so), the
// methods of finding 3 of issue #13 are dangerous now, methodClass takes every spelling, and
// allow_dangerous and the server switch work as before. method-classes.test.ts checks the
// whole table; dangerous-front-ends.test.ts checks both front ends refuse.
import t from "tap";
import { checkPolicy, classOf, dangerousMethods, dangerReason, methodClass, methodEntry, readOnlyRefusal } from "../../services/mtproto/policy.js";
import { getSchema } from "../../services/mtproto/schema.js";
import { lookupMethod } from "../../services/mtproto/names.js";
import type { TlDef } from "../../services/mtproto/schema.js";
import { FINDING_3 } from "./_finding-3.js";

const def = (name: string): TlDef => {
  const r = lookupMethod(name);
  if (!r.ok) throw new Error(`no method ${name}`);
  return r.def;
};

/** Everything the policy blocked before the reviewed table, with the kind it has now. */
const DANGEROUS_BEFORE: Record<string, string> = {
  // the seed's seven (messages.DeleteUserHistory: see below, not in layer 198)
  "account.DeleteAccount": "delete",
  "messages.DeleteMessages": "delete",
  "messages.DeleteHistory": "delete",
  "messages.DeleteChatUser": "people",
  "channels.DeleteHistory": "delete",
  "channels.DeleteMessages": "delete",
  // deletes
  "account.DeleteAutoSaveExceptions": "delete",
  "account.DeleteBusinessChatLink": "delete",
  "account.DeleteSecureValue": "delete",
  "bots.DeletePreviewMedia": "delete",
  "channels.DeleteChannel": "delete",
  "channels.DeleteParticipantHistory": "delete",
  "channels.DeleteTopicHistory": "delete",
  "chatlists.DeleteExportedInvite": "delete",
  "contacts.DeleteByPhones": "delete",
  "contacts.DeleteContacts": "delete",
  "messages.DeleteChat": "delete",
  "messages.DeleteExportedChatInvite": "delete",
  "messages.DeleteFactCheck": "delete",
  "messages.DeletePhoneCallHistory": "delete",
  "messages.DeleteQuickReplyMessages": "delete",
  "messages.DeleteQuickReplyShortcut": "delete",
  "messages.DeleteRevokedExportedChatInvites": "delete",
  "messages.DeleteSavedHistory": "delete",
  "messages.DeleteScheduledMessages": "delete",
  "photos.DeletePhotos": "delete",
  "stickers.DeleteStickerSet": "delete",
  "stories.DeleteStories": "delete",
  // wipes
  "account.ClearRecentEmojiStatuses": "delete",
  "messages.ClearAllDrafts": "delete",
  "messages.ClearRecentReactions": "delete",
  "messages.ClearRecentStickers": "delete",
  "payments.ClearSavedInfo": "delete",
  // resets: sessions (log out) and data
  "auth.ResetAuthorizations": "security",
  "account.ResetAuthorization": "security",
  "account.ResetWebAuthorization": "security",
  "account.ResetWebAuthorizations": "security",
  "account.ResetPassword": "security",
  "account.ResetNotifySettings": "delete",
  "account.ResetWallPapers": "delete",
  "auth.ResetLoginEmail": "security",
  "bots.ResetBotCommands": "delete",
  "contacts.ResetSaved": "delete",
  "contacts.ResetTopPeerRating": "delete",
  // log out
  "auth.LogOut": "security",
  // leave
  "channels.LeaveChannel": "people",
  "chatlists.LeaveChatlist": "people",
  "phone.LeaveGroupCall": "people",
  "phone.LeaveGroupCallPresentation": "people",
  "smsjobs.Leave": "people",
  // remove
  "stickers.RemoveStickerFromSet": "delete",
  // 2FA / password changes
  "account.UpdatePasswordSettings": "security",
  "account.CancelPasswordEmail": "security",
  "account.ConfirmPasswordEmail": "security",
  "account.DeclinePasswordReset": "security",
  "auth.RecoverPassword": "security",
  // what the old explicit list named
  "channels.EditBanned": "people",
  "channels.EditCreator": "admin",
  "payments.TransferStarGift": "money",
  "payments.ConvertStarGift": "money",
  "auth.DropTempAuthKeys": "security",
  "auth.AcceptLoginToken": "access",
  "auth.ExportAuthorization": "access",
  "account.ChangePhone": "identity",
  "account.SetAccountTTL": "delete",
  "account.SetAuthorizationTTL": "security",
  "messages.SetHistoryTTL": "delete",
  "messages.SetDefaultHistoryTTL": "delete",
  "channels.DeactivateAllUsernames": "identity",
  "messages.MigrateChat": "admin",
  "channels.ConvertToGigagroup": "admin",
};

t.test("everything that was dangerous stays dangerous, with its kind", async (t) => {
  for (const [name, kind] of Object.entries(DANGEROUS_BEFORE)) {
    t.match(methodEntry(def(name)), { class: "dangerous", kind }, `${name} is dangerous (${kind})`);
  }
  const now = new Set(dangerousMethods());
  t.same(Object.keys(DANGEROUS_BEFORE).filter((n) => !now.has(n)), [], "dangerousMethods() keeps all of them");
});

t.test("finding 3: every listed method is dangerous, and refused without allow_dangerous", async (t) => {
  for (const [name, kind] of Object.entries(FINDING_3)) {
    t.equal(methodClass(name), "dangerous", `${name} is dangerous`);
    t.equal(methodEntry(def(name)).kind, kind, `${name}: ${kind}`);
    t.match(checkPolicy(def(name), false, true), { allowed: false, reason: "needs_allow_dangerous", kind }, `${name} needs allow_dangerous`);
    t.ok(dangerReason(def(name)).length > 10, `${name} says why`);
  }
});

t.test("the seed's seven are covered (messages.DeleteUserHistory is not in this layer)", async (t) => {
  // Layer 198 replaced messages.deleteUserHistory with channels.deleteParticipantHistory;
  // the name maps to nothing, so it cannot run at all, and counts as dangerous.
  t.notOk(lookupMethod("messages.DeleteUserHistory").ok);
  t.equal(methodClass("messages.DeleteUserHistory"), "dangerous");
  t.equal(classOf(def("channels.DeleteParticipantHistory")), "dangerous");
});

t.test("safe methods stay allowed, as read or write", async (t) => {
  const safe: Record<string, string> = {
    "users.GetFullUser": "read",
    "messages.GetHistory": "read",
    "messages.SendMessage": "write",
    "messages.ForwardMessages": "write",
    "account.GetAccountTTL": "read",
    "help.GetNearestDc": "read",
    "account.GetPassword": "read",
    "account.GetPasswordSettings": "read",
    "account.GetTmpPassword": "write",
    "auth.CheckPassword": "write",
    "auth.RequestPasswordRecovery": "write",
    "auth.CheckRecoveryPassword": "read",
    "account.ResendPasswordEmail": "write",
    "contacts.ResolveUsername": "read",
    "channels.JoinChannel": "write",
    "messages.EditMessage": "write",
  };
  for (const [name, cls] of Object.entries(safe)) {
    t.equal(methodClass(name), cls, `${name} is ${cls}`);
    t.same(checkPolicy(def(name), false, true), { allowed: true, dangerous: false }, `${name} runs without allow_dangerous`);
  }
});

t.test("methodClass takes every spelling the bridge accepts; unknown names are dangerous", async (t) => {
  for (const name of ["messages.delete_messages", "Messages.DeleteMessagesRequest", " MESSAGES.DELETEMESSAGES ", "messages.deleteMessages"]) {
    t.equal(methodClass(name), "dangerous", JSON.stringify(name));
  }
  for (const name of ["payments.send_stars_form", "PAYMENTS.SENDSTARSFORMREQUEST", "contacts.block", "Account.Update_Profile"]) {
    t.equal(methodClass(name), "dangerous", JSON.stringify(name));
  }
  t.equal(methodClass("messages.get_history"), "read");
  t.equal(methodClass("messages.SendMessageRequest"), "write");
  t.equal(methodClass("messages.HideChatJoinRequest"), "write", "a real name ending in Request");
  for (const name of ["", "messages.", "messages.GetHistorys", "nope", "invokeWithLayer", "initConnection"]) {
    t.equal(methodClass(name), "dangerous", `${JSON.stringify(name)}: unknown names and wrappers are never read or write`);
  }
});

t.test("allow_dangerous and the server switch", async (t) => {
  const del = def("messages.DeleteMessages");
  const safe = def("messages.GetHistory");
  t.same(checkPolicy(safe, false, true), { allowed: true, dangerous: false });
  t.same(checkPolicy(safe, false, false), { allowed: true, dangerous: false }, "the switch affects dangerous methods only");
  t.match(checkPolicy(del, false, true), { allowed: false, reason: "needs_allow_dangerous", kind: "delete" });
  t.same(checkPolicy(del, true, true), { allowed: true, dangerous: true });
  t.match(checkPolicy(del, true, false), { allowed: false, reason: "disabled_by_server" }, "ALLOW_DANGEROUS_METHODS=false removes the override");
  t.match(checkPolicy(del, false, false), { allowed: false, reason: "disabled_by_server" });
});

t.test("READ_ONLY: every read-class method runs, every other one is refused, whatever else allows it", async (t) => {
  const all = [...getSchema().functions.values()];
  let reads = 0;
  for (const d of all) {
    const decision = checkPolicy(d, true, true, true);
    if (classOf(d) === "read") {
      reads++;
      if (!decision.allowed) t.fail(`${d.className} is read-class and must run on a read-only server`);
    } else if (decision.allowed || decision.reason !== "read_only") t.fail(`${d.className} (${classOf(d)}) must be refused on a read-only server`);
  }
  t.ok(reads > 100 && reads < all.length, `${reads} of ${all.length} methods run on a read-only server`);
  t.match(checkPolicy(def("messages.SendMessage"), false, true, true), { allowed: false, reason: "read_only", class: "write" });
  t.match(checkPolicy(def("account.DeleteAccount"), true, true, true), { allowed: false, reason: "read_only", class: "dangerous" }, "allow_dangerous does not lift it");
  t.same(checkPolicy(def("messages.GetHistory"), false, false, true), { allowed: true, dangerous: false });
  t.match(readOnlyRefusal(def("messages.SendMessage")), /^messages\.SendMessage is a write-class method and this server is read-only \(READ_ONLY=true\)/);
});
