// The one place a ToolContext is made, for every front end (HTTP /mcp, stdio, and the options of
// /mtproto-api): tools get narrow dependencies, never the whole configuration.
import type { Account } from "../accounts/types.js";
import type { Config } from "../config/index.js";
import type { AccountSession } from "../telegram/account-session.js";
import type { FileSender } from "../telegram/messaging.js";
import type { MediaLinkSigner, ToolContext, ToolLogger, ToolOptions } from "./types.js";

/** The configuration keys tools read. */
export type ToolConfig = Pick<Config, "ALLOW_DANGEROUS_METHODS" | "READ_ONLY" | "MAX_FILE_SIZE_MB" | "MEDIA_IMAGE_MAX_BYTES" | "MEDIA_IMAGE_MAX_SIDE" | "MEDIA_TEXT_MAX_CHARS">;

/** The per-tool settings out of the configuration. */
export function toolOptionsFrom(config: ToolConfig): ToolOptions {
  return {
    allowDangerousMethods: config.ALLOW_DANGEROUS_METHODS,
    readOnly: config.READ_ONLY,
    media: {
      maxFileBytes: Math.floor(config.MAX_FILE_SIZE_MB * 1024 * 1024),
      imageMaxBytes: config.MEDIA_IMAGE_MAX_BYTES,
      imageMaxSide: config.MEDIA_IMAGE_MAX_SIDE,
      textMaxChars: config.MEDIA_TEXT_MAX_CHARS,
    },
  };
}

export interface ToolContextDeps {
  session: AccountSession;
  account: Account;
  signal: AbortSignal;
  logger: ToolLogger;
  files: FileSender;
  config: ToolConfig;
  /** Signed /files/ links for this account (HTTP only). */
  mediaLinks?: MediaLinkSigner;
}

/** A tool call's context. */
export function createToolContext(deps: ToolContextDeps): ToolContext {
  return {
    session: deps.session,
    account: deps.account,
    signal: deps.signal,
    logger: deps.logger,
    files: deps.files,
    options: toolOptionsFrom(deps.config),
    ...(deps.mediaLinks ? { mediaLinks: deps.mediaLinks } : {}),
  };
}
