// `tgmcp account settings`: show or change an account's own limits (read-only, toolsets, send
// mode; services/accounts/settings.ts). Its own command rather than part of `tgmcp tokens`:
// tokens are http-auth only, while these settings belong to every account, the stdio /
// http-no-auth default one included. The record is rewritten through the store, and a running
// server reads it on the account's next request: no restart. Per-chat rights are `tgmcp policy`.
import { parseArgs } from "node:util";
import type { Config } from "../services/config/index.js";
import { loadCommandConfig } from "./command-config.js";
import { AccountStoreError, FileAccountStore } from "../services/accounts/file-store.js";
import { SEND_MODES, type SendMode } from "../services/accounts/settings.js";
import { withChanges } from "../services/accounts/account-page.js";
import { ALL_TOOLSETS, TOOLSET_NAMES } from "../services/mcp/toolsets.js";
import { effectiveFor, serverBounds } from "../services/mcp/tool-context.js";
import type { Account } from "../services/accounts/types.js";
import type { SetupIO } from "./setup.js";

export const ACCOUNT_HELP = `Usage: tgmcp account settings [--account ID] [--read-only true|false]
                              [--toolsets a,b|all] [--send-mode send|confirm|draft] [--json]

  Shows an account's own limits, and what is in force with this server's settings; with
  options, changes them. A running server applies a change on the account's next request.
  An account can only narrow the server: READ_ONLY, TOOLSETS and SEND_MODE stay the bound.

  --account ID       the account (see \`tgmcp tokens list\`); default: the only http-auth
                     account, or the stdio / http-no-auth account (SESSION_NAME)
  --read-only B      true: only what cannot change anything on Telegram
  --toolsets LIST    comma-separated: ${TOOLSET_NAMES.join(", ")}; or ${ALL_TOOLSETS}
  --send-mode MODE   ${SEND_MODES.join(" | ")} (the stricter of the account's and the server's applies)
  --session-dir DIR  where sessions live (SESSION_DIR, default ~/.config/tgmcp)
  --env-file F       read settings from F instead of ./.env
  --json             machine-readable output

Per-chat rights: \`tgmcp policy\`, or the account page (/setup/account) of an http-auth server.`;

const defaultIO = (): SetupIO => ({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });

/** A usage error: exit code 2, the message says what is valid. */
class UsageError extends Error {}

function parseBool(name: string, v: string): boolean {
  if (/^(true|yes|on|1)$/i.test(v)) return true;
  if (/^(false|no|off|0)$/i.test(v)) return false;
  throw new UsageError(`--${name} must be true or false, not "${v}"`);
}

/** Toolset names, validated; "all" (anywhere) clears the account's list. */
export function parseToolsets(v: string): string[] | "all" {
  const names = v
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 0) throw new UsageError(`--toolsets needs at least one name; valid: ${[...TOOLSET_NAMES, ALL_TOOLSETS].join(", ")}`);
  const unknown = names.filter((n) => n !== ALL_TOOLSETS && !(TOOLSET_NAMES as readonly string[]).includes(n));
  if (unknown.length) throw new UsageError(`unknown toolset${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; valid: ${[...TOOLSET_NAMES, ALL_TOOLSETS].join(", ")}`);
  if (names.includes(ALL_TOOLSETS)) return "all";
  return TOOLSET_NAMES.filter((n) => names.includes(n)); // registry order, no duplicates
}

function parseSendMode(v: string): SendMode {
  const m = v.trim().toLowerCase();
  if (!(SEND_MODES as readonly string[]).includes(m)) throw new UsageError(`--send-mode must be one of ${SEND_MODES.join(", ")}, not "${v}"`);
  return m as SendMode;
}

async function pickAccount(store: FileAccountStore, config: Config, id: string | undefined): Promise<Account> {
  if (id) {
    const a = await store.getAccount(id);
    if (!a) throw new AccountStoreError("NOT_FOUND", `no account ${id} (see \`tgmcp tokens list\`)`);
    return a;
  }
  if (config.SERVER_MODE !== "http-auth") {
    const a = await store.getAccount(store.defaultAccountId);
    if (!a) throw new AccountStoreError("NOT_FOUND", `no account ${store.defaultAccountId} in ${store.dir} yet: run \`tgmcp setup\` first`);
    return a;
  }
  const all = await store.listTokenAccounts();
  if (all.length === 1) return all[0]!;
  if (all.length === 0) throw new AccountStoreError("NOT_FOUND", `no http-auth accounts in ${store.dir}: run \`tgmcp setup --mode http-auth\` first`);
  throw new UsageError(`${all.length} accounts: name one with --account ID (${all.map((a) => a.id).join(", ")})`);
}

