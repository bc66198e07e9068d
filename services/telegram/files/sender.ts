// The file sender of a server (messaging.ts's FileSender) from its configuration. Made at start
// (plugins/mcp.ts); what it sends with is loaded by its first send: resolving (the SSRF-safe
// fetcher, undici) and uploading (gramjs) cost nothing at start (ARCHITECTURE.md, Start-up).
import type { Config } from "../../config/index.js";
import { ToolError } from "../errors.js";
import type { FileSender } from "../messaging.js";
import { FileError } from "./errors.js";
import type { FetchTimeouts, Resolver } from "./fetch-url.js";
import type { ResolveOptions } from "./resolve-files.js";
import type { SendFilesResult } from "./send-files.js";

/** Test hooks (never set in production): addresses exempt from the SSRF policy, resolver, CA. */
export interface FileSenderHooks {
  allowAddresses?: readonly string[];
  lookup?: Resolver;
  ca?: string | Buffer | Array<string | Buffer>;
  timeouts?: FetchTimeouts;
}

/** ResolveOptions from the configuration keys ALLOW_HTTP_URLS, MAX_FILE_SIZE_MB, FILE_ROOTS, ALLOW_HIDDEN_FILES, ALLOW_HARD_LINKS. */
export function resolveOptionsFromConfig(config: Config, hooks: FileSenderHooks = {}): ResolveOptions {
  return {
    mode: config.SERVER_MODE,
    allowHttp: config.ALLOW_HTTP_URLS,
    maxBytes: Math.floor(config.MAX_FILE_SIZE_MB * 1024 * 1024),
    fileRoots: config.FILE_ROOTS,
    allowHidden: config.ALLOW_HIDDEN_FILES,
    allowHardLinks: config.ALLOW_HARD_LINKS,
    ...hooks,
  };
}

/** A FileError as the tools' error type (the file and the reason stay visible to the model). */
export function fileToolError(err: FileError): ToolError {
  return new ToolError("FileError", err.message, { details: [`file: ${err.file}`, `reason: ${err.reason}`] });
}

type SendRequest = Parameters<FileSender["sendFiles"]>[0];

export interface DetailedFileSender extends FileSender {
  /** Also returns the sent messages (the tools render them from the Updates). */
  sendFiles(req: SendRequest): Promise<SendFilesResult>;
}

/**
 * The file sender of a server: what may be sent (resolve options, from the configuration through
 * resolveOptionsFromConfig) is fixed when it is made, so a send request carries no configuration.
 */
export function createFileSender(options: ResolveOptions, hooks: FileSenderHooks = {}): DetailedFileSender {
  const resolveOptions: ResolveOptions = { ...options, ...hooks };
  return {
    async sendFiles(req: SendRequest): Promise<SendFilesResult> {
      if (req.caption.text.length > 4096) {
        throw new ToolError("InvalidParameter", `message is ${req.caption.text.length} characters after formatting; Telegram allows 4096.`);
      }
      try {
        // Every file is fetched and checked before the first upload: a refusal sends nothing.
        const [{ resolveFiles }, { sendFiles }] = await Promise.all([import("./resolve-files.js"), import("./send-files.js")]);
        const files = await resolveFiles(req.files, resolveOptions);
        return await sendFiles(req.session, req.peer, files, {
          caption: req.caption,
          replyTo: req.replyToMsgId,
          topMsgId: req.topMsgId,
          scheduleDate: req.scheduleDate,
          silent: req.silent,
          randomIds: req.randomIds,
          signal: req.signal,
        });
      } catch (err) {
        if (err instanceof FileError) throw fileToolError(err);
        throw err;
      }
    },
  };
}
