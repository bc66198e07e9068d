// GET /files/<token>: the file of one message, for a signed link download_media returned over
// HTTP (services/mcp/media-links.ts). The link is the credential: no bearer token is needed or
// read (auth skips routes marked signedUrl), the token names the account, chat, message and
// expiry. The file is downloaded from Telegram on each request, never stored. Served as an
// attachment with a sanitised name, nosniff and a sandboxing CSP, so nothing renders in a page.
import type { FastifyInstance, FastifyReply } from "fastify";
import { Type } from "typebox";
import type { MediaLinkClaims } from "../services/mcp/media-links.js";
import { fetchMediaFile } from "../services/telegram/media.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The checked claims of a /files/ link. */
    mediaLink?: MediaLinkClaims;
  }
}

/** Types a browser may be told as they are; anything else is application/octet-stream. */
const SAFE_TYPES = new Set(["image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf", "text/plain", "text/csv", "application/json", "application/zip", "audio/mpeg", "audio/ogg", "video/mp4"]);

/** `attachment` with an ASCII fallback name and the UTF-8 original (RFC 6266 / 5987). */
export function contentDisposition(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is being removed
  const clean = name.replace(/[\u0000-\u001f\u007f"\\/]/g, "").trim().slice(0, 150) || "file";
  const ascii = clean.replace(/[^A-Za-z0-9._ -]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

function refuse(reply: FastifyReply, status: number, errorType: string, error: string) {
  return reply.code(status).header("cache-control", "no-store").send({ error, error_type: errorType });
}

export default async function filesRoutes(fastify: FastifyInstance) {
  const config = fastify.config;
  const maxFileBytes = Math.floor(config.MAX_FILE_SIZE_MB * 1024 * 1024);
  fastify.decorateRequest("mediaLink", undefined);

  // A wildcard, not ":token": Fastify caps a parametric segment at 100 characters (maxParamLength).
  fastify.get<{ Params: { "*": string } }>(
    "/files/*",
    {
      schema: { params: Type.Object({ "*": Type.String({ minLength: 1, maxLength: 4096 }) }) },
      config: { signedUrl: true, telegramWork: () => true },
      // After the scope's auth hook (which skips signed URLs): the link's account is the request's.
      onRequest: async (request, reply) => {
        const token = (request.params as { "*"?: string })["*"] ?? "";
        const check = await fastify.mediaLinks.verify(token);
        if (!check.ok) {
          if (check.reason === "expired") return refuse(reply, 410, "LinkExpired", "This download link has expired; call download_media again for a new one.");
          if (check.reason === "bad_signature") return refuse(reply, 403, "Forbidden", "This download link is not valid (altered, or signed by another server).");
          return refuse(reply, 400, "BadRequest", "This is not a download link.");
        }
        const account = await fastify.accounts.getAccount(check.claims.a);
        if (!account) return refuse(reply, 404, "NotFound", "The account of this download link no longer exists.");
        request.account = account;
        request.accountToken = undefined;
        request.mediaLink = check.claims;
      },
    },
    async (request, reply) => {
      const claims = request.mediaLink!;
      // http-auth sessions are sealed under the bearer token, which a link does not carry: the
      // link works while the account's session is open here (it was, when download_media ran).
      if (config.SERVER_MODE === "http-auth" && !fastify.sessionPool.has(claims.a)) {
        return refuse(reply, 409, "SessionClosed", "The account's Telegram session is no longer open on this server; call download_media again for a new link.");
      }
      const session = await request.telegram();
      const { file, bytes } = await fetchMediaFile(session, claims.c, claims.m, maxFileBytes);
      const type = SAFE_TYPES.has(file.mime.toLowerCase()) ? file.mime.toLowerCase() : "application/octet-stream";
      return reply
        .header("content-type", type)
        .header("content-disposition", contentDisposition(file.name ?? `${file.kind}-${claims.m}${file.kind === "photo" ? ".jpg" : ""}`))
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "default-src 'none'; sandbox")
        .header("cache-control", "private, no-store")
        .header("referrer-policy", "no-referrer")
        .send(bytes);
    },
  );
}
