// gramjs (the `telegram` package), loaded on first use by the few modules that a start loads
// and that need it only at run time: the error classifier (errors.ts) and the TL schema
// (mtproto/schema.ts). Building gramjs's TL classes costs ~0.3-0.6 s of CPU, and a stdio start
// answers tools/list without Telegram (issue #19; ARCHITECTURE.md, "Start-up").
// gramjs is CommonJS, so require() loads it synchronously, once, the same instance that an
// `import ... from "telegram"` elsewhere gets (Node shares the CommonJS cache).
import { createRequire } from "node:module";
import type * as Telegram from "telegram";

const requireCjs = createRequire(import.meta.url);
let main: typeof Telegram | undefined;

/** The `telegram` package's main module (loaded on the first call). */
export function gramjs(): typeof Telegram {
  return (main ??= requireCjs("telegram") as typeof Telegram);
}

/** One of gramjs's own files, e.g. "telegram/tl/apiTl.js" (loaded on the first call). */
export function gramjsFile<T>(specifier: `telegram/${string}`): T {
  return requireCjs(specifier) as T;
}
