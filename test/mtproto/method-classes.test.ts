// The reviewed table against the pinned layer: every function has exactly one entry, the
// policy answers with that entry whatever the spelling, the entries respect the name rules,
// and services/mtproto/README.md publishes the current table. A new layer fails here until
// its functions are reviewed (scripts/method-classes.ts --missing drafts them).
import t from "tap";
import { readFileSync } from "node:fs";
import { METHOD_CLASSES, TABLE_LAYER, type MethodEntry } from "../../services/mtproto/method-classes.js";
import { checkPolicy, DANGER_KINDS, dangerousMethods, methodClass, methodEntry, nameSuggests } from "../../services/mtproto/policy.js";
import { prepareCall } from "../../services/mtproto/invoke.js";
import { BridgeError } from "../../services/mtproto/errors.js";
import { getSchema, type TlDef, type TlSchema } from "../../services/mtproto/schema.js";
import { classTable, missingDrafts, README, renderReadme } from "../../scripts/method-classes.js";

const schema = getSchema();
const functions = [...schema.functions.values()];

t.test("the table covers exactly the functions of the pinned layer", async (t) => {
  t.equal(schema.layer, TABLE_LAYER, "the table was reviewed for this layer");
  const names = new Set(functions.map((d) => d.tlName));
  const missing = [...names].filter((n) => !Object.hasOwn(METHOD_CLASSES, n));
  const stale = Object.keys(METHOD_CLASSES).filter((n) => !names.has(n));
  t.same(missing, [], "every function has a reviewed class (draft them: node --import tsx scripts/method-classes.ts --missing)");
  t.same(stale, [], "no entry names a function the layer does not have");
  t.equal(Object.keys(METHOD_CLASSES).length, functions.length);
  t.same(missingDrafts(), [], "nothing to draft for the pinned layer");
});

t.test("every function: the policy answers with its table entry, in every spelling", async (t) => {
  let checked = 0;
  for (const def of functions) {
    const entry = METHOD_CLASSES[def.tlName]!;
    const spellings = [def.tlName, def.className, `${def.className}Request`, def.tlName.toUpperCase(), def.tlName.replace(/([A-Z])/g, "_$1").toLowerCase()];
    for (const name of spellings) {
      if (methodClass(name) !== entry.class) t.fail(`${name}: ${methodClass(name)}, the table says ${entry.class}`);
    }
    const decision = checkPolicy(def, false, true);
    if (decision.allowed !== (entry.class !== "dangerous")) t.fail(`${def.className}: checkPolicy disagrees with the table`);
    checked++;
  }
  t.equal(checked, functions.length, `${checked} functions checked`);
  t.same(dangerousMethods().length, Object.values(METHOD_CLASSES).filter((e) => e.class === "dangerous").length);
});

t.test("entries are well formed", async (t) => {
  for (const [name, e] of Object.entries(METHOD_CLASSES) as Array<[string, MethodEntry]>) {
    if (e.class === "dangerous") {
      if (!e.kind || !(e.kind in DANGER_KINDS) || e.kind === "unreviewed") t.fail(`${name}: a dangerous entry needs a kind of DANGER_KINDS`);
    } else if (e.kind !== undefined) t.fail(`${name}: only dangerous entries have a kind`);
    if (e.note !== undefined && e.note.trim().length < 4) t.fail(`${name}: empty note`);
  }
  t.pass("checked");
});

t.test("the table respects the name rules (the principle's floor)", async (t) => {
  const exceptions: string[] = [];
  for (const def of functions) {
    const hint = nameSuggests(def);
    const e = METHOD_CLASSES[def.tlName]!;
    if (hint?.class === "dangerous") {
      t.equal(e.class, "dangerous", `${def.className} is dangerous by name (${hint.rule})`);
      if (hint.kind === "wrapper") t.equal(e.kind, "wrapper", `${def.className} is a wrapper`);
    }
    if (hint?.class === "read" && e.class !== "read") {
      t.ok(e.note, `${def.className} is named like a read but is ${e.class}: its note says why`);
      exceptions.push(def.className);
    }
  }
  t.ok(exceptions.includes("messages.GetBotCallbackAnswer"), "read-looking writes are the noted exceptions");
  const wrappers = functions.filter((d) => nameSuggests(d)?.kind === "wrapper").map((d) => d.tlName);
  t.same(wrappers.sort(), ["initConnection", "invokeAfterMsg", "invokeAfterMsgs", "invokeWithApnsSecret", "invokeWithBusinessConnection", "invokeWithGooglePlayIntegrity", "invokeWithLayer", "invokeWithMessagesRange", "invokeWithTakeout", "invokeWithoutUpdates"]);
});

t.test("a function the table lacks is dangerous, and the draft tool proposes an entry", async (t) => {
  const base = schema.functions.get("messages.deletemessages")!;
  const fresh: TlDef = { ...base, tlName: "messages.deleteEverything", className: "messages.DeleteEverything" };
  const unnamed: TlDef = { ...schema.functions.get("messages.sendmessage")!, tlName: "messages.sendGift", className: "messages.SendGift" };
  for (const def of [fresh, unnamed]) {
    t.match(methodEntry(def), { class: "dangerous", kind: "unreviewed" }, `${def.tlName}: unreviewed is dangerous`);
    t.match(checkPolicy(def, false, true), { allowed: false, reason: "needs_allow_dangerous", why: /not classified/ });
  }
  const newer: TlSchema = { ...schema, functions: new Map([...schema.functions, ["messages.deleteeverything", fresh], ["messages.sendgift", unnamed]]) };
  t.same(missingDrafts(newer), [
    '  "messages.deleteEverything": dangerous("delete"), // REVIEW: verb delete',
    '  "messages.sendGift": write(), // REVIEW: the name says nothing',
  ]);
});

t.test("the wrappers stay refused before the policy (METHOD_NOT_SUPPORTED)", async (t) => {
  for (const name of ["invokeWithLayer", "initConnection", "invokeAfterMsg", "invokeWithTakeout", "InvokeWithoutUpdatesRequest"]) {
    for (const allow of [false, true]) {
      let code: unknown;
      try {
        prepareCall({ method: name, params: {}, allowDangerous: allow }, true);
      } catch (err) {
        code = err instanceof BridgeError ? err.info.errorCode : err;
      }
      t.equal(code, "METHOD_NOT_SUPPORTED", `${name}, allow_dangerous=${allow}`);
    }
  }
});

t.test("services/mtproto/README.md publishes the current table", async (t) => {
  const text = readFileSync(README, "utf8");
  t.equal(renderReadme(text), text, "README is up to date (run: node --import tsx scripts/method-classes.ts --write)");
  t.match(classTable(), /\| `messages\.AcceptUrlAuth` \| \*\*dangerous\*\* \(access\) \| logs you in to a website/);
  t.ok(classTable().startsWith(`Layer ${TABLE_LAYER}: ${functions.length} functions, `), "the counts head the table");
  t.throws(() => renderReadme("no markers"), /no section/);
});
