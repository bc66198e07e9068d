// invoke_mtproto: raw Telegram API calls through the MTProto bridge (services/mtproto).
// Errors are BridgeErrors (ToolErrors), so they come back as the usual envelope with isError.
import { Type } from "typebox";
import { CHAT_ID_FORMS } from "../../telegram/entity-resolver.js";
import { assertReadOnlyMethod, runMtproto } from "../../mtproto/invoke.js";
import { SCHEMA_LAYER } from "../../mtproto/schema.js";
import { DANGEROUS_SUMMARY } from "../../mtproto/policy.js";
import { defineTool } from "../types.js";
import { rawChat, rawIsWrite, rawMessageIds, rawText } from "../action-helpers.js";

/** structuredContent must be an object: TL objects are; Vector and Bool results are wrapped. */
export function toStructured(result: unknown): Record<string, unknown> {
  return typeof result === "object" && result !== null && !Array.isArray(result) ? (result as Record<string, unknown>) : { result };
}

export const invokeMtprotoTool = defineTool({
  name: "invoke_mtproto",
  title: "Call any Telegram API method",
  description: `Call a raw Telegram API (MTProto, layer ${SCHEMA_LAYER}) method, for what the other tools do not cover (reactions, pins, drafts, folders, admin actions, ...). Prefer the dedicated tools when one fits.

method_full_name: "module.Method", e.g. "messages.GetHistory". Case-insensitive; a "Request" suffix is ignored; an unknown name returns the nearest real names.
params_json: the method's parameters as a JSON object string, with Telegram's snake_case (or camelCase) names. Nested TL objects are {"_": "constructorName", ...}, e.g. {"_": "inputPeerSelf"}. 64-bit ids may be strings; bytes are base64; optional flags are simply given or omitted; missing numeric parameters default to 0. A wrong or missing parameter returns an error naming it and its TL type.
resolve (default true): parameters of type InputPeer/InputUser/InputChannel (peer, from_peer, to_peer, user_id, channel, id, users, peers, ...) also accept chat references: ${CHAT_ID_FORMS}. Lists are resolved item by item.
allow_dangerous (default false): ${DANGEROUS_SUMMARY} are refused unless this is true. Only set it when the user explicitly asked for that exact action. A server may forbid them entirely.

The result is the Telegram object as JSON: "_" is its type, bytes are base64, 64-bit integers beyond 2^53 are strings, dates are ISO 8601. Non-object results (Bool, Vector) come as {"result": ...}.

Examples: {"method_full_name": "users.GetFullUser", "params_json": "{\\"id\\": {\\"_\\": \\"inputUserSelf\\"}}"} · {"method_full_name": "messages.GetHistory", "params_json": "{\\"peer\\": \\"@telegram\\", \\"limit\\": 3}"} · {"method_full_name": "messages.SendReaction", "params_json": "{\\"peer\\": \\"me\\", \\"msg_id\\": 42, \\"reaction\\": [{\\"_\\": \\"reactionEmoji\\", \\"emoticon\\": \\"👍\\"}]}"} · {"method_full_name": "messages.DeleteMessages", "params_json": "{\\"id\\": [123], \\"revoke\\": true}", "allow_dangerous": true}`,
  input: Type.Object(
    {
      method_full_name: Type.String({ minLength: 1, maxLength: 128, description: 'Telegram API method, e.g. "messages.GetHistory" or "users.getFullUser".' }),
      params_json: Type.String({
        default: "{}",
        maxLength: 1_000_000,
        description: 'The method\'s parameters as a JSON object string, e.g. "{\\"peer\\": \\"me\\", \\"limit\\": 10}".',
      }),
      allow_dangerous: Type.Boolean({ default: false, description: "Allow a dangerous (destructive or account-changing) method. Only when the user explicitly asked for it." }),
      resolve: Type.Boolean({ default: true, description: "Resolve chat references (@username, me, ids, t.me links) in peer/user/channel parameters." }),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({}, { additionalProperties: true, description: 'The Telegram result as JSON ("_" is its type), or {"result": value} for Bool and Vector results.' }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  toolset: "raw",
  readOnlyMode: {
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    note: "This server is read-only (READ_ONLY=true): only read-class methods run (get, search, resolve, ...); any other method is refused.",
    accountNote: "This account is read-only (its own setting, or an OAuth grant without telegram:write): only read-class methods run (get, search, resolve, ...); any other method is refused.",
    guard: (args, source) => assertReadOnlyMethod(args.method_full_name, source),
  },
  // Only write and dangerous methods are actions: read-class methods pass the gate untouched.
  action: {
    kind: "raw",
    applies: (args) => rawIsWrite(args.method_full_name),
    chat: (args) => rawChat(args.params_json),
    // The form shows the parameters to the person; the audit keeps only the message text (with AUDIT_CONTENT).
    summary: (args) => ({
      detail: `Method ${args.method_full_name}${args.allow_dangerous ? " (dangerous methods allowed)" : ""}\nParameters: ${args.params_json.length > 600 ? `${args.params_json.slice(0, 600)}…` : args.params_json}`,
      text: rawText(args.params_json),
    }),
    messageIds: (args) => rawMessageIds(args.params_json),
  },
  async handler(args, ctx) {
    const { result } = await runMtproto(
      { method: args.method_full_name, paramsJson: args.params_json, resolve: args.resolve, allowDangerous: args.allow_dangerous },
      { session: ctx.session, allowDangerousMethods: ctx.options.allowDangerousMethods, readOnly: ctx.options.readOnly, readOnlySource: ctx.options.readOnlySource, signal: ctx.signal },
    );
    return toStructured(result);
  },
});
