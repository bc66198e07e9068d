// The toolsets of the inventory: groups of tools a server can be limited to (TOOLSETS). Kept
// free of imports so that the configuration schema can name the valid values.

/** Every toolset, in the order the server instructions mention them. */
export const TOOLSET_NAMES = ["chats", "search", "messaging", "raw"] as const;

export type Toolset = (typeof TOOLSET_NAMES)[number];

/** TOOLSETS=all: every toolset (the default). */
export const ALL_TOOLSETS = "all";

export interface ToolsetInfo {
  /** One line for the README and `--help`. */
  description: string;
  /** How the server instructions introduce the served tools of this set, by what they do. */
  phrase: { read: string; write?: string };
}

export const TOOLSETS: Readonly<Record<Toolset, ToolsetInfo>> = {
  chats: { description: "find users, groups and channels; profiles; the chat list", phrase: { read: "find and list chats and profiles with" } },
  search: { description: "search messages in one chat or all chats; read a chat's latest messages", phrase: { read: "search and read with" } },
  messaging: { description: "read messages by id and their media; send, edit, forward, react, pin, delete; send to a phone number; mark read", phrase: { read: "read messages by id and their media with", write: "write with" } },
  raw: { description: "any Telegram API method, through the MTProto bridge", phrase: { read: "call read-only Telegram API methods with", write: "call raw Telegram API methods with" } },
};
