// Where logins and sessions go: the real Telegram DCs, a running sandbox described by the
// JSON file `tgmcp sandbox --info-file` writes (host, port, RSA public key), or a sandbox
// started in this process. resolveBackend(config) is the one place that reads the choice;
// the server's backend plugin and `tgmcp setup` both use it.
import { readFileSync } from "node:fs";
import type { Config } from "../config/schema.js";
import type { Backend } from "../telegram/client-factory.js";

export interface SandboxInfoFile {
  host: string;
  port: number;
  /** Every DC (files from before the sandbox had several lack it: DC X is then on port + X - 2). */
  dcs?: Array<{ id: number; host: string; port: number }>;
  rsaPublicKey: { n: string; e: number; fingerprint: string } | null;
}

/** What the configuration selects. `embedded-sandbox`: the caller starts one in-process (the server does; setup cannot). */
export type ResolvedBackend =
  | { kind: "telegram"; backend: Backend & { kind: "telegram" } }
  | { kind: "sandbox-file"; backend: Backend & { kind: "sandbox" }; infoFile: string }
  | { kind: "embedded-sandbox" };

export type BackendConfigProblem = "http-auth-needs-backend" | "telegram-needs-credentials" | "bad-sandbox-info-file";

/** The configuration selects no usable backend; the message says how to fix it. */
export class BackendConfigError extends Error {
  override readonly name = "BackendConfigError";
  constructor(
    readonly reason: BackendConfigProblem,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The message of an http-auth server with no credentials and no explicit sandbox. */
export const HTTP_AUTH_NEEDS_BACKEND =
  "SERVER_MODE=http-auth serves real accounts, but API_ID and API_HASH are not set. " +
  "Set both (from https://my.telegram.org) to use Telegram, or set BACKEND=sandbox to serve the demo sandbox on purpose.";

/**
 * The backend the configuration selects. BACKEND=telegram (or auto with API_ID and API_HASH)
 * is real Telegram; otherwise a sandbox: the one SANDBOX_INFO_FILE describes, or an embedded
 * one. In http-auth mode `auto` never falls back to the sandbox silently: without credentials
 * it needs BACKEND=sandbox (or SANDBOX_INFO_FILE, a sandbox someone started on purpose).
 * Throws BackendConfigError.
 */
export function resolveBackend(config: Config): ResolvedBackend {
  const hasCredentials = config.API_ID !== undefined && config.API_HASH !== undefined;
  if (config.BACKEND === "telegram" || (config.BACKEND === "auto" && hasCredentials)) {
    // loadConfig refuses BACKEND=telegram without both, so they are set here.
    if (!hasCredentials) throw new BackendConfigError("telegram-needs-credentials", "BACKEND=telegram needs API_ID and API_HASH (from https://my.telegram.org)");
    return { kind: "telegram", backend: { kind: "telegram", apiId: config.API_ID!, apiHash: config.API_HASH! } };
  }
  if (config.SANDBOX_INFO_FILE) {
    return { kind: "sandbox-file", backend: readSandboxInfoFile(config.SANDBOX_INFO_FILE), infoFile: config.SANDBOX_INFO_FILE };
  }
  if (config.SERVER_MODE === "http-auth" && config.BACKEND === "auto") throw new BackendConfigError("http-auth-needs-backend", HTTP_AUTH_NEEDS_BACKEND);
  return { kind: "embedded-sandbox" };
}

export function sandboxBackendFromInfo(info: SandboxInfoFile): Backend & { kind: "sandbox" } {
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

/** Reads a sandbox info file; throws a BackendConfigError with a clear message when missing or malformed. */
export function readSandboxInfoFile(path: string): Backend & { kind: "sandbox" } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code ?? "error";
    throw new BackendConfigError("bad-sandbox-info-file", `cannot read the sandbox info file ${path} (${code}): start one with \`tgmcp sandbox --info-file ${path}\``, { cause: err });
  }
  try {
    return sandboxBackendFromInfo(JSON.parse(text));
  } catch (err) {
    throw new BackendConfigError("bad-sandbox-info-file", `${path} is not a sandbox info file (written by \`tgmcp sandbox --info-file\`)`, { cause: err });
  }
}
