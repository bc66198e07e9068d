// Builds gramjs clients for the real Telegram DCs or for a custom DC (the sandbox, a test
// server). Pointing at a custom DC is configuration here, never a code path in the tools.
import { TelegramClient } from "telegram";
import { ConnectionTCPFull } from "telegram/network/index.js";
import { Logger, LogLevel } from "telegram/extensions/Logger.js";
import { RowlessStringSession, registerRsaKey, useCompiledDecoders, useFastLongHelpers, useFastLongReader } from "./gramjs-adapter.js";

export type Backend =
  | { kind: "telegram"; apiId: number; apiHash: string }
  | {
      kind: "sandbox";
      /** DC 2's address. Other DCs listen on port + (id - 2) unless `dcs` says otherwise. */
      host: string;
      port: number;
      /** Every DC's address, when known (the sandbox info file lists them). */
      dcs?: ReadonlyArray<{ id: number; host: string; port: number }>;
      /** Needed only for a real DH exchange (new logins); pre-shared-key sessions skip it. */
      rsaPublicKey?: { n: bigint; e: number; fingerprint: bigint };
      apiId?: number;
      apiHash?: string;
    };

/** The subset of pino's API the factory needs (so services stay free of a logger dependency). */
export interface LogSink {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ClientOptions {
  session: string;
  backend: Backend;
  deviceModel?: string;
  appVersion?: string;
  systemVersion?: string;
  langCode?: string;
  /**
   * FloodWaits up to this many seconds are slept through inside gramjs. Default 0: tgmcp's
   * clients never sleep there, AccountSession.invoke waits (FLOOD_SLEEP_THRESHOLD) so that
   * each wait is counted in the metrics and a cancelled call stops waiting.
   */
  floodSleepThreshold?: number;
  connectionRetries?: number;
  autoReconnect?: boolean;
  logger?: LogSink;
}

/** gramjs logs through its own Logger class; this one forwards into pino (or drops). */
class SinkLogger extends Logger {
  constructor(private readonly sink: LogSink | undefined) {
    super(sink ? LogLevel.WARN : LogLevel.NONE);
  }
  override log(level: LogLevel, message: string): void {
    if (!this.sink) return;
    // gramjs says "Disconnecting..." at warn on every disconnect we asked for (shutdown, idle
    // eviction): routine, so it is debug here. Drops it did not ask for are logged apart.
    if (message === "Disconnecting...") level = LogLevel.DEBUG;
    const fn = level === LogLevel.ERROR ? "error" : level === LogLevel.WARN ? "warn" : level === LogLevel.INFO ? "info" : "debug";
    this.sink[fn]({ component: "gramjs" }, message);
  }
}

const SANDBOX_API_ID = 1;
const SANDBOX_API_HASH = "00000000000000000000000000000000";

/**
 * gramjs connects with port 80 (or 443 from its getDC) whatever help.GetConfig or the session
 * says; it passes the DC id though. This connection class picks that DC's address from the
 * backend description: the listed DCs, else the sandbox's layout (DC X on DC 2's port + X - 2).
 */
function sandboxConnection(b: Extract<Backend, { kind: "sandbox" }>): typeof ConnectionTCPFull {
  return class SandboxTCPFull extends ConnectionTCPFull {
    constructor(opts: ConstructorParameters<typeof ConnectionTCPFull>[0]) {
      const dcId = opts.dcId || 2;
      const dc = b.dcs?.find((d) => d.id === dcId) ?? { host: b.host, port: b.port + dcId - 2 };
      super({ ...opts, ip: dc.host, port: dc.port });
    }
  };
}

/** Makes a custom DC's RSA key known to gramjs (through the adapter: its key table is private). */
export { registerRsaKey };

export function createTelegramClient(opts: ClientOptions): TelegramClient {
  useFastLongReader();
  useFastLongHelpers();
  useCompiledDecoders();
  const b = opts.backend;
  const session = new RowlessStringSession(opts.session);
  const common = {
    deviceModel: opts.deviceModel ?? "tgmcp",
    appVersion: opts.appVersion ?? "tgmcp",
    systemVersion: opts.systemVersion ?? process.platform,
    langCode: opts.langCode ?? "en",
    floodSleepThreshold: opts.floodSleepThreshold ?? 0,
    connectionRetries: opts.connectionRetries ?? 5,
    autoReconnect: opts.autoReconnect ?? true,
    baseLogger: new SinkLogger(opts.logger),
  };
  if (b.kind === "telegram") return new TelegramClient(session, b.apiId, b.apiHash, common);

  if (b.rsaPublicKey) registerRsaKey(b.rsaPublicKey);
  if (!opts.session) session.setDC(2, "127.0.0.1", 443); // the sandbox is DC 2; the port is not used
  return new TelegramClient(session, b.apiId ?? SANDBOX_API_ID, b.apiHash ?? SANDBOX_API_HASH, {
    ...common,
    connection: sandboxConnection(b),
    retryDelay: 200,
  });
}
