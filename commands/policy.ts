// `tgmcp policy show | allow | deny | reset`: the per-chat rights of an account (issue #15).
// A chat is named by any chat_id form; it is resolved through the account's own Telegram session
// and stored by its marked id, with its title for listings. The rights live in the account's
// record (AccountStore.updateSettings, other settings kept), or, when POLICY_FILE is set and no
// --account is given, in that file (written atomically). A running server applies the change to
// its next call.
import { parseArgs } from "node:util";
import { loadConfig, formatConfigErrors } from "../services/config/index.js";
import type { Config } from "../services/config/schema.js";
import { AccountStoreError, FileAccountStore } from "../services/accounts/file-store.js";
import { BackendConfigError, resolveBackend } from "../services/accounts/backend.js";
import { createTelegramClient } from "../services/telegram/client-factory.js";
import { AccountSession } from "../services/telegram/account-session.js";
import { parseChatId, resolvePeer } from "../services/telegram/entity-resolver.js";
import { toToolError } from "../services/telegram/errors.js";
import { rightsOf, type ChatPolicy, type PolicyDefault } from "../services/policy/chat-policy.js";
import { PolicyFileError, readPolicyFile, writePolicyFile } from "../services/policy/policy-file.js";
import type { Account } from "../services/accounts/types.js";
import { Prompter } from "./prompt.js";
import type { SetupIO } from "./setup.js";

export const POLICY_HELP = `Usage: tgmcp policy <show | allow CHAT | deny CHAT | reset [CHAT]> [options]

Per-chat rights of an account: what the assistant may read and write.

  show          the policy: its default and the rules per chat
  allow CHAT    gives CHAT rights: --read, --write, or both when neither is given
  deny CHAT     takes rights from CHAT: --read, --write, or both (the chat is hidden)
  reset [CHAT]  removes CHAT's rule (it falls back to the default); without CHAT, the whole policy
  --default allow|deny   the rights of chats without a rule (alone or with a command)

CHAT is any chat_id form (@username, a t.me link, a numeric id, +phone); it is resolved through
the account's Telegram session and stored as its id. Saved Messages are always allowed.

  --account ID       an http-auth account (asks for its token, which opens its session);
                     default: the stdio / http-no-auth account, or POLICY_FILE when set
  --policy-file F    edit this file instead (POLICY_FILE; what a stdio server reads)
  --session-dir DIR  where sessions live (SESSION_DIR, default ~/.config/tgmcp)
  --env-file F       read settings from F instead of ./.env
  --json             machine-readable output

Examples:
  tgmcp policy --default deny
  tgmcp policy allow -1001234567890 --read
  tgmcp policy allow @alice
  tgmcp policy deny https://t.me/family_chat`;

const defaultIO = (): SetupIO => ({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });

class PolicyExit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Where the policy lives: an account record, or the policy file. */
interface Target {
  label: string;
  read(): Promise<ChatPolicy | undefined>;
  write(policy: ChatPolicy | undefined): Promise<void>;
  /** Resolves a chat_id form to its marked id and title through the account's session. */
  resolve(chat: string): Promise<{ id: string; title?: string }>;
}

