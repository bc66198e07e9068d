// A config for tests: defaults plus overrides (as environment strings), validated; no .env file.
import { formatConfigErrors, loadConfig } from "../../services/config/load.js";
import type { Config } from "../../services/config/schema.js";

/** Throws with the formatted message when the overrides are invalid. */
export function makeConfig(overrides: Record<string, string | number | boolean | string[]> = {}, home?: string): Config {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(overrides)) env[k] = Array.isArray(v) ? v.join(",") : String(v);
  const r = loadConfig({ env, envFile: false, home });
  if (!r.ok) throw new Error(formatConfigErrors(r.errors));
  return r.config;
}
