// Generates the parts of the documentation that must never drift from the code:
// the env-var table (from services/config/schema.ts), the parameter table of every MCP
// tool (from its TypeBox input schema) and the whole .env.example.
//
//   node --import tsx scripts/readme-tables.ts env           the README's env-var table
//   node --import tsx scripts/readme-tables.ts tools         every tool's parameter table
//   node --import tsx scripts/readme-tables.ts env-example   the .env.example file
//   node --import tsx scripts/readme-tables.ts --write       update README.md and .env.example in place
//
// test/packaging/docs.test.ts fails when README.md or .env.example differ from this output.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { configKeys, configMarkdownTable, type ConfigKey } from "../services/config/schema.js";
import { TOOLS } from "../services/mcp/registry.js";
import { invokeMtprotoTool } from "../services/mcp/tools/invoke-mtproto.js";
import type { AnyToolDefinition } from "../services/mcp/types.js";
import { selectTools } from "../services/mcp/inventory.js";
import { TOOLSET_NAMES, TOOLSETS } from "../services/mcp/toolsets.js";
import { CHAT_ID_BRIEF } from "../services/mcp/schemas.js";

const ROOT = join(fileURLToPath(new URL(".", import.meta.url)), "..");

// ---------------------------------------------------------------- env-var table

export function envTable(): string {
  return configMarkdownTable();
}

// ---------------------------------------------------------------- tools

/** Every tool the server offers: the registry, plus invoke_mtproto if the registry does not list it yet. */
export function allTools(): AnyToolDefinition[] {
  const tools = [...TOOLS];
  if (!tools.some((t) => t.name === invokeMtprotoTool.name)) tools.push(invokeMtprotoTool);
  return tools;
}

/** The JSON Schema keywords the tables read from a tool's TypeBox input schema. */
interface SchemaKeywords {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: SchemaKeywords[];
  const?: unknown;
  items?: SchemaKeywords;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  description?: string;
  required?: string[];
  properties?: Record<string, SchemaKeywords>;
}

function typeOf(s: SchemaKeywords): string {
  if (Array.isArray(s.enum)) return s.enum.map((v: unknown) => `\`"${v}"\``).join(" \\| ");
  if (Array.isArray(s.anyOf)) {
    if (s.anyOf.every((x) => x.const !== undefined)) return s.anyOf.map((x) => `\`"${x.const}"\``).join(" \\| ");
    return s.anyOf.map(typeOf).join(" or ");
  }
  if (Array.isArray(s.type)) return s.type.join(" or ");
  if (s.type === "array") return `array of ${typeOf(s.items as SchemaKeywords)}${s.maxItems ? ` (max ${s.maxItems})` : ""}`;
  if (s.type === "integer" || s.type === "number") {
    const range = s.minimum !== undefined && s.maximum !== undefined ? ` ${s.minimum}..${s.maximum}` : s.minimum !== undefined ? ` >= ${s.minimum}` : "";
    return `${s.type}${range}`;
  }
  return String(s.type ?? "any");
}

/**
 * Parameters whose schema leaves the description out (a model reads their rules once, in the
 * server instructions): the README's tables say what they are and link to the section.
 */
const README_ONLY: Readonly<Record<string, string>> = {
  parse_mode: "Formatting of `message`; see [Formatting](#formatting).",
  min_date: "Only messages on or after this moment. See [Dates](#dates).",
  max_date: "Only messages on or before this moment; a date alone includes that whole day. See [Dates](#dates).",
  cursor: "`next_cursor` of the previous page; see [Search rules](#search-rules).",
};

/** Shared descriptions are explained once in the README; the tables link there. */
function shorten(name: string, description: string | undefined): string {
  return (description ?? README_ONLY[name] ?? "")
    .replace(`${CHAT_ID_BRIEF}.`, `${CHAT_ID_BRIEF}; see [chat_id formats](#chat_id-formats).`)
    .replace(/\|/g, "\\|")
    .replace(/\n+/g, " ");
}

function defaultOf(s: SchemaKeywords): string {
  if (s.default === undefined) return "";
  return "`" + JSON.stringify(s.default) + "`";
}

