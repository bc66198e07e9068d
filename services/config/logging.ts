// pino's options for every logger of the service (Fastify's and `tgmcp serve`'s own): LOG_LEVEL,
// secrets redacted. Its own module so that a stdio start imports it without the HTTP app.
import type { Config } from "./schema.js";

/** Paths redacted from every log line: tokens, phone numbers, codes, passwords, sessions. */
export const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "headers.authorization",
  "token",
  "*.token",
  "accountToken",
  "session",
  "*.session",
  "phone",
  "*.phone",
  "phone_number",
  "*.phone_number",
  "code",
  "*.code",
  "password",
  "*.password",
];

/** pino options: LOG_LEVEL, secrets redacted. */
export function loggerOptions(config: Config): { level: string; redact: { paths: string[]; censor: string } } {
  return { level: config.LOG_LEVEL, redact: { paths: REDACT_PATHS, censor: "[redacted]" } };
}
