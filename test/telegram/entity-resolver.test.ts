// chat_id resolution against the sandbox: every accepted form, the per-session cache (a repeated
// chat_id costs no RPC), and the InputUser/InputChannel forms the MTProto bridge reuses.
import t from "tap";
import { Api } from "telegram";
import { loginAs, startSandbox, demoUser } from "../helpers/sandbox.js";
import { CHANNEL_MARK } from "../../sandbox/world/world.js";
import { resolveInput, resolvePeer } from "../../services/telegram/entity-resolver.js";
import { sessionOf } from "../helpers/session.js";

t.test("resolution of every form, with the cache", async (t) => {
  const sb = await startSandbox(t);
  const session = sessionOf(await loginAs(t, sb));
  const w = sb.world;
  const me = w.demoAccountId;
  const rpcs = async (fn: () => Promise<unknown>) => {
    sb.resetCounters();
    await fn();
    return sb.rpcLog.map((e) => e.method);
  };

  t.same(await rpcs(() => resolvePeer(session, "me")), [], "me needs no call");
  t.ok((await resolvePeer(session, "self")).inputPeer instanceof Api.InputPeerSelf);

  t.same(await rpcs(() => resolvePeer(session, "@alice")), ["contacts.ResolveUsername"]);
  t.same(await rpcs(() => resolvePeer(session, "alice")), [], "same username, other spelling: cached");
  t.same(await rpcs(() => resolvePeer(session, "https://t.me/alice")), [], "t.me link to a cached username");
  const alice = await resolvePeer(session, "ALICE");
  t.equal(alice.markedId, String(demoUser(sb, "alice")));
  t.same(await rpcs(() => resolvePeer(session, alice.markedId)), [], "its numeric id is known now");

  const bob = w.getUser(demoUser(sb, "bobsmith"))!;
  t.same(await rpcs(() => resolvePeer(session, "+" + bob.phone)), ["contacts.ResolvePhone"]);
  t.same(await rpcs(() => resolvePeer(session, "+" + bob.phone)), []);

  // A private channel (no username) never seen by this session: one dialogs scan, then cached.
  const team = w.convs.find((c) => c.kind === "channel" && !c.username && c.members.has(me))!;
  const teamId = String(-(CHANNEL_MARK + team.id));
  t.same(await rpcs(() => resolvePeer(session, teamId)), ["messages.GetDialogs"]);
  t.same(await rpcs(() => resolvePeer(session, `https://t.me/c/${team.id}/5`)), [], "t.me/c link of the same channel");
  const peer = await resolvePeer(session, teamId);
  t.equal(peer.kind, "channel");
  t.ok(peer.inputPeer instanceof Api.InputPeerChannel);

  // Basic groups need no access hash: one GetChats confirms them.
  const fresh = sessionOf(await loginAs(t, sb));
  const group = w.convs.find((c) => c.kind === "chat" && c.members.has(me))!;
  sb.resetCounters();
  const g = await resolvePeer(fresh, -group.id);
  t.same(sb.rpcLog.map((e) => e.method), ["messages.GetChats"]);
  t.equal(g.kind, "chat");

  // Unknown forms
  await t.rejects(resolvePeer(fresh, -999999), { errorType: "EntityNotFound", message: /-999999/ } as any);
  await t.rejects(resolvePeer(fresh, "987654321"), { errorType: "EntityNotFound", message: /987654321.*Accepted forms/s } as any);
  await t.rejects(resolvePeer(fresh, "+19995550000"), { errorType: "EntityNotFound" } as any);
  await t.rejects(resolvePeer(fresh, "@zz_nobody_zz"), { errorType: "EntityNotFound", message: /@zz_nobody_zz/ } as any);
});

t.test("resolveInput: InputPeer / InputUser / InputChannel for the MTProto bridge", async (t) => {
  const sb = await startSandbox(t);
  const session = sessionOf(await loginAs(t, sb));
  t.ok((await resolveInput(session, "@alice", "user")) instanceof Api.InputUser);
  t.ok((await resolveInput(session, "me", "user")) instanceof Api.InputUserSelf);
  t.ok((await resolveInput(session, "@alice", "peer")) instanceof Api.InputPeerUser);
  t.ok((await resolveInput(session, "@telegram", "channel")) instanceof Api.InputChannel);
  await t.rejects(resolveInput(session, "@alice", "channel"), { errorType: "InvalidParameter" } as any);
  await t.rejects(resolveInput(session, "@telegram", "user"), { errorType: "InvalidParameter" } as any);
  // the resolved InputUser really works
  const [u] = await session.invoke(new Api.users.GetUsers({ id: [(await resolveInput(session, "@alice", "user")) as Api.TypeInputUser] }));
  t.equal((u as Api.User).username, "alice");
});
