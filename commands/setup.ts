// `tgmcp setup`: logs a Telegram account in (phone + code + 2FA, or QR) and saves its
// session: in http-auth mode as a new account with a bearer token (printed once), in
// stdio / http-no-auth mode as the default session. Prints a ready mcp.json.
// Interactive on a terminal; every answer can also come from flags or piped stdin lines.
// The wizard's limits on guessing hold here too: 5 wrong codes or passwords per login, and a
// growing back-off per phone number across runs (counted in SESSION_DIR/login-failures.json).
import { parseArgs } from "node:util";
import path from "node:path";
import QRCode from "qrcode";
import { loadConfig, formatConfigErrors, publicUrl, readEnvFile, type Config } from "../services/config/index.js";
import { createTelegramClient, type Backend } from "../services/telegram/client-factory.js";
import { FileAccountStore } from "../services/accounts/file-store.js";
import { LoginError } from "../services/accounts/login.js";
import { FileFailureStore, LoginGuard } from "../services/accounts/login-guard.js";
import { BackendConfigError, resolveBackend } from "../services/accounts/backend.js";
import { LoginWizard, type WizardDone, type WizardError, type WizardOutcome, type WizardInput } from "../services/accounts/wizard.js";
import { mcpConfig, type McpMode } from "../services/accounts/mcp-config.js";
import { isValidAccountId } from "../services/accounts/tokens.js";
import { Prompter } from "./prompt.js";

export const SETUP_HELP = `Usage: tgmcp setup [options]

Logs your Telegram account in and saves its session. In http-auth mode it creates an
account with a bearer token (shown once); in stdio / http-no-auth mode it saves the
default session. Then it prints a ready mcp.json. Reads .env from the current folder.

  --phone-number P     log in with this phone number (code, then 2FA password if set)
  --qr                 log in by scanning a QR code with a logged-in Telegram app
  --code C             the login code (otherwise asked for)
  --api-id N           Telegram API id (https://my.telegram.org); or API_ID
  --api-hash H         Telegram API hash; or API_HASH
  --mode M             stdio | http-no-auth | http-auth (default: SERVER_MODE)
  --session-name NAME  name of the default session (stdio / http-no-auth; SESSION_NAME);
                       in http-auth mode, a label for the new account (shown by tokens list)
  --session-dir DIR    where sessions live (SESSION_DIR, default ~/.config/tgmcp)
  --overwrite          replace an existing default session without asking
  --sandbox-info-file F  log in to a running sandbox (\`tgmcp sandbox --info-file F\`)
  --url URL            public URL of the server, for the mcp.json (PUBLIC_URL)
  --env-file F         read settings from F instead of ./.env
  --json               print the result as JSON on stdout (messages go to stderr)

Without a terminal, answers (phone, code, 2FA password) are read line by line from stdin.
After 5 wrong codes (or 5 wrong passwords) the login is cancelled; more wrong ones for the
same phone number make the next runs wait (30 s, doubling up to 1 hour).`;

export interface SetupIO {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
  cwd: string;
}

const defaultIO = (): SetupIO => ({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });

/** Phone numbers typed again after a typo (codes and passwords are limited by LoginFlow). */
const MAX_TRIES = 5;
const QR_TIMEOUT_MS = 5 * 60_000;

class SetupExit extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** A failed login step, as the wizard service reported it. */
class StepError extends Error {
  constructor(readonly error: WizardError) {
    super(error.message);
  }
  get code(): string {
    return this.error.code;
  }
}

/** One login driven through the wizard service, one input at a time; failures throw StepError. */
class CliLogin {
  private id?: string;
  /** The masked phone number of the code step. */
  phone = "";
  via: string | undefined;
  constructor(private readonly wizard: LoginWizard) {}

  async advance(input: WizardInput): Promise<Exclude<WizardOutcome, { step: "start" | "expired" }>> {
    const out = await this.wizard.advance(this.id, input);
    if (out.step === "expired") throw new SetupExit(1, "The login expired. Run setup again.");
    if (out.step === "start") throw new StepError(out.error ?? { code: "WRONG_STEP", message: "The login was cancelled." });
    if (out.step !== "done") {
      this.id = out.login;
      if (out.error) throw new StepError(out.error);
      if (out.step === "code") ({ phone: this.phone, via: this.via } = out);
    }
    return out;
  }
}

