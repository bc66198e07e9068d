// `node --import <this file>`: records every module the process loads (resolved URLs, one per
// line) into the file named by RECORD_IMPORTS_FILE, so a test can check what start-up pulls in.
// ES modules as they resolve; CommonJS files (also those a package require()s, which the hook
// does not see) from the CommonJS cache when the process exits, as paths.
import { createRequire, register } from "node:module";
import { appendFileSync } from "node:fs";
import process from "node:process";
import { MessageChannel } from "node:worker_threads";

const out = process.env.RECORD_IMPORTS_FILE;
if (out) {
  const { port1, port2 } = new MessageChannel();
  port1.on("message", (url) => appendFileSync(out, url + "\n"));
  port1.unref();
  // The hooks run on the loader thread; they post each resolved URL back here.
  const hooks = `let port;
  export async function initialize(data) { port = data.port; }
  export async function resolve(specifier, context, next) {
    const r = await next(specifier, context);
    port.postMessage(r.url);
    return r;
  }`;
  const cjs = createRequire(import.meta.url).cache;
  process.on("exit", () => appendFileSync(out, Object.keys(cjs).map((f) => f + "\n").join("")));
  register("data:text/javascript," + encodeURIComponent(hooks), { data: { port: port2 }, transferList: [port2] });
}
