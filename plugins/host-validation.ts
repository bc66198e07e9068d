// DNS-rebinding protection: when bound to a loopback address, a web page on another origin
// could make the browser talk to us through a hostname it controls that resolves to
// 127.0.0.1. Requests must therefore name a loopback host (or an allowed one) in Host, and
// an Origin, when present, must be one of those hosts too.
//
// The Host value is parsed as RFC 9110 defines it (host [":" port]) and the host compared
// exactly: a prefix test lets "[::1].evil.com" or "127.0.0.1:8000.evil.com" through. A request
// with two Host headers, or an absolute-form target (GET http://other/...) naming another
// host, is refused too: the name a proxy or the router acts on must be the name checked here.
import { isIP } from "node:net";
import fp from "fastify-plugin";
import type { FastifyReply } from "fastify";

export function isLoopbackAddress(host: string): boolean {
  const h = host.toLowerCase();
  return h === "localhost" || h === "::1" || h === "[::1]" || (isIP(h) === 4 && h.startsWith("127."));
}

/**
 * A Host header value (or URL authority without userinfo) split into its lower-case hostname and
 * port, or null when it is not exactly `host[:port]`: a registered name, a dotted IPv4 address
 * or a bracketed IPv6 address, and a port of at most 65535.
 */
export function parseHost(value: string): { hostname: string; port?: number } | null {
  const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~-]+)(?::(\d{1,5}))?$/.exec(value);
  if (!m) return null;
  const hostname = m[1]!.toLowerCase();
  if (hostname.startsWith("[") && isIP(hostname.slice(1, -1)) !== 6) return null;
  if (m[2] === undefined) return { hostname };
  const port = Number(m[2]);
  return port <= 65535 ? { hostname, port } : null;
}

export interface HostValidationOptions {
  /** The bind address; validation is on when it is a loopback address. */
  host: string;
  /** Extra accepted host names (ALLOWED_HOSTS, DOMAIN). */
  allowedHosts?: readonly string[];
}

function refuse(reply: FastifyReply, status: 400 | 403, error: string): FastifyReply {
  return reply.code(status).send({ error, error_type: status === 400 ? "BadRequest" : "Forbidden" });
}

const HINT = "this server is bound to loopback and only answers to localhost. Set ALLOWED_HOSTS to add a name.";

export default fp<HostValidationOptions>(
  async function hostValidationPlugin(fastify, opts) {
    if (!isLoopbackAddress(opts.host)) return;
    const allowed = new Set(["localhost", "[::1]", opts.host.toLowerCase(), ...(opts.allowedHosts ?? []).map((h) => h.toLowerCase())]);
    const ok = (hostname: string) => allowed.has(hostname) || isLoopbackAddress(hostname);

    fastify.addHook("onRequest", async (request, reply) => {
      // Node keeps the first of several Host headers; the raw list shows them all.
      const raw = request.raw.rawHeaders;
      let hosts = 0;
      for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === "host") hosts++;
      if (hosts > 1) return refuse(reply, 400, "More than one Host header: send exactly one.");

      const host = request.headers.host;
      if (!host) return refuse(reply, 400, `Missing Host header: ${HINT}`);
      const parsed = parseHost(host);
      if (!parsed) return refuse(reply, 400, `Malformed Host header ${JSON.stringify(host)}: expected host or host:port.`);
      if (!ok(parsed.hostname)) return refuse(reply, 403, `Host header ${JSON.stringify(host)} is not allowed: ${HINT}`);

      // The target must be origin-form (/path) or absolute-form naming an allowed host too.
      const target = request.raw.url ?? "";
      if (!target.startsWith("/") && !(target === "*" && request.method === "OPTIONS")) {
        const abs = /^https?:\/\/([^/?#]*)/i.exec(target);
        const authority = abs ? parseHost(abs[1]!) : null;
        if (!authority) return refuse(reply, 400, "Malformed request target: expected a path, or http://host/path.");
        if (!ok(authority.hostname)) return refuse(reply, 403, `Request target host ${JSON.stringify(abs![1])} is not allowed: ${HINT}`);
      }

      const origin = request.headers.origin;
      if (origin !== undefined) {
        // A browser's Origin is scheme://host[:port], nothing else ("null" for opaque origins).
        const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)$/.exec(origin);
        const originHost = m ? parseHost(m[1]!) : null;
        if (!originHost || !ok(originHost.hostname)) {
          return refuse(reply, 403, `Origin ${JSON.stringify(origin)} is not allowed (DNS-rebinding protection). Set ALLOWED_HOSTS to add a name.`);
        }
      }
    });
  },
  { name: "host-validation", fastify: "5.x" },
);