/** The parameter table of one tool, from its input schema. */
export function toolTable(tool: AnyToolDefinition): string {
  const input = tool.input as SchemaKeywords;
  const required = new Set<string>(input.required ?? []);
  const rows = Object.entries(input.properties as Record<string, SchemaKeywords>).map(([name, s]) => {
    const req = required.has(name) && s.default === undefined ? "yes" : "";
    return `| \`${name}\` | ${typeOf(s)} | ${req} | ${defaultOf(s)} | ${shorten(name, s.description)} |`;
  });
  const a = tool.annotations;
  const hints = [a.readOnlyHint ? "read-only" : "writes", a.destructiveHint ? "destructive" : "", a.idempotentHint ? "idempotent" : ""].filter(Boolean).join(", ");
  return ["| Parameter | Type | Required | Default | Description |", "|---|---|---|---|---|", ...rows, "", `Annotations: ${hints}. Toolset: \`${tool.toolset}\`.`].join("\n");
}

/** The toolsets (TOOLSETS) and what each serves, also under READ_ONLY=true, from the inventory. */
export function toolsetTable(): string {
  const code = (names: string[]) => names.map((n) => `\`${n}\``).join(", ");
  const rows = TOOLSET_NAMES.map((set) => {
    const all = selectTools({ toolsets: [set] });
    const ro = selectTools({ toolsets: [set], readOnly: true }).map((d) => (d.annotations.readOnlyHint ? d.name : `${d.name} (read-only mode)`));
    const roText = ro.length === all.length && ro.every((r, i) => r === all[i]!.name) ? "all" : ro.length ? code(ro).replace(/ \(read-only mode\)`/g, "` (read-class methods only)") : "none";
    return `| \`${set}\` | ${TOOLSETS[set].description} | ${code(all.map((d) => d.name))} | ${roText} |`;
  });
  return ["| Toolset | For | Tools | With `READ_ONLY=true` |", "|---|---|---|---|", ...rows].join("\n");
}

// ---------------------------------------------------------------- README sections

const START = (id: string) => `<!-- generated:${id} (scripts/readme-tables.ts; do not edit by hand) -->`;
const END = (id: string) => `<!-- /generated:${id} -->`;

/** Ids of the generated sections the README must contain. */
export function sectionIds(): string[] {
  return ["env-table", "toolsets", ...allTools().map((t) => `tool:${t.name}`)];
}

function sectionBody(id: string): string {
  if (id === "env-table") return envTable();
  if (id === "toolsets") return toolsetTable();
  if (id.startsWith("tool:")) {
    const tool = allTools().find((t) => t.name === id.slice(5));
    if (!tool) throw new Error(`README has a generated section for an unknown tool: ${id}`);
    return toolTable(tool);
  }
  throw new Error(`unknown generated section ${id}`);
}

/** The README with every generated section replaced by its current content. */
export function renderReadme(text: string): string {
  return text.replace(/<!-- generated:([a-z_:-]+) \(scripts\/readme-tables\.ts; do not edit by hand\) -->\n[\s\S]*?<!-- \/generated:\1 -->/g, (_m, id: string) => {
    return `${START(id)}\n${sectionBody(id)}\n${END(id)}`;
  });
}

/** Generated section ids present in a README text. */
export function presentSections(text: string): string[] {
  return [...text.matchAll(/<!-- generated:([a-z_:-]+) \(scripts\/readme-tables\.ts/g)].map((m) => m[1]!);
}

export function emptySection(id: string): string {
  return `${START(id)}\n${END(id)}`;
}

// ---------------------------------------------------------------- .env.example

/** Section of .env.example each setting goes in; keys not listed land in "Other". */
const SECTIONS: Array<{ title: string; keys: ConfigKey[] }> = [
  { title: "Telegram (API_ID and API_HASH from https://my.telegram.org; leave both empty for the sandbox demo, plus BACKEND=sandbox in http-auth)", keys: ["API_ID", "API_HASH", "BACKEND", "SANDBOX_PORT", "SANDBOX_INFO_FILE"] },
  { title: "Server", keys: ["SERVER_MODE", "HOST", "PORT", "PUBLIC_URL", "DOMAIN", "ALLOWED_HOSTS", "TRUST_PROXY", "BODY_LIMIT", "SHUTDOWN_TIMEOUT", "LOG_LEVEL"] },
  { title: "Sessions", keys: ["SESSION_DIR", "SESSION_KEY", "MAX_ACTIVE_SESSIONS", "MAX_IDLE_TIME", "FLOOD_SLEEP_THRESHOLD"] },
  { title: "Rate limits", keys: ["RATE_LIMIT_MAX", "RATE_LIMIT_WINDOW", "AUTH_FAIL_LIMIT", "AUTH_FAIL_WINDOW", "SETUP_RATE_LIMIT", "SETUP_RATE_WINDOW"] },
  { title: "Tools and files", keys: ["ALLOW_DANGEROUS_METHODS", "ALLOW_HTTP_URLS", "MAX_FILE_SIZE_MB", "FILE_ROOTS", "ALLOW_HIDDEN_FILES", "ALLOW_HARD_LINKS", "MEDIA_IMAGE_MAX_BYTES", "MEDIA_IMAGE_MAX_SIDE", "MEDIA_TEXT_MAX_CHARS", "MEDIA_LINK_TTL"] },
  { title: "Agent control (what the served tools may do)", keys: ["READ_ONLY", "TOOLSETS"] },
];

/** Settings a new user fills in: written uncommented (an empty value counts as unset). */
const ACTIVE: ReadonlySet<string> = new Set(["API_ID", "API_HASH", "SERVER_MODE", "DOMAIN"]);

function wrap(text: string, width = 88): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function envValue(v: unknown): string {
  if (v === undefined) return "";
  return Array.isArray(v) ? v.join(",") : String(v);
}

/** The complete .env.example: every setting, commented with its meaning, accepted values and default. */
export function envExample(): string {
  const keys = configKeys();
  const byKey = new Map(keys.map((k) => [k.key as string, k]));
  const listed = new Set(SECTIONS.flatMap((s) => s.keys as string[]));
  const sections = SECTIONS.map((s) => ({ title: s.title, keys: s.keys.filter((k) => byKey.has(k)) as string[] }));
  const other = keys.map((k) => k.key as string).filter((k) => !listed.has(k));
  if (other.length) sections.push({ title: "Other", keys: other });

  const out: string[] = [
    "# tgmcp settings. Copy to .env and edit: `cp .env.example .env`.",
    "# Precedence: defaults < this file < environment variables < command-line flags",
    "# (`tgmcp serve --help` lists the flags). Commented lines show the default.",
    "# With nothing set, tgmcp serves the embedded sandbox (a local fake Telegram).",
    "# Docker Compose reads this file too; it always sets SERVER_MODE=http-auth, HOST=0.0.0.0, PORT=8000.",
    "# In http-auth mode blank API_ID/API_HASH stop the start-up, unless BACKEND=sandbox asks for the demo.",
    "# Generated from services/config/schema.ts by `node --import tsx scripts/readme-tables.ts --write`.",
  ];
  for (const section of sections) {
    out.push("", `# === ${section.title} ===`);
    for (const key of section.keys) {
      const k = byKey.get(key)!;
      out.push("");
      for (const l of wrap(k.description)) out.push(`# ${l}`);
      out.push(`# Accepts ${k.type}.${k.default === undefined ? "" : ` Default: ${envValue(k.default) || "(empty)"}.`}`);
      out.push(`${ACTIVE.has(key) ? "" : "# "}${key}=${envValue(k.default)}`);
    }
  }
  return out.join("\n") + "\n";
}

// ---------------------------------------------------------------- CLI

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const arg = process.argv[2];
  if (arg === "--write") {
    const readmePath = join(ROOT, "README.md");
    writeFileSync(readmePath, renderReadme(readFileSync(readmePath, "utf8")));
    writeFileSync(join(ROOT, ".env.example"), envExample());
  } else if (arg === "env-example") process.stdout.write(envExample());
  else if (arg === "tools") process.stdout.write(allTools().map((t) => `### ${t.name}\n\n${toolTable(t)}\n`).join("\n"));
  else if (arg === "env" || arg === undefined) process.stdout.write(envTable() + "\n");
  else {
    process.stderr.write("usage: node --import tsx scripts/readme-tables.ts [env | tools | env-example | --write]\n");
    process.exitCode = 2;
  }
}
