// The seeded demo world: a few dozen users and chats, a few thousand messages over the two years
// before a FIXED reference date (never Date.now(), so every run and every test sees the same world).
// sandbox/README.md documents its facts; tests may rely on them.
import { Api } from "telegram";
import { Prng } from "./prng.js";
import { chatText, FILES, sentence } from "./texts.js";
import { addEverydayWorld } from "./demo-everyday.js";
import { CHANNEL_MARK, type SConv, World } from "./world.js";

/** 2026-10-01T00:00:00Z: the demo world's "now" when it was built. */
export const DEMO_REFERENCE_DATE = Date.UTC(2026, 9, 1) / 1000;
export const DEMO_SEED = 20_261_001;
const DAY = 86_400;
const SPAN = 730 * DAY;

/** Ids and phones of the demo world that tests and docs may rely on. */
export const DEMO = {
  accountId: 5_000_000_001,
  accountUsername: "demo",
  accountPhone: "9996620001",
  johnDoeId: 133_526_395,
} as const;

interface UserSpec {
  first: string;
  last: string;
  username?: string;
  bio?: string;
  contact: boolean;
  status?: "online" | "offline" | "recently" | "lastWeek";
}

// The account's contacts first, then people it can only find by username (global search).
const PEOPLE: UserSpec[] = [
  { first: "Alice", last: "Johnson", username: "alice", bio: "Product manager at Northwind", contact: true, status: "online" },
  { first: "Bob", last: "Smith", username: "bobsmith", bio: "Backend engineer", contact: true },
  { first: "Carol", last: "Williams", username: "carol_w", bio: "Design lead", contact: true, status: "offline" },
  { first: "David", last: "Brown", username: "dbrown", contact: true },
  { first: "Emma", last: "Davis", username: "emma", bio: "Marketing", contact: true, status: "online" },
  { first: "Frank", last: "Miller", contact: true, status: "lastWeek" },
  { first: "Grace", last: "Lee", username: "gracelee", bio: "Finance and budgets", contact: true },
  { first: "Henry", last: "Wilson", username: "henryw", contact: true, status: "offline" },
  { first: "Isabel", last: "Garcia", username: "isabel", bio: "QA", contact: true },
  { first: "Jack", last: "Taylor", username: "jtaylor", contact: true },
  { first: "Karen", last: "Anderson", contact: true, status: "offline" },
  { first: "Liam", last: "Thomas", username: "liam_t", contact: true },
  { first: "Mia", last: "Martinez", username: "mia", bio: "Sales", contact: true, status: "online" },
  { first: "Noah", last: "Jackson", username: "noahj", contact: true },
  { first: "Olivia", last: "White", username: "olivia", bio: "Legal", contact: true },
  { first: "Paul", last: "Harris", username: "paulh", bio: "Freelance consultant", contact: false },
  { first: "Quinn", last: "Clark", username: "quinn_clark", contact: false },
  { first: "Rachel", last: "Lewis", username: "rachel_l", bio: "Journalist", contact: false },
  { first: "Sam", last: "Robinson", username: "samr", contact: false, status: "online" },
  { first: "Tina", last: "Walker", username: "tinaw", contact: false },
  { first: "Uma", last: "Young", contact: false },
  { first: "Victor", last: "King", username: "vking", bio: "Investor", contact: false },
  { first: "Wendy", last: "Scott", username: "wendy", contact: false },
  { first: "Xavier", last: "Green", username: "xgreen", contact: false },
  { first: "Yara", last: "Adams", username: "yara", contact: false },
  { first: "Zoe", last: "Baker", username: "zoe_b", contact: false },
];

