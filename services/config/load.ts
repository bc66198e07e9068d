// Loads the configuration: defaults < .env file < environment variables < CLI flags.
// Returns a frozen, validated Config, or the list of every bad setting (never just the first).
import { existsSync } from "node:fs";
import { isIP } from "node:net";
import { homedir } from "node:os";
import { resolve, join } from "node:path";
import type { TSchema } from "typebox";
import { Value } from "typebox/value";
import { ConfigSchema, describeSchema, flagFor, type Config, type ConfigKey, type SchemaKeywords } from "./schema.js";
import { readEnvFile } from "./env-file.js";

/** Settings whose values are never echoed in error messages. */
const SECRET_KEYS = new Set<string>(["API_HASH", "SESSION_KEY"]);

export interface LoadConfigOptions {
  /** Environment variables (usually process.env). */
  env?: Record<string, string | undefined>;
  /** CLI flags already split by the CLI: `{ "max-active-sessions": "20", port: "9000" }`. */
  flags?: Record<string, string | boolean>;
  /** Path of the .env file. Undefined: `.env` in `cwd` when present. false: no file. */
  envFile?: string | false;
  cwd?: string;
  home?: string;
}

export type LoadConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

type Source = { value: string | boolean; from: string };

const KEYS = Object.keys(ConfigSchema.properties) as ConfigKey[];
const FLAG_TO_KEY = new Map(KEYS.map((k) => [flagFor(k).slice(2), k]));

function convert(schema: TSchema, raw: string | boolean): unknown {
  const s = schema as SchemaKeywords;
  if (typeof raw === "boolean") {
    // A bare flag (`--trust-proxy`) means true for booleans; elsewhere it is a missing value.
    return s.type === "boolean" ? raw : "";
  }
  const text = raw.trim();
  if (Array.isArray(s.anyOf)) {
    const v = text.toLowerCase().replace(/_/g, "-");
    return v === "warning" ? "warn" : v;
  }
  switch (s.type) {
    case "integer":
      return /^[-+]?\d+$/.test(text) ? Number(text) : raw;
    case "number":
      return text !== "" && Number.isFinite(Number(text)) ? Number(text) : raw;
    case "boolean": {
      const v = text.toLowerCase();
      if (["true", "1", "yes", "on"].includes(v)) return true;
      if (["false", "0", "no", "off"].includes(v)) return false;
      return raw;
    }
    case "array":
      return text
        .split(",")
        .map((x) => x.trim())
        .filter((x) => x !== "");
    default:
      return text;
  }
}

/** proxy-addr's names for address ranges (Fastify's trustProxy accepts them). */
const PROXY_RANGE_NAMES = ["loopback", "linklocal", "uniquelocal"];

/** An IP address, an address/prefix (CIDR) or one of PROXY_RANGE_NAMES. */
function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.includes(entry)) return true;
  const slash = entry.indexOf("/");
  const family = isIP(slash < 0 ? entry : entry.slice(0, slash));
  if (family === 0) return false;
  if (slash < 0) return true;
  const bits = entry.slice(slash + 1);
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: "0"/"false"/"off"/"no" -> 0, a number -> that many hops, anything else -> a list of
 * proxy addresses. `true` is refused: it used to mean "trust every hop" (the leftmost
 * X-Forwarded-For entry, which the client writes), and silently giving it another meaning would
 * leave the operator unsure which one runs.
 */
function convertTrustProxy(raw: string | boolean): { value: unknown } | { error: string } {
  const text = typeof raw === "boolean" ? String(raw) : raw.trim().toLowerCase();
  if (["false", "off", "no"].includes(text)) return { value: 0 };
  if (["true", "on", "yes"].includes(text)) {
    return {
      error:
        "expected the number of reverse proxies in front of tgmcp (1 for one) or their addresses/CIDRs: true is refused, it trusted every X-Forwarded-For entry, so any client could choose its own address",
    };
  }
  if (/^[-+]?\d+$/.test(text)) return { value: Number(text) };
  const entries = text.split(",").map((x) => x.trim()).filter((x) => x !== "");
  const bad = entries.find((e) => !isProxyAddress(e));
  if (bad !== undefined) return { error: `${JSON.stringify(bad)} is not an IP address, a CIDR range (10.0.0.0/8, fd00::/8) or one of ${PROXY_RANGE_NAMES.join(", ")}` };
  return { value: entries };
}

function expandHome(p: string, home: string): string {
  if (p === "~") return home;
  if (p.startsWith("~/")) return join(home, p.slice(2));
  return p;
}

function propSchema(key: ConfigKey): TSchema {
  const s = (ConfigSchema.properties as Record<string, TSchema>)[key]!;
  // Optional(...) wraps nothing in typebox 1.x (it marks the property); the schema is usable as is.
  return s;
}