export async function runSetup(argv: string[], io: SetupIO = defaultIO()): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        "phone-number": { type: "string" },
        qr: { type: "boolean" },
        code: { type: "string" },
        "api-id": { type: "string" },
        "api-hash": { type: "string" },
        mode: { type: "string" },
        "session-name": { type: "string" },
        "session-dir": { type: "string" },
        overwrite: { type: "boolean" },
        "sandbox-info-file": { type: "string" },
        url: { type: "string" },
        "env-file": { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    io.stderr.write(`tgmcp setup: ${(err as Error | undefined)?.message ?? err}\n${SETUP_HELP}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(SETUP_HELP + "\n");
    return 0;
  }
  const json = !!values.json;
  const out = json ? io.stderr : io.stdout; // human messages
  const say = (s: string) => out.write(s + "\n");
  const prompter = new Prompter({ input: io.stdin, output: io.stderr });
  let wizard: LoginWizard | undefined;
  try {
    // Settings: flags > environment > .env (the config loader's precedence).
    const flags: Record<string, string> = {};
    if (values["api-id"]) flags["api-id"] = values["api-id"] as string;
    if (values["api-hash"]) flags["api-hash"] = values["api-hash"] as string;
    if (values["session-dir"]) flags["session-dir"] = values["session-dir"] as string;
    if (values.mode) flags["server-mode"] = values.mode as string;
    // A sandbox named on the command line wins over credentials in .env.
    if (values["sandbox-info-file"]) Object.assign(flags, { "sandbox-info-file": values["sandbox-info-file"] as string, backend: "sandbox" });
    if (values.url) flags["public-url"] = values.url as string;
    const envFile = values["env-file"] as string | undefined;
    const loaded = loadConfig({ env: io.env, flags, cwd: io.cwd, ...(envFile ? { envFile } : {}) });
    if (!loaded.ok) throw new SetupExit(2, formatConfigErrors(loaded.errors));
    const config = loaded.config;
    // PHONE_NUMBER and SESSION_NAME are setup-only settings: read them the same way.
    const fileVars = readEnvFile(path.resolve(io.cwd, envFile ?? ".env"));
    const setting = (k: string) => (io.env[k] || fileVars[k] || undefined) as string | undefined;
    const mode: McpMode = config.SERVER_MODE;
    const sessionName = (values["session-name"] as string | undefined) ?? setting("SESSION_NAME") ?? "default";
    if (!isValidAccountId(sessionName)) throw new SetupExit(2, "--session-name may only contain letters, digits, '-' and '_'");

    const backend = backendFor(config);
    const store = new FileAccountStore({ dir: config.SESSION_DIR, defaultAccountId: sessionName, ...(config.SESSION_KEY ? { sessionKey: config.SESSION_KEY } : {}) });
    if (backend.kind === "sandbox") {
      say(`SANDBOX: logging in to the sandbox at ${backend.host}:${backend.port}, not to Telegram.`);
      say("  Phone numbers +99966XYYYY get the code XXXXX (e.g. +9996620001 -> 22222); other codes are shown in the `tgmcp sandbox` log.");
    }

    // Refuse to replace a default session before a code is spent on it.
    if (mode !== "http-auth" && (await store.hasSession(sessionName)) && !values.overwrite) {
      const answer = prompter.interactive ? await prompter.ask(`A session named "${sessionName}" already exists. Replace it? [y/N] `) : null;
      if (!answer || !/^y(es)?$/i.test(answer)) {
        throw new SetupExit(2, `A session named "${sessionName}" already exists in ${config.SESSION_DIR}. Pass --overwrite to replace it, or --session-name to use another name.`);
      }
    }

    // Each run is a new process: failures are counted in a file, under names derived from install.key.
    const guard = new LoginGuard({ store: new FileFailureStore(path.join(store.dir, "login-failures.json"), await store.derivedKey("login-failures")) });
    // In http-auth mode accounts are named by id; --session-name becomes the account's label.
    const label = values["session-name"] as string | undefined;
    wizard = new LoginWizard({
      accounts: store,
      createClient: () => createTelegramClient({ session: "", backend, autoReconnect: false }),
      guard,
      target: mode === "http-auth" ? { kind: "new", ...(label ? { label } : {}) } : { kind: "session", accountId: sessionName },
    });
    const login = new CliLogin(wizard);
    let state: Exclude<WizardOutcome, { step: "start" | "expired" }>;
    if (values.qr) {
      state = await qrLogin(login, say, out);
    } else {
      state = await phoneLogin(login, prompter, say, (values["phone-number"] as string | undefined) ?? setting("PHONE_NUMBER"), values.code as string | undefined);
    }
    if (state.step === "password") state = await passwordStep(login, prompter, say, state.hint);
    if (state.step !== "done") throw new SetupExit(1, "The login did not finish.");
    const done: WizardDone = state;
    const who = done.user.username ? `@${done.user.username}` : (done.user.firstName ?? `user ${done.user.id}`);

    let result: Record<string, unknown>;
    if (mode === "http-auth") {
      const token = done.token!;
      const mcp = mcpConfig({ mode, url: publicUrl(config), token });
      say(`\n✅ Setup complete: logged in as ${who}.`);
      say(`📁 Account ${done.accountId} saved (encrypted) in ${config.SESSION_DIR}`);
      say(`🔑 Bearer token (shown only this once; store it like a password):\n   ${token}`);
      say(`💡 mcp.json for your MCP client:\n${JSON.stringify(mcp, null, 2)}`);
      result = { ok: true, mode, account_id: done.accountId, token, user: done.user, mcp_json: mcp };
    } else {
      const env: Record<string, string> = {};
      if (values["session-dir"] || setting("SESSION_DIR")) env.SESSION_DIR = config.SESSION_DIR;
      if (sessionName !== "default") env.SESSION_NAME = sessionName;
      if (backend.kind === "telegram") Object.assign(env, { API_ID: String(backend.apiId), API_HASH: backend.apiHash });
      if (config.SANDBOX_INFO_FILE) env.SANDBOX_INFO_FILE = config.SANDBOX_INFO_FILE;
      const mcp = mode === "stdio" ? mcpConfig({ mode, env }) : mcpConfig({ mode, url: publicUrl(config) });
      say(`\n✅ Setup complete: logged in as ${who}.`);
      say(`📁 Session "${sessionName}" saved in ${config.SESSION_DIR}${config.SESSION_KEY ? " (encrypted with SESSION_KEY)" : ""}`);
      say(`💡 mcp.json for your MCP client (${mode}):\n${JSON.stringify(mcp, null, 2)}`);
      result = { ok: true, mode, account_id: sessionName, user: done.user, mcp_json: mcp };
    }
    if (json) io.stdout.write(JSON.stringify(result) + "\n");
    return 0;
  } catch (err) {
    const step = err instanceof StepError ? err.error : err instanceof LoginError ? { code: err.code, message: err.message, retryAfterS: err.retryAfterS } : undefined;
    const e = step ? new SetupExit(1, step.message) : err instanceof SetupExit ? err : new SetupExit(1, `Setup failed: ${(err as Error)?.message ?? err}`);
    io.stderr.write(`tgmcp setup: ${e.message}\n`);
    if (json) io.stdout.write(JSON.stringify({ ok: false, error: e.message, ...(step ? { code: step.code, retry_after_s: step.retryAfterS } : {}) }) + "\n");
    return e.exitCode;
  } finally {
    prompter.close();
    await wizard?.close();
  }
}

/** The backend of `resolveBackend`; setup cannot start a sandbox of its own (it would vanish with the process). */
function backendFor(config: Config): Backend {
  let resolved;
  try {
    resolved = resolveBackend(config);
  } catch (err) {
    if (!(err instanceof BackendConfigError)) throw err;
    if (err.reason !== "http-auth-needs-backend") throw new SetupExit(2, err.message);
    resolved = { kind: "embedded-sandbox" } as const;
  }
  if (resolved.kind !== "embedded-sandbox") return resolved.backend;
  throw new SetupExit(
    2,
    "No Telegram API credentials (API_ID / API_HASH from https://my.telegram.org), so setup would use the sandbox, but none is running.\n" +
      "  For the sandbox: run `tgmcp sandbox --info-file sandbox.json` in another terminal, then `tgmcp setup --sandbox-info-file sandbox.json`.\n" +
      "  For Telegram: pass --api-id and --api-hash (or set them in .env).",
  );
}

type Step = Exclude<WizardOutcome, { step: "start" | "expired" }>;

async function phoneLogin(login: CliLogin, p: Prompter, say: (s: string) => void, phoneArg: string | undefined, codeArg: string | undefined): Promise<Step> {
  let phone = phoneArg;
  let state: Step | undefined;
  for (let i = 0; !state; i++) {
    if (!phone) phone = (await p.ask("Phone number (international format, e.g. +447700900123): ")) ?? undefined;
    if (!phone) throw new SetupExit(2, "A phone number is needed: pass --phone-number (or --qr to scan a QR code instead).");
    try {
      state = await login.advance({ kind: "phone", phone });
    } catch (err) {
      // Only a typed number can be typed again; a flag's bad number is final.
      if (err instanceof StepError && err.code === "PHONE_NUMBER_INVALID" && !phoneArg && i < MAX_TRIES) {
        say(err.message);
        phone = undefined;
        continue;
      }
      throw err;
    }
  }
  say(`A login code was sent to ${login.phone} (${login.via === "app" ? "in your Telegram app" : "by SMS"}).`);
  let code = codeArg;
  for (let i = 0; ; i++) {
    if (!code) code = (await p.ask("Login code (or 'resend'): ")) ?? undefined;
    if (!code) throw new SetupExit(1, "No login code given.");
    if (/^resend$/i.test(code)) {
      await login.advance({ kind: "resend" });
      say("A new code was sent.");
      code = undefined;
      continue;
    }
    try {
      return await login.advance({ kind: "code", code });
    } catch (err) {
      if (!(err instanceof StepError) || i >= MAX_TRIES) throw err;
      if (err.code === "PHONE_CODE_INVALID" || err.code === "PHONE_CODE_EMPTY") {
        say(err.message);
      } else if (err.code === "PHONE_CODE_EXPIRED") {
        say(err.message + " Sending a new one…");
        await login.advance({ kind: "resend" });
        say("A new code was sent.");
      } else {
        throw err;
      }
      code = undefined;
    }
  }
}

async function passwordStep(login: CliLogin, p: Prompter, say: (s: string) => void, hint?: string): Promise<Step> {
  say("This account has two-step verification.");
  for (let i = 0; ; i++) {
    const pw = await p.ask(`Password${hint ? ` (hint: ${hint})` : ""}: `, { hidden: true });
    if (!pw) throw new SetupExit(1, "No two-step verification password given.");
    try {
      return await login.advance({ kind: "password", password: pw });
    } catch (err) {
      if (err instanceof StepError && err.code === "PASSWORD_HASH_INVALID" && i < MAX_TRIES) {
        say(err.message);
        continue;
      }
      throw err;
    }
  }
}

async function qrLogin(login: CliLogin, say: (s: string) => void, out: NodeJS.WritableStream): Promise<Step> {
  let state = await login.advance({ kind: "qr" });
  let shown = "";
  const deadline = Date.now() + QR_TIMEOUT_MS;
  while (state.step === "qr") {
    if (state.url !== shown) {
      shown = state.url;
      const art = await QRCode.toString(state.url, { type: "terminal", small: true });
      say(shown ? "\nScan this QR code in Telegram (Settings > Devices > Link Desktop Device):" : "");
      out.write(art);
      say(`QR login link: ${state.url}`);
      say(`(it refreshes by itself when it expires)`);
    }
    if (Date.now() > deadline) throw new SetupExit(1, "Nobody scanned the QR code in time. Run setup again.");
    state = await login.advance({ kind: "qr", waitMs: 5_000 });
  }
  return state;
}
