// The whole OAuth journey with a client nobody here wrote (the v1 SDK's auth()): discovery from a
// bare 401, dynamic registration, the authorize page in real Chromium (phone + code on the
// sandbox), consent, the code exchange, a tool call over /mcp, refresh, reuse detection, revocation.
import t from "tap";
import { auth, extractWWWAuthenticateParams } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CHROMIUM, MemoryClientProvider, oauthStoreText, loginAndConsent, newPage, startBrowser, startCallback, startServer } from "./_env.js";

if (!CHROMIUM) t.fail("these tests need Chrome or Chromium (see scripts/chromium.ts)");

const rpc = (base: string, token?: string) =>
  fetch(`${base}/mcp`, {
    method: "POST",
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }),
  });

const tokenRequest = (base: string, params: Record<string, string>) =>
  fetch(`${base}/oauth/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(params) });

t.test("discovery, DCR, Telegram login and consent in Chromium, a tool call, refresh with rotation, reuse revokes the family", async (t) => {
  const env = await startServer(t);
  const browser = await startBrowser(t);
  const cb = await startCallback(t);
  const serverUrl = new URL(`${env.base}/mcp`);

  // A bare request: 401 naming the resource metadata and the scopes (RFC 9728 §5.1).
  const bare = await rpc(env.base);
  t.equal(bare.status, 401);
  const www = extractWWWAuthenticateParams(bare);
  t.equal(String(www.resourceMetadataUrl), `${env.base}/.well-known/oauth-protected-resource/mcp`);
  t.equal(www.scope, "telegram:read telegram:write");
  const prm = (await (await fetch(www.resourceMetadataUrl!)).json()) as any;
  t.same(prm.authorization_servers, [env.base]);
  t.equal(prm.resource, `${env.base}/mcp`);
  const asMeta = (await (await fetch(`${env.base}/.well-known/oauth-authorization-server`)).json()) as any;
  t.equal(asMeta.issuer, env.base);
  t.same(asMeta.code_challenge_methods_supported, ["S256"], "PKCE S256 only");
  t.equal(asMeta.authorization_response_iss_parameter_supported, true, "RFC 9207");
  t.ok(asMeta.registration_endpoint && asMeta.revocation_endpoint);
  t.equal(asMeta.client_id_metadata_document_supported, true);

  const client = new MemoryClientProvider(cb.url);
  t.equal(await auth(client, { serverUrl, resourceMetadataUrl: www.resourceMetadataUrl, scope: www.scope }), "REDIRECT");
  t.ok(client.info?.client_id, "registered by DCR");
  const authUrl = client.authorizationUrl!;
  t.equal(authUrl.searchParams.get("resource"), `${env.base}/mcp`, "RFC 8707 resource indicator");

  const { page, urls } = await newPage(t, browser, true);
  await loginAndConsent(page, env.sb, authUrl.href, { shots: "flow" });
  await page.waitForURL(/\/callback\?/);
  const hit = cb.hits.find((u) => u.pathname === "/callback")!;
  const code = hit.searchParams.get("code")!;
  t.ok(code, "the browser came back with a code");
  t.equal(hit.searchParams.get("iss"), env.base, "iss in the authorization response (RFC 9207)");

  t.equal(await auth(client, { serverUrl, authorizationCode: code }), "AUTHORIZED");
  const first = client.saved!;
  t.ok(first.access_token && first.refresh_token, "access and refresh tokens");
  t.equal(first.scope, "telegram:read telegram:write");

  // A tool call through the SDK's transport with the provider.
  const mcp = new Client({ name: "oauth-test", version: "1.0.0" });
  await mcp.connect(new StreamableHTTPClientTransport(serverUrl, { authProvider: client }));
  t.teardown(() => mcp.close());
  const me = await mcp.callTool({ name: "get_chat_info", arguments: { chat_id: "me" } });
  t.notOk(me.isError, JSON.stringify(me).slice(0, 300));

  // Refresh: a new pair; the old refresh token is spent.
  t.equal(await auth(client, { serverUrl }), "AUTHORIZED");
  const second = client.saved!;
  t.not(second.refresh_token, first.refresh_token, "the refresh token rotated");
  t.equal((await rpc(env.base, second.access_token)).status, 200);

  // Reuse of the spent refresh token: refused, and the whole family goes.
  const again = await tokenRequest(env.base, { grant_type: "refresh_token", refresh_token: first.refresh_token!, client_id: client.info!.client_id });
  t.equal(((await again.json()) as any).error, "invalid_grant");
  t.equal((await rpc(env.base, second.access_token)).status, 401, "the family's access token is revoked");
  const newest = await tokenRequest(env.base, { grant_type: "refresh_token", refresh_token: second.refresh_token!, client_id: client.info!.client_id });
  t.equal(((await newest.json()) as any).error, "invalid_grant", "the family's newest refresh token is revoked");

  for (const u of urls) {
    t.notOk(u.includes(first.access_token) || u.includes(first.refresh_token!), "no token in a URL");
  }
  const logText = env.logs.join("");
  for (const secret of [first.access_token, first.refresh_token!, second.access_token, code]) t.notOk(logText.includes(secret), "no OAuth secret in the log");
  t.notOk(logText.includes("9996620001"), "no phone number in the log");
  const atRest = oauthStoreText(env);
  t.ok(atRest.length > 1000, "the OAuth store is on disk (SESSION_DIR/oauth)");
  for (const secret of [first.access_token, first.refresh_token!, second.access_token, second.refresh_token!, code]) t.notOk(atRest.includes(secret), "no OAuth secret at rest");
});