export function loadConfig(opts: LoadConfigOptions = {}): LoadConfigResult {
  const env = opts.env ?? process.env;
  const flags = opts.flags ?? {};
  const cwd = opts.cwd ?? process.cwd();
  const home = opts.home ?? homedir();
  const errors: string[] = [];

  // 1. .env file
  let fileVars: Record<string, string> = {};
  let fileLabel = ".env";
  if (opts.envFile !== false) {
    const path = opts.envFile === undefined ? resolve(cwd, ".env") : resolve(cwd, opts.envFile);
    fileLabel = opts.envFile === undefined ? ".env" : opts.envFile;
    if (opts.envFile !== undefined && !existsSync(path)) {
      errors.push(`--env-file: ${opts.envFile} does not exist`);
    } else {
      try {
        fileVars = readEnvFile(path);
      } catch (err) {
        const e = err as NodeJS.ErrnoException | undefined;
        errors.push(`--env-file: cannot read ${fileLabel} (${e?.code ?? e?.message ?? "error"})`);
      }
    }
  }

  // 2. collect raw values by precedence; an empty string counts as unset (docker-compose `KEY=`).
  const raw = new Map<ConfigKey, Source>();
  for (const key of KEYS) {
    const f = fileVars[key];
    if (f !== undefined && f !== "") raw.set(key, { value: f, from: `${fileLabel} ${key}` });
    const e = env[key];
    if (e !== undefined && e !== "") raw.set(key, { value: e, from: `env ${key}` });
  }
  for (const [name, value] of Object.entries(flags)) {
    const key = FLAG_TO_KEY.get(name);
    if (!key) {
      errors.push(`--${name}: unknown option (see tgmcp serve --help)`);
      continue;
    }
    raw.set(key, { value, from: `flag --${name}` });
  }

  // 3. convert and validate each setting on its own, so every bad one is named.
  const candidate: Record<string, unknown> = {};
  for (const key of KEYS) {
    const schema = propSchema(key);
    const src = raw.get(key);
    const shown = !src ? "default" : SECRET_KEYS.has(key) ? "(hidden)" : JSON.stringify(src.value);
    let value: unknown;
    if (src && key === "TRUST_PROXY") {
      const r = convertTrustProxy(src.value);
      if ("error" in r) {
        errors.push(`${key}=${shown} (${src.from}): ${r.error}`);
        continue;
      }
      value = r.value;
    } else if (src) value = convert(schema, src.value);
    else if ((schema as SchemaKeywords).default !== undefined) value = structuredClone((schema as SchemaKeywords).default);
    else continue;
    if (!Value.Check(schema, value)) {
      errors.push(`${key}=${shown} (${src ? src.from : "default"}): expected ${describeSchema(schema)}`);
      continue;
    }
    candidate[key] = value;
  }

  // 4. cross-field rules.
  const hasId = candidate.API_ID !== undefined || raw.has("API_ID");
  const hasHash = candidate.API_HASH !== undefined || raw.has("API_HASH");
  if (hasId && !hasHash) errors.push("API_HASH is required when API_ID is set (both come from https://my.telegram.org)");
  if (hasHash && !hasId) errors.push("API_ID is required when API_HASH is set (both come from https://my.telegram.org)");
  if (candidate.BACKEND === "telegram" && !hasId && !hasHash) {
    errors.push("BACKEND=telegram needs API_ID and API_HASH (from https://my.telegram.org); unset BACKEND to use the sandbox");
  }

  if (errors.length > 0) return { ok: false, errors };

  candidate.SESSION_DIR = resolve(cwd, expandHome(candidate.SESSION_DIR as string, home));
  if (typeof candidate.SANDBOX_INFO_FILE === "string") candidate.SANDBOX_INFO_FILE = resolve(cwd, expandHome(candidate.SANDBOX_INFO_FILE, home));
  if (typeof candidate.AUDIT_DIR === "string") candidate.AUDIT_DIR = resolve(cwd, expandHome(candidate.AUDIT_DIR, home));
  candidate.FILE_ROOTS = (candidate.FILE_ROOTS as string[]).map((p) => resolve(cwd, expandHome(p, home)));
  // Final whole-object check: the schema is the contract, not just the per-key checks above.
  if (!Value.Check(ConfigSchema, candidate)) {
    return { ok: false, errors: [...Value.Errors(ConfigSchema, candidate)].map((e) => `${e.instancePath}: ${e.message}`) };
  }
  const config = candidate as Config;
  Object.freeze(config.FILE_ROOTS);
  Object.freeze(config.ALLOWED_HOSTS);
  Object.freeze(config.TOOLSETS);
  if (Array.isArray(config.TRUST_PROXY)) Object.freeze(config.TRUST_PROXY);
  return { ok: true, config: Object.freeze(config) };
}

/** The one message printed for invalid configuration. */
export function formatConfigErrors(errors: string[]): string {
  const n = errors.length;
  return [
    `tgmcp: invalid configuration (${n} problem${n === 1 ? "" : "s"}):`,
    ...errors.map((e) => `  - ${e}`),
    "Nothing was started. Fix the settings above (environment, .env file or flags); `tgmcp serve --help` lists them all.",
  ].join("\n");
}

/** The base URL clients should use, for generated client configs (mcp.json). */
export function publicUrl(config: Config, boundPort?: number): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, "");
  if (config.DOMAIN) return `https://${config.DOMAIN}`;
  const host = config.HOST === "0.0.0.0" || config.HOST === "::" ? "127.0.0.1" : config.HOST;
  const h = host.includes(":") ? `[${host}]` : host;
  return `http://${h}:${boundPort ?? config.PORT}`;
}
