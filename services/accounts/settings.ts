// Per-account limits on what an agent may do (issue #15): read-only, toolsets, the send gate's
// mode and the per-chat policy. Stored in the account's record (AccountStore.updateSettings), so
// a change made by the CLI or the account page applies on the next request, without a restart.
// The server's own settings (READ_ONLY, TOOLSETS, SEND_MODE) are the outer bound: an account can
// only narrow them (effectiveSettings).
import type { ChatPolicy } from "../policy/chat-policy.js";

/**
 * How writes happen (SEND_MODE): `send` performs them; `confirm` asks the person through MCP
 * elicitation first; `draft` turns a send into a Telegram draft and refuses other writes.
 */
export const SEND_MODES = ["send", "confirm", "draft"] as const;
export type SendMode = (typeof SEND_MODES)[number];

export interface AccountSettings {
  /** true: this account is read-only whatever the server allows. */
  readOnly?: boolean;
  /** Toolset names this account may use (intersected with the server's TOOLSETS). */
  toolsets?: string[];
  sendMode?: SendMode;
  /** Per-chat rights; absent: every chat the account can see. */
  policy?: ChatPolicy;
}

/** What is in force for one account: the server's settings narrowed by the account's. */
export interface EffectiveSettings {
  readOnly: boolean;
  /** Toolset names, never "all". */
  toolsets: string[];
  sendMode: SendMode;
  policy?: ChatPolicy;
}

/** The stricter of two send modes: send < confirm < draft. */
export function stricterSendMode(a: SendMode, b: SendMode): SendMode {
  return SEND_MODES.indexOf(a) >= SEND_MODES.indexOf(b) ? a : b;
}

/**
 * The server's settings narrowed by an account's. `serverToolsets` is already resolved
 * (no "all"); unknown account toolsets are dropped (the server never had them).
 */
export function effectiveSettings(server: { readOnly: boolean; toolsets: readonly string[]; sendMode: SendMode }, account: AccountSettings | undefined): EffectiveSettings {
  const toolsets = account?.toolsets && !account.toolsets.includes("all") ? server.toolsets.filter((t) => account.toolsets!.includes(t)) : [...server.toolsets];
  return {
    readOnly: server.readOnly || account?.readOnly === true,
    toolsets,
    sendMode: stricterSendMode(server.sendMode, account?.sendMode ?? "send"),
    ...(account?.policy ? { policy: account.policy } : {}),
  };
}
