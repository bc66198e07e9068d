// Where logins go: the real Telegram DCs or a running sandbox described by the JSON
// file `tgmcp sandbox --info-file` writes (host, port, RSA public key).
import { readFileSync } from "node:fs";
import type { Backend } from "../telegram/client-factory.js";

export interface SandboxInfoFile {
  host: string;
  port: number;
  /** Every DC (files from before the sandbox had several lack it: DC X is then on port + X - 2). */
  dcs?: Array<{ id: number; host: string; port: number }>;
  rsaPublicKey: { n: string; e: number; fingerprint: string } | null;
}

export function sandboxBackendFromInfo(info: SandboxInfoFile): Backend {
  if (typeof info?.host !== "string" || !Number.isInteger(info?.port)) throw new Error("sandbox info has no host/port");
  return {
    kind: "sandbox",
    host: info.host,
    port: info.port,
    ...(Array.isArray(info.dcs) && info.dcs.every((d) => Number.isInteger(d?.id) && typeof d?.host === "string" && Number.isInteger(d?.port))
      ? { dcs: info.dcs.map(({ id, host, port }) => ({ id, host, port })) }
      : {}),
    ...(info.rsaPublicKey
      ? { rsaPublicKey: { n: BigInt("0x" + info.rsaPublicKey.n), e: info.rsaPublicKey.e, fingerprint: BigInt(info.rsaPublicKey.fingerprint) } }
      : {}),
  };
}

/** Reads a sandbox info file; throws an Error with a clear message when missing or malformed. */
export function readSandboxInfoFile(path: string): Backend {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err: any) {
    throw new Error(`cannot read the sandbox info file ${path} (${err?.code ?? "error"}): start one with \`tgmcp sandbox --info-file ${path}\``, { cause: err });
  }
  try {
    return sandboxBackendFromInfo(JSON.parse(text));
  } catch (err) {
    throw new Error(`${path} is not a sandbox info file (written by \`tgmcp sandbox --info-file\`)`, { cause: err });
  }
}
