// Large synthetic worlds for benchmarks: e.g. 10^4 chats and 10^6 messages, built in a few
// seconds into compact columnar storage (see sandbox/README.md for measured time and memory).
// Deterministic for a seed. The main account ("demo", world.demoAccountId) is in every chat.
import { Prng } from "./prng.js";
import { tokenize } from "./search-index.js";
import { sentence, type TextKind } from "./texts.js";
import { World } from "./world.js";

export interface GenerateOptions {
  chats: number;
  messages: number;
  /** Other users (default: enough for every private chat, at least 600). */
  users?: number;
  seed?: number;
  /** End of the two-year message span (unix seconds); fixed by default so runs are comparable. */
  referenceDate?: number;
}

export const GENERATED_REFERENCE_DATE = Date.UTC(2026, 9, 1) / 1000;
const SPAN = 730 * 86_400;
const POOL = 4000;

export function generateWorld(opts: GenerateOptions): World {
  const r = new Prng(opts.seed ?? 1);
  const w = new World({ secret: opts.seed ?? 1 });
  const ref = opts.referenceDate ?? GENERATED_REFERENCE_DATE;
  const start = ref - SPAN;
  const nChats = Math.max(1, opts.chats);
  const nPrivate = Math.floor(nChats * 0.4);
  const nUsers = Math.max(opts.users ?? Math.max(600, nPrivate + 1), 2);

  const main = w.createUser({ id: 5_000_000_001, phone: "9996620001", firstName: "Demo", lastName: "User", username: "demo", status: { kind: "online" } });
  w.demoAccountId = main.id;
  const FIRST = ["Alex", "Sam", "Maria", "John", "Lena", "Omar", "Yuki", "Ivan", "Chen", "Sara", "Tom", "Nina", "Raj", "Eva", "Leo"];
  const LAST = ["Smith", "Garcia", "Kim", "Novak", "Silva", "Khan", "Ito", "Berg", "Rossi", "Dubois", "Meyer", "Costa"];
  const users: number[] = [];
  for (let i = 0; i < nUsers; i++) {
    const u = w.createUser({
      id: 6_000_000_000 + i,
      phone: `99966${2}${String(i).padStart(6, "0")}`,
      firstName: FIRST[i % FIRST.length]!,
      lastName: LAST[Math.floor(i / FIRST.length) % LAST.length]!,
      username: `user${i}`,
    });
    users.push(u.id);
    if (i < 200) w.addContact(main.id, u.id);
  }

  // Conversations: 40% private chats with the main account, then basic groups, megagroups, channels.
  const convKinds: TextKind[] = [];
  const convAuthors: number[][] = [];
  const pickMembers = (n: number) => {
    const set = new Set<number>();
    while (set.size < n) set.add(users[r.int(0, users.length - 1)]!);
    return [...set];
  };
  for (let i = 0; i < nChats; i++) {
    const date = start - r.int(0, 200) * 86_400;
    if (i < nPrivate && i < users.length) {
      const other = users[i]!;
      w.privateConv(main.id, other);
      convAuthors.push([main.id, other]);
      convKinds.push("casual");
      continue;
    }
    const roll = r.next();
    if (roll < 0.25) {
      const c = w.createChat({ title: `Team ${i}`, creatorId: main.id, members: pickMembers(r.int(2, 12)), date });
      convAuthors.push([...c.members]);
      convKinds.push("work");
    } else if (roll < 0.83) {
      const c = w.createChannel({ title: `Group ${i}`, username: r.chance(0.5) ? `group${i}` : undefined, creatorId: main.id, broadcast: false, members: pickMembers(r.int(3, 40)), date });
      convAuthors.push([...c.members]);
      convKinds.push("work");
    } else {
      const members = pickMembers(r.int(5, 60));
      const c = w.createChannel({ title: `Channel ${i}`, username: `channel${i}`, creatorId: members[0]!, broadcast: true, members: [main.id, ...members], date, extraMembers: r.int(100, 50_000) });
      convAuthors.push([c.creatorId]);
      convKinds.push("news");
    }
  }
  const nConvs = w.convs.length;

  // Texts: a pool of generated sentences, tokenized once (the index gets token ids directly).
  const pool: string[] = [];
  const poolTokens: Int32Array[] = [];
  const kinds: TextKind[] = ["work", "casual", "news"];
  for (let i = 0; i < POOL; i++) {
    const text = sentence(r, kinds[i % 3]!);
    pool.push(text);
    poolTokens.push(Int32Array.from(tokenize(text).map((t) => w.index.tokenId(t))));
  }

  // Messages per conversation: skewed (a few busy chats, many quiet ones), summing to `messages`.
  const weights = new Float64Array(nConvs);
  let total = 0;
  for (let i = 0; i < nConvs; i++) total += weights[i] = 0.05 + r.next() ** 3;
  const counts = new Int32Array(nConvs);
  let assigned = 0;
  for (let i = 0; i < nConvs; i++) assigned += counts[i] = Math.floor((opts.messages * weights[i]!) / total);
  for (let i = 0; assigned < opts.messages; i = (i + 1) % nConvs, assigned++) counts[i]!++;

  // One chronological order over all conversations: sort (date, conv) packed in a double.
  let mult = 1;
  while (mult <= nConvs) mult *= 2;
  const keys = new Float64Array(opts.messages);
  let k = 0;
  for (let c = 0; c < nConvs; c++) for (let j = 0; j < counts[c]!; j++) keys[k++] = Math.floor(start + Math.sqrt(r.next()) * (SPAN - 3600)) * mult + c;
  keys.sort();

  w.store.reserve(opts.messages, opts.messages * 72);
  const s = w.store;
  const offsets: Record<TextKind, number> = { work: 0, casual: 1, news: 2 };
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const c = key % mult;
    const date = (key - c) / mult;
    const conv = w.convs[c]!;
    const authors = convAuthors[c]!;
    const p = (r.int(0, POOL / 3 - 1) * 3 + offsets[convKinds[c]!]) % POOL;
    const from = authors[r.int(0, authors.length - 1)]!;
    const reply = conv.count > 2 && r.chance(0.05) ? s.id[conv.rows[conv.count - 1 - r.int(0, Math.min(10, conv.count - 1))]!]! : undefined;
    let mediaId: number | undefined;
    if (r.chance(0.02)) mediaId = w.addMedia({ kind: "photo", date, size: r.int(30_000, 900_000), mime: "image/jpeg", w: 1280, h: 960 }).id;
    const row = w.addMessage(c, { from, text: pool[p]!, date, replyTo: reply, mediaId, views: conv.broadcast ? r.int(10, 20_000) : undefined }, { index: false });
    w.index.addTokenIds(row, poolTokens[p]!);
  }
  w.index.compact();

  // Read state: members have read everything; the main account has unread messages in 5% of chats.
  for (const conv of w.convs) {
    const top = w.topRow(conv);
    if (top < 0) continue;
    const topId = s.id[top]!;
    for (const u of conv.members) conv.readInbox.set(u, topId);
    if (r.chance(0.05)) conv.readInbox.set(main.id, s.id[conv.rows[Math.max(0, conv.count - 1 - r.int(1, 20))]!]!);
  }
  w.settleMentions();
  return w;
}
