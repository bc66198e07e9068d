// `tgmcp sandbox` as a real process: a gramjs client that follows its printed
// instructions (address + demo session) logs in and reads the demo world.
import t from "tap";
import fs from "node:fs";
import path from "node:path";
import os from "node:os";
import { once } from "node:events";
import { TelegramClient, Api } from "telegram";
import { StringSession } from "telegram/sessions/index.js";
import { ConnectionTCPFull } from "telegram/network/index.js";
import { LogLevel } from "telegram/extensions/Logger.js";
import { startSandboxCli } from "./_sandbox-cli.js";

const root = path.resolve(import.meta.dirname, "../..");

t.test("tgmcp sandbox prints how to connect, and a plain gramjs script can", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tgmcp-sandbox-"));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const infoFile = path.join(dir, "info.json");
  const { child, output } = await startSandboxCli(t, ["--info-file", infoFile], root);
  const out = output();
  t.match(out, /SANDBOX TELEGRAM DATA CENTER/);
  const address = /address\s+([\d.]+):(\d+)/.exec(out)!;
  const session = /demo session\s+(\S+)/.exec(out)![1];
  t.ok(address && session, "the address and a session are printed");
  t.equal(fs.statSync(infoFile).mode & 0o777, 0o600, "the info file (it holds a session) is private");

  const info = JSON.parse(fs.readFileSync(infoFile, "utf8"));
  const port = Number(address[2]);
  t.same(
    info.dcs.map((d: { id: number; port: number }) => [d.id, d.port]),
    [
      [1, port - 1],
      [2, port],
      [3, port + 1],
    ],
    "the info file lists DCs 1-3, DC X on DC 2's port + X - 2",
  );
  t.match(out, new RegExp(`all DCs\\s+dc 1 [\\d.]+:${port - 1}, dc 2 [\\d.]+:${port}, dc 3 [\\d.]+:${port + 1}`), "and so does the banner");
  t.same(info.flood.resolveUsername, [
    { limit: 30, windowS: 60 },
    { limit: 200, windowS: 86400 },
  ]);
  t.match(out, /flood limits\s+on/, "flood limits are on by default");

  // Exactly what the printed snippet says to do.
  const host = address[1];
  const ports: Record<number, number> = Object.fromEntries(info.dcs.map((d: { id: number; port: number }) => [d.id, d.port]));
  class Sandbox extends ConnectionTCPFull {
    constructor(o: ConstructorParameters<typeof ConnectionTCPFull>[0]) {
      super({ ...o, ip: host, port: ports[o.dcId]! });
    }
  }
  const client = new TelegramClient(new StringSession(session), 1, "x", { connection: Sandbox, connectionRetries: 1 });
  client.setLogLevel(LogLevel.NONE);
  t.teardown(() => client.destroy());
  await client.connect();
  const me = await client.getMe();
  t.equal(Number(me.id), info.demoAccount.id);
  const dialogs = await client.invoke(new Api.messages.GetDialogs({ offsetPeer: new Api.InputPeerEmpty(), limit: 10 }));
  t.ok("dialogs" in dialogs && dialogs.dialogs.length > 0, "the demo world has dialogs");
  await client.destroy();

  child.kill("SIGTERM");
  const [code] = await once(child, "exit");
  t.equal(code, 0, "SIGTERM stops it cleanly");
});
