// `tgmcp sandbox`: runs the sandbox Telegram DC on its own and prints how to connect.
import { parseArgs } from "node:util";
import fs from "node:fs";
import pino from "pino";
import { parseFloodOption, parseRttMs, Sandbox, type FloodConfig, type RttMs } from "../sandbox/index.js";

export const SANDBOX_HELP = `Usage: tgmcp sandbox [--port N] [--host H] [--rtt-ms MS] [--flood F] [--info-file PATH] [--log-level L]

Runs the sandbox Telegram data centers (local MTProto servers, DCs 1-3, with a seeded
demo world, not Telegram) and prints how a gramjs client connects to them.
  --port N          DC 2's TCP port; DC X listens on N + X - 2 (default 0: free ports)
  --host H          bind address (default 127.0.0.1)
  --rtt-ms MS       round-trip time added to everything it sends, in ms (default 0);
                    per DC as 2:80,3:150
  --flood F         flood limits: on (default, realistic), off, or per family as
                    resolveUsername=30/60+200/86400,sendPerChat=off (see sandbox/README.md)
  --info-file PATH  also write the connection info as JSON (0600) for scripts
  --log-level L     info (default) shows login codes; debug shows every RPC`;

export interface SandboxInfo {
  /** DC 2's address (the main DC, the demo account's home). */
  host: string;
  port: number;
  dcId: number;
  /** Injected round-trip time of DC 2 (ms), 0 when none. */
  rttMs: number;
  /** Every DC: id, address, injected RTT. */
  dcs: Array<{ id: number; host: string; port: number; rttMs: number }>;
  /** The flood limits in force per family (false: off). */
  flood: FloodConfig;
  rsaPublicKey: { n: string; e: number; fingerprint: string } | null;
  demoAccount: { id: number; username?: string; phone?: string; session: string };
}

export async function sandboxInfo(sb: Sandbox): Promise<SandboxInfo> {
  const demo = sb.world.getUser(sb.world.demoAccountId)!;
  const key = sb.rsaPublicKey;
  return {
    host: sb.host,
    port: sb.port,
    dcId: sb.dcId,
    rttMs: sb.rttMs,
    dcs: sb.dcs.map(({ id, host, port, rttMs }) => ({ id, host, port, rttMs })),
    flood: sb.flood.config,
    rsaPublicKey: key ? { n: key.n.toString(16), e: key.e, fingerprint: key.fingerprint.toString() } : null,
    demoAccount: { id: demo.id, username: demo.username, phone: demo.phone, session: await sb.createSession(demo.id) },
  };
}

export function describe(info: SandboxInfo): string {
  return `
  SANDBOX TELEGRAM DATA CENTER: a local test double, not Telegram.
  address        ${info.host}:${info.port} (dc ${info.dcId}, MTProto over TCP: full, abridged, intermediate, padded, obfuscated)${info.rttMs ? `\n  latency        every answer ${info.rttMs} ms late (--rtt-ms)` : ""}
  all DCs        ${info.dcs.map((d) => `dc ${d.id} ${d.host}:${d.port}${d.rttMs ? ` (+${d.rttMs} ms)` : ""}`).join(", ")}
  flood limits   ${Object.values(info.flood).some((v) => v !== false) ? "on (Telegram-like FLOOD_WAIT_X; --flood off to disable)" : "off"}
  demo account   ${info.demoAccount.username ? "@" + info.demoAccount.username : ""} id ${info.demoAccount.id} phone +${info.demoAccount.phone}
  demo session   ${info.demoAccount.session}
  RSA key        fingerprint ${info.rsaPublicKey?.fingerprint ?? "(DH disabled)"} (needed only for new logins)
  login codes    numbers +99966XYYYY live on DC X and get code XXXXX; other +999... numbers get a code shown in this log

  Connect with gramjs (npm i telegram):
    import { TelegramClient } from "telegram";
    import { StringSession } from "telegram/sessions/index.js";
    import { ConnectionTCPFull } from "telegram/network/index.js";
    const ports = { ${info.dcs.map((d) => `${d.id}: ${d.port}`).join(", ")} }; // gramjs passes the DC id, not its port
    class Sandbox extends ConnectionTCPFull { constructor(o) { super({ ...o, ip: "${info.host}", port: ports[o.dcId] }); } }
    const client = new TelegramClient(new StringSession(process.env.SANDBOX_SESSION), 1, "x", { connection: Sandbox });
    await client.connect(); console.log(await client.getMe());
  (set SANDBOX_SESSION to the demo session above). A new login needs the RSA key above made
  known to gramjs first (--info-file writes it; tgmcp does this in services/telegram/gramjs-adapter.ts).
`;
}

export async function runSandbox(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "0" },
      host: { type: "string", default: "127.0.0.1" },
      "rtt-ms": { type: "string", default: "0" },
      flood: { type: "string", default: "on" },
      "info-file": { type: "string" },
      "log-level": { type: "string", default: "info" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(SANDBOX_HELP);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`tgmcp sandbox: --port must be 0..65535, got "${values.port}"`);
    return 2;
  }
  let rttMs: RttMs;
  try {
    rttMs = parseRttMs(values["rtt-ms"]);
  } catch (err) {
    console.error(`tgmcp sandbox: --rtt-ms: ${(err as Error).message}`);
    return 2;
  }
  let flood: FloodConfig | false;
  try {
    flood = parseFloodOption(values.flood);
  } catch (err) {
    console.error(`tgmcp sandbox: --flood: ${(err as Error).message}`);
    return 2;
  }
  const logger = pino({ level: values["log-level"], base: undefined });
  const sb = await Sandbox.start({ port, host: values.host, rttMs, flood, logger });
  const info = await sandboxInfo(sb);
  if (values["info-file"]) fs.writeFileSync(values["info-file"], JSON.stringify(info, null, 2) + "\n", { mode: 0o600 });
  process.stdout.write(describe(info) + "\n");
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await sb.close();
  return 0;
}