const yesNo = (b: boolean) => (b ? "yes" : "no");

function describe(account: Account, config: Config): { text: string; json: object } {
  const s = account.settings ?? {};
  const bounds = serverBounds(config);
  const eff = effectiveFor(bounds, account);
  const own = [
    `  read-only:   ${s.readOnly ? "yes" : "no"}`,
    `  toolsets:    ${s.toolsets?.length ? s.toolsets.join(", ") : "all"}`,
    `  send mode:   ${s.sendMode ?? "send"}`,
    `  chat rights: ${s.policy ? `default ${s.policy.default}, ${Object.keys(s.policy.chats).length} chat rule(s) (\`tgmcp policy show\`)` : "every chat (no policy)"}`,
  ];
  const server = `READ_ONLY=${bounds.readOnly}, TOOLSETS=${bounds.toolsets.join(",")}, SEND_MODE=${bounds.sendMode}`;
  const text = [
    `Account ${account.id}${account.label ? ` (${account.label})` : ""}: its own settings`,
    ...own,
    `In force with this configuration (${server}):`,
    `  read-only: ${yesNo(eff.readOnly)}${eff.readOnlySource ? ` (by the ${eff.readOnlySource === "server" ? "server" : "account"})` : ""}; toolsets: ${eff.toolsets.join(", ") || "none (no tools)"}; send mode: ${eff.sendMode}`,
  ].join("\n");
  const { policy: _policy, ...rest } = eff;
  return { text, json: { ok: true, account_id: account.id, settings: s, effective: rest } };
}

export async function runAccount(argv: string[], io: SetupIO = defaultIO()): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        account: { type: "string" },
        "read-only": { type: "string" },
        toolsets: { type: "string" },
        "send-mode": { type: "string" },
        "session-dir": { type: "string" },
        "env-file": { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    io.stderr.write(`tgmcp account: ${(err as Error | undefined)?.message ?? err}\n${ACCOUNT_HELP}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(ACCOUNT_HELP + "\n");
    return 0;
  }
  if (positionals[0] !== "settings" || positionals.length > 1) {
    io.stderr.write(`${positionals[0] && positionals[0] !== "settings" ? `tgmcp account: unknown command "${positionals[0]}"\n` : ""}${ACCOUNT_HELP}\n`);
    return 2;
  }
  const json = !!values.json;
  const fail = (code: number, message: string, extra: object = {}) => {
    io.stderr.write(`tgmcp account: ${message}\n`);
    if (json) io.stdout.write(JSON.stringify({ ok: false, error: message, ...extra }) + "\n");
    return code;
  };
  const config = loadCommandConfig(values, io);
  if (!config) return 2;
  try {
    // Everything is validated before the store is touched.
    const change = {
      ...(typeof values["read-only"] === "string" ? { readOnly: parseBool("read-only", values["read-only"]) } : {}),
      ...(typeof values.toolsets === "string" ? { toolsets: parseToolsets(values.toolsets) } : {}),
      ...(typeof values["send-mode"] === "string" ? { sendMode: parseSendMode(values["send-mode"]) } : {}),
    };
    const store = new FileAccountStore({ dir: config.SESSION_DIR, defaultAccountId: config.SESSION_NAME });
    let account = await pickAccount(store, config, values.account as string | undefined);
    if (Object.keys(change).length) {
      await store.updateSettings(account.id, withChanges(account.settings, change));
      account = (await store.getAccount(account.id)) ?? account;
      if (!json) io.stdout.write("Saved. A running server applies it on this account's next request.\n");
    }
    const d = describe(account, config);
    io.stdout.write((json ? JSON.stringify(d.json) : d.text) + "\n");
    return 0;
  } catch (err) {
    if (err instanceof UsageError) return fail(2, err.message);
    if (err instanceof AccountStoreError) return fail(err.code === "BAD_ID" ? 2 : 1, err.message, { code: err.code });
    throw err;
  }
}
