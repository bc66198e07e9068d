// Small pieces the write tools' action descriptors share (types.ts ToolAction): what a call
// touches, read from its arguments and result for the send gate and the audit log.
import { lookupMethod } from "../mtproto/names.js";
import { classOf } from "../mtproto/policy.js";

/** The files of a send as given (URLs, paths), for the confirm form and AUDIT_CONTENT. */
export function fileList(files: string | string[] | undefined): string[] | undefined {
  if (files === undefined) return undefined;
  const list = (Array.isArray(files) ? files : [files]).map((f) => f.trim()).filter(Boolean);
  // data: URIs are contents, not names: only their media type is kept.
  return list.length ? list.map((f) => (f.startsWith("data:") ? `${f.slice(0, Math.max(5, f.search(/[;,]/)))} (inline data)` : f)) : undefined;
}

/** The ids a send posted (an album has several). */
export function sentIds(result: { id?: unknown; message_ids?: number[] } | undefined): number[] {
  if (!result) return [];
  if (result.message_ids?.length) return result.message_ids;
  return typeof result.id === "number" ? [result.id] : [];
}

/** Whether a raw method writes: a known method that is not of the read class. */
export function rawIsWrite(method: string): boolean {
  const found = lookupMethod(method);
  // Unknown names are refused by the bridge itself; nothing to confirm or audit.
  return found.ok && classOf(found.def) !== "read";
}

/** The method's name as the bridge spells it (messages.SendMessage), when it is one. */
export function rawMethodName(method: string): string | undefined {
  const found = lookupMethod(method);
  return found.ok ? found.def.className : undefined;
}

/** Raw params given as a JSON string (params_json) or an object (the HTTP body's params). */
function params(p: string | unknown): Record<string, unknown> | undefined {
  let v = p;
  if (typeof p === "string") {
    try {
      v = JSON.parse(p) as unknown;
    } catch {
      return undefined;
    }
  }
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

const PEER_KEYS = ["peer", "to_peer", "toPeer", "channel", "user_id", "userId", "from_peer", "fromPeer"];

/** The chat a raw call acts on, when it names one as a chat reference (string or number). */
export function rawChat(json: string | unknown): string | number | undefined {
  const p = params(json);
  if (!p) return undefined;
  for (const k of PEER_KEYS) {
    const v = p[k];
    if (typeof v === "string" || typeof v === "number") return v;
  }
  return undefined;
}

/** Message ids a raw call names (id, msg_id, ids), when they are plain numbers. */
export function rawMessageIds(json: string | unknown): number[] {
  const p = params(json);
  if (!p) return [];
  const out: number[] = [];
  for (const k of ["id", "msg_id", "msgId", "ids"]) {
    const v = p[k];
    if (typeof v === "number" && Number.isInteger(v)) out.push(v);
    else if (Array.isArray(v)) for (const x of v) if (typeof x === "number" && Number.isInteger(x)) out.push(x);
  }
  return out;
}

/**
 * The message text of a raw call (its `message` parameter), for the confirm form and
 * AUDIT_CONTENT. Never the whole params: raw methods can carry codes, password checks or hashes.
 */
export function rawText(json: string | unknown): string | undefined {
  const m = params(json)?.message;
  return typeof m === "string" ? m : undefined;
}
