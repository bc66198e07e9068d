// The dangerous-method policy, method by method: every method the policy blocks is listed
// here with the rule that blocks it, so a schema update that adds or drops one fails this
// test and the README table is revisited.
import t from "tap";
import { checkPolicy, dangerousMethods, dangerRule, EXPLICIT_DANGEROUS } from "../../services/mtproto/policy.js";
import { lookupMethod } from "../../services/mtproto/names.js";
import { getSchema, type TlDef } from "../../services/mtproto/schema.js";

const def = (name: string): TlDef => {
  const r = lookupMethod(name);
  if (!r.ok) throw new Error(`no method ${name}`);
  return r.def;
};

const EXPECTED: Record<string, string> = {
  // the seed's seven
  "account.DeleteAccount": "delete",
  "messages.DeleteMessages": "delete",
  "messages.DeleteHistory": "delete",
  "messages.DeleteUserHistory": "missing-in-layer", // see below: not in layer 198
  "messages.DeleteChatUser": "delete",
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
  "account.ClearRecentEmojiStatuses": "clear",
  "messages.ClearAllDrafts": "clear",
  "messages.ClearRecentReactions": "clear",
  "messages.ClearRecentStickers": "clear",
  "payments.ClearSavedInfo": "clear",
  // resets: sessions (log out) and data
  "auth.ResetAuthorizations": "reset",
  "account.ResetAuthorization": "reset",
  "account.ResetWebAuthorization": "reset",
  "account.ResetWebAuthorizations": "reset",
  "account.ResetPassword": "reset",
  "account.ResetNotifySettings": "reset",
  "account.ResetWallPapers": "reset",
  "auth.ResetLoginEmail": "reset",
  "bots.ResetBotCommands": "reset",
  "contacts.ResetSaved": "reset",
  "contacts.ResetTopPeerRating": "reset",
  // log out
  "auth.LogOut": "logout",
  // leave
  "channels.LeaveChannel": "leave",
  "chatlists.LeaveChatlist": "leave",
  "phone.LeaveGroupCall": "leave",
  "phone.LeaveGroupCallPresentation": "leave",
  "smsjobs.Leave": "leave",
  // remove
  "stickers.RemoveStickerFromSet": "remove",
  // 2FA / password changes
  "account.UpdatePasswordSettings": "password",
  "account.CancelPasswordEmail": "password",
  "account.ConfirmPasswordEmail": "password",
  "account.DeclinePasswordReset": "password",
  "auth.RecoverPassword": "password",
  // by name
  "channels.EditBanned": "explicit",
  "channels.EditCreator": "explicit",
  "payments.TransferStarGift": "explicit",
  "payments.ConvertStarGift": "explicit",
  "auth.DropTempAuthKeys": "explicit",
  "auth.AcceptLoginToken": "explicit",
  "auth.ExportAuthorization": "explicit",
  "account.ChangePhone": "explicit",
  "account.SetAccountTTL": "explicit",
  "account.SetAuthorizationTTL": "explicit",
  "messages.SetHistoryTTL": "explicit",
  "messages.SetDefaultHistoryTTL": "explicit",
  "channels.DeactivateAllUsernames": "explicit",
  "messages.MigrateChat": "explicit",
  "channels.ConvertToGigagroup": "explicit",
};

t.test("every dangerous method, with the rule that makes it dangerous", async (t) => {
  const expected = Object.entries(EXPECTED).filter(([, rule]) => rule !== "missing-in-layer");
  for (const [name, rule] of expected) {
    t.equal(dangerRule(def(name))?.id, rule, `${name} is dangerous by rule "${rule}"`);
  }
  t.same(dangerousMethods(), expected.map(([n]) => n).sort(), "the policy blocks exactly the listed methods");
});

t.test("the seed's seven are covered (messages.DeleteUserHistory is not in this layer)", async (t) => {
  // Layer 198 replaced messages.deleteUserHistory with channels.deleteParticipantHistory;
  // the name still maps to nothing, so it cannot run at all.
  t.notOk(lookupMethod("messages.DeleteUserHistory").ok);
  t.equal(dangerRule(def("channels.DeleteParticipantHistory"))?.id, "delete");
});

t.test("safe methods stay allowed", async (t) => {
  const safe = [
    "users.GetFullUser",
    "messages.GetHistory",
    "messages.SendMessage",
    "messages.ForwardMessages",
    "account.GetAccountTTL",
    "help.GetNearestDc",
    "account.GetPassword",
    "account.GetPasswordSettings",
    "account.GetTmpPassword",
    "auth.CheckPassword",
    "auth.RequestPasswordRecovery",
    "auth.CheckRecoveryPassword",
    "account.ResendPasswordEmail",
    "contacts.ResolveUsername",
    "channels.JoinChannel",
    "messages.EditMessage",
  ];
  for (const name of safe) t.equal(dangerRule(def(name)), undefined, `${name} is safe`);
});

t.test("explicit names all exist in the schema", async (t) => {
  for (const name of Object.keys(EXPLICIT_DANGEROUS)) t.ok(getSchema().functions.has(name.toLowerCase()), name);
});

t.test("allow_dangerous and the server switch", async (t) => {
  const del = def("messages.DeleteMessages");
  const safe = def("messages.GetHistory");
  t.same(checkPolicy(safe, false, true), { allowed: true, dangerous: false });
  t.same(checkPolicy(safe, false, false), { allowed: true, dangerous: false }, "the switch affects dangerous methods only");
  t.match(checkPolicy(del, false, true), { allowed: false, reason: "needs_allow_dangerous" });
  t.same(checkPolicy(del, true, true), { allowed: true, dangerous: true });
  t.match(checkPolicy(del, true, false), { allowed: false, reason: "disabled_by_server" }, "ALLOW_DANGEROUS_METHODS=false removes the override");
  t.match(checkPolicy(del, false, false), { allowed: false, reason: "disabled_by_server" });
});
