// DNS-rebinding protection: when bound to a loopback address, a web page on another origin
// could make the browser talk to us through a hostname it controls that resolves to
// 127.0.0.1. Requests must therefore name a loopback host (or an allowed one) in Host, and
// an Origin, when present, must be one of those hosts too.
import fp from "fastify-plugin";

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "::1", "[::1]"];

export function isLoopbackAddress(host: string): boolean {
  const h = host.toLowerCase();
  return h === "localhost" || h === "::1" || h === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** The hostname part of a Host header value ("example.com:8000" -> "example.com", "[::1]:80" -> "[::1]"). */
export function hostnameOf(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith("[")) {
    const end = h.indexOf("]");
    return end > 0 ? h.slice(0, end + 1) : h;
  }
  const colon = h.indexOf(":");
  return colon < 0 ? h : h.slice(0, colon);
}

export interface HostValidationOptions {
  /** The bind address; validation is on when it is a loopback address. */
  host: string;
  /** Extra accepted host names (ALLOWED_HOSTS, DOMAIN). */
  allowedHosts?: readonly string[];
}

export default fp<HostValidationOptions>(
  async function hostValidationPlugin(fastify, opts) {
    if (!isLoopbackAddress(opts.host)) return;
    const allowed = new Set([...LOOPBACK_NAMES, opts.host.toLowerCase(), ...(opts.allowedHosts ?? []).map((h) => h.toLowerCase())]);
    const ok = (name: string) => allowed.has(name) || /^127\.\d+\.\d+\.\d+$/.test(name);

    fastify.addHook("onRequest", async (request, reply) => {
      const host = request.headers.host;
      if (!host || !ok(hostnameOf(host))) {
        return reply.code(403).send({
          error: `Host header ${JSON.stringify(host ?? "")} is not allowed: this server is bound to loopback and only answers to localhost. Set ALLOWED_HOSTS to add a name.`,
          error_type: "Forbidden",
        });
      }
      const origin = request.headers.origin;
      if (origin !== undefined) {
        let originHost: string | undefined;
        try {
          originHost = hostnameOf(new URL(origin).host);
        } catch {
          originHost = undefined;
        }
        if (!originHost || !ok(originHost)) {
          return reply.code(403).send({
            error: `Origin ${JSON.stringify(origin)} is not allowed (DNS-rebinding protection). Set ALLOWED_HOSTS to add a name.`,
            error_type: "Forbidden",
          });
        }
      }
    });
  },
  { name: "host-validation", fastify: "5.x" },
);
