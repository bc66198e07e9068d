// SEND_MODE=draft (issue #15): a send becomes the chat's Telegram draft (messages.SaveDraft), so
// the person finishes and sends it in their own app. Drafts hold text (with its formatting) and
// a reply, never files.
import { Api } from "telegram";
import type { AccountSession } from "./account-session.js";
import { resolvePeer } from "./entity-resolver.js";
import { invalidParameter } from "./errors.js";
import { formatMessage, type ParseMode } from "./formatting.js";
import type { CallOptions } from "./rpc.js";
import type { SendResult } from "./shape-schemas.js";

export interface DraftParams {
  message: string;
  reply_to_msg_id?: number;
  parse_mode: ParseMode;
  files?: string | string[];
}

export async function saveDraft(session: AccountSession, chatId: string | number, p: DraftParams, opts: CallOptions = {}): Promise<SendResult> {
  const files = p.files === undefined ? [] : (Array.isArray(p.files) ? p.files : [p.files]).filter((f) => f.trim() !== "");
  if (files.length > 0) {
    throw invalidParameter(
      "Files cannot be saved as a draft: this server only writes drafts (SEND_MODE=draft), and a Telegram draft holds text only. Send the text without files (it becomes a draft), and tell the person which files to attach.",
    );
  }
  const formatted = formatMessage(p.message, p.parse_mode);
  if (formatted.text.trim() === "") throw invalidParameter("message is empty; give the text of the draft.");
  const peer = await resolvePeer(session, chatId, opts);
  await session.invoke(
    new Api.messages.SaveDraft({
      peer: peer.inputPeer,
      message: formatted.text,
      entities: formatted.entities.length ? formatted.entities : undefined,
      replyTo: p.reply_to_msg_id ? new Api.InputReplyToMessage({ replyToMsgId: p.reply_to_msg_id }) : undefined,
    }),
    opts.signal,
  );
  return { status: "draft", format: formatted.mode, text: formatted.text, ...(p.reply_to_msg_id ? { reply_to_msg_id: p.reply_to_msg_id } : {}) };
}
