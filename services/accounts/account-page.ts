// What the account page (routes/account.ts) and `tgmcp account settings` do to an account's
// settings, free of HTTP: list the account's dialogs through its AccountSession, filter and page
// them, and turn a submitted form into new settings (keeping every field the form did not show).
import bigInt from "big-integer";
import { Api } from "telegram";
import { entityShape, EntityIndex } from "../telegram/shapes.js";
import { markedIdOf } from "../telegram/entity-resolver.js";
import type { AccountSession } from "../telegram/account-session.js";
import { rightsOf, type ChatPolicy, type PolicyDefault } from "../policy/chat-policy.js";
import type { AccountSettings, SendMode } from "./settings.js";

export interface DialogEntry {
  /** Marked id: how the policy names the chat. */
  id: string;
  title: string;
  type: "private" | "bot" | "group" | "channel";
  username?: string;
}

export interface DialogList {
  dialogs: DialogEntry[];
  /** More dialogs exist than were loaded (`max`). */
  truncated: boolean;
}

const PAGE = 100; // messages.getDialogs returns at most 100 per call

/**
 * The account's dialogs (every folder), newest first, up to `max`: messages.getDialogs pages
 * through by the last dialog's top message (offset_date, offset_id, offset_peer).
 */
export async function loadDialogs(session: AccountSession, opts: { max?: number; perCall?: number; signal?: AbortSignal } = {}): Promise<DialogList> {
  const max = opts.max ?? 2000;
  const perCall = Math.min(opts.perCall ?? PAGE, PAGE);
  const out: DialogEntry[] = [];
  const seen = new Set<string>();
  let offsetDate = 0;
  let offsetId = 0;
  let offsetPeer: Api.TypeInputPeer = new Api.InputPeerEmpty();
  for (;;) {
    const r = await session.invoke(new Api.messages.GetDialogs({ offsetDate, offsetId, offsetPeer, limit: Math.min(perCall, max - out.length + 1), hash: bigInt.zero }), opts.signal, {
      // The owner's own page lists every chat, so that rights can be given back to hidden ones.
      filtersResults: true,
    });
    if (r instanceof Api.messages.DialogsNotModified) break;
    session.peers.rememberFrom(r);
    const idx = EntityIndex.from(r);
    let added = 0;
    for (const d of r.dialogs) {
      if (!(d instanceof Api.Dialog)) continue;
      const id = markedIdOf(d.peer);
      if (seen.has(id)) continue;
      seen.add(id);
      const e = idx.peer(d.peer);
      if (!e) continue;
      if (out.length >= max) return { dialogs: out, truncated: true };
      out.push(entryOf(e));
      added++;
    }
    const last = r.dialogs.at(-1);
    if (!(r instanceof Api.messages.DialogsSlice) || added === 0 || !(last instanceof Api.Dialog)) break;
    const top = r.messages.find((m) => "peerId" in m && m.peerId && m.id === last.topMessage && markedIdOf(m.peerId) === markedIdOf(last.peer));
    const peer = session.peers.get(markedIdOf(last.peer));
    if (!top || !("date" in top) || !peer) break;
    offsetDate = top.date ?? 0;
    offsetId = top.id;
    offsetPeer = peer.inputPeer;
    if (out.length >= r.count) break;
  }
  return { dialogs: out, truncated: false };
}

function entryOf(e: Api.TypeUser | Api.TypeChat): DialogEntry {
  const s = entityShape(e); // neutralized title (names are written by other people)
  const type: DialogEntry["type"] = s.type === "private" ? (s.is_bot ? "bot" : "private") : s.type === "group" ? "group" : "channel";
  return { id: String(s.id), title: s.is_self ? "Saved Messages (you)" : s.title, type, ...(s.username ? { username: s.username } : {}) };
}

/** The dialogs whose title, username or id contains `q` (case-insensitive); all for an empty q. */
export function filterDialogs(list: readonly DialogEntry[], q: string): DialogEntry[] {
  const needle = q.trim().toLowerCase().replace(/^@/, "");
  if (!needle) return [...list];
  return list.filter((d) => d.title.toLowerCase().includes(needle) || d.username?.toLowerCase().includes(needle) || d.id === needle);
}

export interface Page<T> {
  items: T[];
  /** 0-based page shown (clamped into range). */
  page: number;
  pages: number;
  total: number;
}