export async function runPolicy(argv: string[], io: SetupIO = defaultIO()): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  // Group and channel ids begin with "-" (-4000000000): they are chats, not options.
  const negative = new Map<string, string>();
  const args = argv.map((a, i) => (/^-\d+$/.test(a) ? (negative.set(`\0${i}`, a), `\0${i}`) : a));
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        account: { type: "string" },
        default: { type: "string" },
        read: { type: "boolean" },
        write: { type: "boolean" },
        "policy-file": { type: "string" },
        "session-dir": { type: "string" },
        "env-file": { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    io.stderr.write(`tgmcp policy: ${(err as Error | undefined)?.message ?? err}\n${POLICY_HELP}\n`);
    return 2;
  }
  const json = !!values.json;
  const fail = (code: number, message: string) => {
    io.stderr.write(`tgmcp policy: ${message}\n`);
    if (json) io.stdout.write(JSON.stringify({ ok: false, error: message }) + "\n");
    return code;
  };
  if (values.help) {
    io.stdout.write(POLICY_HELP + "\n");
    return 0;
  }
  positionals = positionals.map((p) => negative.get(p) ?? p);
  const [cmd = values.default !== undefined ? "show" : undefined, chat, ...extra] = positionals;
  if (!cmd) {
    io.stderr.write(POLICY_HELP + "\n");
    return 2;
  }
  if (!["show", "allow", "deny", "reset"].includes(cmd)) return fail(2, `unknown command "${cmd}" (show, allow, deny or reset)`);
  if (extra.length || ((cmd === "allow" || cmd === "deny") && !chat) || (cmd === "show" && chat)) return fail(2, `usage: ${POLICY_HELP.split("\n")[0]!.slice(7)}`);
  const def = values.default as string | undefined;
  if (def !== undefined && def !== "allow" && def !== "deny") return fail(2, `--default is "allow" or "deny", not "${def}"`);

  const flags: Record<string, string> = {};
  for (const k of ["session-dir", "policy-file"] as const) if (typeof values[k] === "string") flags[k] = values[k] as string;
  const envFile = values["env-file"] as string | undefined;
  const loaded = loadConfig({ env: io.env, flags, cwd: io.cwd, ...(envFile ? { envFile } : {}) });
  if (!loaded.ok) {
    io.stderr.write(formatConfigErrors(loaded.errors) + "\n");
    return 2;
  }
  const config = loaded.config;
  const cleanup: Array<() => Promise<void>> = [];
  try {
    const target = await openTarget(config, values.account as string | undefined, io, cleanup);
    let policy = await target.read();
    const changed = cmd !== "show" || def !== undefined;
    if (cmd === "reset" && !chat) {
      policy = def ? { default: def as PolicyDefault, chats: {} } : undefined;
    } else {
      if (def) policy = { default: def as PolicyDefault, chats: policy?.chats ?? {} };
      if (chat) {
        const { id, title } = await target.resolve(chat);
        policy ??= { default: "allow", chats: {} };
        if (cmd === "reset") {
          delete policy.chats[id];
        } else {
          const both = !values.read && !values.write;
          const current = rightsOf(policy, id);
          const pick = (right: "read" | "write") => both || !!values[right];
          const rights = cmd === "allow" ? { read: current.read || pick("read"), write: current.write || pick("write") } : { read: current.read && !pick("read"), write: current.write && !pick("write") };
          policy.chats[id] = { ...rights, ...(title ? { title } : {}) };
        }
      }
    }
    if (changed) await target.write(policy);
    report(io, target.label, policy, json, changed);
    return 0;
  } catch (err) {
    if (err instanceof PolicyExit) return fail(err.code, err.message);
    if (err instanceof AccountStoreError || err instanceof PolicyFileError || err instanceof BackendConfigError) return fail(1, err.message);
    if ((err as { errorType?: unknown })?.errorType) return fail(1, (err as Error).message);
    throw err;
  } finally {
    for (const c of cleanup) await c().catch(() => {});
  }
}

function report(io: SetupIO, label: string, policy: ChatPolicy | undefined, json: boolean, changed: boolean): void {
  if (json) {
    io.stdout.write(JSON.stringify({ ok: true, target: label, policy: policy ?? null }) + "\n");
    return;
  }
  const out: string[] = [`${changed ? "Saved. " : ""}Chat policy of ${label}:`];
  if (!policy) {
    out.push("  none: the assistant may read and write every chat of the account.");
  } else {
    out.push(`  default: ${policy.default} (${policy.default === "allow" ? "chats without a rule: read and write" : "chats without a rule are hidden"})`);
    const rows = Object.entries(policy.chats);
    if (rows.length === 0) out.push("  no rules per chat");
    else {
      out.push(`  ${"CHAT ID".padEnd(16)} ${"READ".padEnd(5)} ${"WRITE".padEnd(5)} TITLE`);
      for (const [id, r] of rows) out.push(`  ${id.padEnd(16)} ${(r.read ? "yes" : "no").padEnd(5)} ${(r.write ? "yes" : "no").padEnd(5)} ${r.title ?? ""}`.trimEnd());
    }
  }
  io.stdout.write(out.join("\n") + "\n");
}

