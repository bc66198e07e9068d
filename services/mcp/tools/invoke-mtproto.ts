// invoke_mtproto: raw Telegram API calls through the MTProto bridge (services/mtproto).
// Errors are BridgeErrors (ToolErrors), so they come back as the usual envelope with isError.
import { Type } from "typebox";
import { SCHEMA_LAYER } from "../../mtproto/schema.js";
import { DANGEROUS_SUMMARY, assertReadOnlyMethod } from "../../mtproto/policy.js";
import { defineTool } from "../types.js";
import { rawChat, rawIsWrite, rawMessageIds, rawText } from "../action-helpers.js";
import { lazyImport } from "../lazy-import.js";

// Imported by the first call (with gramjs), not at start: ARCHITECTURE.md, "A stdio start".
const invokeCode = lazyImport(() => import("../../mtproto/invoke.js"));

/** structuredContent must be an object: TL objects are; Vector and Bool results are wrapped. */
export function toStructured(result: unknown): Record<string, unknown> {
  return typeof result === "object" && result !== null && !Array.isArray(result) ? (result as Record<string, unknown>) : { result };
}

export const invokeMtprotoTool = defineTool({
  name: "invoke_mtproto",
  title: "Call any Telegram API method",
  description: `Call any Telegram API method (layer ${SCHEMA_LAYER}), only when no other tool fits. Reference: https://core.telegram.org/methods

method_full_name: "messages.GetHistory" (any case; an unknown name gets the nearest real ones).
params_json: the parameters as a JSON object string. TL objects are {"_": "inputPeerSelf", ...}; 64-bit ids may be strings, bytes base64.
resolve (default true): peer, user and channel parameters take chat_id forms.
Read methods run as is; writes act as the user; dangerous ones (${DANGEROUS_SUMMARY}) need allow_dangerous, set only when the user asked for that exact action.
Result: the TL object as JSON ("_" is its type); Bool and Vector come as {"result": ...}.

Example: {"method_full_name": "messages.GetHistory", "params_json": "{\\"peer\\": \\"@telegram\\", \\"limit\\": 3}"}`,
  input: Type.Object(
    {
      // Parameters are explained once, in the description above.
      method_full_name: Type.String({ minLength: 1, maxLength: 128 }),
      params_json: Type.String({ default: "{}", maxLength: 1_000_000 }),
      allow_dangerous: Type.Boolean({ default: false }),
      resolve: Type.Boolean({ default: true }),
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
    const { runMtproto } = await invokeCode();
    const { result } = await runMtproto(
      { method: args.method_full_name, paramsJson: args.params_json, resolve: args.resolve, allowDangerous: args.allow_dangerous },
      { session: ctx.session, allowDangerousMethods: ctx.options.allowDangerousMethods, readOnly: ctx.options.readOnly, readOnlySource: ctx.options.readOnlySource, signal: ctx.signal },
    );
    return toStructured(result);
  },
});
