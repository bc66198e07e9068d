// The one place a ToolContext is made, for every front end (HTTP /mcp, stdio, and the options of
// /mtproto-api): tools get narrow dependencies, never the whole configuration. The settings in
// force come from the server's configuration narrowed by the account's own (effectiveFor), read
// on every request so that a change to the account's record applies without a restart.
import type { Account } from "../accounts/types.js";
import { effectiveSettings, type EffectiveSettings, type SendMode } from "../accounts/settings.js";
import type { Config } from "../config/index.js";
import type { AccountSession } from "../telegram/account-session.js";
import type { FileSender } from "../telegram/messaging.js";
import { resolveToolsets } from "./inventory.js";
import type { MediaLinkSigner, ReadOnlySource, ToolContext, ToolLogger, ToolOptions } from "./types.js";

/** The configuration keys tools read. */
export type ToolConfig = Pick<Config, "ALLOW_DANGEROUS_METHODS" | "READ_ONLY" | "SEND_MODE" | "MAX_FILE_SIZE_MB" | "MEDIA_IMAGE_MAX_BYTES" | "MEDIA_IMAGE_MAX_SIDE" | "MEDIA_TEXT_MAX_CHARS" | "MAX_RESULT_CHARS">;

/** The settings in force for one account, and which setting made it read-only (refusals name it). */
export interface Effective extends EffectiveSettings {
  readOnlySource?: ReadOnlySource;
}

/** The server's own bounds: READ_ONLY, TOOLSETS (resolved, never "all") and SEND_MODE. */
export interface ServerBounds {
  readOnly: boolean;
  toolsets: readonly string[];
  sendMode: SendMode;
}

export function serverBounds(config: Pick<Config, "READ_ONLY" | "TOOLSETS" | "SEND_MODE">): ServerBounds {
  return { readOnly: config.READ_ONLY, toolsets: [...resolveToolsets(config.TOOLSETS)], sendMode: config.SEND_MODE };
}

/** What is in force for this account (none: the server's settings alone). */
export function effectiveFor(bounds: ServerBounds, account: Pick<Account, "settings"> | null | undefined): Effective {
  const eff: Effective = effectiveSettings(bounds, account?.settings);
  if (bounds.readOnly) eff.readOnlySource = "server";
  else if (eff.readOnly) eff.readOnlySource = "account";
  return eff;
}

/** The per-tool settings out of the configuration, narrowed by the account's when given. */
export function toolOptionsFrom(config: ToolConfig, effective?: Effective): ToolOptions {
  const options: ToolOptions = {
    allowDangerousMethods: config.ALLOW_DANGEROUS_METHODS,
    readOnly: config.READ_ONLY,
    sendMode: config.SEND_MODE,
    media: {
      maxFileBytes: Math.floor(config.MAX_FILE_SIZE_MB * 1024 * 1024),
      imageMaxBytes: config.MEDIA_IMAGE_MAX_BYTES,
      imageMaxSide: config.MEDIA_IMAGE_MAX_SIDE,
      textMaxChars: config.MEDIA_TEXT_MAX_CHARS,
    },
    maxResultChars: config.MAX_RESULT_CHARS,
  };
  if (!effective) return options;
  options.readOnly = effective.readOnly;
  if (effective.readOnlySource) options.readOnlySource = effective.readOnlySource;
  // The account's effective send mode: never looser than the server's (stricterSendMode).
  options.sendMode = effective.sendMode;
  return options;
}

export interface ToolContextDeps {
  session: AccountSession;
  account: Account;
  signal: AbortSignal;
  logger: ToolLogger;
  files: FileSender;
  config: ToolConfig;
  /** The settings in force for this account (absent: the server's alone). */
  effective?: Effective;
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
    options: toolOptionsFrom(deps.config, deps.effective),
    ...(deps.mediaLinks ? { mediaLinks: deps.mediaLinks } : {}),
  };
}
