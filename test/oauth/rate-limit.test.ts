// The per-IP limit on the OAuth endpoints anyone may call (token, register, revoke, authorize):
// 429 with Retry-After and an RFC 6749-style JSON error, before the library sees the request;
// discovery, CORS preflights and /mcp are not counted. (That the default limit leaves a normal
// client alone is shown by the flows: flow.test.ts, v2-client.test.ts.)
import t from "tap";
import { startServer } from "./_env.js";

const form = (base: string, path: string, params: Record<string, string>) =>
  fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(params) });

t.test("OAuth endpoints share a per-IP limit; the refusal is OAuth-shaped", async (t) => {
  const env = await startServer(t, { OAUTH_RATE_LIMIT: 4, OAUTH_RATE_WINDOW: 60 });
  const { base } = env;
  const registered = await fetch(`${base}/oauth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ redirect_uris: ["http://127.0.0.1:9/callback"], token_endpoint_auth_method: "none", client_name: "limit test" }),
  });
  t.equal(registered.status, 201, "1: registration");
  const { client_id } = (await registered.json()) as { client_id: string };
  for (let i = 2; i <= 4; i++) {
    const r = await form(base, "/oauth/token", { grant_type: "authorization_code", code: `nope${i}`, code_verifier: "x".repeat(43), redirect_uri: "http://127.0.0.1:9/callback", client_id });
    t.equal(r.status, 400, `${i}: a wrong code is the library's answer`);
  }

  const refused = await form(base, "/oauth/token", { grant_type: "refresh_token", refresh_token: "whatever", client_id });
  t.equal(refused.status, 429, "5: over the limit");
  const retry = Number(refused.headers.get("retry-after"));
  t.ok(retry >= 1 && retry <= 60, `Retry-After in seconds (${retry})`);
  t.equal(refused.headers.get("cache-control"), "no-store");
  t.equal(refused.headers.get("access-control-allow-origin"), "*", "a browser-based client can read it");
  const body = (await refused.json()) as { error: string; error_description: string };
  t.equal(body.error, "too_many_requests");
  t.match(body.error_description, /limit 4 per 60 s/);

  t.equal((await fetch(`${base}/oauth/register`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status, 429, "registration shares the limit");
  t.equal((await form(base, "/oauth/revoke", { token: "x", client_id })).status, 429, "so does revocation");
  t.equal((await fetch(`${base}/oauth/authorize?client_id=${client_id}`)).status, 429, "and the authorize endpoint");
  t.equal((await fetch(`${base}/oauth/token`, { method: "OPTIONS", headers: { origin: base, "access-control-request-method": "POST" } })).status < 400, true, "CORS preflights are not counted");
  t.equal((await fetch(`${base}/.well-known/oauth-authorization-server`)).status, 200, "discovery is not limited");
  t.equal((await fetch(`${base}/.well-known/oauth-protected-resource/mcp`)).status, 200);
  const mcp = await fetch(`${base}/mcp`, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" }, body: "{}" });
  t.equal(mcp.status, 401, "/mcp answers as before (its own limits)");
});
