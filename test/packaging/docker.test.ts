// Static checks of docker/Dockerfile, docker/docker-compose.yml (+ the Traefik overlay)
// and .dockerignore against the config schema and the package: no Docker engine runs
// here. The image's HEALTHCHECK command is run for real against a started server.
import t from "tap";
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { AddressInfo } from "node:net";
import { ConfigSchema } from "../../services/config/schema.js";
import { makeConfig } from "../helpers/config.js";
import { buildApp } from "../../app.js";
import { MemoryAccountStore } from "../../services/accounts/memory-store.js";
import { startSandbox } from "../helpers/sandbox.js";
import { childEnv, cliCommand } from "../helpers/child-env.js";
import {
  ROOT,
  composeEnvironment,
  containerPort,
  envOf,
  execForm,
  interpolatedVariables,
  parseDockerfile,
  processEnvReads,
  readCompose,
  readText,
  volumeMount,
} from "./_docker-files.js";

const run = promisify(execFile);
const SCHEMA_KEYS = new Set(Object.keys(ConfigSchema.properties));
const props = ConfigSchema.properties as Record<string, { default?: unknown }>;
const DEFAULT_PORT = props.PORT!.default as number;
const DEFAULT_SESSION_DIR = props.SESSION_DIR!.default as string;
const pkg = JSON.parse(readText("package.json"));

const dockerfileText = readText("docker/Dockerfile");
const steps = parseDockerfile(dockerfileText);
const finalStage = Math.max(...steps.map((s) => s.stage));
const final = steps.filter((s) => s.stage === finalStage);
const one = (op: string) => {
  const found = final.filter((s) => s.op === op);
  if (found.length !== 1) throw new Error(`final stage has ${found.length} ${op} instructions, expected 1`);
  return found[0]!.args;
};
const finalEnv = Object.assign({}, ...final.filter((s) => s.op === "ENV").map((s) => envOf(s.args))) as Record<string, string>;
/** The image runs as the `node` user of the official images, whose home is /home/node. */
const HOME = "/home/node";
const sessionPathInImage = DEFAULT_SESSION_DIR.replace(/^~(?=\/|$)/, HOME);

const compose = readCompose();
const traefik = readCompose("docker/docker-compose.traefik.yml");
const services = compose.doc.services as Record<string, any>;

t.test("Dockerfile: multi-stage on a Node 22/24 slim image, build with dev deps, production deps only at the end", async (t) => {
  const froms = steps.filter((s) => s.op === "FROM");
  t.ok(froms.length >= 2, "multi-stage");
  for (const f of froms) t.match(f.args, /^node:(22|24)-slim(\s|$)/, `base image ${f.args}`);
  const buildStage = steps.find((s) => s.op === "RUN" && /\bnpm run build\b/.test(s.args));
  t.ok(buildStage, "a stage runs `npm run build`");
  t.ok(
    steps.some((s) => s.stage === buildStage!.stage && s.op === "RUN" && /\bnpm ci\b/.test(s.args) && !/--omit=dev/.test(s.args)),
    "the build stage installs every dependency with npm ci",
  );
  t.not(buildStage!.stage, finalStage, "the build does not happen in the final stage");

  // node_modules of the final image: installed there with --omit=dev, or copied from a stage that did.
  const prodInstall = (stage: number) => steps.some((s) => s.stage === stage && s.op === "RUN" && /\bnpm ci\b.*--omit=dev/.test(s.args));
  const stageIndex = new Map(froms.map((f) => [/\bAS\s+(\S+)/i.exec(f.args)?.[1] ?? "", f.stage]));
  const copiedModules = final.find((s) => s.op === "COPY" && /\bnode_modules\b/.test(s.args));
  if (copiedModules) {
    const from = /--from=(\S+)/.exec(copiedModules.args)?.[1];
    t.ok(from !== undefined && prodInstall(stageIndex.get(from) ?? -1), `node_modules copied from a production-only install (stage ${from})`);
  } else t.ok(prodInstall(finalStage), "the final stage installs production dependencies only");
  t.notOk(final.some((s) => s.op === "RUN" && /\bnpm (ci|install)\b(?!.*--omit=dev)/.test(s.args)), "no dev install in the final stage");

  // What the runtime reads: dist/ (built), views/ (wizard templates), package.json ("type": "module").
  const copies = final.filter((s) => s.op === "COPY").map((s) => s.args);
  t.ok(copies.some((c) => /--from=\S+\s+\/app\/dist\s/.test(c)), "dist/ comes from the build stage");
  t.ok(copies.some((c) => /^views\s/.test(c)), "views/ is copied");
  t.ok(copies.some((c) => /\bpackage\.json\b/.test(c)), "package.json is copied");
  t.ok(existsSync(join(ROOT, "views")), "views/ exists in the repository");
});

