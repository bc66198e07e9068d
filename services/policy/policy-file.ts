// POLICY_FILE: the chat policy of stdio and http-no-auth as a JSON file of the ChatPolicy shape,
// validated with TypeBox. The server reads it at start-up (a bad file stops the start with a
// message naming it) and again whenever it changes (a stat per call), so an edit made by
// `tgmcp policy` applies to the next call. A file that turns bad later refuses every call until
// it is fixed: a policy is never silently dropped. Writes are atomic (temp file + rename).
import { readFileSync, statSync } from "node:fs";
import { Type, type Static } from "typebox";
import { Value } from "typebox/value";
import { writeFileAtomic } from "../accounts/atomic-file.js";
import type { ChatPolicy } from "./chat-policy.js";
import { ChatForbiddenError } from "./forbidden.js";

/** Users "123", basic groups "-123", channels "-100123". */
export const MARKED_ID_PATTERN = "^-?[1-9][0-9]{0,19}$";

export const ChatRuleSchema = Type.Object(
  { read: Type.Boolean(), write: Type.Boolean(), title: Type.Optional(Type.String({ maxLength: 512 })) },
  { additionalProperties: false },
);

export const ChatPolicySchema = Type.Object(
  {
    default: Type.Union([Type.Literal("allow"), Type.Literal("deny")]),
    chats: Type.Record(Type.String({ pattern: MARKED_ID_PATTERN }), ChatRuleSchema),
  },
  { additionalProperties: false },
);

// The schema is the type's source of truth; it must stay assignable to the shared ChatPolicy.
type SchemaPolicy = Static<typeof ChatPolicySchema>;
const _sameShape: (p: SchemaPolicy) => ChatPolicy = (p) => p;
void _sameShape;

export class PolicyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyFileError";
  }
}

/** Validates a parsed policy; throws PolicyFileError listing the problems. */
export function parsePolicy(value: unknown, source: string): ChatPolicy {
  if (!Value.Check(ChatPolicySchema, value)) {
    const problems = [...Value.Errors(ChatPolicySchema, value)].slice(0, 5).map((e) => `${e.instancePath || "/"}: ${e.message}`);
    throw new PolicyFileError(
      `${source} is not a valid chat policy (${problems.join("; ")}). Expected {"default": "allow" | "deny", "chats": {"<marked chat id>": {"read": true, "write": false, "title": "..."}}}.`,
    );
  }
  return value as ChatPolicy;
}

/** Reads and validates a policy file; undefined when it does not exist. Throws PolicyFileError. */
export function readPolicyFile(file: string): ChatPolicy | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new PolicyFileError(`cannot read the policy file ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new PolicyFileError(`the policy file ${file} is not JSON (${(err as Error).message})`);
  }
  return parsePolicy(json, `the policy file ${file}`);
}

/** Writes a policy file atomically (mode 0600). */
export async function writePolicyFile(file: string, policy: ChatPolicy): Promise<void> {
  parsePolicy(policy, "the new policy");
  await writeFileAtomic(file, JSON.stringify(policy, null, 2) + "\n");
}

/** The policy file as the server uses it: loaded at start-up, re-read when it changes. */
export class PolicyFile {
  private policy: ChatPolicy;
  private stamp: string;
  private broken: PolicyFileError | undefined;

  /** Loads the file now; throws PolicyFileError when it is missing or invalid (start-up stops). */
  constructor(readonly file: string) {
    this.stamp = this.stat();
    const p = readPolicyFile(file);
    if (!p) throw new PolicyFileError(`the policy file ${file} (POLICY_FILE) does not exist. Create it with \`tgmcp policy --default allow\` (or deny), or unset POLICY_FILE.`);
    this.policy = p;
  }

  /** The policy in force; throws ChatForbiddenError (kind forbidden) while the file is broken. */
  current(): ChatPolicy {
    const stamp = this.stat();
    if (stamp !== this.stamp) {
      this.stamp = stamp;
      try {
        const p = readPolicyFile(this.file);
        if (!p) throw new PolicyFileError(`the policy file ${this.file} (POLICY_FILE) was removed`);
        this.policy = p;
        this.broken = undefined;
      } catch (err) {
        this.broken = err instanceof PolicyFileError ? err : new PolicyFileError(String(err));
      }
    }
    if (this.broken) throw new ChatForbiddenError(`Every call is refused until the chat policy is fixed: ${this.broken.message}`);
    return this.policy;
  }

  private stat(): string {
    try {
      const s = statSync(this.file);
      return `${s.ino}:${s.mtimeMs}:${s.size}`;
    } catch {
      return "missing";
    }
  }
}
