// The chat policy's refusal. Apart from enforce.ts (which re-exports it) so that what a start
// loads (the policy file, the session pool) names it without loading gramjs (ARCHITECTURE.md, Start-up).
import { ToolError, type ErrorEnvelope } from "../telegram/errors.js";
import type { Right } from "./chat-policy.js";

/** A refusal by the account's chat policy: error_type "Forbidden", kind "forbidden" (HTTP 403). */
export class ChatForbiddenError extends ToolError {
  readonly code = "CHAT_FORBIDDEN";
  constructor(
    message: string,
    readonly chat?: { id: string; title?: string; right: Right },
    readonly method?: string,
  ) {
    super("Forbidden", message, { kind: "forbidden" });
    this.name = "ChatForbiddenError";
  }

  /** The tools' envelope, with the chat and the missing right (toErrorEnvelope sets the operation). */
  toEnvelope(): ErrorEnvelope {
    const env: ErrorEnvelope = { ok: false, error: this.message, error_type: "Forbidden", operation: "" };
    if (this.chat) {
      env.chat_id = this.chat.id;
      if (this.chat.title) env.chat_title = this.chat.title;
      env.missing_right = this.chat.right;
    }
    return env;
  }
}
