// The configuration schema: the single source of every setting tgmcp reads from
// environment variables, a .env file and CLI flags. Each property carries a
// description and (where it has one) a default, so the README's env-var table can be
// generated from or checked against `configKeys()`.
import { Type, type Static, type TSchema } from "typebox";
import { ALL_TOOLSETS, TOOLSET_NAMES, TOOLSETS } from "../mcp/toolsets.js";

export const SERVER_MODES = ["stdio", "http-no-auth", "http-auth"] as const;
export const BACKENDS = ["auto", "telegram", "sandbox"] as const;
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export type ServerMode = (typeof SERVER_MODES)[number];
export type BackendChoice = (typeof BACKENDS)[number];

/** SANDBOX_RTT_MS: whole ms for every DC, or dc:ms pairs (read by parseRttMs in sandbox/index.ts). */
const RTT_PATTERN = "^(\\d{1,6}|\\d{1,5}:\\d{1,6}(,\\d{1,5}:\\d{1,6})*)$";

/** The largest TRUST_PROXY hop count. */
export const MAX_PROXY_HOPS = 16;

/** Marks properties whose values are lists (comma-separated in env vars and flags). */
const list = (description: string, def?: string[]) =>
  Type.Array(Type.String({ minLength: 1 }), def === undefined ? { description } : { description, default: def });

/**
 * Defaults that depend on the machine (home directory) are written as "~" and expanded
 * by the loader, so the schema itself stays the same on every machine.
 */
