// Small readers for the Docker files, shared by the packaging tests. No Docker engine
// runs here, so the files are checked statically (and the healthcheck command for real).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

export interface DockerInstruction {
  /** Upper-case instruction name: FROM, RUN, ENV, ... */
  op: string;
  /** Everything after the instruction name, continuation lines joined. */
  args: string;
  /** Index of the build stage (0 = first FROM). */
  stage: number;
}

/** Splits a Dockerfile into instructions (comments dropped, `\` continuations joined). */
export function parseDockerfile(text: string): DockerInstruction[] {
  const out: DockerInstruction[] = [];
  let stage = -1;
  let pending = "";
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (pending === "" && (line === "" || line.startsWith("#"))) continue;
    if (line.startsWith("#")) continue; // comment inside a continuation
    if (line.endsWith("\\")) {
      pending += line.slice(0, -1) + " ";
      continue;
    }
    const full = (pending + line).trim();
    pending = "";
    const m = /^([A-Za-z]+)\s+([\s\S]*)$/.exec(full);
    if (!m) throw new Error(`not a Dockerfile instruction: ${full}`);
    const op = m[1]!.toUpperCase();
    if (op === "FROM") stage++;
    out.push({ op, args: m[2]!.trim(), stage });
  }
  return out;
}

/** `ENV A=1 B=2` (or the legacy `ENV A 1`) as a map. */
export function envOf(args: string): Record<string, string> {
  const out: Record<string, string> = {};
  const legacy = /^([A-Za-z_][A-Za-z0-9_]*)\s+([^=]*)$/.exec(args);
  if (legacy) {
    out[legacy[1]!] = legacy[2]!.trim();
    return out;
  }
  for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|'([^']*)'|(\S*))/g)) out[m[1]!] = m[3] ?? m[4] ?? m[5] ?? "";
  return out;
}

/** A JSON-array (exec form) argument such as `["tgmcp", "serve"]`. */
export function execForm(args: string): string[] {
  const v = JSON.parse(args);
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) throw new Error(`not exec form: ${args}`);
  return v;
}

/** Variables a text interpolates: `${NAME}`, `${NAME:-default}`, `$NAME` (not `$$`). */
export function interpolatedVariables(text: string): Set<string> {
  const names = new Set<string>();
  const unescaped = text.replace(/\$\$/g, "");
  for (const m of unescaped.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|\$([A-Za-z_][A-Za-z0-9_]*)/g)) names.add((m[1] ?? m[2])!);
  return names;
}

/** Variables a JavaScript snippet reads from process.env. */
export function processEnvReads(text: string): Set<string> {
  return new Set([...text.matchAll(/process\.env\.([A-Za-z_][A-Za-z0-9_]*)|process\.env\[["']([A-Za-z_][A-Za-z0-9_]*)["']\]/g)].map((m) => (m[1] ?? m[2])!));
}

export function readText(rel: string): string {
  return readFileSync(join(ROOT, rel), "utf8");
}

export function readCompose(rel = "docker/docker-compose.yml"): { text: string; doc: any } {
  const text = readText(rel);
  return { text, doc: parseYaml(text, { merge: true }) };
}

/** Entries of `environment:` in either compose form (map or KEY=VALUE list). */
export function composeEnvironment(env: unknown): Record<string, string | null> {
  if (env == null) return {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((e: string) => {
      const i = e.indexOf("=");
      return i < 0 ? [e, null] : [e.slice(0, i), e.slice(i + 1)];
    }));
  }
  return Object.fromEntries(Object.entries(env as Record<string, unknown>).map(([k, v]) => [k, v == null ? null : String(v)]));
}

/** `"127.0.0.1:8000:8000"`, `"8000:8000/tcp"`, `{target: 8000}` -> the container port. */
export function containerPort(p: unknown): number {
  if (typeof p === "object" && p !== null) return Number((p as any).target);
  const s = String(p).replace(/\/(tcp|udp)$/, "");
  return Number(s.slice(s.lastIndexOf(":") + 1));
}

/** `"sessions:/path"` or `{source, target}` -> { source, target }. */
export function volumeMount(v: unknown): { source: string; target: string } {
  if (typeof v === "object" && v !== null) return { source: String((v as any).source), target: String((v as any).target) };
  const [source, target] = String(v).split(":");
  return { source: source!, target: target! };
}