t.test("Dockerfile: non-root, sessions on a volume at SESSION_DIR's default, port and settings from the schema", async (t) => {
  const user = one("USER");
  t.notMatch(user, /^(root|0)(:|$)/, "not root");
  t.equal(user, "node", "the official images' unprivileged user (home /home/node)");

  t.same(execForm(one("VOLUME")), [sessionPathInImage], `VOLUME is SESSION_DIR's default (${DEFAULT_SESSION_DIR}) for that user`);
  t.notOk("SESSION_DIR" in finalEnv, "SESSION_DIR is left at its default, which the volume matches");
  const prep = final.filter((s) => s.op === "RUN").map((s) => s.args).join("\n");
  t.ok(prep.includes(`mkdir -p ${sessionPathInImage}`), "the session folder exists in the image (a new named volume copies it)");
  t.match(prep, /chown -R node:node \/home\/node\/\.config/, "owned by the runtime user");
  t.ok(prep.includes(`chmod 700 ${sessionPathInImage}`), "0700 like the session store creates it");

  t.equal(one("EXPOSE"), String(DEFAULT_PORT), "EXPOSE is the default PORT");
  t.equal(finalEnv.PORT, String(DEFAULT_PORT), "ENV PORT is the default");
  t.equal(finalEnv.SERVER_MODE, "http-auth", "bearer tokens by default");
  t.equal(finalEnv.HOST, "0.0.0.0", "reachable from outside the container");

  // Every setting the image sets or reads is a real setting.
  const used = new Set<string>();
  for (const s of steps) {
    if (s.op === "ENV") for (const k of Object.keys(envOf(s.args))) used.add(k);
    for (const v of interpolatedVariables(s.args)) used.add(v);
    for (const v of processEnvReads(s.args)) used.add(v);
  }
  used.delete("NODE_ENV"); // Node's own convention, not a tgmcp setting
  t.ok(used.size >= 3, `variables found: ${[...used].join(", ")}`);
  for (const v of used) t.ok(SCHEMA_KEYS.has(v), `${v} is a key of the config schema`);
  t.notOk(/\bARG\b/.test(steps.map((s) => s.op).join(" ")), "no build args outside the schema");
});