export const ConfigSchema = Type.Object(
  {
    // --- server ---
    SERVER_MODE: Type.Union([Type.Literal("stdio"), Type.Literal("http-no-auth"), Type.Literal("http-auth")], {
      default: "http-no-auth",
      description:
        "stdio: one account over stdin/stdout (started by the MCP client). http-no-auth: HTTP, default account, no token (local use). http-auth: HTTP, one bearer token per Telegram account (production).",
    }),
    HOST: Type.String({ minLength: 1, default: "127.0.0.1", description: "Address to bind. Keep 127.0.0.1 unless behind a reverse proxy (Docker sets 0.0.0.0)." }),
    PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8000, description: "HTTP port (0 picks a free port)." }),
    PUBLIC_URL: Type.Optional(
      Type.String({ pattern: "^https?://[^\\s/]+(/[^\\s]*)?$", description: "Public base URL used in generated client configs (mcp.json). Defaults to http://HOST:PORT, or https://DOMAIN when DOMAIN is set." }),
    ),
    DOMAIN: Type.Optional(
      Type.String({ pattern: "^[A-Za-z0-9.-]+$", description: "Public domain name (Docker/Traefik routing; also allowed as Host header)." }),
    ),
    ALLOWED_HOSTS: list("Extra Host header names accepted when bound to loopback (DNS-rebinding protection), comma-separated.", []),
    TRUST_PROXY: Type.Union([Type.Integer({ minimum: 0, maximum: MAX_PROXY_HOPS }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })], {
      default: 0,
      description:
        "Reverse proxies whose X-Forwarded-For is believed, so per-IP limits see client addresses. Best: their addresses or CIDR ranges, comma-separated (also loopback, linklocal, uniquelocal); X-Forwarded-For is read only from those peers. Or a hop count (1 for one proxy), which trusts that many peers whatever their address, so only use it when the port is reachable through the proxy alone. 0 or false: none. true is refused (it used to trust every entry, so any client could choose its own address).",
    }),
    BODY_LIMIT: Type.Integer({ minimum: 1024, default: 1048576, description: "Maximum HTTP request body in bytes." }),
    SHUTDOWN_TIMEOUT: Type.Number({ minimum: 0, default: 10, description: "Seconds to let in-flight requests finish on SIGINT/SIGTERM before closing anyway." }),
    LOG_LEVEL: Type.Union(
      [Type.Literal("fatal"), Type.Literal("error"), Type.Literal("warn"), Type.Literal("info"), Type.Literal("debug"), Type.Literal("trace"), Type.Literal("silent")],
      { default: "info", description: "Log level (case-insensitive; WARNING is accepted for warn)." },
    ),
    LOG_FORMAT: Type.Union([Type.Literal("auto"), Type.Literal("json"), Type.Literal("pretty")], {
      default: "auto",
      description: "Log lines as JSON, or pretty for people; auto: pretty with a short start-up banner when the HTTP server's output is a terminal, JSON otherwise (stdio always logs JSON to stderr).",
    }),

    // --- Telegram ---
    BACKEND: Type.Union([Type.Literal("auto"), Type.Literal("telegram"), Type.Literal("sandbox")], {
      default: "auto",
      description:
        "auto: real Telegram when API_ID and API_HASH are set, otherwise the embedded sandbox (demo world); in http-auth mode (Docker) auto refuses to start without them rather than serve the demo. telegram: require credentials. sandbox: always the sandbox, in every mode.",
    }),
    API_ID: Type.Optional(Type.Integer({ minimum: 1, description: "Telegram API id from https://my.telegram.org." })),
    API_HASH: Type.Optional(Type.String({ pattern: "^[0-9a-fA-F]{32}$", description: "Telegram API hash from https://my.telegram.org (32 hex characters)." })),
    SANDBOX_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 0, description: "TCP port of the embedded sandbox data center (0 picks a free port)." }),
    SANDBOX_RTT_MS: Type.String({
      pattern: RTT_PATTERN,
      default: "0",
      description:
        "Round-trip time in ms the embedded sandbox adds to everything it sends (answers, pushes), for Telegram-like latency in demos and benchmarks: one value for every DC, or per DC as `2:80,4:150`. 0: none.",
    }),
    SANDBOX_INFO_FILE: Type.Optional(
      Type.String({ minLength: 1, description: "Use an already running sandbox (the JSON file `tgmcp sandbox --info-file` writes) instead of starting one in-process." }),
    ),
    SESSION_DIR: Type.String({ minLength: 1, default: "~/.config/tgmcp", description: "Folder for accounts and sessions (created 0700)." }),
    SESSION_NAME: Type.String({
      pattern: "^[A-Za-z0-9_-]{1,64}$",
      default: "default",
      description: "Name of the default account's session (stdio and http-no-auth), as given to `tgmcp setup --session-name`.",
    }),
    SESSION_KEY: Type.Optional(
      Type.String({ minLength: 32, description: "Optional secret (at least 32 characters) that encrypts the default account's session at rest." }),
    ),
    MAX_ACTIVE_SESSIONS: Type.Integer({ minimum: 1, default: 100, description: "Connected Telegram clients kept at once (LRU); the least recently used is disconnected beyond this." }),
    MAX_IDLE_TIME: Type.Integer({ minimum: 0, default: 1800, description: "Seconds without use after which a client is disconnected (0: never)." }),
    FLOOD_SLEEP_THRESHOLD: Type.Integer({ minimum: 0, default: 10, description: "FloodWaits up to this many seconds are waited out; longer ones return RateLimited at once." }),
    POLICY_FILE: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          "stdio and http-no-auth: a JSON file with the per-chat rights of the account ({\"default\": \"allow\"|\"deny\", \"chats\": {...}}), read at start-up and on every change; `tgmcp policy` edits it. In http-auth each account's rights live in its record instead.",
      }),
    ),

    // --- limits ---
    RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 120, description: "Telegram-touching requests (MCP tool calls and /mtproto-api calls) per account (per token in http-auth) per RATE_LIMIT_WINDOW. initialize, tools/list, ping and other protocol messages are not counted." }),
    RATE_LIMIT_WINDOW: Type.Integer({ minimum: 1, default: 60, description: "Window of RATE_LIMIT_MAX, in seconds." }),
    AUTH_FAIL_LIMIT: Type.Integer({ minimum: 1, default: 10, description: "Failed bearer-token attempts per IP per AUTH_FAIL_WINDOW before 429." }),
    AUTH_FAIL_WINDOW: Type.Integer({ minimum: 1, default: 600, description: "Window of AUTH_FAIL_LIMIT, in seconds." }),
    SETUP_RATE_LIMIT: Type.Integer({ minimum: 1, default: 30, description: "Requests per IP per SETUP_RATE_WINDOW on /setup." }),
    SETUP_RATE_WINDOW: Type.Integer({ minimum: 1, default: 60, description: "Window of SETUP_RATE_LIMIT, in seconds." }),

    // --- tools and files (read by the MCP tools and the MTProto bridge) ---
    ALLOW_DANGEROUS_METHODS: Type.Boolean({ default: true, description: "When false, dangerous MTProto methods are always refused and the allow_dangerous override does not exist." }),
    ALLOW_HTTP_URLS: Type.Boolean({ default: false, description: "Allow plain http:// URLs for files to send (https only otherwise)." }),
    MAX_FILE_SIZE_MB: Type.Number({ exclusiveMinimum: 0, default: 50, description: "Largest file (local or downloaded) a tool sends, in MB." }),
    FILE_ROOTS: list("Folders local files may be sent from, comma-separated.", ["~"]),
    ALLOW_HIDDEN_FILES: Type.Boolean({ default: false, description: "Allow sending files whose path has a dot-file or dot-folder." }),
    ALLOW_HARD_LINKS: Type.Boolean({
      default: false,
      description:
        "Allow sending local files that have more than one hard link. Off by default: a hard link inside FILE_ROOTS can be a second name of any file on the same disk (say ~/.ssh/id_rsa), and no path check can tell. Turn on only if FILE_ROOTS holds hard-linked files you mean to send (some backup tools and package stores make them).",
    }),
    MEDIA_IMAGE_MAX_BYTES: Type.Integer({ minimum: 16384, default: 1048576, description: "download_media: largest image returned to the model, in bytes; bigger ones are downscaled to fit." }),
    MEDIA_IMAGE_MAX_SIDE: Type.Integer({ minimum: 64, maximum: 8192, default: 1568, description: "download_media: longest side of an image returned to the model, in pixels." }),
    MEDIA_TEXT_MAX_CHARS: Type.Integer({ minimum: 100, default: 40000, description: "download_media: most characters of a document's text (txt, md, csv, json, code, PDF) returned; longer text is cut and marked truncated." }),
    MAX_RESULT_CHARS: Type.Integer({
      minimum: 0,
      default: 25000,
      description:
        "Most characters of one tool result's text (compact JSON). Longer message lists and chat lists return fewer items with has_more and a next_cursor that goes on right after them; read_messages lists the ids it left out in remaining_ids. A page always holds at least one item. 0: no cap.",
    }),
    MEDIA_LINK_TTL: Type.Integer({ minimum: 10, maximum: 86400, default: 600, description: "download_media over HTTP: seconds a signed /files/ download link stays valid." }),

    // --- OAuth 2.1 for remote connectors (docs/oauth-design.md) ---
    AUTH_MODES: Type.Array(Type.Union([Type.Literal("bearer"), Type.Literal("oauth")]), {
      minItems: 1,
      default: ["bearer", "oauth"],
      description:
        "How http-auth requests prove their account, comma-separated: bearer (the static tokens of `tgmcp setup` and /setup) and oauth (tgmcp as an OAuth 2.1 authorization server for clients such as Claude and ChatGPT connectors). Ignored outside http-auth.",
    }),
    OAUTH_ACCESS_TOKEN_TTL: Type.Integer({ minimum: 1, maximum: 86400, default: 3600, description: "Lifetime of an OAuth access token, in seconds." }),
    OAUTH_RATE_LIMIT: Type.Integer({
      minimum: 1,
      default: 60,
      description: "Requests per IP per OAUTH_RATE_WINDOW to the OAuth endpoints anyone may call (/oauth/token, /oauth/register, /oauth/revoke, /oauth/authorize).",
    }),
    OAUTH_RATE_WINDOW: Type.Integer({ minimum: 1, default: 60, description: "Window of OAUTH_RATE_LIMIT, in seconds." }),
    OAUTH_REFRESH_TOKEN_TTL: Type.Integer({
      minimum: 60,
      default: 30 * 86400,
      description: "Lifetime of an OAuth refresh token, in seconds; each use replaces it with a new one (rotation), and a reused one revokes the grant.",
    }),

    // --- agent control: what the served tools may do (services/mcp/inventory.ts) ---
    READ_ONLY: Type.Boolean({
      default: false,
      description:
        "Serve only what cannot change anything on Telegram: the tools annotated read-only, and invoke_mtproto and /mtproto-api limited to read-class methods (services/mtproto/README.md). Other methods are refused with 403, or a tool error naming READ_ONLY.",
    }),
    TOOLSETS: Type.Array(Type.Enum([...TOOLSET_NAMES, ALL_TOOLSETS]), {
      minItems: 1,
      default: [ALL_TOOLSETS],
      description: `Tool groups to serve, comma-separated: ${TOOLSET_NAMES.map((n) => `${n} (${TOOLSETS[n].description})`).join(", ")}; ${ALL_TOOLSETS}: every one. An unknown name stops the start-up.`,
    }),
    SEND_MODE: Type.Union([Type.Literal("send"), Type.Literal("confirm"), Type.Literal("draft")], {
      default: "send",
      description:
        "How writes happen. send: performed at once. confirm: the person accepts or declines each send, edit, delete, forward, reaction, pin and write/dangerous raw method through MCP elicitation first (clients without elicitation get a tool error; /mtproto-api refuses those methods with 403). draft: send_message saves a Telegram draft in the chat instead of sending; other writes are refused.",
    }),
    AUDIT_CONTENT: Type.Boolean({
      default: false,
      description: "Also write message text and file names to the audit log (SESSION_DIR/accounts/<id>.audit.jsonl). Off: only what was done, where and with what outcome.",
    }),
    AUDIT_DIR: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          "Folder of the audit logs. Default: next to the account records (SESSION_DIR/accounts/<id>.audit.jsonl); accounts kept in memory (the embedded sandbox's demo account) have no audit log unless this is set.",
      }),
    ),
    AUDIT_MAX_BYTES: Type.Integer({ minimum: 0, default: 10485760, description: "Size at which an account's audit log is rotated (0: never)." }),
    AUDIT_KEEP: Type.Integer({ minimum: 0, maximum: 100, default: 5, description: "Rotated audit logs kept per account (<id>.audit.jsonl.1 is the newest)." }),
  },
  { additionalProperties: false },
);

