// mtcute, a second client with its own MTProto code and TL schema (layer 227), logs in to the
// sandbox with the test-number convention: phone + code, 2FA (SRP), and a number homed on DC 3
// (PHONE_MIGRATE_3). Its requests are read and its answers written in layer 227.
import t from "tap";
import { SERVED_LAYERS } from "../../sandbox/index.js";
import { buildDemoWorld } from "../../sandbox/world/demo.js";
import { mtcuteClient, startSandboxForMtcute } from "../helpers/mtcute.js";

const MTCUTE_LAYER = 227;

t.test("phone + code: the demo account, on layer 227; then the session reads its own profile", async (t) => {
  const sb = await startSandboxForMtcute(t, { flood: false });
  t.ok(SERVED_LAYERS.has(MTCUTE_LAYER));
  const c = mtcuteClient(t, sb);
  const me = await c.start({ phone: "+9996620001", code: () => "22222" });
  t.equal(me.id, sb.world.demoAccountId);
  t.equal(me.username, "demo");
  t.same([...new Set(sb.declaredLayers(me.id).values())], [MTCUTE_LAYER], "every key mtcute made declared layer 227");
  const again = await c.getMe();
  t.equal(again.displayName, "Demo User");
  const errors = sb.rpcLog.filter((e) => e.error).map((e) => `${e.method}@${e.dc}:${e.error}`);
  // start() first asks who it is, as a resumed session would; nothing else failed.
  t.same(errors, ["users.GetUsers@2:AUTH_KEY_UNREGISTERED"], "no other request failed on the way");
});

t.test("a wrong code, then 2FA with a wrong and the right password (real SRP)", async (t) => {
  const world = buildDemoWorld();
  const dana = world.createUser({ phone: "9996620777", firstName: "Dana" });
  dana.password = { password: "correct horse", hint: "the horse" };
  const sb = await startSandboxForMtcute(t, { world, flood: false });
  const c = mtcuteClient(t, sb);
  const codes = ["11111", "22222"];
  const passwords = ["wrong horse", "correct horse"];
  const invalid: string[] = [];
  const me = await c.start({
    phone: "9996620777",
    code: () => codes.shift()!,
    password: () => passwords.shift()!,
    invalidCodeCallback: (kind) => void invalid.push(kind),
  });
  t.equal(me.id, dana.id);
  t.same(invalid, ["code", "password"], "the wrong code and the wrong password were refused");
  t.same(
    sb.rpcLog.filter((e) => e.error).map((e) => `${e.method}:${e.error}`),
    ["users.GetUsers:AUTH_KEY_UNREGISTERED", "auth.SignIn:PHONE_CODE_INVALID", "auth.SignIn:SESSION_PASSWORD_NEEDED", "auth.CheckPassword:PASSWORD_HASH_INVALID"],
  );
});

t.test("a number homed on DC 3: PHONE_MIGRATE_3, and mtcute logs in there", async (t) => {
  const world = buildDemoWorld();
  const tess = world.createUser({ phone: "9996630001", firstName: "Tess", username: "tess_third" });
  const sb = await startSandboxForMtcute(t, { world, flood: false });
  const c = mtcuteClient(t, sb);
  const me = await c.start({ phone: "9996630001", code: () => "33333" });
  t.equal(me.id, tess.id);
  const sendCode = sb.rpcLog.filter((e) => e.method === "auth.SendCode").map((e) => `${e.dc}:${e.error ?? "ok"}`);
  t.same(sendCode, ["2:PHONE_MIGRATE_3", "3:ok"], "asked DC 2 first, then its home DC");
  t.ok(
    sb.rpcLog.filter((e) => e.method === "auth.SignIn").every((e) => e.dc === 3),
    "signed in on DC 3",
  );
  t.equal((await c.getMe()).id, tess.id, "the session works on its home DC");
});