export function buildDemoWorld(): World {
  const r = new Prng(DEMO_SEED);
  const w = new World({ secret: DEMO_SEED });
  const start = DEMO_REFERENCE_DATE - SPAN;
  const statusOf = (s: UserSpec["status"]) =>
    s === "offline" ? { kind: "offline" as const, wasOnline: DEMO_REFERENCE_DATE - r.int(600, 3 * DAY) } : { kind: s ?? ("recently" as const) };

  const me = w.createUser({
    id: DEMO.accountId,
    phone: DEMO.accountPhone,
    firstName: "Demo",
    lastName: "User",
    username: DEMO.accountUsername,
    bio: "The sandbox's demo account",
    status: { kind: "online" },
  });
  w.demoAccountId = me.id;

  const people = PEOPLE.map((p, i) =>
    w.createUser({
      id: 5_000_000_002 + i,
      phone: `99966200${String(i + 2).padStart(2, "0")}`,
      firstName: p.first,
      lastName: p.last,
      username: p.username,
      bio: p.bio,
      status: statusOf(p.status),
    }),
  );
  const john = w.createUser({
    id: DEMO.johnDoeId,
    phone: "9996620099",
    firstName: "John",
    lastName: "Doe",
    username: "johndoe",
    bio: "Just John",
    status: { kind: "recently" },
  });
  const bot = w.createUser({
    id: 5_000_000_100,
    phone: "",
    firstName: "Task Tracker",
    username: "tasktracker_bot",
    bio: "I remind you about deadlines. /help",
    bot: true,
  });
  // A second ordinary account for two-account tests (messages between logged-in sessions).
  const partner = w.createUser({
    id: 5_000_000_200,
    phone: "9996620200",
    firstName: "Pat",
    lastName: "Partner",
    username: "partner",
    bio: "Second sandbox account for tests",
    status: { kind: "recently" },
  });

  const contacts = [...people.filter((_, i) => PEOPLE[i]!.contact), john, partner];
  for (const c of contacts) w.addContact(me.id, c.id);
  // Most contacts have the demo account too (mutual); Karen and Olivia do not.
  for (const c of contacts) if (c.firstName !== "Karen" && c.firstName !== "Olivia") w.addContact(c.id, me.id);
  w.addContact(partner.id, me.id);

  const P = (username: string) => w.resolveUsername(username)!.user!.id;
  const day = (n: number) => start + n * DAY;

  // Groups and channels. The demo account is in all but "Global Markets" and "Alumni 2015".
  const phoenix = w.createChat({ title: "Project Phoenix", creatorId: P("alice"), members: [me.id, P("bobsmith"), P("carol_w"), P("dbrown"), P("isabel")], date: day(5) });
  const family = w.createChat({ title: "Family", creatorId: me.id, members: [P("jtaylor"), P("liam_t"), P("mia")], date: day(1) });
  const bookClub = w.createChat({ title: "Book Club", creatorId: P("olivia"), members: [me.id, P("emma"), P("gracelee"), P("noahj")], date: day(40) });
  const alumni = w.createChat({ title: "Alumni 2015", creatorId: P("samr"), members: [P("tinaw"), P("wendy")], date: day(2) });
  const team = w.createChannel({ title: "Northwind Team", creatorId: P("alice"), broadcast: false, members: [me.id, ...people.slice(1, 15).map((u) => u.id)], admins: [me.id], date: day(3), about: "Internal chat of the Northwind team" });
  const launch = w.createChannel({ title: "Launch Planning", creatorId: me.id, broadcast: false, members: [P("alice"), P("emma"), P("mia"), P("gracelee"), P("samr")], date: day(200), about: "Everything about the Atlas launch" });
  const ts = w.createChannel({ title: "TypeScript Enthusiasts", username: "ts_enthusiasts", creatorId: P("vking"), broadcast: false, members: [me.id, P("bobsmith"), P("quinn_clark"), P("xgreen"), P("yara"), P("zoe_b"), P("samr")], date: day(10), about: "Types, compilers and good vibes", extraMembers: 1840 });
  const remote = w.createChannel({ title: "Remote Work Hub", username: "remotework_hub", creatorId: P("rachel_l"), broadcast: false, members: [me.id, P("paulh"), P("tinaw"), P("wendy"), P("henryw")], date: day(15), about: "Tips for distributed teams", extraMembers: 5210 });
  const news = w.createChannel({ title: "Northwind News", username: "northwind_news", creatorId: P("alice"), broadcast: true, members: [me.id, ...people.slice(1, 10).map((u) => u.id)], admins: [P("emma")], date: day(0), about: "Official news of Northwind", extraMembers: 12_300 });
  const digest = w.createChannel({ title: "Tech Digest", username: "techdigest", creatorId: P("rachel_l"), broadcast: true, members: [me.id, P("bobsmith")], date: day(20), about: "Daily technology digest", extraMembers: 48_200 });
  const telegram = w.createChannel({ title: "Telegram News", username: "telegram", creatorId: P("xgreen"), broadcast: true, members: [me.id], date: day(0), about: "The official-looking sandbox news channel", extraMembers: 9_800_000 });
  const notes = w.createChannel({ title: "Demo Notes", creatorId: me.id, broadcast: true, members: [partner.id], date: day(100), about: "Private channel of the demo account" });
  const markets = w.createChannel({ title: "Global Markets", username: "global_markets", creatorId: P("vking"), broadcast: true, members: [P("paulh")], date: day(30), about: "Markets, budgets and money", extraMembers: 77_000 });

  // Plan: [conversation, how many messages, share of work talk, text kind for channels].
  const saved = w.privateConv(me.id, me.id);
  const plan: Array<{ conv: SConv; n: number; work: number; from: () => number }> = [];
  const pair = (u: number, n: number, work: number) => {
    const conv = w.privateConv(me.id, u);
    plan.push({ conv, n, work, from: () => (r.chance(0.5) ? me.id : u) });
  };
  people.forEach((u, i) => {
    if (PEOPLE[i]!.contact) pair(u.id, 40 + ((i * 37) % 90), i % 3 === 0 ? 0.3 : 0.7);
  });
  pair(P("paulh"), 12, 0.8); // a non-contact who wrote to the demo account
  pair(P("rachel_l"), 6, 0.6);
  pair(john.id, 30, 0.4);
  pair(bot.id, 25, 1);
  pair(partner.id, 20, 0.5);
  plan.push({ conv: saved, n: 60, work: 0.8, from: () => me.id });
  // Conversations between other users (not visible to the demo account).
  const ab = w.privateConv(P("alice"), P("bobsmith"));
  plan.push({ conv: ab, n: 30, work: 0.7, from: () => (r.chance(0.5) ? P("alice") : P("bobsmith")) });
  const groupFrom = (conv: SConv) => {
    const ms = [...conv.members];
    return () => ms[r.int(0, ms.length - 1)]!;
  };
  for (const [conv, n, work] of [
    [phoenix, 260, 0.85],
    [family, 180, 0.1],
    [bookClub, 90, 0.2],
    [alumni, 40, 0.2],
    [team, 420, 0.8],
    [launch, 240, 0.9],
    [ts, 200, 0.6],
    [remote, 160, 0.6],
  ] as const)
    plan.push({ conv, n, work, from: groupFrom(conv) });
  for (const [conv, n] of [
    [news, 120],
    [digest, 150],
    [telegram, 60],
    [notes, 30],
    [markets, 80],
  ] as const) {
    const authors = [...conv.admins];
    plan.push({ conv, n, work: -1, from: () => authors[r.int(0, authors.length - 1)]! });
  }

  // Dates: spread over two years, more recent activity more likely; one global chronological order.
  const events: Array<{ p: (typeof plan)[number]; date: number }> = [];
  for (const p of plan) {
    const from = Math.max(start, p.conv.date);
    for (let i = 0; i < p.n; i++) {
      const x = Math.sqrt(r.next()); // density grows towards the reference date
      events.push({ p, date: Math.floor(from + x * (DEMO_REFERENCE_DATE - 3600 - from)) });
    }
  }
  events.sort((a, b) => a.date - b.date || a.p.conv.idx - b.p.conv.idx);

  for (const { p, date } of events) {
    const conv = p.conv;
    const isChannelPost = conv.kind === "channel" && conv.broadcast;
    const from = p.from();
    const m = {
      from,
      date,
      text: isChannelPost ? sentence(r, "news") : conv === ab || p.work >= 0 ? chatText(r, p.work) : sentence(r, "casual"),
    } as Parameters<World["addMessage"]>[1];
    if (conv.count > 3 && !isChannelPost && r.chance(0.12)) {
      m.replyTo = w.store.id[conv.rows[r.int(Math.max(0, conv.count - 20), conv.count - 1)]!]!;
    }
    if (isChannelPost) m.views = r.int(50, Math.max(100, Math.floor(w.participantsCount(conv) * 0.4)));
    const roll = r.next();
    if (roll < 0.05) {
      const photo = w.addMedia({ kind: "photo", date, size: r.int(40_000, 900_000), mime: "image/jpeg", w: 1280, h: r.pick([720, 960, 1280]) });
      m.mediaId = photo.id;
      m.text = r.chance(0.6) ? r.pick(["Look at this", "Whiteboard from the meeting", "New office!", "Launch party 🎉", "Screenshot of the report", ""]) : "";
    } else if (roll < 0.08) {
      const f = r.pick(FILES);
      const doc = w.addMedia({ kind: "document", date, size: r.int(f.min, f.max), mime: f.mime, fileName: f.name });
      m.mediaId = doc.id;
      m.text = r.chance(0.7) ? `Here is the ${f.name.split(".")[0]!.replace(/_/g, " ")}` : "";
    } else if (roll < 0.1 && !isChannelPost && news.count > 0 && conv.kind === "private") {
      // forward of a Northwind News post
      const src = news.rows[r.int(0, news.count - 1)]!;
      m.text = w.store.text(src);
      m.fwd = { fromKey: -(CHANNEL_MARK + news.id), date: w.store.date[src]!, channelPost: w.store.id[src]! };
      const media = w.store.media.get(src);
      if (media) m.mediaId = media;
    } else if (roll < 0.12) {
      m.text = `Reminder: ${m.text || "deadline today"}`;
      m.entities = [new Api.MessageEntityBold({ offset: 0, length: 9 })];
    } else if (roll < 0.13) {
      m.text = `Docs are here: https://example.com/${conv.kind}/${r.int(100, 999)} ${m.text}`;
      m.entities = [new Api.MessageEntityUrl({ offset: 15, length: m.text.indexOf(" ", 15) - 15 })];
    }
    if (r.chance(0.05)) m.editDate = date + r.int(60, 3 * 3600);
    const row = w.addMessage(conv.idx, m);
    if (r.chance(0.04)) {
      const emoji = r.pick(["👍", "❤️", "🔥", "🎉"]);
      const members = [...conv.members];
      const who = members.filter(() => r.chance(0.5));
      if (who.length) w.store.reactions.set(row, new Map([[emoji, who]]));
    }
  }

  // Pinned messages: the latest "deadline" message in each group, and a few channel posts.
  for (const conv of [phoenix, team, launch, news, ts, saved]) {
    const rows = w.searchRows("deadline", (row) => w.store.conv[row] === conv.idx);
    const pick = rows && rows.length ? rows[rows.length - 1]! : w.topRow(conv);
    if (pick >= 0) w.setPinned(pick, true);
  }

  // Read state: everyone has read everything, except the demo account's last few messages.
  for (const conv of w.convs) {
    const top = w.topRow(conv);
    if (top < 0) continue;
    for (const u of conv.members) w.markRead(conv, u, w.store.id[top]!);
  }
  const unreadIn: Array<[SConv, number]> = [
    [phoenix, 3],
    [team, 12],
    [w.privateConv(me.id, P("alice")), 2],
    [news, 5],
    [w.privateConv(me.id, P("paulh")), 1],
  ];
  for (const [conv, back] of unreadIn) {
    // the demo account's read mark goes `back` incoming messages before the top
    let seen = 0;
    let mark = 0;
    for (let p = conv.count - 1; p >= 0; p--) {
      const row = conv.rows[p]!;
      if (w.store.from[row] !== me.id) seen++;
      if (seen === back) {
        mark = w.store.id[row]! - 1;
        break;
      }
    }
    conv.readInbox.set(me.id, mark);
  }

  // Added last, so everything above keeps its ids, counts and search results.
  addEverydayWorld(w, me.id, P, DEMO_REFERENCE_DATE);
  // Mentions at or below a reader's mark were seen when the world was seeded.
  w.settleMentions();
  return w;
}
