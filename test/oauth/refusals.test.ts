// Authorization requests the server refuses before anyone logs in (no browser needed): PKCE
// missing or plain, a redirect URI not registered, a resource that is not this server, a CIMD
// client id on loopback (the SSRF guard), and OAuth off outside AUTH_MODES.
import t, { type Test } from "tap";
import { startServer, type Env } from "./_env.js";

async function register(t: Test, env: Env, redirect: string): Promise<string> {
  const res = await fetch(`${env.base}/oauth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ client_name: "refusals", redirect_uris: [redirect], token_endpoint_auth_method: "none", grant_types: ["authorization_code", "refresh_token"], response_types: ["code"] }),
  });
  t.equal(res.status, 201, "DCR");
  return ((await res.json()) as any).client_id;
}

const authorize = (env: Env, params: Record<string, string>) => fetch(`${env.base}/oauth/authorize?${new URLSearchParams(params)}`, { redirect: "manual" });
const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"; // RFC 7636 appendix B

t.test("refused authorization requests", async (t) => {
  const env = await startServer(t);
  const redirect = "https://client.example/cb";
  const clientId = await register(t, env, redirect);
  const base = { client_id: clientId, response_type: "code", redirect_uri: redirect, scope: "telegram:read", resource: `${env.base}/mcp` };

  // Without PKCE, or with the plain method: back to the client with invalid_request.
  for (const pkce of [{}, { code_challenge: CHALLENGE, code_challenge_method: "plain" }] as Record<string, string>[]) {
    const res = await authorize(env, { ...base, ...pkce });
    t.equal(res.status, 303);
    const to = new URL(res.headers.get("location")!);
    t.equal(to.origin + to.pathname, redirect);
    t.equal(to.searchParams.get("error"), "invalid_request", JSON.stringify(pkce));
    t.equal(to.searchParams.get("iss"), env.base, "errors carry iss too (RFC 9207)");
  }

  // A redirect URI that was not registered: an error page here, never a redirect there.
  const wrongRedirect = await authorize(env, { ...base, redirect_uri: "https://evil.example/cb", code_challenge: CHALLENGE, code_challenge_method: "S256" });
  t.equal(wrongRedirect.status, 400);
  t.notOk(wrongRedirect.headers.get("location"));
  t.match(await wrongRedirect.text(), /redirect_uri/);

  // A resource that is not this server (RFC 8707): invalid_target.
  const other = await authorize(env, { ...base, resource: "https://other.example/mcp", code_challenge: CHALLENGE, code_challenge_method: "S256" });
  t.equal(new URL(other.headers.get("location")!).searchParams.get("error"), "invalid_target");

  // A CIMD client id whose document sits on loopback: the SSRF guard refuses to fetch it.
  const cimd = await authorize(env, { ...base, client_id: `https://127.0.0.1:9/client.json`, code_challenge: CHALLENGE, code_challenge_method: "S256" });
  t.equal(cimd.status, 400);
  t.match(await cimd.text(), /invalid_client/);
  t.ok(env.logs.some((l) => l.includes("client metadata document refused") && l.includes("blocked_address")), "refused as a blocked address");

  // Metadata documents for MCP clients, CORS-readable.
  const prm = await fetch(`${env.base}/.well-known/oauth-protected-resource`);
  t.equal(prm.headers.get("access-control-allow-origin"), "*");
  t.equal(((await prm.json()) as any).resource, env.base);
  t.equal((await fetch(`${env.base}/.well-known/openid-configuration`)).status, 200);
});

t.test("AUTH_MODES=bearer: no OAuth endpoints, and the 401 names no resource metadata", async (t) => {
  const env = await startServer(t, { AUTH_MODES: "bearer" });
  t.equal((await fetch(`${env.base}/.well-known/oauth-protected-resource`)).status, 404);
  t.equal((await fetch(`${env.base}/oauth/register`, { method: "POST" })).status, 404);
  const res = await fetch(`${env.base}/mcp`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  t.equal(res.status, 401);
  t.equal(res.headers.get("www-authenticate"), 'Bearer realm="tgmcp"');
});
