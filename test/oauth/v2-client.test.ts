// The whole OAuth flow with the v2 client (@modelcontextprotocol/client), a client nobody here
// wrote: discovery from a bare 401, dynamic registration, the authorize page in Chromium (phone
// and code on the sandbox), consent, the code with its RFC 9207 `iss` checked by the SDK, token,
// a tool call, and a refresh the transport does on its own when the access token stops working.
import t from "tap";
import { Client, StreamableHTTPClientTransport, UnauthorizedError } from "@modelcontextprotocol/client";
import type { OAuthClientMetadata, OAuthClientProvider, StoredOAuthClientInformation, StoredOAuthTokens } from "@modelcontextprotocol/client";
import { CHROMIUM, loginAndConsent, newPage, startBrowser, startCallback, startServer } from "./_env.js";

if (!CHROMIUM) t.fail("these tests need Chrome or Chromium (see scripts/chromium.ts)");

/** The v2 client's state in memory. */
class V2Provider implements OAuthClientProvider {
  info?: StoredOAuthClientInformation;
  saved?: StoredOAuthTokens;
  saves = 0;
  verifier = "";
  authorizationUrl?: URL;
  constructor(readonly redirectUrl: string) {}
  get clientMetadata(): OAuthClientMetadata {
    return { client_name: "v2 SDK test client", redirect_uris: [this.redirectUrl], grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], token_endpoint_auth_method: "none" };
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: StoredOAuthClientInformation) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: StoredOAuthTokens) {
    this.saved = tokens;
    this.saves++;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(v: string) {
    this.verifier = v;
  }
  codeVerifier() {
    return this.verifier;
  }
}

t.test("v2 client: discovery, registration, Chromium login and consent, token, tool call, refresh", async (t) => {
  const env = await startServer(t);
  const browser = await startBrowser(t);
  const cb = await startCallback(t);
  const serverUrl = new URL(`${env.base}/mcp`);
  const provider = new V2Provider(cb.url);

  // A bare connect: the 401 leads the SDK to the metadata, a registration and the authorize URL.
  const first = new StreamableHTTPClientTransport(serverUrl, { authProvider: provider });
  const client = new Client({ name: "v2-oauth-test", version: "1.0.0" });
  await t.rejects(client.connect(first), UnauthorizedError, "the first connect needs the person");
  await client.close().catch(() => {});
  t.ok(provider.info?.client_id, "registered by DCR");
  const url = provider.authorizationUrl!;
  t.equal(url.origin + url.pathname, `${env.base}/oauth/authorize`);
  t.equal(url.searchParams.get("code_challenge_method"), "S256");
  t.equal(url.searchParams.get("resource"), serverUrl.href, "RFC 8707 resource");

  const { page } = await newPage(t, browser);
  await loginAndConsent(page, env.sb, url.href, { phone: "+9996620002" });
  await page.waitForURL(/\/callback\?/);
  const callback = cb.hits.find((u) => u.pathname === "/callback")!;
  t.equal(callback.searchParams.get("iss"), env.base, "RFC 9207 iss in the authorization response");
  await first.finishAuth(callback.searchParams); // the SDK checks iss, then redeems the code
  t.ok(provider.saved?.access_token && provider.saved.refresh_token, "access and refresh tokens");
  t.equal(provider.saves, 1);

  const transport = new StreamableHTTPClientTransport(serverUrl, { authProvider: provider });
  const connected = new Client({ name: "v2-oauth-test", version: "1.0.0" });
  await connected.connect(transport);
  t.teardown(() => connected.close());
  const me = await connected.callTool({ name: "get_chat_info", arguments: { chat_id: "me" } });
  t.notOk(me.isError, "a tool call works");
  t.ok(Array.isArray(me.content) && me.content.length > 0, "with content");

  // The access token stops working (revoked alone: the grant stays); the transport refreshes by
  // itself on the 401 and retries the call.
  const old = { ...provider.saved! };
  const revoked = await fetch(`${env.base}/oauth/revoke`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: old.access_token, token_type_hint: "access_token", client_id: provider.info!.client_id }),
  });
  t.equal(revoked.status, 200);
  const again = await connected.callTool({ name: "get_chat_info", arguments: { chat_id: "me" } });
  t.notOk(again.isError, "the call after the refresh works");
  t.equal(provider.saves, 2, "one refresh");
  t.not(provider.saved!.access_token, old.access_token, "a new access token");
  t.not(provider.saved!.refresh_token, old.refresh_token, "and a rotated refresh token");

  // The spent refresh token comes back: reuse detection revokes the grant.
  const reuse = await fetch(`${env.base}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: old.refresh_token!, client_id: provider.info!.client_id }),
  });
  t.equal(reuse.status, 400);
  const after = await fetch(`${env.base}/mcp`, {
    method: "POST",
    headers: { authorization: `Bearer ${provider.saved!.access_token}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: "tools/list", params: {} }),
  });
  t.equal(after.status, 401, "the family is revoked: the current access token stops too");
});
