// The demo world's everyday-assistant part, added after everything else so that the older ids,
// counts and search results stay the same: a forum with topics, a channel with comments, an
// archived chat, two folders, a poll, and media with real bytes (PDFs with a text layer, PNG and
// JPEG images, text files). Its texts avoid the words of the documented search facts.
import { Api } from "telegram";
import { hash64 } from "./prng.js";
import { makeJpeg, makePdf, makePng } from "./files.js";
import type { SConv, World } from "./world.js";

const DAY = 86_400;
const FOREVER = 2_147_483_647; // mute_until meaning "muted for good" on Telegram

/** Known contents of the demo files (tests compare downloads with these). */
export const DEMO_FILES = {
  releaseNotes: {
    name: "release_notes_2_0.pdf",
    pages: [
      ["Orbit 2.0 release notes", "Offline sync for every workspace.", "Dark theme and a faster editor."],
      ["Known issues", "Android 14: sync may stop after a restart."],
    ],
  },
  handbook: {
    name: "orbit_handbook.pdf",
    pages: [["Orbit handbook", "1. Create a workspace.", "2. Invite your team.", "3. Turn on offline sync."]],
  },
  crashLog: {
    name: "crash_log.txt",
    text: "orbit-android 2.0.1 (build 2417)\nFATAL: SyncWorker stopped: database locked\n  at SyncWorker.run(SyncWorker.kt:88)\n  at WorkerWrapper.runWorker(WorkerWrapper.kt:312)\n",
  },
  config: { name: "orbit_config.json", text: '{\n  "theme": "dark",\n  "sync": { "offline": true, "intervalMinutes": 15 },\n  "editor": { "spellcheck": false }\n}\n' },
  changelog: { name: "CHANGELOG.md", text: "# Changelog\n\n## 2.0.0\n- Offline sync\n- Dark theme\n\n## 1.9.0\n- Faster search\n" },
} as const;

export interface EverydayIds {
  forum: SConv;
  topics: { bugs: number; ideas: number; releases: number };
  channel: SConv;
  discussion: SConv;
  flatmates: SConv;
}