export type LogLevel = (typeof LOG_LEVELS)[number];
export type Config = Readonly<Static<typeof ConfigSchema>>;
export type ConfigKey = keyof Static<typeof ConfigSchema>;

export interface ConfigKeyInfo {
  key: ConfigKey;
  /** CLI flag spelling, e.g. --max-active-sessions */
  flag: string;
  type: string;
  default?: unknown;
  required: false;
  description: string;
}

export function flagFor(key: string): string {
  return "--" + key.toLowerCase().replace(/_/g, "-");
}

/** The JSON Schema keywords the settings' schemas use, as read back from a TSchema (all optional). */
export interface SchemaKeywords {
  type?: string;
  anyOf?: SchemaKeywords[];
  const?: unknown;
  items?: SchemaKeywords;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  pattern?: string;
  default?: unknown;
  description?: string;
}

/** A short human description of what a setting accepts; used in error messages and the README table. */
export function describeSchema(schema: TSchema): string {
  const s = schema as SchemaKeywords;
  if (Array.isArray(s.anyOf) && s.anyOf.every((x) => x.const !== undefined)) return "one of " + s.anyOf.map((x) => x.const).join(", ");
  if (Array.isArray(s.anyOf) && s.anyOf[0]?.type === "integer" && s.anyOf[1]?.type === "array") {
    return `a hop count from 0 to ${MAX_PROXY_HOPS}, or a comma-separated list of proxy addresses/CIDRs`; // TRUST_PROXY
  }
  if (s.type === "array") return Array.isArray(s.items?.enum) ? `a comma-separated list of ${s.items.enum.join(", ")}` : "a comma-separated list";
  if (s.type === "boolean") return "true or false";
  if (s.type === "integer" || s.type === "number") {
    const kind = s.type === "integer" ? "an integer" : "a number";
    const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? `more than ${s.exclusiveMinimum}` : undefined);
    if (s.minimum !== undefined && s.maximum !== undefined) return `${kind} from ${s.minimum} to ${s.maximum}`;
    if (s.minimum !== undefined) return `${kind} >= ${lo}`;
    if (s.exclusiveMinimum !== undefined) return `${kind} ${lo}`;
    return kind;
  }
  if (s.type === "string") {
    if (s.pattern === "^[0-9a-fA-F]{32}$") return "32 hexadecimal characters";
    if (typeof s.pattern === "string" && s.pattern.startsWith("^https?://")) return "an http:// or https:// URL";
    if (s.pattern === "^[A-Za-z0-9.-]+$") return "a domain name like example.com";
    if (s.pattern === RTT_PATTERN) return "milliseconds (0-999999), or dc:ms pairs";
    if (s.minLength && s.minLength > 1) return `a string of at least ${s.minLength} characters`;
    return "a non-empty string";
  }
  return "a valid value";
}

/** Every setting with its flag, type, default and description: the README env-var table's source. */
export function configKeys(): ConfigKeyInfo[] {
  return Object.entries(ConfigSchema.properties).map(([key, schema]) => {
    const s = schema as SchemaKeywords;
    const info: ConfigKeyInfo = {
      key: key as ConfigKey,
      flag: flagFor(key),
      type: describeSchema(schema),
      required: false,
      description: s.description ?? "",
    };
    if (s.default !== undefined) info.default = s.default;
    return info;
  });
}

/** The env-var table as Markdown (`tgmcp serve --help-env` prints it; the README embeds it). */
export function configMarkdownTable(): string {
  const fmt = (v: unknown) =>
    v === undefined ? "" : Array.isArray(v) ? (v.length ? "`" + v.join(",") + "`" : "(none)") : "`" + String(v) + "`";
  const rows = configKeys().map((k) => `| \`${k.key}\` | ${fmt(k.default)} | ${k.type} | ${k.description} |`);
  return ["| Variable | Default | Accepts | Meaning |", "|---|---|---|---|", ...rows].join("\n");
}
