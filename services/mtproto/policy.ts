// Dangerous-method policy. A method is dangerous when it destroys data or access, or hands
// the account or its property to someone else. The list is derived from the TL schema by
// the rules below plus a few explicit names, so a new layer's deleteX or resetX is covered
// without anyone editing a list. services/mtproto/README.md documents every rule.
import { getSchema, type TlDef, type TlSchema } from "./schema.js";

export interface DangerRule {
  id: string;
  description: string;
  matches(def: TlDef): boolean;
}

const local = (def: TlDef) => def.tlName.slice(def.tlName.indexOf(".") + 1);
const startsWith = (...verbs: string[]) => (def: TlDef) => verbs.some((v) => local(def).startsWith(v));

/** Names the rules do not reach, each with the reason it is dangerous. */
export const EXPLICIT_DANGEROUS: Readonly<Record<string, string>> = {
  "channels.editBanned": "kicks or bans a member (with view_messages banned)",
  "channels.editCreator": "transfers ownership of a channel or supergroup",
  "payments.transferStarGift": "transfers ownership of a gift",
  "payments.convertStarGift": "destroys a gift in exchange for Stars",
  "auth.dropTempAuthKeys": "destroys the temporary authorization keys of the session",
  "auth.acceptLoginToken": "logs another device into the account (QR login)",
  "auth.exportAuthorization": "exports an authorization another data center accepts",
  "account.changePhone": "changes the phone number the account logs in with",
  "account.setAccountTTL": "sets the inactivity period after which the account is deleted",
  "account.setAuthorizationTTL": "sets when idle sessions are logged out",
  "messages.setHistoryTTL": "makes messages of a chat delete themselves",
  "messages.setDefaultHistoryTTL": "makes messages of new chats delete themselves",
  "channels.deactivateAllUsernames": "removes every public username of a channel",
  "messages.migrateChat": "irreversibly turns a group into a supergroup",
  "channels.convertToGigagroup": "irreversibly turns a supergroup into a broadcast group",
};

/** Password verbs that only read or check; every other method naming Password changes 2FA. */
const PASSWORD_READ_VERBS = ["get", "check", "request", "resend"];

export const DANGER_RULES: readonly DangerRule[] = [
  { id: "delete", description: "the method name starts with delete (deletes messages, chats, history, contacts, the account, ...)", matches: startsWith("delete") },
  { id: "clear", description: "the method name starts with clear (wipes drafts, recent lists, saved payment data, ...)", matches: startsWith("clear") },
  { id: "reset", description: "the method name starts with reset (resets authorizations, i.e. logs sessions out; resets the password, saved contacts, settings, ...)", matches: startsWith("reset") },
  { id: "logout", description: "the method name starts with logOut (ends the session)", matches: (d) => local(d).toLowerCase().startsWith("logout") },
  { id: "leave", description: "the method name starts with leave (leaves a channel, chat folder or group call)", matches: startsWith("leave") },
  { id: "remove", description: "the method name starts with remove", matches: startsWith("remove") },
  {
    id: "password",
    description: `the method name contains Password and does not start with ${PASSWORD_READ_VERBS.join(", ")} (changes, resets or recovers the 2FA password or its email)`,
    matches: (d) => /password/i.test(local(d)) && !PASSWORD_READ_VERBS.some((v) => local(d).startsWith(v)),
  },
  { id: "explicit", description: "listed by name in EXPLICIT_DANGEROUS (ownership transfers, kicks and bans, session and phone changes, self-destruct timers, irreversible conversions)", matches: (d) => d.tlName in EXPLICIT_DANGEROUS },
];

/** The rule that makes a method dangerous, or undefined when it is safe. */
export function dangerRule(def: TlDef): DangerRule | undefined {
  if (def.kind !== "function") return undefined;
  return DANGER_RULES.find((r) => r.matches(def));
}

export function isDangerous(def: TlDef): boolean {
  return dangerRule(def) !== undefined;
}

/** Every dangerous method of the schema (gramjs spelling), sorted. */
export function dangerousMethods(schema: TlSchema = getSchema()): string[] {
  return [...schema.functions.values()].filter(isDangerous).map((d) => d.className).sort();
}

export type PolicyDecision =
  | { allowed: true; dangerous: boolean }
  | { allowed: false; reason: "needs_allow_dangerous" | "disabled_by_server"; rule: DangerRule };

/**
 * allowDangerous: what the caller asked for. serverAllows: the operator switch
 * ALLOW_DANGEROUS_METHODS; when false, no caller can run a dangerous method.
 */
export function checkPolicy(def: TlDef, allowDangerous: boolean, serverAllows: boolean): PolicyDecision {
  const rule = dangerRule(def);
  if (!rule) return { allowed: true, dangerous: false };
  if (!serverAllows) return { allowed: false, reason: "disabled_by_server", rule };
  if (!allowDangerous) return { allowed: false, reason: "needs_allow_dangerous", rule };
  return { allowed: true, dangerous: true };
}
