// The files component's entry point for the tools: resolve (fetch + check every file) and then
// send. `createFileSender` implements messaging.ts's FileSender from the server configuration.

export { FileError, type FileErrorReason } from "./errors.js";
export { resolveFiles, normalizeFilesParam, MAX_FILES, type ResolveOptions, type PreparedFile } from "./resolve-files.js";
export { sendFiles, planSends, CAPTION_LIMIT, type SendFilesOptions, type SendFilesResult, type Caption } from "./send-files.js";
export { createFileSender, resolveOptionsFromConfig, fileToolError, type FileSenderHooks, type DetailedFileSender } from "./sender.js";
