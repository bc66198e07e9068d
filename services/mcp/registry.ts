// The tool registry: every MCP tool tgmcp serves, in tools/list order. Adding a tool is one
// import and one entry (e.g. the MTProto bridge's invoke_mtproto).
import type { AnyToolDefinition } from "./types.js";
import { searchMessagesGloballyTool } from "./tools/search-messages-globally.js";
import { searchMessagesInChatTool } from "./tools/search-messages-in-chat.js";
import { sendMessageTool } from "./tools/send-message.js";
import { editMessageTool } from "./tools/edit-message.js";
import { readMessagesTool } from "./tools/read-messages.js";
import { findChatsTool } from "./tools/find-chats.js";
import { getChatInfoTool } from "./tools/get-chat-info.js";
import { sendMessageToPhoneTool } from "./tools/send-message-to-phone.js";
import { invokeMtprotoTool } from "./tools/invoke-mtproto.js";
import { forwardMessagesTool } from "./tools/forward-messages.js";
import { sendReactionTool } from "./tools/send-reaction.js";
import { pinMessageTool } from "./tools/pin-message.js";
import { deleteMessagesTool } from "./tools/delete-messages.js";
import { listChatsTool } from "./tools/list-chats.js";
import { markReadTool } from "./tools/mark-read.js";
import { downloadMediaTool } from "./tools/download-media.js";

export const TOOLS: readonly AnyToolDefinition[] = [
  searchMessagesGloballyTool,
  searchMessagesInChatTool,
  sendMessageTool,
  editMessageTool,
  readMessagesTool,
  findChatsTool,
  getChatInfoTool,
  sendMessageToPhoneTool,
  invokeMtprotoTool,
  forwardMessagesTool,
  sendReactionTool,
  pinMessageTool,
  deleteMessagesTool,
  listChatsTool,
  markReadTool,
  downloadMediaTool,
];
