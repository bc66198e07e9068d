// The send gate (SEND_MODE) and the tool side of the audit log, in one place on the tool call
// path (server-factory.ts callTool). It reads only a tool's action descriptor (types.ts
// ToolAction), so tools stay free of both.
// - send: perform.
// - confirm: ask the person first, through MCP elicitation. Written once as a multi-round-trip
//   handler (the SDK's `inputRequired`): 2026-07-28 clients fulfil it and retry the call with
//   the answer; on 2025-era connections the SDK's legacy shim sends `elicitation/create` itself
//   and re-enters the call. A client that declared no form elicitation (or the stateless
//   2025-era HTTP transport, which cannot carry a server-to-client request) gets a tool error.
// - draft: an action with a `draft` becomes that draft; every other write is refused.
// mark_read is neither confirmed nor refused in draft mode: it only changes this account's read
// state and tells nobody anything. Pins are refused in draft mode like every write without a draft.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { inputRequired, inputResponse, type InputRequiredResult } from "@modelcontextprotocol/server";
import type { Static, TSchema } from "typebox";
import type { AuditEntry, AuditSink } from "../audit/audit-log.js";
import type { SendMode } from "../accounts/settings.js";
import type { ResolvedPeer, resolvePeer as ResolvePeer } from "../telegram/entity-resolver.js";
import { ToolError, toToolError, type ErrorEnvelope, type ErrorType } from "../telegram/errors.js";
import { rawIsWrite, rawMethodName } from "./action-helpers.js";
import type { ActionKind, AnyToolDefinition, ToolAction, ToolContext } from "./types.js";
import { lazyImport } from "./lazy-import.js";

/** The resolver (and gramjs with it) is loaded by the first gated call, not at start (ARCHITECTURE.md, "A stdio start"). */
const resolverCode = lazyImport(() => import("../telegram/entity-resolver.js"));
async function resolvePeer(...args: Parameters<typeof ResolvePeer>): ReturnType<typeof ResolvePeer> {
  return (await resolverCode()).resolvePeer(...args);
}

/** Kinds a person confirms in SEND_MODE=confirm (mark_read is not one). */
export const CONFIRMED_KINDS: ReadonlySet<ActionKind> = new Set(["send", "edit", "delete", "forward", "react", "pin", "raw"]);
/** Kinds that run in SEND_MODE=draft although they have no draft. */
const DRAFT_MODE_ALLOWED: ReadonlySet<ActionKind> = new Set(["mark_read"]);

/** The elicitation's key in inputRequests/inputResponses. */
export const CONFIRM_KEY = "tgmcp_confirm";

/** What the gate counts on /metrics (tgmcp_send_gate_actions_total{outcome}). */
export type GateOutcome = "allowed" | "confirmed" | "declined" | "refused" | "drafted";

/** What the MCP request carries for elicitation (absent: a direct call that cannot elicit). */
export interface McpRequestInfo {
  /** The client can answer a form elicitation on this connection. */
  clientCanElicit: boolean;
  /** A retried 2026-07-28 call's answers (or the legacy shim's). */
  inputResponses?: Record<string, unknown>;
  /** The opaque state our first round minted, echoed back. */
  requestState?: string;
}

export interface GateHooks {
  audit?: AuditSink;
  observeAction?(outcome: GateOutcome): void;
}

/**
 * A refusal or a decline: an error envelope with its own error_type (Forbidden, Declined), an
 * error_code naming the setting, and `status: "declined"` for a decline. Results stay error
 * envelopes (isError, text only) so that every client, including SDK 1.x clients that check
 * structuredContent against the output schema, can read them.
 */
export class GateError extends ToolError {
  constructor(
    readonly gateType: "Forbidden" | "Declined",
    message: string,
    readonly code: string,
  ) {
    super("InvalidParameter", message, { kind: "forbidden" });
    this.name = "GateError";
  }

  toEnvelope(): ErrorEnvelope & { error_code: string; status?: string } {
    return {
      ok: false,
      error: this.message,
      error_type: this.gateType as ErrorType,
      operation: "",
      error_code: this.code,
      ...(this.gateType === "Declined" ? { status: "declined" } : {}),
    };
  }
}

// ------------------------------------------------------------------ requestState integrity

// The state of the confirm round binds the answer to this tool and these exact arguments, and
// expires: a client cannot pre-fill an "accept" for a call the person never saw. The key lives
// in this process (a retry reaching another instance is simply asked again).
const STATE_KEY = randomBytes(32);
const STATE_TTL_MS = 30 * 60 * 1000;

function argsDigest(tool: string, args: unknown): string {
  return createHash("sha256").update(tool).update("\0").update(JSON.stringify(args)).digest("base64url");
}

export function mintState(tool: string, args: unknown, now = Date.now()): string {
  const body = Buffer.from(JSON.stringify({ d: argsDigest(tool, args), e: now + STATE_TTL_MS })).toString("base64url");
  return `${body}.${createHmac("sha256", STATE_KEY).update(body).digest("base64url")}`;
}

