// A bare gramjs client of a sandbox process the bench started (its host, port and RSA key as the
// sandbox runner reports them over IPC): the floor's Telegram half in the worker and the round-trip phase.
import type { TelegramClient } from "telegram";
import { createTelegramClient } from "../../services/telegram/client-factory.js";

export interface BackendInfo {
  host: string;
  port: number;
  rsaPublicKey: { n: string; e: number; fingerprint: string } | null;
}

export function bareSandboxClient(backend: BackendInfo, session: string): TelegramClient {
  const k = backend.rsaPublicKey;
  return createTelegramClient({
    session,
    backend: { kind: "sandbox", host: backend.host, port: backend.port, rsaPublicKey: k ? { n: BigInt("0x" + k.n), e: k.e, fingerprint: BigInt(k.fingerprint) } : undefined },
  });
}
