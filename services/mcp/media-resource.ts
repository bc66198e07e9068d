// Media as MCP resources: `tgmcp://media/{chat}/{message}` is the file of one message, read on
// demand through the calling account's session (never stored). download_media links to it for
// files it does not bring into the conversation itself; resources/read works over stdio and HTTP.
import { ProtocolError, ProtocolErrorCode, ResourceNotFoundError, ResourceTemplate, type McpServer } from "@modelcontextprotocol/server";
import { toErrorEnvelope } from "../telegram/errors.js";
import type { ToolBinding } from "./server-factory.js";
import { lazyImport } from "./lazy-import.js";

/** With gramjs, by the first read (ARCHITECTURE.md, "A stdio start"). */
const mediaCode = lazyImport(() => import("../telegram/media.js"));

export const MEDIA_URI_TEMPLATE = "tgmcp://media/{chat}/{message}";

/** The resource URI of a message's file; `chat` as the caller named it (it is resolved again on read). */
export function mediaUri(chatId: string | number, messageId: number): string {
  return `tgmcp://media/${encodeURIComponent(String(chatId).trim())}/${messageId}`;
}

/** Registers the media resource template on a server whose calls act through `binding`. */
export function registerMediaResource(server: McpServer, binding: ToolBinding): void {
  const template = new ResourceTemplate(MEDIA_URI_TEMPLATE, { list: undefined });
  server.registerResource(
    "telegram-media",
    template,
    { title: "Telegram message file", description: "The photo or file of one message, downloaded on demand.", mimeType: "application/octet-stream" },
    async (uri, variables, ctx) => {
      const chat = decodeURIComponent(String(variables.chat ?? ""));
      const message = Number(variables.message);
      if (!chat || !Number.isInteger(message) || message < 1) {
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Not a media URI: expected ${MEDIA_URI_TEMPLATE} with a positive message id.`);
      }
      try {
        const tool = await binding.context(ctx.mcpReq.signal);
        const { fetchMediaFile } = await mediaCode();
        const { file, bytes } = await fetchMediaFile(tool.session, chat, message, tool.options.media.maxFileBytes, { signal: ctx.mcpReq.signal });
        return { contents: [{ uri: uri.href, mimeType: file.mime, blob: bytes.toString("base64") }] };
      } catch (err) {
        const env = toErrorEnvelope(err, "resources/read");
        if (env.error_type === "EntityNotFound") throw new ResourceNotFoundError(uri.href, env.error);
        const code = env.error_type === "InvalidParameter" || env.error_type === "FileError" ? ProtocolErrorCode.InvalidParams : ProtocolErrorCode.InternalError;
        throw new ProtocolError(code, env.error, env);
      }
    },
  );
}
