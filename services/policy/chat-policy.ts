// The per-chat policy of an account (issue #15): a default, then rights per chat. Chats are
// stored by their resolved, marked id (users "123", basic groups "-123", channels
// "-100123"), whatever chat_id form the owner used to name them. Pure data and pure functions:
// enforcement lives on the AccountSession's call path, management in the CLI and account page.

export type PolicyDefault = "allow" | "deny";

export interface ChatRights {
  read: boolean;
  write: boolean;
}

export interface ChatRule extends ChatRights {
  /** The chat's title when the rule was made, for listings only (never used to match). */
  title?: string;
}

export interface ChatPolicy {
  /** Rights of a chat without a rule: allow = read and write, deny = neither. */
  default: PolicyDefault;
  /** Marked chat id -> rights. */
  chats: Record<string, ChatRule>;
}

export type Right = keyof ChatRights;

/** The rights a policy gives a chat (by marked id). No policy: everything. */
export function rightsOf(policy: ChatPolicy | undefined, markedId: string): ChatRights {
  if (!policy) return { read: true, write: true };
  const rule = policy.chats[markedId];
  if (rule) return { read: rule.read, write: rule.write };
  return policy.default === "allow" ? { read: true, write: true } : { read: false, write: false };
}

/** Whether any chat can be hidden or made read-only: then unfilterable raw methods are refused. */
export function restrictsChats(policy: ChatPolicy | undefined): boolean {
  if (!policy) return false;
  if (policy.default === "deny") return true;
  return Object.values(policy.chats).some((r) => !r.read || !r.write);
}
