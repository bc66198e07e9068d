// Every MTProto transport Telegram accepts, told apart by the first bytes of the connection
// (core.telegram.org/mtproto/mtproto-transports): real gramjs over its own full, abridged and
// obfuscated (abridged) connection classes, and the raw spec client (test/helpers/mtproto-client.ts)
// for what gramjs lacks (intermediate, padded intermediate, their obfuscated forms) and for quick ACKs.
import t, { type Test } from "tap";
import net from "node:net";
import crypto from "node:crypto";
import { once } from "node:events";
import { Api, TelegramClient } from "telegram";
import { StringSession } from "telegram/sessions/index.js";
import { ConnectionTCPAbridged, ConnectionTCPFull, ConnectionTCPObfuscated } from "telegram/network/index.js";
import { Logger, LogLevel } from "telegram/extensions/Logger.js";
import { startSandbox } from "../helpers/sandbox.js";
import { RawMtprotoClient, TRANSPORT_VARIANTS as VARIANTS } from "../helpers/mtproto-client.js";
import { registerRsaKey } from "../../services/telegram/client-factory.js";
import type { Sandbox } from "../../sandbox/index.js";

type ConnectionClass = typeof ConnectionTCPFull;

/** A real gramjs client with a fresh session (so it runs the key exchange) over a given connection class. */
function gramjsOver(t: Test, sb: Sandbox, Base: ConnectionClass): TelegramClient {
  registerRsaKey(sb.rsaPublicKey!);
  const Pinned = class extends Base {
    constructor(o: ConstructorParameters<ConnectionClass>[0]) {
      super({ ...o, ip: sb.host, port: sb.port });
    }
  };
  const session = new StringSession("");
  session.setDC(sb.dcId, sb.host, 443); // the port is pinned by the connection class
  const client = new TelegramClient(session, 1, "x", { connection: Pinned, connectionRetries: 3, retryDelay: 100, baseLogger: new Logger(LogLevel.NONE) });
  t.teardown(() => client.destroy());
  return client;
}

t.test("gramjs completes the key exchange and a call over full, abridged and obfuscated abridged", async (t) => {
  const sb = await startSandbox(t);
  const classes: Array<[string, ConnectionClass]> = [
    ["full", ConnectionTCPFull],
    ["abridged", ConnectionTCPAbridged as unknown as ConnectionClass],
    ["obfuscated abridged", ConnectionTCPObfuscated as unknown as ConnectionClass],
  ];
  for (const [name, Base] of classes) {
    const client = gramjsOver(t, sb, Base);
    await client.connect();
    const config = await client.invoke(new Api.help.GetConfig());
    t.equal(config.thisDc, sb.dcId, `${name}: help.GetConfig answered`);
    t.equal(config.dcOptions.find((o) => o.id === sb.dcId)?.port, sb.port);
    await client.destroy();
  }
});


t.test("the spec client over each framing, plain and obfuscated: key exchange, calls, quick ACKs", async (t) => {
  const sb = await startSandbox(t);
  for (const v of VARIANTS) {
    const name = `${v.obfuscated ? "obfuscated " : ""}${v.framing}`;
    const c = await RawMtprotoClient.connect({ host: sb.host, port: sb.port, rsa: sb.rsaPublicKey!, ...v });
    t.teardown(() => c.close());
    await c.handshake();
    // ~1 KB of MTProto padding: over 508 bytes, abridged's long length form (the key exchange's
    // server_DH_params took it the other way).
    const config = await c.invoke(new Api.help.GetConfig(), { quickAck: v.framing !== "full", padding: 1000 });
    t.equal(config.result.thisDc, sb.dcId, `${name}: help.GetConfig with 1 KB of padding`);
    if (v.framing === "full") {
      t.same(c.quickAcks, [], "full: no quick ACK (the transport has no flag for it)");
    } else {
      t.same(c.quickAcks, [config.quickAckToken], `${name}: the quick ACK token came back`);
    }
    const nearest = await c.invoke(new Api.help.GetNearestDc());
    t.equal(nearest.result.thisDc, sb.dcId, `${name}: a second call on the same connection`);
    c.close();
  }
});

/** Writes bytes on a fresh connection and waits for the sandbox to close it. */
async function closedAfter(sb: Sandbox, bytes: Buffer): Promise<Buffer> {
  const sock = net.connect(sb.port, sb.host);
  await once(sock, "connect");
  let got = Buffer.alloc(0);
  sock.on("data", (d: Buffer) => (got = Buffer.concat([got, d])));
  sock.write(bytes);
  await once(sock, "close");
  return got;
}

t.test("what is not MTProto is refused by its first bytes: HTTP, TLS, an unknown obfuscated tag", async (t) => {
  const sb = await startSandbox(t);
  t.same(await closedAfter(sb, Buffer.from("GET / HTTP/1.1\r\nHost: x\r\n\r\n")), Buffer.alloc(0), "HTTP: closed without an answer");
  t.same(await closedAfter(sb, Buffer.concat([Buffer.from([0x16, 0x03, 0x01, 0x02]), crypto.randomBytes(60)])), Buffer.alloc(0), "TLS: closed");
  // A valid obfuscation init whose decrypted tag is none of ef/ee/dd.
  let init: Buffer;
  do init = crypto.randomBytes(64);
  while (init[0] === 0xef || init.readUInt32LE(4) === 0 || [0xdddddddd, 0xeeeeeeee, 0x44414548, 0x54534f50, 0x20544547, 0x4954504f, 0x02010316].includes(init.readUInt32LE(0)));
  init.writeUInt32LE(0x12345678, 56);
  const enc = crypto.createCipheriv("aes-256-ctr", init.subarray(8, 40), init.subarray(40, 56)).update(init);
  t.same(await closedAfter(sb, Buffer.concat([init.subarray(0, 56), enc.subarray(56)])), Buffer.alloc(0), "unknown obfuscated tag: closed");
  t.equal(sb.connectionCount, 0);
});
