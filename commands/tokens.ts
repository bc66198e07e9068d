// `tgmcp tokens list | revoke ID | rotate ID`: manage http-auth accounts by their
// non-secret id. Tokens are never stored, so rotate asks for the current token (it
// decrypts the session, which is then re-encrypted under the new token).
// rotate prints the new token before it switches to it (FileAccountStore.prepareRotation):
// killed at any moment, it leaves the account with a token its owner has seen.
import { parseArgs } from "node:util";
import { loadCommandConfig } from "./command-config.js";
import { AccountStoreError, FileAccountStore } from "../services/accounts/file-store.js";
import { Prompter } from "./prompt.js";
import type { SetupIO } from "./setup.js";

export const TOKENS_HELP = `Usage: tgmcp tokens <list | revoke ID | rotate ID> [--session-dir DIR] [--json]

  list        accounts by id and creation date (tokens are never stored or shown)
  revoke ID   deletes the account: its token stops working at once
  rotate ID   issues a new token for the account and prints it once, then the old token
              stops working. Asks for the current token (or reads it from stdin). If
              rotate is interrupted, the old token keeps working (and a new token it
              printed works too; its first use ends the old one).

  --session-dir DIR  where sessions live (SESSION_DIR, default ~/.config/tgmcp)
  --env-file F       read settings from F instead of ./.env
  --json             machine-readable output

New ids never begin with "-"; an older one that does goes last, after "--":
  tgmcp tokens revoke --session-dir DIR -- -AbC...`;

const defaultIO = (): SetupIO => ({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });

export async function runTokens(argv: string[], io: SetupIO = defaultIO()): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        "session-dir": { type: "string" },
        "env-file": { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    io.stderr.write(`tgmcp tokens: ${(err as Error | undefined)?.message ?? err}\n${TOKENS_HELP}\n`);
    return 2;
  }
  const [cmd, id, ...extra] = positionals;
  if (values.help || !cmd) {
    (values.help ? io.stdout : io.stderr).write(TOKENS_HELP + "\n");
    return values.help ? 0 : 2;
  }
  const config = loadCommandConfig(values, io);
  if (!config) return 2;
  const json = !!values.json;
  let store: FileAccountStore;
  try {
    store = new FileAccountStore({ dir: config.SESSION_DIR });
  } catch (err) {
    if (!(err instanceof AccountStoreError)) throw err;
    io.stderr.write(`tgmcp tokens: ${err.message}\n`);
    if (json) io.stdout.write(JSON.stringify({ ok: false, error: err.message, code: err.code }) + "\n");
    return 1;
  }
  const needId = () => {
    if (!id || extra.length) throw new AccountStoreError("BAD_ID", `usage: tgmcp tokens ${cmd} ID (see \`tgmcp tokens list\`)`);
    return id;
  };
  try {
    switch (cmd) {
      case "list": {
        const accounts = await store.listTokenAccounts();
        if (json) {
          io.stdout.write(JSON.stringify(accounts) + "\n");
        } else if (accounts.length === 0) {
          io.stdout.write(`No accounts in ${store.dir}. Create one with \`tgmcp setup --mode http-auth\` or the /setup page.\n`);
        } else {
          io.stdout.write("ID                 CREATED                   STATUS      LABEL\n");
          for (const a of accounts) {
            const status = a.needsSetup ? `needs setup (${a.needsSetup.reason})` : "ok";
            io.stdout.write(`${a.id.padEnd(18)} ${a.createdAt.padEnd(25)} ${status.padEnd(11)} ${a.label ?? ""}\n`.trimEnd() + "\n");
          }
        }
        return 0;
      }
      case "revoke": {
        const target = needId();
        if (!(await store.revoke(target))) throw new AccountStoreError("NOT_FOUND", `no account ${target} (see \`tgmcp tokens list\`)`);
        io.stdout.write(json ? JSON.stringify({ ok: true, revoked: target }) + "\n" : `Revoked ${target}: its token no longer works.\n`);
        return 0;
      }
      case "rotate": {
        const target = needId();
        if (!(await store.getAccount(target))) throw new AccountStoreError("NOT_FOUND", `no account ${target} (see \`tgmcp tokens list\`)`);
        const p = new Prompter({ input: io.stdin, output: io.stderr });
        let current: string | null;
        try {
          current = await p.ask(`Current token of ${target}: `, { hidden: true });
        } finally {
          p.close();
        }
        if (!current) throw new AccountStoreError("TOKEN_REQUIRED", "the current token is needed to re-encrypt the session (to replace a lost token: revoke, then run setup again)");
        // Shown first, switched to second: see FileAccountStore.prepareRotation.
        const token = await store.prepareRotation(target, current);
        io.stdout.write(json ? JSON.stringify({ ok: true, account_id: target, token }) + "\n" : `New bearer token for ${target} (shown only this once):\n  ${token}\n`);
        let switched = false;
        try {
          switched = await store.confirmRotation(target, token);
        } catch (err) {
          io.stderr.write(`tgmcp tokens: could not retire the old token (${(err as Error).message}).\n`);
        }
        if (!switched) io.stderr.write("tgmcp tokens: the new token works; the old one keeps working until the new one is first used.\n");
        else if (!json) io.stdout.write("The old token no longer works.\n");
        return 0;
      }
      default:
        io.stderr.write(`tgmcp tokens: unknown command "${cmd}"\n${TOKENS_HELP}\n`);
        return 2;
    }
  } catch (err) {
    if (err instanceof AccountStoreError) {
      const msg = err.code === "BAD_TOKEN" ? "that is not the current token of this account" : err.message;
      io.stderr.write(`tgmcp tokens: ${msg}\n`);
      if (json) io.stdout.write(JSON.stringify({ ok: false, error: msg, code: err.code }) + "\n");
      return err.code === "BAD_ID" ? 2 : 1;
    }
    throw err;
  }
}
