// Public surface of the configuration service.
export * from "./schema.js";
export * from "./load.js";
export { parseEnvFile, readEnvFile } from "./env-file.js";
