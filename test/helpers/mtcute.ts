// mtcute (@mtcute/node: its own TL schema, layer 227, and its own MTProto code) as a second,
// independent client of the sandbox. Memory storage; DC 2 of the sandbox as its first DC; the
// sandbox's RSA key added to mtcute's key table. Destroyed at teardown.
import crypto from "node:crypto";
import { MemoryStorage, TelegramClient } from "@mtcute/node";
import { addPublicKey, NodeCryptoProvider } from "@mtcute/node/utils.js";
import type { Sandbox } from "../../sandbox/index.js";
import { startSandbox } from "./sandbox.js";
import type { SandboxOptions } from "../../sandbox/index.js";

interface Teardownable {
  teardown(fn: () => unknown): void;
}

const toB64u = (n: bigint) => Buffer.from(n.toString(16).padStart(512, "0"), "hex").toString("base64url");

/**
 * A sandbox whose RSA key mtcute can find. mtcute 0.30 looks a server fingerprint up by its
 * unpadded hex (`Long.toString(16)`) in a table keyed by padded hex, so a key whose fingerprint
 * is below 2^60 (1 start in 16) is never found: a client quirk that Telegram's current keys do not
 * meet. Such a sandbox is closed and another started.
 */
export async function startSandboxForMtcute(t: Teardownable, opts: SandboxOptions = {}): Promise<Sandbox> {
  for (;;) {
    const sb = await startSandbox(t, opts);
    const fp = BigInt.asUintN(64, sb.rsaPublicKey!.fingerprint);
    if (fp >= 1n << 60n) return sb;
    await sb.close();
  }
}

/** An mtcute client whose first DC is the sandbox's DC 2 (not connected). */
export function mtcuteClient(t: Teardownable, sb: Sandbox, extra: { apiId?: number } = {}): TelegramClient {
  const key = sb.rsaPublicKey!;
  const pem = crypto
    .createPublicKey({ key: { kty: "RSA", n: toB64u(key.n), e: Buffer.from([1, 0, 1]).toString("base64url") }, format: "jwk" })
    .export({ type: "pkcs1", format: "pem" })
    .toString();
  addPublicKey(new NodeCryptoProvider(), pem);
  const dc2 = { id: sb.dcId, ipAddress: sb.host, port: sb.port };
  const client = new TelegramClient({
    apiId: extra.apiId ?? 1,
    apiHash: "0123456789abcdef0123456789abcdef",
    storage: new MemoryStorage(),
    defaultDcs: { main: dc2, media: dc2 },
    logLevel: Number(process.env.MTCUTE_LOG_LEVEL ?? 0),
    disableUpdates: true,
  });
  t.teardown(() => client.destroy());
  return client;
}
