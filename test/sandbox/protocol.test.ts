// The sandbox's MTProto layer and login flows, through real gramjs clients over TCP.
import t from "tap";
import bigInt from "big-integer";
import { Api } from "telegram";
import { NewMessage, type NewMessageEvent } from "telegram/events/index.js";
import { startSandbox, sandboxClient, connectClient, rpcError } from "../helpers/sandbox.js";

const API = { apiId: 1, apiHash: "x" };
const rpcErrorMessage = (e: unknown) => (e as { errorMessage?: string }).errorMessage;

t.test("pre-shared key: a session string from the test API is logged in", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const me = sb.world.getUser(sb.world.demoAccountId)!;
  const client = await connectClient(t, sb, await sb.createSession(me.id));
  const nearest = await client.invoke(new Api.help.GetNearestDc());
  t.equal(nearest.thisDc, sb.dcId);
  const got = await client.getMe();
  t.equal(Number(got.id), me.id);
  t.equal(got.firstName, me.firstName);
  t.ok(sb.rpcCount("help.GetNearestDc") === 1, "counted per method");
  t.ok(sb.rpcCount(undefined, me.id) >= 2, "counted per account");
});

t.test("real DH exchange, then phone login with a wrong code, then 2FA wrong and right password", async (t) => {
  const sb = await startSandbox(t);
  const user = sb.world.createUser({ phone: "9996612345", firstName: "Dana" });
  user.password = { password: "correct horse", hint: "the horse" };
  const client = sandboxClient(t, sb);
  await client.connect(); // no auth key yet: DH with the sandbox's RSA key
  t.equal(await rpcError(client.invoke(new Api.updates.GetState())), "AUTH_KEY_UNREGISTERED", "nothing works before login");

  const sent = await client.invoke(new Api.auth.SendCode({ phoneNumber: "+9996612345", ...API, settings: new Api.CodeSettings({}) }));
  t.ok(sent instanceof Api.auth.SentCode);
  const hash = (sent as Api.auth.SentCode).phoneCodeHash;
  t.equal(sb.lastCode("+9996612345"), "11111", "test convention: 99966X... gets code XXXXX");
  t.equal(await rpcError(client.invoke(new Api.auth.SignIn({ phoneNumber: "+9996612345", phoneCodeHash: hash, phoneCode: "22222" }))), "PHONE_CODE_INVALID");
  t.equal(await rpcError(client.invoke(new Api.auth.SignIn({ phoneNumber: "+9996612345", phoneCodeHash: hash, phoneCode: "11111" }))), "SESSION_PASSWORD_NEEDED");

  const hints: string[] = [];
  let attempt = 0;
  const errors: string[] = [];
  const me = await client.signInWithPassword(API, {
    password: async (hint) => {
      hints.push(hint ?? "");
      return ++attempt === 1 ? "wrong horse" : "correct horse";
    },
    onError: async (e) => {
      errors.push(rpcErrorMessage(e) ?? e.message);
      return false;
    },
  });
  t.same(errors, ["PASSWORD_HASH_INVALID"], "the wrong password is refused by real SRP");
  t.equal(hints[0], "the horse");
  t.equal(Number(me.id), user.id);
  const state = await client.invoke(new Api.updates.GetState());
  t.ok(state instanceof Api.updates.State, "logged in now");

  // resume from the saved session string: no DH, already authorized
  const saved = (client.session as unknown as { save(): string }).save();
  await client.destroy();
  const again = await connectClient(t, sb, saved);
  t.equal(await again.isUserAuthorized(), true);
  t.equal(Number((await again.getMe()).id), user.id);
});

t.test("sign-up of a new number, expired and invalid numbers", async (t) => {
  const sb = await startSandbox(t);
  const client = sandboxClient(t, sb);
  await client.connect();
  t.equal(await rpcError(client.invoke(new Api.auth.SendCode({ phoneNumber: "+15551234567", ...API, settings: new Api.CodeSettings({}) }))), "PHONE_NUMBER_INVALID");
  const sent = (await client.invoke(new Api.auth.SendCode({ phoneNumber: "+9997770001", ...API, settings: new Api.CodeSettings({}) }))) as Api.auth.SentCode;
  const code = sb.lastCode("9997770001")!;
  t.match(code, /^\d{5}$/);
  t.equal(await rpcError(client.invoke(new Api.auth.SignIn({ phoneNumber: "+9997770001", phoneCodeHash: "bogus", phoneCode: code }))), "PHONE_CODE_EXPIRED");
  const res = await client.invoke(new Api.auth.SignIn({ phoneNumber: "+9997770001", phoneCodeHash: sent.phoneCodeHash, phoneCode: code }));
  t.ok(res instanceof Api.auth.AuthorizationSignUpRequired, "an unknown number must sign up");
  const auth = (await client.invoke(new Api.auth.SignUp({ phoneNumber: "+9997770001", phoneCodeHash: sent.phoneCodeHash, firstName: "Neo", lastName: "" }))) as Api.auth.Authorization;
  t.equal((auth.user as Api.User).firstName, "Neo");
  t.ok(sb.world.findUserByPhone("9997770001"), "the user exists in the world");
});

