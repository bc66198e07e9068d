// Signed /files/ download links (services/mcp/media-links.ts): `fastify.mediaLinks`, used by
// routes/mcp.ts to sign the links download_media returns and by routes/files.ts to check them.
// The HMAC key is derived from the install key when the account store has one (links then work
// on every instance sharing SESSION_DIR), else it is random for this process (the in-memory demo
// store); it is made on first use, so start-up touches nothing.
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import fp from "fastify-plugin";
import { publicUrl } from "../services/config/load.js";
import { MediaLinks } from "../services/mcp/media-links.js";

declare module "fastify" {
  interface FastifyInstance {
    mediaLinks: MediaLinks;
  }
}

export default fp(
  async function mediaLinksPlugin(fastify) {
    const store = fastify.accounts as typeof fastify.accounts & { derivedKey?: (purpose: string) => Promise<Buffer> };
    const links = new MediaLinks({
      key: async () => (typeof store.derivedKey === "function" ? store.derivedKey("media-links") : randomBytes(32)),
      // PORT=0 picks the port at listen: the bound one is what a client can reach.
      baseUrl: () => publicUrl(fastify.config, (fastify.server.address() as AddressInfo | null)?.port),
      ttlSeconds: fastify.config.MEDIA_LINK_TTL,
    });
    fastify.decorate("mediaLinks", links);
  },
  { name: "media-links", fastify: "5.x", dependencies: ["config", "accounts"] },
);