export function addEverydayWorld(w: World, me: number, P: (username: string) => number, reference: number): EverydayIds {
  const t0 = reference - 14 * DAY;
  let clock = t0;
  const tick = (minutes = 37) => (clock += minutes * 60);
  const doc = (name: string, mime: string, content: Buffer, dims?: { w: number; h: number }) =>
    w.addMedia({ kind: "document", date: clock, size: content.length, mime, fileName: name, content, ...dims }).id;
  const photo = (wd: number, ht: number, seed: number) => {
    const content = makeJpeg(wd, ht, (x, y) => (Math.floor(x / 16) * 23 + Math.floor(y / 16) * 41 + seed * 57) & 0xff);
    return w.addMedia({ kind: "photo", date: clock, size: content.length, mime: "image/jpeg", w: wd, h: ht, content }).id;
  };
  const releaseNotes = () => doc(DEMO_FILES.releaseNotes.name, "application/pdf", makePdf(DEMO_FILES.releaseNotes.pages.map((p) => [...p]), "Orbit 2.0 release notes"));

  // --- Forum supergroup with topics.
  // Alice (whose groups in common with @demo are documented) stays out of the forum and the discussion group.
  const owner = P("carol_w");
  const alice = P("alice");
  const forum = w.createChannel({
    title: "Orbit Community",
    username: "orbit_community",
    creatorId: owner,
    broadcast: false,
    members: [me, P("bobsmith"), P("emma"), P("isabel"), P("liam_t")],
    admins: [P("isabel")],
    date: t0 - 30 * DAY,
    about: "Users of the Orbit app: bugs, ideas and releases, one topic each",
    extraMembers: 310,
  });
  w.makeForum(forum, t0 - 30 * DAY);
  // Message 1 of a supergroup is its creation (a service message), as on Telegram: id 1 is never a topic's post.
  w.addMessage(forum.idx, { from: owner, text: "", date: t0 - 30 * DAY, action: new Api.MessageActionChannelCreate({ title: forum.title }) });
  forum.reactions = ["👍", "❤", "🔥", "🎉"];
  const say = (conv: SConv, from: number, text: string, extra: Partial<Parameters<World["addMessage"]>[1]> = {}) =>
    w.store.id[w.addMessage(conv.idx, { from, text, date: tick(), ...extra })]!;
  const topic = (title: string, iconColor: number, closed = false) =>
    w.createTopic(forum, { title, iconColor, from: owner, date: tick(), closed }, new Api.MessageActionTopicCreate({ title, iconColor })).id;
  const inTopic = (top: number, from: number, text: string, extra: Partial<Parameters<World["addMessage"]>[1]> = {}) =>
    say(forum, from, text, { threadTop: top, replyTo: extra.replyTo ?? top, ...extra });

  say(forum, P("carol_w"), "Welcome to Orbit Community! Say hi here");
  say(forum, P("bobsmith"), "Hi all, glad to be here");
  const bugs = topic("Bugs", 0xff93b2);
  const ideas = topic("Ideas", 0xffd67e);
  const releases = topic("Releases", 0x8eee98);
  say(forum, P("liam_t"), "Is there a mobile app already?");
  const logoPng = makePng(96, 64, (x, y) => [20 + x * 2, 60 + y * 2, 200 - x]);
  say(forum, owner, "The new Orbit logo", { mediaId: doc("orbit_logo.png", "image/png", logoPng, { w: 96, h: 64 }) });

  inTopic(releases, owner, "Orbit 2.0 is out: offline sync and a dark theme", { mediaId: releaseNotes() });
  inTopic(releases, owner, "Changelog for the curious", { mediaId: doc(DEMO_FILES.changelog.name, "text/markdown", Buffer.from(DEMO_FILES.changelog.text)) });
  inTopic(releases, P("emma"), "Congrats on shipping 2.0!");
  forum.topics.get(releases)!.closed = true;

  const b1 = inTopic(bugs, P("isabel"), "Sync stops on Android 14 after a restart");
  inTopic(bugs, me, "Same here on a Pixel 8", { replyTo: b1 });
  const b3 = inTopic(bugs, P("isabel"), "Crash log attached", { mediaId: doc(DEMO_FILES.crashLog.name, "text/plain", Buffer.from(DEMO_FILES.crashLog.text)) });
  inTopic(bugs, P("bobsmith"), "Looks like the database lock again", { replyTo: b3 });
  const mentionText = "@demo can you check whether 2.0.2 fixes it for you?";
  inTopic(bugs, P("isabel"), mentionText, { entities: [new Api.MessageEntityMention({ offset: 0, length: 5 })] });
  inTopic(bugs, P("carol_w"), "A fix is in review, expect it this week");

  const i1 = inTopic(ideas, P("liam_t"), "A calendar view would be great");
  inTopic(ideas, P("emma"), "Our theme config, for reference", { mediaId: doc(DEMO_FILES.config.name, "application/json", Buffer.from(DEMO_FILES.config.text)) });
  const poll = w.addMedia({
    kind: "poll",
    date: clock,
    size: 0,
    mime: "",
    poll: {
      question: "Which theme should Orbit ship next?",
      answers: ["Solarized", "High contrast", "Sepia"],
      votes: new Map([
        [P("isabel"), [0]],
        [P("bobsmith"), [0]],
        [P("carol_w"), [1]],
        [P("liam_t"), [2]],
      ]),
    },
  });
  inTopic(ideas, P("emma"), "", { mediaId: poll.id });
  inTopic(ideas, P("bobsmith"), "Keyboard shortcuts for everything, please", { replyTo: i1 });
  inTopic(ideas, P("carol_w"), "Both are on the list for 2.1");

  // --- Broadcast channel with a discussion group (comments).
  const channel = w.createChannel({
    title: "Orbit Updates",
    username: "orbit_updates",
    creatorId: alice,
    broadcast: true,
    members: [me, P("bobsmith"), P("carol_w"), P("mia"), P("noahj")],
    admins: [P("carol_w")],
    date: t0 - 60 * DAY,
    about: "News about the Orbit app. Comments are open",
    extraMembers: 4200,
  });
  channel.reactions = ["👍", "🔥", "🎉"];
  const discussion = w.createChannel({
    title: "Orbit Updates Chat",
    creatorId: owner,
    broadcast: false,
    members: [me, P("bobsmith"), P("carol_w"), P("mia"), P("noahj")],
    date: t0 - 60 * DAY,
    about: "Comments on Orbit Updates",
  });
  w.linkDiscussion(channel, discussion);
  const post = (text: string, extra: Partial<Parameters<World["addMessage"]>[1]> = {}) => {
    const row = w.addMessage(channel.idx, { from: alice, text, date: tick(90), views: 800 + (Math.floor(clock / 60) % 700), ...extra });
    w.addDiscussionCopy(row);
    return { id: w.store.id[row]!, top: w.store.discussion.get(row)! };
  };
  const comment = (p: { top: number }, from: number, text: string, replyTo?: number) =>
    say(discussion, from, text, { threadTop: p.top, replyTo: replyTo ?? p.top });

  const p1 = post("Orbit 2.0 release notes are attached", { mediaId: releaseNotes() });
  comment(p1, P("bobsmith"), "Offline sync works great so far");
  comment(p1, P("carol_w"), "Dark theme looks lovely");
  comment(p1, me, "Any plans for a Linux build?");
  const p2 = post("Our new office in Lisbon", { mediaId: photo(640, 480, 1) });
  comment(p2, P("mia"), "What a view!");
  comment(p2, P("noahj"), "Is that the river?");
  const album = hash64(w.secret, 6, 1);
  post("Team offsite, day one", { mediaId: photo(320, 240, 2), groupedId: album });
  post("", { mediaId: photo(320, 240, 3), groupedId: album });
  post("Orbit handbook for new users", { mediaId: doc(DEMO_FILES.handbook.name, "application/pdf", makePdf(DEMO_FILES.handbook.pages.map((p) => [...p]), "Orbit handbook")) });
  const p5 = post("Ask us anything about 2.0 in the comments");
  comment(p5, P("bobsmith"), "Will 2.1 bring a calendar view?");
  comment(p5, P("carol_w"), "Yes, a calendar view is planned");
  const mine = comment(p5, me, "Does offline sync work with shared workspaces?");
  comment(p5, P("mia"), "Yes, shared workspaces sync offline too", mine);
  comment(p5, P("noahj"), "Thanks for the answers");

  // --- A chat the demo account archived and muted.
  const flatmates = w.createChat({ title: "Old Flatmates", creatorId: P("jtaylor"), members: [me, P("dbrown"), P("henryw")], date: t0 - 400 * DAY });
  say(flatmates, P("jtaylor"), "Who still has the spare key?");
  say(flatmates, P("henryw"), "Not me, I gave it back");
  say(flatmates, me, "I think it is in the drawer");
  say(flatmates, P("jtaylor"), "Found it, thanks");

  // Read state: the members read everything; @demo has unread messages in two topics, one
  // unread mention in Bugs, one unread channel post and one unread reply to its comment.
  for (const conv of [forum, channel, discussion, flatmates]) {
    const top = w.topRow(conv);
    for (const u of conv.members) w.markRead(conv, u, w.store.id[top]!);
  }
  forum.readInbox.set(me, 0);
  for (const [top, seen] of [
    [1, Infinity],
    [releases, Infinity],
    [bugs, 2],
    [ideas, 3],
  ] as const) {
    const rows = w.threadRows(forum, top);
    const upTo = seen === Infinity ? rows.length : seen;
    forum.threadRead.set(`${me}:${top}`, upTo > 0 ? w.store.id[rows[upTo - 1]!]! : top);
  }
  channel.readInbox.set(me, p5.id - 1);
  discussion.readInbox.set(me, mine);
  discussion.threadRead.set(`${me}:${p5.top}`, mine);

  const user = w.getUser(me)!;
  user.archived.add(flatmates.idx);
  user.notify.set(String(flatmates.idx), { muteUntil: FOREVER });
  user.notify.set(String(discussion.idx), { muteUntil: FOREVER });
  user.drafts.set(`${discussion.idx}:0`, { text: "Thanks for the notes, I will try the beta tonight", date: reference - 3 * 3600 });

  const conv = (title: string) => w.convs.find((c) => c.title === title)!.idx;
  user.filters.push(
    { id: 2, title: "Work", emoticon: "💼", pinned: [conv("Northwind Team")], include: [conv("Launch Planning"), conv("Project Phoenix"), forum.idx], exclude: [] },
    { id: 3, title: "Personal", emoticon: "🏠", contacts: true, excludeArchived: true, pinned: [conv("Family")], include: [conv("Book Club")], exclude: [] },
  );
  return { forum, topics: { bugs, ideas, releases }, channel, discussion, flatmates };
}
