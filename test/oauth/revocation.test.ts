// Revocation (RFC 7009) and single-use codes, after a real authorization (v1 SDK auth() + Chromium);
// static bearer tokens keep working beside OAuth.
import t from "tap";
import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { CHROMIUM, MemoryClientProvider, loginAndConsent, newPage, startBrowser, startCallback, startServer } from "./_env.js";

if (!CHROMIUM) t.fail("these tests need Chrome or Chromium (see scripts/chromium.ts)");

const rpc = (base: string, token?: string) =>
  fetch(`${base}/mcp`, {
    method: "POST",
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }),
  });

const tokenRequest = (base: string, params: Record<string, string>) =>
  fetch(`${base}/oauth/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(params) });

t.test("revocation (RFC 7009) stops an access token at once; a bearer token still works beside OAuth", async (t) => {
  const env = await startServer(t);
  const browser = await startBrowser(t);
  const cb = await startCallback(t);
  const serverUrl = new URL(`${env.base}/mcp`);
  const client = new MemoryClientProvider(cb.url);
  await auth(client, { serverUrl });
  const { page } = await newPage(t, browser);
  await loginAndConsent(page, env.sb, client.authorizationUrl!.href);
  await page.waitForURL(/\/callback\?/);
  const code = cb.hits.find((u) => u.pathname === "/callback")!.searchParams.get("code")!;
  await auth(client, { serverUrl, authorizationCode: code });
  const at = client.saved!.access_token;
  t.equal((await rpc(env.base, at)).status, 200);

  const revoked = await fetch(`${env.base}/oauth/revoke`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: at, client_id: client.info!.client_id }),
  });
  t.equal(revoked.status, 200);
  const after = await rpc(env.base, at);
  t.equal(after.status, 401);
  t.match(after.headers.get("www-authenticate"), /error="invalid_token"/);

  // The code is single-use (and its reuse revokes what it gave).
  const reused = await tokenRequest(env.base, { grant_type: "authorization_code", code, code_verifier: client.verifier, redirect_uri: cb.url, client_id: client.info!.client_id });
  t.equal(reused.status, 400);
  t.equal(((await reused.json()) as any).error, "invalid_grant", "a reused code is refused");
  t.equal((await rpc(env.base, client.saved!.refresh_token)).status, 401, "a refresh token is no access token");

  const { token } = await env.store.createAccount({ session: await env.sb.createSession(env.sb.world.demoAccountId) });
  t.equal((await rpc(env.base, token)).status, 200, "static bearer tokens keep working (AUTH_MODES=bearer,oauth)");
});
