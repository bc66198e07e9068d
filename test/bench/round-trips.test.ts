// The bench's round-trip count (bench/lib/round-trips.ts) on real timelines: gramjs calls to a
// sandbox that answers RTT late, made in parallel or one after another. The count must follow the
// calls' dependencies, not the time they took.
import t from "tap";
import { Api } from "telegram";
import { loginAs, startSandbox } from "../helpers/sandbox.js";
import { sequentialRoundTrips, waves } from "../../bench/lib/round-trips.js";
import { buildDemoWorld } from "../../sandbox/world/demo.js";
import { downloadFile, locateMedia } from "../../services/telegram/media.js";
import { sessionOf } from "../helpers/session.js";

t.test("parallel calls are one round trip, dependent calls one each", async (t) => {
  const rtt = 40;
  const sb = await startSandbox(t, { rttMs: rtt });
  const me = sb.world.demoAccountId;
  const client = await loginAs(t, sb);
  await client.invoke(new Api.help.GetNearestDc()); // connected: initConnection is behind us
  const timeline = () => sb.rpcLog.filter((e) => e.userId === me).map((e) => ({ method: e.method, at: e.at, doneAt: e.doneAt ?? e.at }));

  sb.resetCounters();
  await Promise.all(["alice", "bobsmith", "carol_w"].map((username) => client.invoke(new Api.contacts.ResolveUsername({ username }))));
  t.equal(sequentialRoundTrips(timeline(), rtt), 1, "three in parallel: 1");

  sb.resetCounters();
  await client.invoke(new Api.contacts.ResolveUsername({ username: "alice" }));
  await Promise.all([client.invoke(new Api.help.GetNearestDc()), client.invoke(new Api.help.GetNearestDc())]);
  await client.invoke(new Api.contacts.ResolveUsername({ username: "emma" }));
  t.same(waves(timeline(), rtt), [["contacts.ResolveUsername"], ["help.GetNearestDc", "help.GetNearestDc"], ["contacts.ResolveUsername"]], "1, then 2 in parallel, then 1: 3 waves");

  t.equal(sequentialRoundTrips([], rtt), 0, "no RPC, no round trip");
  t.throws(() => sequentialRoundTrips(timeline(), 0), /needs an injected RTT/, "without an RTT the count means nothing: refused");
});

t.test("download_media: the first part alone, then the rest in parallel", async (t) => {
  const rtt = 40;
  const world = buildDemoWorld();
  const me = world.demoAccountId;
  const alice = world.resolveUsername("alice")!.user!.id;
  // 1.5 MB + 1 byte: four 512 KB parts, each byte known.
  const content = Buffer.alloc(3 * 512 * 1024 + 1);
  for (let i = 0; i < content.length; i++) content[i] = (i * 7 + 3) & 0xff;
  const media = world.addMedia({ kind: "document", date: 1_700_000_000, size: content.length, mime: "application/octet-stream", fileName: "parts.bin", content });
  const id = world.store.id[world.addMessage(world.privateConv(me, alice).idx, { from: alice, text: "four parts", date: 1_700_000_000, mediaId: media.id })]!;
  const sb = await startSandbox(t, { world, rttMs: rtt });
  const client = await loginAs(t, sb);
  await client.getInputEntity("alice");
  const session = sessionOf(client);
  const { file } = await locateMedia(session, "alice", id);
  sb.resetCounters();
  const got = await downloadFile(session, file);
  t.ok(got.bytes.equals(content), "the bytes, in order");
  t.equal(got.calls, 4, "one call per part");
  const timeline = sb.rpcLog.filter((e) => e.userId === me).map((e) => ({ method: e.method, at: e.at, doneAt: e.doneAt ?? e.at }));
  t.same(
    waves(timeline, rtt).map((w) => w.length),
    [1, 3],
    "two round trips: the first part, then the other three together",
  );
});
