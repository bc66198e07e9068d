// The method policy. Every function of the pinned layer has a reviewed class in
// method-classes.ts: read, write or dangerous. Dangerous methods run only with allow_dangerous
// (and never with ALLOW_DANGEROUS_METHODS=false); the read class is what a read-only mode may
// run. The name rules below are the principle's floor, not the policy: they check the table
// (a deleteX the table calls safe fails the tests) and draft entries for a new layer.
// services/mtproto/README.md states the principle and publishes the whole table.
import { lookupMethod } from "./names.js";
import { isGenericType, getSchema, type TlDef, type TlSchema } from "./schema.js";
import { METHOD_CLASSES, type DangerKind, type MethodClass, type MethodEntry } from "./method-classes.js";
import { BridgeError } from "./errors.js";

export type { DangerKind, MethodClass, MethodEntry } from "./method-classes.js";

/** What each kind of dangerous method does; the refusal names it when the entry has no note. */
export const DANGER_KINDS: Readonly<Record<DangerKind, string>> = {
  delete: "deletes or wipes data, or makes it delete itself",
  money: "spends or gives away money, Stars, gifts or boosts",
  access: "grants a third party access to the account or its data",
  identity: "changes the account's identity: name, username, photo, phone, email",
  security: "changes how the account or this session is logged in: 2FA, sessions, login codes",
  privacy: "changes who can see or reach the account",
  admin: "changes admin rights, ownership, or what members may see and do",
  people: "leaves a chat, call or program, or removes people",
  wrapper: "wraps another method and would hide it from this policy",
  unreviewed: "is not classified for this layer yet (services/mtproto/method-classes.ts)",
};

/** What needs allow_dangerous, in brief: invoke_mtproto's description is read on every turn (issue #19). */
export const DANGEROUS_SUMMARY = "delete, pay, grant access, change identity, security, privacy or admin rights, leave or remove people";

const UNREVIEWED: MethodEntry = { class: "dangerous", kind: "unreviewed" };

/** The reviewed entry of a function; a function the table lacks is dangerous (fail closed). */
export function methodEntry(def: TlDef): MethodEntry {
  return Object.hasOwn(METHOD_CLASSES, def.tlName) ? METHOD_CLASSES[def.tlName]! : UNREVIEWED;
}

export function classOf(def: TlDef): MethodClass {
  return methodEntry(def).class;
}

/**
 * The class of a method named in any accepted spelling ("messages.getHistory",
 * "messages.GetHistoryRequest", "messages.get_history", ...). A name that is no method of the
 * layer is "dangerous": nothing unknown ever counts as read or write.
 */
export function methodClass(name: string): MethodClass {
  const found = lookupMethod(name);
  return found.ok ? classOf(found.def) : "dangerous";
}

/** Which setting made a call read-only: the server's READ_ONLY, or the account's own (settings or an OAuth grant). */
export type ReadOnlySource = "server" | "account";

/** The refusal of a non-read method on a read-only server or account; it names the setting. */
export function readOnlyRefusal(def: TlDef, source: ReadOnlySource = "server"): string {
  const why =
    source === "server"
      ? "this server is read-only (READ_ONLY=true)"
      : "this account is read-only (its read-only setting, or an OAuth grant without telegram:write)";
  return `${def.className} is a ${classOf(def)}-class method and ${why}: only read-class methods run.`;
}

/** Why a dangerous method is dangerous, for the refusal message. */
export function dangerReason(def: TlDef): string {
  const e = methodEntry(def);
  return e.note ?? DANGER_KINDS[e.kind ?? "unreviewed"];
}

/** Every dangerous method of the schema (gramjs spelling), sorted. */
export function dangerousMethods(schema: TlSchema = getSchema()): string[] {
  return [...schema.functions.values()].filter((d) => classOf(d) === "dangerous").map((d) => d.className).sort();
}

