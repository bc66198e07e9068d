// The peer cache's bounded map (PeerCache.byKey / byId): least recently used out first, and still
// when a response shows a peer it already holds, unchanged.
//
// Why still: most responses repeat peers the cache already has (every message of a chat names the
// same chat and senders). Storing each response's fresh copy made every call write new young
// objects into this long-lived map and drop the previous ones into the old generation. After the
// memory-reducing full GC that V8 runs once a server has been idle (about 30 s), that pattern made
// scavenges about 10x slower and a 50-message global search 2-3x the CPU from then on
// (bench/README.md, "The peer cache and the garbage collector"). So the same peer keeps the entry
// it has, and its place in the order moves only when it has fallen into the older half.
import bigInt from "big-integer";
import type { ResolvedPeer } from "./entity-resolver.js";

interface Slot {
  peer: ResolvedPeer;
  /** `tick` when the entry was last (re)inserted: its place in the map's order. */
  at: number;
  /** Date.now() when `peer` was stored. */
  storedAt: number;
}

export class PeerMap {
  private readonly map = new Map<string, Slot>();
  private tick = 0;

  constructor(private readonly max: number) {}

  get(key: string): ResolvedPeer | undefined {
    return this.map.get(key)?.peer;
  }

  get size(): number {
    return this.map.size;
  }

  /** Stores `peer` under `key`, unless the same peer is there already (samePeer); evicts the least recently used past `max`. */
  set(key: string, peer: ResolvedPeer): void {
    const slot = this.map.get(key);
    const now = Date.now();
    if (slot && (slot.peer === peer || samePeer(slot.peer, peer, now - slot.storedAt))) {
      // Used again: move to the newest end, but only once it has fallen into the older half, so a
      // peer in use is never the one evicted and a hot peer costs no map churn.
      if (this.tick - slot.at > this.max / 2) {
        this.map.delete(key);
        this.map.set(key, slot);
        slot.at = ++this.tick;
      }
      return;
    }
    if (slot) this.map.delete(key);
    this.map.set(key, { peer, at: ++this.tick, storedAt: now });
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }

  clear(): void {
    this.map.clear();
  }
}

/** A copy in the map is refreshed at least this often, whatever changed (see samePeer). */
const REFRESH_MS = 30_000;

/** The fields read from an entity, whatever its class (absent ones are undefined on both sides). */
interface EntityFields {
  className: string;
  accessHash?: bigInt.BigInteger;
  min?: boolean;
  title?: string;
  firstName?: string;
  lastName?: string;
  username?: string;
  usernames?: Array<{ username: string; active?: boolean }>;
  deleted?: boolean;
  bot?: boolean;
  self?: boolean;
  contact?: boolean;
  verified?: boolean;
  forum?: boolean;
  megagroup?: boolean;
  gigagroup?: boolean;
  broadcast?: boolean;
  left?: boolean;
  creator?: boolean;
  participantsCount?: number | null;
  adminRights?: { deleteMessages?: boolean } | null;
}

const sameBig = (a?: bigInt.BigInteger, b?: bigInt.BigInteger) => (a === undefined || b === undefined ? a === b : a.equals(b));

function sameUsernames(a: EntityFields["usernames"], b: EntityFields["usernames"]): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.username !== b[i]!.username || a[i]!.active !== b[i]!.active) return false;
  return true;
}

/**
 * Whether a newly seen copy of a peer may be dropped for the one held: the same InputPeer (class
 * and access hash) and an entity equal in every field tgmcp reads from a cached entity (shapes.ts,
 * chats.ts, actions.ts, messaging.ts, dialogs.ts, send-gate.ts: names, username, the type and
 * membership flags, the member count, admin rights). A field read from a cached entity must be
 * added here; any other field of a held copy is at most REFRESH_MS old.
 */
function samePeer(held: ResolvedPeer, seen: ResolvedPeer, heldFor: number): boolean {
  if (held.kind !== seen.kind || held.markedId !== seen.markedId || held.isSelf !== seen.isSelf) return false;
  const a = held.inputPeer as { className: string; accessHash?: bigInt.BigInteger };
  const b = seen.inputPeer as { className: string; accessHash?: bigInt.BigInteger };
  if (a.className !== b.className || !sameBig(a.accessHash, b.accessHash)) return false;
  if (!seen.entity) return true; // a resolution without the entity: the held copy is as good or better
  if (!held.entity || heldFor > REFRESH_MS) return false;
  const x = held.entity as unknown as EntityFields;
  const y = seen.entity as unknown as EntityFields;
  return (
    x.className === y.className &&
    sameBig(x.accessHash, y.accessHash) &&
    x.min === y.min &&
    x.title === y.title &&
    x.firstName === y.firstName &&
    x.lastName === y.lastName &&
    x.username === y.username &&
    sameUsernames(x.usernames, y.usernames) &&
    x.deleted === y.deleted &&
    x.bot === y.bot &&
    x.self === y.self &&
    x.contact === y.contact &&
    x.verified === y.verified &&
    x.forum === y.forum &&
    x.megagroup === y.megagroup &&
    x.gigagroup === y.gigagroup &&
    x.broadcast === y.broadcast &&
    x.left === y.left &&
    x.creator === y.creator &&
    x.participantsCount === y.participantsCount &&
    !!x.adminRights?.deleteMessages === !!y.adminRights?.deleteMessages
  );
}