t.test("Dockerfile: the start command is the package's bin, and it knows `serve` and `setup`", async (t) => {
  t.equal(pkg.bin?.tgmcp, "dist/cli.js", "package.json bin");
  t.same(execForm(one("ENTRYPOINT")), ["tgmcp"]);
  t.same(execForm(one("CMD")), ["serve"]);
  t.equal(one("WORKDIR"), "/app");
  const runs = final.filter((s) => s.op === "RUN").map((s) => s.args).join("\n");
  t.ok(runs.includes(`ln -s /app/${pkg.bin.tgmcp} /usr/local/bin/tgmcp`), "tgmcp on PATH points at the bin file");
  t.ok(
    steps.some((s) => s.op === "RUN" && s.args.includes(`chmod +x ${pkg.bin.tgmcp}`)),
    "the bin file is executable (tsc does not set the mode)",
  );

  // dist/cli.js is what `npm run build` makes of cli.ts: scripts/build.ts type-checks with
  // tsconfig.build.json and bundles cli.ts (and app.ts) into dist/ (the pack test runs it).
  t.match(pkg.scripts.build, /^node --import tsx scripts\/build\.ts$/);
  const buildScript = readText("scripts/build.ts");
  t.match(buildScript, /entryPoints: \{ cli: "cli\.ts", app: "app\.ts" \}/, "cli.ts -> dist/cli.js, app.ts -> dist/app.js");
  t.match(buildScript, /"-p", "tsconfig\.build\.json", "--noEmit"/, "the build type-checks first");
  t.equal(pkg.main, "dist/app.js");
  t.ok(existsSync(join(ROOT, "cli.ts")), "cli.ts -> dist/cli.js");
  t.match(readText("cli.ts"), /^#!\/usr\/bin\/env node\n/, "with a node shebang");

  // The commands the image and the compose file run exist (from source; the pack test runs the build).
  for (const cmd of ["serve", "setup"]) {
    const cli = cliCommand(cmd, "--help");
    const { stdout } = await run(cli.command, cli.args, { cwd: ROOT, env: childEnv({ HOME: ROOT }) });
    t.match(stdout, new RegExp(`^Usage: tgmcp ${cmd}\\b`), `tgmcp ${cmd} --help`);
  }
});

t.test("Dockerfile: the build context keeps secrets out and the sources in", async (t) => {
  const ignored = readText(".dockerignore")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  for (const p of [".env", "node_modules", ".git", "dist"]) t.ok(ignored.includes(p), `${p} is ignored`);
  t.ok(ignored.includes("!.env.example"), ".env.example stays");
  const top = new Set(ignored.filter((l) => !l.startsWith("!") && !/[*?]/.test(l)));
  // Every file the build compiles (and what the final stage copies) must be in the context.
  const { stdout } = await run(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--listFilesOnly"], { cwd: ROOT, maxBuffer: 64 << 20 });
  const sources = stdout
    .split("\n")
    .filter((f) => f.startsWith(ROOT + "/") && !f.includes("/node_modules/"))
    .map((f) => f.slice(ROOT.length + 1));
  t.ok(sources.includes("cli.ts") && sources.some((f) => f.startsWith("commands/")), "the build compiles cli.ts and commands/");
  const needed = [...sources, "package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json", "scripts/build.ts", "views"];
  const excluded = needed.filter((f) => top.has(f.split("/")[0]!) || top.has(f));
  t.same(excluded, [], "nothing the build or the image needs is ignored");
});

t.test("docker-compose.yml: profiles setup and server, nothing without a profile", async (t) => {
  const names = Object.keys(services);
  for (const [name, svc] of Object.entries(services)) t.ok(Array.isArray(svc.profiles) && svc.profiles.length > 0, `${name} only starts with a profile`);
  const byProfile = (p: string) => names.filter((n) => services[n].profiles.includes(p));
  t.same(byProfile("setup"), ["setup"]);
  t.same(byProfile("server"), ["tgmcp"]);

  const setup = services.setup;
  t.same(setup.entrypoint, ["tgmcp", "setup"], "`run --rm setup --phone-number=...` appends options to `tgmcp setup`");
  t.equal(setup.stdin_open, true, "interactive: stdin");
  t.equal(setup.tty, true, "interactive: tty");
  t.same(services.tgmcp.command, ["serve"]);
  t.notOk(services.tgmcp.entrypoint, "the server uses the image's ENTRYPOINT");

  for (const name of names) {
    const svc = services[name];
    t.equal(svc.build.context, "..", `${name}: built from the repository root`);
    t.equal(svc.build.dockerfile, "docker/Dockerfile");
    t.ok(existsSync(join(ROOT, "docker", svc.build.context, svc.build.dockerfile)), "the Dockerfile path resolves");
    t.same([svc.env_file].flat(), ["../.env"], `${name}: settings from the repository's .env`);
    const env = composeEnvironment(svc.environment);
    t.equal(env.SERVER_MODE, "http-auth", `${name}: http-auth`);
    t.equal(env.HOST, "0.0.0.0");
    t.equal(env.PORT, String(DEFAULT_PORT));
  }
});

t.test("docker-compose.yml: ports, volumes and variables agree with the schema and the image", async (t) => {
  const server = services.tgmcp;
  t.same(server.ports.map(containerPort), [DEFAULT_PORT], "the published container port is PORT");
  t.match(String(server.ports[0]), /^127\.0\.0\.1:/, "published on the host's loopback only (the proxy faces the internet)");

  const volumeNames = Object.keys(compose.doc.volumes ?? {});
  t.ok(volumeNames.length > 0, "a named volume is declared");
  for (const name of Object.keys(services)) {
    const mounts = (services[name].volumes ?? []).map(volumeMount);
    t.same(mounts.map((m: { target: string }) => m.target), [sessionPathInImage], `${name}: sessions at the image's VOLUME`);
    for (const m of mounts) t.ok(volumeNames.includes(m.source), `${name}: ${m.source} is a named volume`);
  }
  t.equal(new Set(Object.values(services).map((s: any) => JSON.stringify(s.volumes))).size, 1, "setup and server share the sessions");

  const labels: string[] = server.labels;
  t.ok(labels.some((l) => /^traefik\.http\.routers\.\w+\.rule=Host\(`\$\{DOMAIN(:-[^}]*)?\}`\)$/.test(l)), "the Traefik router follows DOMAIN");
  t.ok(labels.includes(`traefik.http.services.tgmcp.loadbalancer.server.port=${DEFAULT_PORT}`), "Traefik forwards to PORT");

  const used = new Set<string>();
  for (const text of [compose.text, traefik.text]) {
    for (const v of interpolatedVariables(text)) used.add(v);
  }
  for (const svc of Object.values(services)) for (const k of Object.keys(composeEnvironment(svc.environment))) used.add(k);
  for (const svc of Object.values(traefik.doc.services as Record<string, any>)) for (const k of Object.keys(composeEnvironment(svc.environment))) used.add(k);
  t.ok(used.has("DOMAIN"), "DOMAIN drives the proxy labels");
  for (const v of used) t.ok(SCHEMA_KEYS.has(v), `${v} is a key of the config schema`);

  // The overlay only adds Traefik's network to the server.
  t.same(Object.keys(traefik.doc.services), ["tgmcp"]);
  t.equal(traefik.doc.networks["traefik-public"].external, true);
});

t.test("the image's HEALTHCHECK command reports a running server healthy and a stopped one unhealthy", async (t) => {
  const hc = one("HEALTHCHECK");
  const m = /^((?:--[a-z-]+=\S+\s+)*)CMD\s+(\[.*\])$/.exec(hc);
  t.ok(m, "HEALTHCHECK [options] CMD [exec form]");
  const argv = execForm(m![2]!);
  t.equal(argv[0], "node", "node itself: slim images have no curl");
  t.notMatch(hc, /\bcurl\b|\bwget\b/);

  const sb = await startSandbox(t);
  const config = makeConfig({ LOG_LEVEL: "silent", HOST: "127.0.0.1", PORT: 0 });
  const app = await buildApp(config, { sandbox: sb, accountStore: new MemoryAccountStore(), logger: false });
  t.teardown(() => app.close());
  await app.listen({ host: "127.0.0.1", port: 0 });
  const port = (app.server.address() as AddressInfo).port;

  const healthcheck = (p: number) =>
    run(argv[0] === "node" ? process.execPath : argv[0]!, argv.slice(1), { env: { PATH: process.env.PATH ?? "", PORT: String(p) }, timeout: 30_000 }).then(
      () => 0,
      (err) => (typeof err.code === "number" ? err.code : -1),
    );
  t.equal(await healthcheck(port), 0, "healthy while /health answers 200");
  await app.close();
  t.equal(await healthcheck(port), 1, "unhealthy once the server is gone");
});

t.test(".env.example exists and is what the image's users copy", async (t) => {
  t.ok(existsSync(join(ROOT, ".env.example")));
  t.ok(pkg.files.includes(".env.example"), "shipped in the npm package too");
  t.notOk(readFileSync(join(ROOT, ".gitignore"), "utf8").split("\n").includes(".env.example"));
});
