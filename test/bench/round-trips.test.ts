// The bench's round-trip count (bench/lib/round-trips.ts) on real timelines: gramjs calls to a
// sandbox that answers RTT late, made in parallel or one after another. The count must follow the
// calls' dependencies, not the time they took.
import t from "tap";
import { Api } from "telegram";
import { loginAs, startSandbox } from "../helpers/sandbox.js";
import { sequentialRoundTrips, waves } from "../../bench/lib/round-trips.js";

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