t.test("SendCode is flood-limited per phone", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const client = await connectClient(t, sb, await sb.createAnonymousSession());
  const send = () => client.invoke(new Api.auth.SendCode({ phoneNumber: "+9996620000", ...API, settings: new Api.CodeSettings({}) }));
  for (let i = 0; i < 5; i++) await send();
  const err = await send().then(
    () => null,
    (e) => e,
  );
  t.equal(rpcErrorMessage(err), "FLOOD", "FLOOD_WAIT_X (gramjs's FloodWaitError)");
  t.ok(err.seconds > 0 && err.seconds <= 600, "with the seconds left in the window");
});

t.test("QR login accepted by a second, logged-in session; log out revokes", async (t) => {
  const sb = await startSandbox(t);
  const demoId = sb.world.demoAccountId;
  const phoneApp = await connectClient(t, sb, await sb.createSession(demoId));
  const fresh = sandboxClient(t, sb);
  await fresh.connect();
  // Raw calls rather than gramjs's signInUserWithQrCode, whose 30 s un-unref'd sleep keeps a process alive.
  const exported = await fresh.invoke(new Api.auth.ExportLoginToken({ ...API, exceptIds: [] }));
  t.ok(exported instanceof Api.auth.LoginToken);
  const pushed = new Promise<void>((resolve) =>
    fresh.addEventHandler((u: unknown) => {
      if (u instanceof Api.UpdateLoginToken) resolve();
    }),
  );
  await phoneApp.invoke(new Api.auth.AcceptLoginToken({ token: (exported as Api.auth.LoginToken).token }));
  await pushed;
  const success = await fresh.invoke(new Api.auth.ExportLoginToken({ ...API, exceptIds: [] }));
  t.ok(success instanceof Api.auth.LoginTokenSuccess, "the next export returns LoginTokenSuccess");
  const user = ((success as Api.auth.LoginTokenSuccess).authorization as Api.auth.Authorization).user;
  t.equal(Number(user.id), demoId, "the new session is the accepting user's");
  t.ok(await fresh.isUserAuthorized());

  await fresh.invoke(new Api.auth.LogOut());
  t.equal(await rpcError(fresh.invoke(new Api.updates.GetState())), "SESSION_REVOKED");
  t.equal(await rpcError(phoneApp.invoke(new Api.auth.AcceptLoginToken({ token: Buffer.from("nope") }))), "AUTH_TOKEN_INVALID");
});

t.test("faults: injected FloodWait, unknown method, dropped connection with reconnect", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const client = await connectClient(t, sb, await sb.createSession(sb.world.demoAccountId));
  sb.faults.floodWait("help.GetNearestDc", 42);
  const flood = await client.invoke(new Api.help.GetNearestDc()).then(() => null, (e) => e);
  t.equal(flood?.errorMessage, "FLOOD", "gramjs turns FLOOD_WAIT_42 into a FloodWaitError");
  t.equal(flood?.seconds, 42);
  t.ok(await client.invoke(new Api.help.GetNearestDc()), "the fault fires once");

  t.equal(await rpcError(client.invoke(new Api.help.GetAppConfig({ hash: 0 }))), "METHOD_NOT_SUPPORTED_BY_SANDBOX", "an unknown method gets an error, not silence");

  // drop mid-call: the sandbox cuts the TCP connection when the request arrives;
  // gramjs reconnects and resends it, and the call completes.
  sb.faults.dropOnNext("help.GetNearestDc");
  const r = await client.invoke(new Api.help.GetNearestDc());
  t.equal(r.thisDc, sb.dcId);
  t.equal(sb.rpcCount("help.GetNearestDc"), 4, "seen twice for the dropped call (original + resend)");

  t.ok(sb.faults.dropConnections() >= 1, "dropping every connection");
  t.equal((await client.invoke(new Api.help.GetNearestDc())).thisDc, sb.dcId, "works again after reconnect");
});

t.test("server-pushed updates reach a connected client as events", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demoId = sb.world.demoAccountId;
  const client = await connectClient(t, sb, await sb.createSession(demoId));
  await client.getMe();
  const got = new Promise<NewMessageEvent>((resolve) => client.addEventHandler(resolve, new NewMessage({})));
  const other = sb.world.createUser({ phone: "9995550123", firstName: "Pusher" });
  const now = Math.floor(Date.now() / 1000);
  sb.pushToUser(demoId, new Api.UpdateShortMessage({ id: 999999, userId: bigInt(other.id), message: "pushed hello", pts: 2, ptsCount: 1, date: now }));
  const ev = await got;
  t.equal(ev.message.message, "pushed hello");
});

