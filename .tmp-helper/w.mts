import { buildDemoWorld } from "../sandbox/world/demo.js";
const w = buildDemoWorld();
const me = w.demoAccountId;
const alice = w.resolveUsername("alice")!.user!.id;
const conv = w.findPrivateConv(me, alice)!;
console.log("alice conv count", conv.count);
const words = new Map<string, number>();
for (let i = 0; i < conv.count; i++) for (const t of w.store.text(conv.rows[i]!).toLowerCase().split(/\W+/)) if (t.length > 3) words.set(t, (words.get(t) ?? 0) + 1);
console.log([...words].sort((a, b) => b[1] - a[1]).slice(0, 30).map(x=>x.join(":")).join(" "));
for (const q of ["budget", "launch", "deadline", "roadmap", "invoice"]) {
  console.log(q, w.searchRows(q, (row) => w.store.conv[row] === conv.idx)!.length, "global", w.searchRows(q, (row) => { const c = w.convs[w.store.conv[row]!]!; return w.getUser(me)!.dialogs.has(c.idx) && c.members.has(me); })!.length);
}
const u = [...w.users.values()].find(u => !w.isContact(me, u.id) && u.id !== me && u.phone);
console.log("noncontact", u?.id, u?.username, u?.phone);
console.log([...w.users.values()].filter(u=>w.isContact(me,u.id)).slice(0,2).map(u=>[u.username,u.phone]));
