// Latency injection (SANDBOX_RTT_MS / --rtt-ms / Sandbox.start({ rttMs })): everything the sandbox
// sends leaves RTT late, so a call's round trip is at least RTT. Lower bounds only: this checks
// the behaviour, it measures no performance.
import t from "tap";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { once } from "node:events";
import bigInt from "big-integer";
import { Api } from "telegram";
import { connectClient, loginAs, startSandbox } from "../helpers/sandbox.js";
import { RawMtprotoClient } from "../helpers/mtproto-client.js";
import { parseRttMs, rttForDc } from "../../sandbox/index.js";
import { buildApp } from "../../app.js";
import { loadConfig } from "../../services/config/load.js";
import { makeConfig } from "../helpers/config.js";
import { childEnv, cliArgs } from "../helpers/child-env.js";
import { startSandboxCli } from "./_sandbox-cli.js";

async function elapsed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

t.test("the option: one RTT for every DC, or one per DC", async (t) => {
  t.equal(parseRttMs("80"), 80);
  t.equal(parseRttMs(" 0 "), 0);
  t.same(parseRttMs("2:80,4:150"), { 2: 80, 4: 150 });
  t.equal(rttForDc({ 2: 80, 4: 150 }, 4), 150);
  t.equal(rttForDc({ 2: 80 }, 1), 0, "a DC not listed gets none");
  t.equal(rttForDc(undefined, 2), 0, "default 0");
  for (const bad of ["x", "-5", "1.5", "2:", "2:80,", "2:x", "1234567"]) t.throws(() => parseRttMs(bad), /RTT/, `"${bad}" is refused with a message`);
  const r = loadConfig({ env: { SANDBOX_RTT_MS: "fast" }, envFile: false });
  t.same(r.ok ? [] : r.errors, ['SANDBOX_RTT_MS="fast" (env SANDBOX_RTT_MS): expected milliseconds (0-999999), or dc:ms pairs']);
  await t.rejects(startSandbox(t, { rttMs: -1 }), /rttMs must be a number of ms >= 0/);
});

t.test("every answer and every push leaves RTT late", async (t) => {
  const rtt = 150;
  const sb = await startSandbox(t, { rttMs: { [2]: rtt, [4]: 10 } });
  t.equal(sb.rttMs, rtt, "the sandbox's DC (2) takes its own entry");
  const demo = await loginAs(t, sb);
  await demo.getMe(); // connected and past the first round trips
  const calls = await Promise.all([0, 1, 2].map(() => elapsed(() => demo.invoke(new Api.help.GetNearestDc()))));
  for (const ms of calls) t.ok(ms >= rtt, `a call's round trip (${ms.toFixed(1)} ms) is at least the RTT`);

  // A push: from the moment the sandbox pushes to the moment the client sees it.
  const got = new Promise<void>((resolve) =>
    demo.addEventHandler((u: unknown) => {
      if (u instanceof Api.UpdateShortMessage && u.message === "late hello") resolve();
    }),
  );
  const other = sb.world.createUser({ phone: "9995550177", firstName: "Late" });
  const ms = await elapsed(async () => {
    sb.pushToUser(sb.world.demoAccountId, new Api.UpdateShortMessage({ id: 1, userId: bigInt(other.id), message: "late hello", pts: 1, ptsCount: 1, date: Math.floor(Date.now() / 1000) }));
    await got;
  });
  t.ok(ms >= rtt, `a pushed update arrives ${ms.toFixed(1)} ms later, at least the RTT`);

  // The key exchange too (each of its three answers), on any transport.
  const raw = await RawMtprotoClient.connect({ host: sb.host, port: sb.port, framing: "intermediate", obfuscated: true, rsa: sb.rsaPublicKey! });
  t.teardown(() => raw.close());
  t.ok((await elapsed(() => raw.handshake())) >= 3 * rtt, "a key exchange takes at least three RTTs");
});

t.test("no RTT by default: the sandbox answers at once", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  t.equal(sb.rttMs, 0);
  const client = await connectClient(t, sb, await sb.createSession(sb.world.demoAccountId));
  t.equal((await client.invoke(new Api.help.GetNearestDc())).thisDc, sb.dcId);
});

t.test("SANDBOX_RTT_MS reaches the embedded sandbox of tgmcp serve", async (t) => {
  const app = await buildApp(makeConfig({ LOG_LEVEL: "silent", SANDBOX_RTT_MS: "90" }), { logger: false });
  t.teardown(() => app.close());
  await app.ready();
  t.equal(app.sandbox?.rttMs, 90);
});

t.test("tgmcp sandbox --rtt-ms", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tgmcp-rtt-"));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const bad = spawn(process.execPath, [...cliArgs(), "sandbox", "--rtt-ms", "soon"], { env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  bad.stderr.setEncoding("utf8").on("data", (d) => (err += d));
  const [code] = await once(bad, "exit");
  t.equal(code, 2, "a bad value: exit 2");
  t.match(err, /--rtt-ms: RTT must be whole milliseconds/);

  const infoFile = path.join(dir, "info.json");
  const { child, output } = await startSandboxCli(t, ["--rtt-ms", "120", "--info-file", infoFile]);
  const out = output();
  t.match(out, /latency\s+every answer 120 ms late/);
  const info = JSON.parse(fs.readFileSync(infoFile, "utf8"));
  t.equal(info.rttMs, 120, "the info file says so");
  const raw = await RawMtprotoClient.connect({
    host: info.host,
    port: info.port,
    framing: "abridged",
    rsa: { n: BigInt("0x" + info.rsaPublicKey.n), e: info.rsaPublicKey.e, fingerprint: BigInt(info.rsaPublicKey.fingerprint) },
  });
  t.teardown(() => raw.close());
  await raw.handshake();
  t.ok((await elapsed(() => raw.invoke(new Api.help.GetNearestDc()))) >= 120, "a call to it takes at least 120 ms");
  raw.close();
  child.kill("SIGTERM");
  const [exit] = await once(child, "exit");
  t.equal(exit, 0);
});