export function stateMatches(state: string | undefined, tool: string, args: unknown, now = Date.now()): boolean {
  if (!state) return false;
  const [body, mac] = state.split(".");
  if (!body || !mac) return false;
  const want = createHmac("sha256", STATE_KEY).update(body).digest();
  const got = Buffer.from(mac, "base64url");
  if (got.length !== want.length || !timingSafeEqual(got, want)) return false;
  try {
    const s = JSON.parse(Buffer.from(body, "base64url").toString()) as { d?: string; e?: number };
    return s.d === argsDigest(tool, args) && typeof s.e === "number" && s.e > now;
  } catch {
    return false;
  }
}

// ------------------------------------------------------------------ the confirm form

/** A chat's name for a person: title, or first and last name, with @username. */
export function peerTitle(peer: ResolvedPeer): string {
  const e = peer.entity as { title?: string; firstName?: string; lastName?: string; username?: string } | undefined;
  if (peer.isSelf) return "Saved Messages (your own chat)";
  const name = e?.title ?? [e?.firstName, e?.lastName].filter(Boolean).join(" ");
  const user = e?.username ? `@${e.username}` : "";
  if (name && user) return `${name} (${user})`;
  return name || user || `chat ${peer.markedId}`;
}

const VERBS: Record<ActionKind, string> = {
  send: "Send a message to",
  edit: "Edit a message in",
  delete: "Delete messages in",
  forward: "Forward messages to",
  react: "React to a message in",
  pin: "Pin or unpin a message in",
  mark_read: "Mark as read",
  raw: "Call a Telegram API method on",
};

function confirmMessage(def: AnyToolDefinition, action: ToolAction, args: unknown, title: string | undefined): string {
  const s = action.summary(args);
  const lines = [`${VERBS[action.kind]} ${title ?? "(no chat)"}?`, `Tool: ${def.name}`];
  if (s.detail) lines.push(s.detail);
  if (s.text !== undefined) lines.push("", s.text.length > 1500 ? `${s.text.slice(0, 1500)}… (${s.text.length} characters)` : s.text);
  if (s.files?.length) lines.push("", `Files: ${s.files.join(", ")}`);
  return lines.join("\n");
}

const CONFIRM_SCHEMA = {
  type: "object" as const,
  properties: { confirm: { type: "boolean" as const, title: "Do it", description: "Untick (or decline) to stop it.", default: true } },
  required: ["confirm"],
};

// ------------------------------------------------------------------ the gate

/** The chat as the audit keeps it: phone numbers are personal data and never written. */
export function auditChat(chat: string | number): string {
  const c = String(chat).trim();
  return /^\+[\d\s().-]{5,}$/.test(c) ? "(phone number)" : c;
}

export type GatedResult<O> = { kind: "done"; value: O } | { kind: "input"; value: InputRequiredResult };

/** The chat's marked id for the audit: from the result, else from the session's cache. */
async function resolvedChatId(ctx: ToolContext, chat: string | number | undefined, result: unknown, peer: ResolvedPeer | undefined): Promise<string | undefined> {
  const fromResult = (result as { chat?: { id?: unknown } } | undefined)?.chat?.id;
  if (typeof fromResult === "string" || typeof fromResult === "number") return String(fromResult);
  const p = peer ?? (chat === undefined ? undefined : await resolvePeer(ctx.session, chat, { signal: ctx.signal }).catch(() => undefined));
  if (!p) return undefined;
  return p.markedId === "self" ? ctx.session.peers.self()?.markedId : p.markedId;
}

/**
 * Runs one tool call through the gate. Returns the result, or an input-required result (the
 * confirm round); throws GateError for a refusal or a decline and the tool's own errors.
 */
