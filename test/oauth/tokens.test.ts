// What a code and an access token are worth after a real authorization (v1 SDK auth() + Chromium):
// the code needs its PKCE verifier and its redirect URI; a token only opens the resource it was
// issued for (audience), only until it expires; a grant without telegram:write reads only.
import t from "tap";
import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import type { RouteEntry } from "../../app.js";
import { CHROMIUM, MemoryClientProvider, loginAndConsent, newPage, startBrowser, startCallback, startServer } from "./_env.js";

if (!CHROMIUM) t.fail("these tests need Chrome or Chromium (see scripts/chromium.ts)");

/** Account-scope probe: what the auth plugin made of the request. */
const probe: RouteEntry = {
  name: "oauth-probe",
  scope: "account",
  plugin: async (f) => {
    f.get("/oauth-probe", async (request) => ({ account: request.account?.id, settings: request.account?.settings ?? null, grant: request.oauthGrant }));
  },
};

const tokenRequest = (base: string, params: Record<string, string>) =>
  fetch(`${base}/oauth/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(params) });
const get = (url: string, token: string) => fetch(url, { headers: { authorization: `Bearer ${token}` } });

t.test("PKCE and redirect URI at the token endpoint; audience; expiry; a read-only grant", async (t) => {
  const env = await startServer(t, { OAUTH_ACCESS_TOKEN_TTL: 4 }, { routes: [probe] });
  const port = new URL(env.base).port;
  // The same server under another name is another resource: tokens of one do not open the other.
  const other = `http://localhost:${port}`;
  const browser = await startBrowser(t);
  const cb = await startCallback(t);
  const serverUrl = new URL(`${other}/mcp`);
  const client = new MemoryClientProvider(cb.url);
  t.equal(await auth(client, { serverUrl }), "REDIRECT");
  const { page } = await newPage(t, browser);
  await loginAndConsent(page, env.sb, client.authorizationUrl!.href, { write: false });
  await page.waitForURL(/\/callback\?/);
  const code = cb.hits.find((u) => u.pathname === "/callback")!.searchParams.get("code")!;
  const clientId = client.info!.client_id;

  const exchange = (extra: Record<string, string>) => tokenRequest(other, { grant_type: "authorization_code", code, client_id: clientId, redirect_uri: cb.url, ...extra });
  const missing = await exchange({});
  t.equal(missing.status, 400);
  t.match(((await missing.json()) as any).error, /invalid_(grant|request)/, "no code_verifier: refused");
  const wrong = await exchange({ code_verifier: "x".repeat(43) });
  t.equal(((await wrong.json()) as any).error, "invalid_grant", "a wrong code_verifier: refused");
  const elsewhere = await exchange({ code_verifier: client.verifier, redirect_uri: "http://127.0.0.1:1/other" });
  t.equal(((await elsewhere.json()) as any).error, "invalid_grant", "another redirect_uri: refused");

  t.equal(await auth(client, { serverUrl, authorizationCode: code }), "AUTHORIZED", "the right verifier still works");
  const at = client.saved!.access_token;
  t.equal(client.saved!.scope, "telegram:read", "write was unticked at consent");

  const mine = await get(`${other}/oauth-probe`, at);
  t.equal(mine.status, 200);
  const seen = (await mine.json()) as any;
  t.equal(seen.settings.readOnly, true, "a grant without telegram:write gives a read-only account");
  t.same(seen.grant.scopes, ["telegram:read"]);
  t.equal(seen.grant.clientId, clientId);
  // The read-only grant is enforced on both HTTP surfaces: no write tool is served, raw writes get 403.
  const rpc = async (method: string, params: object) => {
    const r = await fetch(`${other}/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${at}`, "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2025-06-18" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    return (await r.json()) as any;
  };
  const names = ((await rpc("tools/list", {})).result.tools as Array<{ name: string }>).map((x) => x.name);
  t.ok(names.includes("search_messages_globally") && !names.includes("send_message"), "tools/list of a read grant has no write tool");
  const write = await rpc("tools/call", { name: "send_message", arguments: { chat_id: "me", message: "should not be sent" } });
  t.ok(write.error || write.result?.isError, "a read grant calling a write tool is refused");
  const raw = await fetch(`${other}/mtproto-api/messages.sendMessage`, {
    method: "POST",
    headers: { authorization: `Bearer ${at}`, "content-type": "application/json" },
    body: JSON.stringify({ params: { peer: "me", message: "should not be sent", random_id: 7 } }),
  });
  t.equal(raw.status, 403, "and /mtproto-api refuses a raw write");
  t.match(((await raw.json()) as any).error, /read-only/);

  const foreign = await get(`${env.base}/oauth-probe`, at);
  t.equal(foreign.status, 401, "a token for another resource is refused");
  t.match(foreign.headers.get("www-authenticate"), /error="invalid_token"/);
  t.match(((await foreign.json()) as any).error, /another resource/);

  await new Promise((r) => setTimeout(r, 4500));
  t.equal((await get(`${other}/oauth-probe`, at)).status, 401, "an expired token is refused");
  // The SDK refreshes; the new token works (and is still read-only).
  t.equal(await auth(client, { serverUrl }), "AUTHORIZED");
  const fresh = await get(`${other}/oauth-probe`, client.saved!.access_token);
  t.equal(fresh.status, 200);
  t.equal(((await fresh.json()) as any).settings.readOnly, true);
});