async function openTarget(config: Config, accountId: string | undefined, io: SetupIO, cleanup: Array<() => Promise<void>>): Promise<Target> {
  let store: FileAccountStore | undefined;
  const storeOf = () => (store ??= new FileAccountStore({ dir: config.SESSION_DIR, sessionKey: config.SESSION_KEY, defaultAccountId: config.SESSION_NAME }));
  const resolver = (id: string, token: () => Promise<string | undefined>) => async (chat: string) => {
    // Parse first: a malformed chat_id needs no Telegram.
    const parsed = parseChatId(chat);
    if (parsed.kind === "self") throw new PolicyExit(2, "Saved Messages (me) are always allowed; they need no rule");
    const session = await openSession(config, storeOf(), id, await token(), cleanup);
    const peer = await resolvePeer(session, chat).catch((err) => {
      throw toToolError(err);
    });
    if (peer.isSelf) throw new PolicyExit(2, "that is this account itself (Saved Messages), always allowed");
    return { id: peer.markedId, title: session.titleOf(peer.markedId) };
  };

  if (!accountId && config.POLICY_FILE) {
    const file = config.POLICY_FILE;
    return {
      label: `the policy file ${file}`,
      read: async () => readPolicyFile(file),
      write: async (p) => writePolicyFile(file, p ?? { default: "allow", chats: {} }),
      resolve: resolver(config.SESSION_NAME, async () => undefined),
    };
  }
  const s = storeOf();
  let account: Account | null;
  if (accountId) {
    account = await s.getAccount(accountId);
    if (!account) throw new PolicyExit(1, `no account ${accountId} (see \`tgmcp tokens list\`)`);
  } else {
    account = await s.getAccount(s.defaultAccountId);
    if (!account) throw new PolicyExit(1, `no account "${s.defaultAccountId}" in ${s.dir} yet: log in first with \`tgmcp setup\``);
  }
  const id = account.id;
  const isDefault = id === s.defaultAccountId;
  let token: string | undefined;
  const askToken = async () => {
    if (isDefault || token) return token;
    const p = new Prompter({ input: io.stdin, output: io.stderr });
    try {
      token = (await p.ask(`Token of account ${id} (it opens the account's Telegram session): `, { hidden: true })) ?? undefined;
    } finally {
      p.close();
    }
    if (!token) throw new PolicyExit(1, "the account's token is needed to open its Telegram session and resolve the chat");
    return token;
  };
  return {
    label: `account ${id}`,
    read: async () => (await s.getAccount(id))?.settings?.policy,
    write: async (policy) => {
      // Re-read just before writing: keep whatever else changed in the settings meanwhile.
      const settings = { ...((await s.getAccount(id))?.settings ?? {}) };
      if (policy) settings.policy = policy;
      else delete settings.policy;
      await s.updateSettings(id, Object.keys(settings).length ? settings : undefined);
    },
    resolve: resolver(id, askToken),
  };
}

async function openSession(config: Config, store: FileAccountStore, accountId: string, token: string | undefined, cleanup: Array<() => Promise<void>>): Promise<AccountSession> {
  const loaded = await store.loadSession(accountId, token);
  if (!loaded) throw new PolicyExit(1, `account ${accountId} is not logged in: run \`tgmcp setup\` first`);
  let resolved;
  try {
    resolved = resolveBackend(config);
  } catch (err) {
    if (!(err instanceof BackendConfigError) || err.reason !== "http-auth-needs-backend") throw err;
    resolved = { kind: "embedded-sandbox" } as const;
  }
  if (resolved.kind === "embedded-sandbox") {
    throw new PolicyExit(2, "No Telegram backend to resolve the chat on: set API_ID and API_HASH, or SANDBOX_INFO_FILE for a running sandbox.");
  }
  const session = new AccountSession({ accountId, client: createTelegramClient({ session: loaded, backend: resolved.backend, autoReconnect: false }) });
  cleanup.push(() => session.destroy());
  await session.connect();
  return session;
}
