// Flood limits per account and method family, answered as Telegram does: 420 FLOOD_WAIT_X,
// X being the seconds until the call would be allowed (core.telegram.org/api/errors, "420 FLOOD").
// Telegram publishes no numbers for user accounts; where each default comes from is written in
// sandbox/README.md ("Flood limits").
import type { TlRequest } from "./rpc/types.js";

/** At most `limit` units in any `windowS` seconds (a sliding window). */
export interface FloodTier {
  limit: number;
  windowS: number;
}

export const FLOOD_FAMILIES = ["resolveUsername", "searchGlobal", "contactsSearch", "importContacts", "sendPerChat", "sendChats", "loginCode"] as const;
export type FloodFamily = (typeof FLOOD_FAMILIES)[number];

/** Per family: its tiers (all must hold), or false to turn that family off. */
export type FloodConfig = Partial<Record<FloodFamily, readonly FloodTier[] | false>>;

/** The defaults: realistic numbers, on unless a sandbox is started with `flood: false`. */
export const FLOOD_DEFAULTS: Readonly<Record<FloodFamily, readonly FloodTier[]>> = {
  // A burst tier (short waits, waited out by clients) and a daily one (hours).
  resolveUsername: [
    { limit: 30, windowS: 60 },
    { limit: 200, windowS: 86_400 },
  ],
  searchGlobal: [
    { limit: 60, windowS: 60 },
    { limit: 1_000, windowS: 86_400 },
  ],
  contactsSearch: [
    { limit: 30, windowS: 60 },
    { limit: 300, windowS: 86_400 },
  ],
  // Counted per contact imported, not per call.
  importContacts: [{ limit: 30, windowS: 3_600 }],
  // Messages (sends, media, albums, forwards) into one chat.
  sendPerChat: [{ limit: 20, windowS: 60 }],
  // Distinct chats written to: a new chat counts once per window.
  sendChats: [{ limit: 30, windowS: 60 }],
  // auth.sendCode / resendCode per phone number.
  loginCode: [
    { limit: 5, windowS: 600 },
    { limit: 10, windowS: 86_400 },
  ],
};

/** Which family a method belongs to and what it costs; undefined for unlimited methods. */
export interface FloodCharge {
  family: FloodFamily;
  /** Who is limited: the account (user id) or, for login codes, the phone number. */
  subject: string;
  units: number;
  /** sendChats: the chat; counted once per window. */
  distinct?: string;
}

const SEND_METHODS = new Set(["messages.SendMessage", "messages.SendMedia", "messages.SendMultiMedia", "messages.ForwardMessages"]);

/** A stable text key for an InputPeer (the chat a send goes to). */
function peerKey(peer: TlRequest): string {
  if (!peer) return "?";
  if (peer.userId !== undefined) return `u${peer.userId}`;
  if (peer.chatId !== undefined) return `c${peer.chatId}`;
  if (peer.channelId !== undefined) return `ch${peer.channelId}`;
  return peer.className ?? "?";
}

/** The charges one request makes (none for most methods). */
export function chargesOf(method: string, req: TlRequest, userId: number | null): FloodCharge[] {
  if (method === "auth.SendCode" || method === "auth.ResendCode") {
    return [{ family: "loginCode", subject: `phone:${String(req.phoneNumber ?? "").replace(/\D/g, "")}`, units: 1 }];
  }
  if (userId == null) return [];
  const subject = `user:${userId}`;
  switch (method) {
    case "contacts.ResolveUsername":
      return [{ family: "resolveUsername", subject, units: 1 }];
    case "messages.SearchGlobal":
      return [{ family: "searchGlobal", subject, units: 1 }];
    case "contacts.Search":
      return [{ family: "contactsSearch", subject, units: 1 }];
    case "contacts.ImportContacts":
      return [{ family: "importContacts", subject, units: Math.max(1, req.contacts?.length ?? 1) }];
  }
  if (SEND_METHODS.has(method)) {
    const chat = peerKey(method === "messages.ForwardMessages" ? req.toPeer : req.peer);
    const units = method === "messages.SendMultiMedia" ? Math.max(1, req.multiMedia?.length ?? 1) : method === "messages.ForwardMessages" ? Math.max(1, req.id?.length ?? 1) : 1;
    return [
      { family: "sendPerChat", subject: `${subject}:${chat}`, units },
      { family: "sendChats", subject, units: 1, distinct: chat },
    ];
  }
  return [];
}

interface Window {
  /** Times (ms) of the units spent, oldest first; for distinct families, one per key. */
  times: number[];
  keys?: Map<string, number>;
}

