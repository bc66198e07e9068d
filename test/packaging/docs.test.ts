// README.md and .env.example against the code: the generated tables equal what
// scripts/readme-tables.ts makes from the schemas, .env.example is complete and loads, the
// first block is the two quick-start commands, and every tool example is valid input.
import t from "tap";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Value } from "typebox/value";
import { ConfigSchema, configKeys } from "../../services/config/schema.js";
import { loadConfig } from "../../services/config/load.js";
import { parseEnvFile } from "../../services/config/env-file.js";
import { allTools, envExample, envTable, presentSections, renderReadme, sectionIds, toolTable } from "../../scripts/readme-tables.js";
import { readText } from "./_docker-files.js";
import { codeBlocks, readme, section } from "./_readme.js";

const text = readme();

t.test("the README's first block is exactly the two quick-start commands", async (t) => {
  const first = codeBlocks(text)[0]!;
  t.equal(first.lang, "bash");
  const commands = first.code
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => l.replace(/\s+#.*$/, "").trim());
  t.same(commands, ["npm ci && npm start", "npm test"]);
});

t.test("the env-var table in the README is the one generated from the config schema", async (t) => {
  t.same(presentSections(text).sort(), sectionIds().sort(), "one generated section per tool, plus the env table");
  t.equal(renderReadme(text), text, "README.md is up to date (run: node --import tsx scripts/readme-tables.ts --write)");
  const table = envTable();
  for (const k of configKeys()) t.ok(table.includes(`| \`${k.key}\` |`), `${k.key} is in the table`);
  t.equal(table.split("\n").length, configKeys().length + 2, "one row per setting, nothing else");
  t.ok(text.includes(table), "the table itself stands in the README");
});

t.test(".env.example: generated, complete, and a valid configuration as it stands", async (t) => {
  const example = readText(".env.example");
  t.equal(example, envExample(), ".env.example is up to date (run: node --import tsx scripts/readme-tables.ts --write)");
  const keys = Object.keys(ConfigSchema.properties);
  for (const k of keys) {
    const lines = example.split("\n").filter((l) => new RegExp(`^(# )?${k}=`).test(l));
    t.equal(lines.length, 1, `${k} appears once`);
  }
  // Uncommented and commented-out assignments alike name only real settings.
  const assigned = parseEnvFile(example.replace(/^# ([A-Z_]+=)/gm, "$1"));
  t.same(Object.keys(assigned).filter((k) => !keys.includes(k)), [], "no unknown keys");

  // Copied as is, it loads (empty values count as unset: the sandbox demo).
  const dir = mkdtempSync(join(tmpdir(), "tgmcp-env-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, ".env"), example);
  const loaded = loadConfig({ env: {}, cwd: dir, home: dir });
  t.ok(loaded.ok, loaded.ok ? "loads" : loaded.errors.join("; "));
  // Uncommenting every default also loads (the shown defaults are real defaults).
  writeFileSync(join(dir, ".env"), example.replace(/^# ([A-Z_]+=)/gm, "$1"));
  const all = loadConfig({ env: {}, cwd: dir, home: dir });
  t.ok(all.ok, all.ok ? "every shown default is valid" : all.errors.join("; "));
});

t.test("the tools reference covers every tool, and its examples are valid input", async (t) => {
  const tools = allTools();
  t.ok(tools.length >= 9, `${tools.length} tools`);
  const ref = section(text, "Tools reference");
  for (const tool of tools) {
    const body = section(ref, tool.name);
    t.ok(body.includes(toolTable(tool)), `${tool.name}: parameter table`);
    const examples = codeBlocks(body)
      .filter((b) => b.lang === "json")
      .flatMap((b) => b.code.split("\n").filter((l) => l.trim() !== ""));
    t.ok(examples.length >= 1, `${tool.name}: at least one example`);
    for (const line of examples) {
      const args = JSON.parse(line);
      const withDefaults = Value.Default(tool.input, structuredClone(args));
      t.ok(Value.Check(tool.input, withDefaults), `${tool.name} example is valid: ${line}`);
    }
  }
  for (const sub of ["chat_id formats", "Search rules", "Dates", "Formatting", "Errors"]) t.ok(section(ref, sub).length > 100, `section "${sub}"`);
  const errors = section(ref, "Errors");
  const { ERROR_TYPES } = await import("../../services/telegram/errors.js");
  for (const type of ERROR_TYPES) t.ok(errors.includes(`| \`${type}\` |`), `error type ${type} is explained`);
});

t.test("README links to its own sections resolve", async (t) => {
  const slug = (h: string) =>
    h
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .trim()
      .replace(/\s/g, "-");
  const headings = new Set(
    text
      .split("\n")
      .filter((l, i, all) => /^#{1,6} /.test(l) && all.slice(0, i).filter((x) => x.startsWith("```")).length % 2 === 0)
      .map((l) => slug(l.replace(/^#+ /, ""))),
  );
  const anchors = [...text.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
  t.ok(anchors.length > 10);
  for (const a of new Set(anchors)) t.ok(headings.has(a), `#${a} exists`);
});