export type PolicyDecision =
  | { allowed: true; dangerous: boolean }
  | { allowed: false; reason: "read_only"; class: MethodClass }
  | { allowed: false; reason: "needs_allow_dangerous" | "disabled_by_server"; kind: DangerKind; why: string };

/**
 * allowDangerous: what the caller asked for. serverAllows: the operator switch
 * ALLOW_DANGEROUS_METHODS; when false, no caller can run a dangerous method. readOnly: the
 * operator switch READ_ONLY; when true, only read-class methods run, whatever else is allowed.
 */
export function checkPolicy(def: TlDef, allowDangerous: boolean, serverAllows: boolean, readOnly = false): PolicyDecision {
  const entry = methodEntry(def);
  if (readOnly && entry.class !== "read") return { allowed: false, reason: "read_only", class: entry.class };
  if (entry.class !== "dangerous") return { allowed: true, dangerous: false };
  const refused = { kind: entry.kind ?? "unreviewed", why: dangerReason(def) } as const;
  if (!serverAllows) return { allowed: false, reason: "disabled_by_server", ...refused };
  if (!allowDangerous) return { allowed: false, reason: "needs_allow_dangerous", ...refused };
  return { allowed: true, dangerous: true };
}

// ---------------------------------------------------------------- the principle's floor

/** Verbs that make a method dangerous by themselves: the name is enough. */
export const DANGEROUS_VERBS = ["delete", "clear", "reset", "logOut", "leave", "remove"] as const;

/** Verbs of methods that only look: get, search, check, resolve, export (of public data), can, is. */
export const READ_VERBS = ["get", "search", "check", "resolve", "export", "can", "is"] as const;

/** Verbs that leave a password or a username as it is; any other verb on them changes one. */
const PASSWORD_KEEP_VERBS = ["get", "check", "request", "resend"];
const USERNAME_KEEP_VERBS = ["get", "check", "resolve"];

const localName = (def: TlDef) => def.tlName.slice(def.tlName.indexOf(".") + 1);

/** The method's verb is `verb`: "getHistory" has "get", "cancelCode" has not "can". */
function hasVerb(local: string, verb: string): boolean {
  return local.startsWith(verb) && (local.length === verb.length || /[A-Z]/.test(local[verb.length]!));
}

/**
 * What the name alone says about a function: "dangerous" (a wrapper, a dangerous verb, a change
 * of the password or of a username), "read" (a read verb), or undefined (the name cannot tell).
 * The reviewed table must agree with "dangerous", and may differ from "read" only with a note.
 */
export function nameSuggests(def: TlDef): { class: MethodClass; kind?: DangerKind; rule: string } | undefined {
  const local = localName(def);
  const verb = (list: readonly string[]) => list.find((v) => hasVerb(local, v));
  if (def.params.some((p) => isGenericType(p.type))) return { class: "dangerous", kind: "wrapper", rule: "wraps a query of any type" };
  const bad = verb(DANGEROUS_VERBS);
  if (bad) return { class: "dangerous", rule: `verb ${bad}` };
  if (/Password/.test(local) && !verb(PASSWORD_KEEP_VERBS)) return { class: "dangerous", kind: "security", rule: "changes a password" };
  if (/Username/.test(local) && !verb(USERNAME_KEEP_VERBS)) return { class: "dangerous", kind: "identity", rule: "changes a username" };
  const look = verb(READ_VERBS);
  if (look) return { class: "read", rule: `verb ${look}` };
  return undefined;
}

/**
 * A read-only server's check of a method name alone, before anything else: throws the READ_ONLY
 * refusal for a known method that is not of the read class. Unknown names are left to
 * prepareCall, whose answer suggests the real ones.
 */
export function assertReadOnlyMethod(method: string, source: ReadOnlySource = "server"): void {
  const found = lookupMethod(method);
  if (found.ok && classOf(found.def) !== "read") throw new BridgeError("forbidden", "InvalidParameter", readOnlyRefusal(found.def, source), { errorCode: "READ_ONLY", method: found.def.className });
}
