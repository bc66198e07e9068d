// The client factory's options reach Telegram (the sandbox records initConnection, as Telegram
// lists it under Settings > Devices), FloodWait sleeping is the caller's choice, and gramjs's
// own log lines go to the given sink.
import t, { type Test } from "tap";
import { Api, errors } from "telegram";
import { startSandbox } from "../helpers/sandbox.js";
import { createTelegramClient, type ClientOptions, type LogSink } from "../../services/telegram/client-factory.js";
import type { Sandbox } from "../../sandbox/index.js";

async function client(t: Test, sb: Sandbox, extra: Partial<ClientOptions> = {}) {
  const c = createTelegramClient({
    session: await sb.createSession(sb.world.demoAccountId),
    backend: { kind: "sandbox", host: sb.host, port: sb.port, rsaPublicKey: sb.rsaPublicKey },
    connectionRetries: 1,
    ...extra,
  });
  t.teardown(() => c.destroy());
  await c.connect();
  return c;
}

t.test("device model, app and system version and language are sent in initConnection", async (t) => {
  const sb = await startSandbox(t);
  const c = await client(t, sb, { deviceModel: "tgmcp-test", appVersion: "9.9.9", systemVersion: "testOS 1", langCode: "de" });
  const other = await client(t, sb);
  const { authorizations } = await c.invoke(new Api.account.GetAuthorizations());
  t.equal(authorizations.length, 2, "both sessions of the account are listed");
  const mine = authorizations.find((a) => a.current)!;
  t.match(mine, { deviceModel: "tgmcp-test", appVersion: "9.9.9", systemVersion: "testOS 1" });
  t.equal(String(mine.hash), "0", "the current session's hash is 0");
  const theirs = authorizations.find((a) => !a.current)!;
  t.equal(theirs.deviceModel, "tgmcp", "the factory's default device model");

  // Ending the other session, as Settings > Devices does: its next call is refused.
  t.equal(await c.invoke(new Api.account.ResetAuthorization({ hash: theirs.hash })), true);
  const err = await other.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] })).catch((e) => e);
  t.equal(err?.errorMessage, "SESSION_REVOKED");
  const again = await c.invoke(new Api.account.ResetAuthorization({ hash: theirs.hash })).catch((e) => e);
  t.equal(again?.errorMessage, "HASH_INVALID");
});

t.test("FloodWaits: thrown at once by default; slept through up to floodSleepThreshold", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const plain = await client(t, sb);
  sb.faults.floodWait("help.GetConfig", 1);
  const err = await plain.invoke(new Api.help.GetConfig()).catch((e) => e);
  t.type(err, errors.FloodWaitError, "tgmcp's clients never sleep inside gramjs (services/telegram/rpc.ts waits)");
  t.equal(err.seconds, 1);

  const sleepy = await client(t, sb, { floodSleepThreshold: 5 });
  sb.resetCounters();
  sb.faults.floodWait("help.GetConfig", 1);
  const config = await sleepy.invoke(new Api.help.GetConfig());
  t.equal(config.thisDc, sb.dcId);
  t.equal(sb.rpcCount("help.GetConfig"), 2, "retried after the wait");
});

t.test("gramjs's log lines go to the sink, tagged as gramjs", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const lines: Array<{ level: string; obj: object; msg?: string }> = [];
  const sink: LogSink = {
    debug: (obj, msg) => lines.push({ level: "debug", obj, msg }),
    info: (obj, msg) => lines.push({ level: "info", obj, msg }),
    warn: (obj, msg) => lines.push({ level: "warn", obj, msg }),
    error: (obj, msg) => lines.push({ level: "error", obj, msg }),
  };
  const c = await client(t, sb, { logger: sink });
  await c.destroy();
  t.ok(lines.length > 0, "gramjs logged something");
  t.ok(lines.every((l) => (l.obj as { component?: string }).component === "gramjs"));
});