export class FloodLimiter {
  private readonly tiers: Map<FloodFamily, readonly FloodTier[]>;
  private readonly windows = new Map<string, Window>();

  constructor(config: FloodConfig | false | undefined, private readonly clock: () => number = Date.now) {
    this.tiers = new Map();
    if (config === false) return;
    for (const f of FLOOD_FAMILIES) {
      const c = config?.[f];
      if (c === false) continue;
      this.tiers.set(f, c ?? FLOOD_DEFAULTS[f]);
    }
  }

  /** The tiers in force (for the info file and tests). */
  get config(): FloodConfig {
    const out: FloodConfig = {};
    for (const f of FLOOD_FAMILIES) out[f] = this.tiers.get(f) ?? false;
    return out;
  }

  /** Seconds to wait before these charges fit, or 0 when they fit now. */
  wait(charges: FloodCharge[]): number {
    const now = this.clock();
    let waitMs = 0;
    for (const c of charges) {
      const tiers = this.tiers.get(c.family);
      if (!tiers) continue;
      const w = this.window(c, now);
      // A chat already written to in this window costs nothing more on sendChats.
      if (c.distinct !== undefined && w.keys?.has(c.distinct)) continue;
      for (const t of tiers) {
        const since = now - t.windowS * 1000;
        const inWindow = w.times.filter((x) => x > since);
        const over = inWindow.length + c.units - t.limit;
        if (over <= 0) continue;
        // Units leave the window oldest first; a charge larger than the limit waits a whole window.
        const freeAt = over > inWindow.length ? now + t.windowS * 1000 : inWindow[over - 1]! + t.windowS * 1000;
        waitMs = Math.max(waitMs, freeAt - now);
      }
    }
    return waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 1000)) : 0;
  }

  /** Spends the charges of a call that was served. */
  record(charges: FloodCharge[]): void {
    const now = this.clock();
    for (const c of charges) {
      const tiers = this.tiers.get(c.family);
      if (!tiers) continue;
      const w = this.window(c, now);
      if (c.distinct !== undefined) {
        if (w.keys!.has(c.distinct)) continue;
        w.keys!.set(c.distinct, now);
      }
      for (let i = 0; i < c.units; i++) w.times.push(now);
    }
  }

  /** Forgets everything spent (tests that need a fresh budget in the same sandbox). */
  reset(): void {
    this.windows.clear();
  }

  private window(c: FloodCharge, now: number): Window {
    const id = `${c.family}|${c.subject}`;
    let w = this.windows.get(id);
    if (!w) this.windows.set(id, (w = { times: [], keys: c.distinct !== undefined ? new Map() : undefined }));
    // Drop what every tier has forgotten (the longest window bounds memory).
    const longest = Math.max(...(this.tiers.get(c.family) ?? [{ windowS: 0 }]).map((t) => t.windowS)) * 1000;
    const since = now - longest;
    let drop = 0;
    while (drop < w.times.length && w.times[drop]! <= since) drop++;
    if (drop) w.times.splice(0, drop);
    if (w.keys) for (const [k, t] of w.keys) if (t <= now - Math.min(...this.tiers.get(c.family)!.map((x) => x.windowS)) * 1000) w.keys.delete(k);
    return w;
  }
}

/**
 * `SANDBOX_FLOOD` / `--flood` text: "on" (defaults), "off", or family overrides as
 * "resolveUsername=30/60+200/86400,sendPerChat=off" (limit/seconds tiers joined by +).
 */
export function parseFloodOption(text: string): FloodConfig | false {
  const t = text.trim();
  if (t === "" || t === "on") return {};
  if (t === "off") return false;
  const out: FloodConfig = {};
  for (const part of t.split(",")) {
    const m = /^\s*(\w+)\s*=\s*(\S+)\s*$/.exec(part);
    if (!m || !(FLOOD_FAMILIES as readonly string[]).includes(m[1]!)) {
      throw new Error(`flood limits are "on", "off" or family=limit/seconds[+limit/seconds] with a family of ${FLOOD_FAMILIES.join(", ")}; got "${part.trim()}"`);
    }
    const fam = m[1] as FloodFamily;
    if (m[2] === "off") {
      out[fam] = false;
      continue;
    }
    out[fam] = m[2]!.split("+").map((tier) => {
      const tm = /^(\d{1,7})\/(\d{1,7})$/.exec(tier);
      if (!tm || Number(tm[1]) < 1 || Number(tm[2]) < 1) throw new Error(`a flood tier is limit/seconds (both >= 1), got "${tier}" for ${fam}`);
      return { limit: Number(tm[1]), windowS: Number(tm[2]) };
    });
  }
  return out;
}
