// The configuration of the account-managing commands (tokens, account): the environment, an
// optional --env-file and --session-dir, as `tgmcp serve` reads them. Errors are printed here.
import { formatConfigErrors, loadConfig, type Config } from "../services/config/index.js";
import type { SetupIO } from "./setup.js";

/** The configuration, or undefined after printing why it is invalid (the command exits 2). */
export function loadCommandConfig(values: { "env-file"?: unknown; "session-dir"?: unknown }, io: SetupIO): Config | undefined {
  const envFile = values["env-file"] as string | undefined;
  const loaded = loadConfig({
    env: io.env,
    flags: values["session-dir"] ? { "session-dir": values["session-dir"] as string } : {},
    cwd: io.cwd,
    ...(envFile ? { envFile } : {}),
  });
  if (loaded.ok) return loaded.config;
  io.stderr.write(formatConfigErrors(loaded.errors) + "\n");
  return undefined;
}
