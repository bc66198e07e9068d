// The tool contract: one ToolDefinition per file in services/mcp/tools/, listed in registry.ts.
// Handlers are transport-independent: they get validated, defaulted arguments and a context
// holding narrow dependencies (the account's session, the file sender, the few settings tools
// read), and return the structured result (or throw a ToolError, which becomes the
// `{ok:false, ...}` envelope). Contexts are made by createToolContext (tool-context.ts).
import type { ContentBlock } from "@modelcontextprotocol/server";
import type { Static, TSchema } from "typebox";
import type { Account } from "../accounts/types.js";
import type { SendMode } from "../accounts/settings.js";
import type { AccountSession } from "../telegram/account-session.js";
import type { FileSender } from "../telegram/messaging.js";
import type { Toolset } from "./toolsets.js";
import type { ReadOnlySource } from "../mtproto/policy.js";

export interface ToolLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** The settings tools read, picked out of the configuration by toolOptionsFrom (tool-context.ts). */
export interface ToolOptions {
  /** ALLOW_DANGEROUS_METHODS: when false, invoke_mtproto refuses dangerous methods even with allow_dangerous. */
  allowDangerousMethods: boolean;
  /** READ_ONLY, or the account's read-only setting: only read-class raw methods run. */
  readOnly: boolean;
  /** Which setting made this call read-only (the refusal names it); absent: the server's. */
  readOnlySource?: ReadOnlySource;
  /** SEND_MODE in force for this call (the account's setting may narrow the server's); read by the send gate. */
  sendMode: SendMode;
  /** download_media: MAX_FILE_SIZE_MB in bytes and the MEDIA_* caps. */
  media: { maxFileBytes: number; imageMaxBytes: number; imageMaxSide: number; textMaxChars: number };
  /** MAX_RESULT_CHARS: list results page past it (services/telegram/result-cap.ts); 0: no cap. */
  maxResultChars: number;
}

/** Signs a short-lived /files/ download link for one message's file of the caller's account. */
export type MediaLinkSigner = (chatId: string, messageId: number) => Promise<{ url: string; expiresAt: Date }>;

export interface ToolContext {
  /** The account's Telegram session: every call goes through session.invoke (FloodWait policy, metrics). */
  session: AccountSession;
  account: Account;
  /** Aborted when the MCP client cancels the call or the HTTP request goes away. */
  signal: AbortSignal;
  logger: ToolLogger;
  /** File sending for send_message/send_message_to_phone (services/telegram/files). */
  files: FileSender;
  options: ToolOptions;
  /** Signed download links for this account: set over HTTP, absent over stdio. */
  mediaLinks?: MediaLinkSigner;
}

/** MCP ToolAnnotations (hints for the client; honest about what the tool does). */
export interface ToolHints {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export type { Toolset } from "./toolsets.js";
export type { ReadOnlySource } from "../mtproto/policy.js";

/**
 * How a read-only server (READ_ONLY=true) serves a tool whose annotations say it writes.
 * Without it the tool is left out; with it the tool is served with these annotations, the note
 * is added to its description, and `guard` refuses the calls that would write, before any
 * Telegram work.
 */
export interface ReadOnlyMode<I extends TSchema = TSchema> {
  annotations: ToolHints;
  note: string;
  /** The note when the account (not the server) is read-only. Default: `note`. */
  accountNote?: string;
  /** Throws a ToolError naming the setting (READ_ONLY, or the account's) when this call would write. */
  guard(args: Static<I>, source: ReadOnlySource): void;
}

/** The kinds of write the send gate and the audit log know (issue #15). */
export type ActionKind = "send" | "edit" | "delete" | "forward" | "react" | "pin" | "mark_read" | "raw";

/**
 * What a write tool does, for the send gate (SEND_MODE confirm/draft) and the audit log. Every
 * tool whose annotations say it writes has one; the gate and the audit read only this, so the
 * tools stay free of both.
 */
export interface ToolAction<I extends TSchema = TSchema, O extends TSchema = TSchema> {
  kind: ActionKind;
  /** Whether this call is a write at all (invoke_mtproto: read-class methods are not); absent: always. */
  applies?(args: Static<I>): boolean;
  /** The chat acted on, as the caller named it (the gate resolves it for the confirm form). */
  chat(args: Static<I>): string | number | undefined;
  /** What a person confirming it reads, and what the audit keeps when AUDIT_CONTENT=true. */
  summary(args: Static<I>): { text?: string; files?: string[]; detail?: string };
  /** Message ids the action touched, from its arguments and result (for the audit). */
  messageIds?(args: Static<I>, result: Static<O> | undefined): number[];
  /** SEND_MODE=draft: the draft this action becomes. Absent: the action is refused in draft mode. */
  draft?(args: Static<I>, ctx: ToolContext): Promise<Static<O>>;
}

export interface ToolDefinition<I extends TSchema = TSchema, O extends TSchema = TSchema> {
  name: string;
  title: string;
  /** Written for a model: what it is for, limits, examples. */
  description: string;
  input: I;
  output: O;
  annotations: ToolHints;
  toolset: Toolset;
  /** Read-only servers keep the tools whose annotations say readOnlyHint, and those that have this. */
  readOnlyMode?: ReadOnlyMode<I>;
  /** Required when annotations.readOnlyHint is false (checked by prepareTools). */
  action?: ToolAction<I, O>;
  handler(args: Static<I>, ctx: ToolContext): Promise<Static<O> | ToolReply<Static<O>>>;
}

/**
 * A handler's result with content blocks for the model besides the structured result (an image,
 * a document's text, a resource link). callTool puts these blocks first, then the JSON copy of
 * the structured result; structuredContent stays the structured result alone.
 */
export class ToolReply<T> {
  constructor(
    readonly structured: T,
    readonly content: ContentBlock[],
    /** What the JSON text copy shows, when not all of `structured` (a field already in a block above). */
    readonly jsonCopy: unknown = structured,
  ) {}
}

/** A definition with its generics erased, for lists of mixed tools. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- erased generics: a handler's args are Static<I>, contravariant, so no TSchema bound accepts every tool
export type AnyToolDefinition = ToolDefinition<any, any>;

/** Type-checks a definition against its own schemas while keeping it assignable to AnyToolDefinition. */
export function defineTool<I extends TSchema, O extends TSchema>(def: ToolDefinition<I, O>): AnyToolDefinition {
  return def as AnyToolDefinition;
}

/** Telegram call options of a tool context (the abort signal; the FloodWait policy is the session's). */
export function callOptions(ctx: ToolContext): { signal: AbortSignal } {
  return { signal: ctx.signal };
}

/** callOptions plus the per-call character cap, for the tools that return lists. */
export function listOptions(ctx: ToolContext): { signal: AbortSignal; maxChars: number } {
  return { signal: ctx.signal, maxChars: ctx.options.maxResultChars };
}

export const READ_ONLY_HINTS: ToolHints = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