export function pageOf<T>(list: readonly T[], page: number, size: number): Page<T> {
  const pages = Math.max(1, Math.ceil(list.length / size));
  const p = Math.min(Math.max(0, Number.isFinite(page) ? Math.trunc(page) : 0), pages - 1);
  return { items: list.slice(p * size, p * size + size), page: p, pages, total: list.length };
}

/**
 * The policy after a form listing `shown` chats was saved: each shown chat gets the rights its
 * boxes say (a rule only where they differ from the default), rules of chats not on the form
 * are kept. A policy that allows everything with no rules is no policy.
 */
export function applyChatRights(
  policy: ChatPolicy | undefined,
  def: PolicyDefault,
  shown: readonly DialogEntry[],
  read: ReadonlySet<string>,
  write: ReadonlySet<string>,
): ChatPolicy | undefined {
  const chats = { ...(policy?.chats ?? {}) };
  const byDefault = rightsOf({ default: def, chats: {} }, "");
  for (const d of shown) {
    const r = { read: read.has(d.id), write: write.has(d.id) };
    if (r.read === byDefault.read && r.write === byDefault.write) delete chats[d.id];
    else chats[d.id] = { ...r, title: d.title };
  }
  if (def === "allow" && Object.keys(chats).length === 0) return undefined;
  return { default: def, chats };
}

export interface SettingsChange {
  readOnly?: boolean;
  /** Toolset names, or "all" (clears the account's list). */
  toolsets?: string[] | "all";
  sendMode?: SendMode;
}

/** The account's settings with the changes applied; defaults are left out, the other fields kept. */
export function withChanges(current: AccountSettings | undefined, change: SettingsChange): AccountSettings | undefined {
  const next: AccountSettings = { ...current };
  if (change.readOnly !== undefined) {
    if (change.readOnly) next.readOnly = true;
    else delete next.readOnly;
  }
  if (change.toolsets !== undefined) {
    if (change.toolsets === "all") delete next.toolsets;
    else next.toolsets = change.toolsets;
  }
  if (change.sendMode !== undefined) {
    if (change.sendMode === "send") delete next.sendMode;
    else next.sendMode = change.sendMode;
  }
  return Object.keys(next).length ? next : undefined;
}

/** The settings with a new policy (undefined: none), the other fields kept. */
export function withPolicy(current: AccountSettings | undefined, policy: ChatPolicy | undefined): AccountSettings | undefined {
  const next: AccountSettings = { ...current };
  if (policy) next.policy = policy;
  else delete next.policy;
  return Object.keys(next).length ? next : undefined;
}

/** An OAuth grant as the account page needs it (services/oauth/adapter.ts GrantSummary). */
export interface GrantLike {
  grantId: string;
  clientId: string;
  scopes: string[];
  grantedAt?: number;
  lastUsedAt?: number;
}

/** One connected OAuth client: its grants (one per authorization) folded together. */
export interface ConnectedClient {
  clientId: string;
  name: string;
  scopes: string[];
  /** The latest authorization, and the latest use of any of its tokens (ms since the epoch). */
  grantedAt?: number;
  lastUsedAt?: number;
  grants: number;
}

/** The account's grants folded per client, most recently granted first. */
export function connectedClients(grants: readonly GrantLike[], nameOf: (clientId: string) => string | undefined): ConnectedClient[] {
  const byClient = new Map<string, ConnectedClient>();
  const max = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));
  for (const g of grants) {
    const c = byClient.get(g.clientId) ?? { clientId: g.clientId, name: nameOf(g.clientId) ?? g.clientId, scopes: [], grants: 0 };
    c.scopes = [...new Set([...c.scopes, ...g.scopes])].sort();
    c.grantedAt = max(c.grantedAt, g.grantedAt);
    c.lastUsedAt = max(c.lastUsedAt, g.lastUsedAt);
    c.grants++;
    byClient.set(g.clientId, c);
  }
  return [...byClient.values()].sort((a, b) => (b.grantedAt ?? 0) - (a.grantedAt ?? 0));
}

/** A time as the page shows it: UTC, to the minute (the server does not know the reader's zone). */
export function whenText(ms: number | undefined): string {
  return ms === undefined ? "not yet" : `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