export async function runGated<I extends TSchema, O extends TSchema>(
  def: AnyToolDefinition,
  args: Static<I>,
  ctx: ToolContext,
  req: McpRequestInfo | undefined,
  hooks: GateHooks,
): Promise<GatedResult<Static<O>>> {
  const action = def.action as ToolAction<I, O> | undefined;
  if (!action || action.applies?.(args) === false) return { kind: "done", value: (await def.handler(args, ctx)) as Static<O> };
  const mode: SendMode = ctx.options.sendMode;
  const chat = action.chat(args);
  const summary = action.summary(args);
  const method = (args as { method_full_name?: unknown }).method_full_name;
  const base: Omit<AuditEntry, "outcome" | "confirmed"> = {
    via: "mcp",
    tool: def.name,
    ...(typeof method === "string" ? { method } : {}),
    kind: action.kind,
    ...(chat !== undefined ? { chat: auditChat(chat) } : {}),
    send_mode: mode,
    ...(summary.text !== undefined ? { text: summary.text } : {}),
    ...(summary.files?.length ? { files: summary.files } : {}),
  };
  const audit = async (entry: Partial<AuditEntry> & Pick<AuditEntry, "outcome" | "confirmed">) => {
    await hooks.audit?.record(ctx.account.id, { ...base, ...entry });
  };
  const refuse = async (message: string, code: string): Promise<never> => {
    hooks.observeAction?.("refused");
    await audit({ outcome: "refused", confirmed: false });
    throw new GateError("Forbidden", message, code);
  };
  const perform = async (how: "allowed" | "confirmed" | "drafted", peer?: ResolvedPeer): Promise<GatedResult<Static<O>>> => {
    const confirmed = how === "confirmed";
    let value: Static<O>;
    try {
      value = how === "drafted" ? await action.draft!(args, ctx) : ((await def.handler(args, ctx)) as Static<O>);
    } catch (err) {
      hooks.observeAction?.(how);
      await audit({ outcome: toToolError(err).errorType, confirmed, ...(how === "drafted" ? { draft: true } : {}) });
      throw err;
    }
    hooks.observeAction?.(how);
    const chatId = await resolvedChatId(ctx, chat, value, peer);
    const ids = action.messageIds?.(args, value) ?? [];
    await audit({ outcome: "ok", confirmed, ...(chatId ? { chat_id: chatId } : {}), ...(ids.length ? { message_ids: ids } : {}), ...(how === "drafted" ? { draft: true } : {}) });
    return { kind: "done", value };
  };

  if (mode === "draft" && !DRAFT_MODE_ALLOWED.has(action.kind)) {
    if (action.draft) return perform("drafted");
    return refuse(
      `${def.name} is refused: this server only writes drafts (SEND_MODE=draft). send_message saves its text as a draft in the chat for the person to finish in their Telegram app; other writes are not performed.`,
      "SEND_MODE_DRAFT",
    );
  }
  if (mode !== "confirm" || !CONFIRMED_KINDS.has(action.kind)) return perform("allowed");

  // SEND_MODE=confirm: the answer of a round we asked for, or a new question.
  const answer = inputResponse(req?.inputResponses, CONFIRM_KEY);
  if (answer.kind === "elicit" && stateMatches(req?.requestState, def.name, args)) {
    const accepted = answer.action === "accept" && answer.content?.confirm !== false;
    if (accepted) return perform("confirmed");
    hooks.observeAction?.("declined");
    await audit({ outcome: "declined", confirmed: false });
    throw new GateError("Declined", `The person declined this ${def.name} call (SEND_MODE=confirm); nothing was done. Do not retry it unless they ask again.`, "DECLINED");
  }
  if (!req?.clientCanElicit) {
    return refuse(
      `${def.name} needs the person's confirmation (SEND_MODE=confirm), and this client cannot be asked: confirm mode needs an MCP client with elicitation support (form mode), over stdio or over HTTP with protocol 2026-07-28. The stateless 2025-era HTTP transport cannot ask. Use such a client, or ask the operator for SEND_MODE=send or draft.`,
      "SEND_MODE_CONFIRM_NEEDS_ELICITATION",
    );
  }
  // The form names the chat as the person knows it: resolved through the session's resolver.
  let title: string | undefined;
  if (chat !== undefined) {
    try {
      title = peerTitle(await resolvePeer(ctx.session, chat, { signal: ctx.signal }));
    } catch (err) {
      // A chat that does not resolve is the call's failure, before anyone is asked.
      await audit({ outcome: toToolError(err).errorType, confirmed: false });
      throw err;
    }
  }
  return {
    kind: "input",
    value: inputRequired({
      inputRequests: { [CONFIRM_KEY]: inputRequired.elicit({ mode: "form", message: confirmMessage(def, action as ToolAction, args, title), requestedSchema: CONFIRM_SCHEMA }) },
      requestState: mintState(def.name, args),
    }),
  };
}

// ------------------------------------------------------------------ /mtproto-api

/**
 * The HTTP bridge under SEND_MODE confirm or draft: it has no person to ask and nothing to draft,
 * so write and dangerous methods are refused (403); read methods run. Undefined: allowed.
 */
export function bridgeRefusal(method: string, mode: SendMode): { message: string; code: string; method?: string } | undefined {
  if (mode === "send" || !rawIsWrite(method)) return undefined;
  const name = rawMethodName(method) ?? method;
  const why =
    mode === "confirm"
      ? "each write must be confirmed by a person through MCP elicitation (SEND_MODE=confirm), and an HTTP bridge has no one to ask"
      : "this server only writes drafts (SEND_MODE=draft)";
  return {
    message: `${name} writes, and /mtproto-api runs only read-class methods here: ${why}. Call it through an MCP client (invoke_mtproto) instead, or ask the operator for SEND_MODE=send.`,
    code: mode === "confirm" ? "SEND_MODE_CONFIRM" : "SEND_MODE_DRAFT",
    method: name,
  };
}
