// What the benchmark asks for, picked from the world the sandbox serves: the accounts (distinct
// users with dialogs), the chat each one searches, the chats and users the per-tool measurements
// use, search terms and a date range that match real messages. Plain data: it crosses IPC.
import type { SConv, World } from "../../sandbox/world/world.js";

export interface ChatRef {
  /** What a tool receives as chat_id: "@username" when the chat has one, else the marked id. */
  ref: string;
  kind: "private" | "chat" | "channel";
  markedId: string;
  count: number;
  /** The newest message ids (for read_messages). */
  topIds: number[];
  /** A date range (YYYY-MM-DD) covering about the middle half of the chat's messages. */
  minDate: string;
  maxDate: string;
}

export interface BenchPlan {
  mainUserId: number;
  /** The chat the per-tool latency measurements use (warm: resolved during warm-up). */
  chat: ChatRef;
  /** Other chats with usernames, each used once for a first (cold) call. */
  coldChats: ChatRef[];
  /** A private chat partner with a username (get_chat_info on a user, send_message). */
  peer: ChatRef;
  /** Accounts for throughput and memory: distinct users, [0] is the main user. */
  accounts: Array<{ userId: number; chatRef: string }>;
  terms: { one: string; three: string };
  findTerms: { one: string; three: string };
}

const isoDay = (unix: number) => new Date(unix * 1000).toISOString().slice(0, 10);

function chatRef(world: World, conv: SConv, viewer: number): ChatRef {
  const marked = String(world.peerKey(conv, viewer));
  let username = conv.username;
  if (conv.kind === "private") username = world.getUser(world.otherUser(conv, viewer))?.username;
  const s = world.store;
  const n = conv.count;
  const topIds: number[] = [];
  for (let i = n - 1; i >= 0 && topIds.length < 3; i--) topIds.push(s.id[conv.rows[i]!]!);
  const lo = n > 0 ? s.date[conv.rows[Math.floor(n * 0.25)]!]! : conv.date;
  const hi = n > 0 ? s.date[conv.rows[Math.min(n - 1, Math.floor(n * 0.75))]!]! : conv.date;
  return { ref: username ? `@${username}` : marked, kind: conv.kind, markedId: marked, count: n, topIds, minDate: isoDay(lo), maxDate: isoDay(hi + 86_400) };
}

/** Dialog conversations of a user that have a username (public chats, or partners with one). */
function namedDialogs(world: World, userId: number): SConv[] {
  const out: SConv[] = [];
  for (const idx of world.users.get(userId)!.dialogs) {
    const conv = world.convs[idx]!;
    if (conv.kind === "private") {
      if (conv.a === conv.b) continue;
      if (world.getUser(world.otherUser(conv, userId))?.username) out.push(conv);
    } else if (conv.username && conv.kind === "channel") out.push(conv);
  }
  return out;
}

export function makePlan(world: World, accountsWanted: number): BenchPlan {
  const candidates = [...world.users.values()].filter((u) => !u.bot && u.dialogs.size > 0);
  candidates.sort((a, b) => b.dialogs.size - a.dialogs.size || a.id - b.id);
  const demo = world.demoAccountId ? world.getUser(world.demoAccountId) : undefined;
  const main = demo && demo.dialogs.size > 0 ? demo : candidates[0];
  if (!main) throw new Error("the world has no user with dialogs");
  const ordered = [main, ...candidates.filter((u) => u.id !== main.id)];

  const named = namedDialogs(world, main.id);
  const groups = named.filter((c) => c.kind !== "private").sort((a, b) => b.count - a.count);
  const privates = named.filter((c) => c.kind === "private" && c.count > 0).sort((a, b) => b.count - a.count);
  const chatConv = groups[0] ?? privates[0];
  if (!chatConv) throw new Error(`user ${main.id} has no dialog with a username`);
  const peerConv = privates[0] ?? chatConv;
  const others = (list: SConv[]) => list.filter((c) => c !== chatConv && c !== peerConv);
  const cold = [...others(groups).slice(0, 4), ...others(privates).slice(0, 2)];

  const accounts: BenchPlan["accounts"] = [];
  for (const u of ordered) {
    if (accounts.length >= accountsWanted) break;
    const convs = u === main ? [chatConv] : namedDialogs(world, u.id);
    const conv = convs.find((c) => c.count > 0) ?? [...u.dialogs].map((i) => world.convs[i]!).find((c) => c.count > 0);
    if (!conv) continue;
    accounts.push({ userId: u.id, chatRef: chatRef(world, conv, u.id).ref });
  }

  // find_chats terms: first names of people the main user talks to (contacts.Search matches names).
  const names: string[] = [];
  for (const c of privates) {
    const other = world.getUser(world.otherUser(c, main.id));
    if (other?.firstName && !names.includes(other.firstName)) names.push(other.firstName);
    if (names.length >= 3) break;
  }
  while (names.length < 3) names.push(["Alice", "Bob", "Carol"][names.length]!);

  return {
    mainUserId: main.id,
    chat: chatRef(world, chatConv, main.id),
    coldChats: cold.map((c) => chatRef(world, c, main.id)),
    peer: chatRef(world, peerConv, main.id),
    accounts,
    terms: { one: "deadline", three: "deadline, budget, launch" },
    findTerms: { one: names[0]!, three: names.join(", ") },
  };
}
