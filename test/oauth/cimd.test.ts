// Client ID Metadata Documents end to end: the v1 SDK uses its https client id because the server's
// metadata says it may; tgmcp fetches the document with the files' SSRF-safe fetcher (here from a
// local https server, the one address the test exempts, under a fake DNS name) and the flow runs.
import t from "tap";
import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { CHROMIUM, MemoryClientProvider, loginAndConsent, newPage, startBrowser, startCallback, startServer } from "./_env.js";
import { TEST_CERT, fakeDns, startServer as startFileServer } from "../files/_fixtures.js";

if (!CHROMIUM) t.fail("these tests need Chrome or Chromium (see scripts/chromium.ts)");

t.test("a CIMD client id (https URL) registers by its document and gets tokens", async (t) => {
  const cb = await startCallback(t);
  let docUrl = "";
  const files = await startFileServer(
    t,
    {
      "/client.json": (_req, res) => {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ client_id: docUrl, client_name: "CIMD test client", redirect_uris: [cb.url], grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], token_endpoint_auth_method: "none", application_type: "native" }));
      },
    },
    { https: true },
  );
  docUrl = files.url("/client.json");
  const { resolver } = fakeDns({ "files.example.test": ["127.0.0.1"] });
  const env = await startServer(t, {}, { oauth: { cimd: { fetch: { allowAddresses: ["127.0.0.1"], ca: TEST_CERT, lookup: resolver } } } });
  const browser = await startBrowser(t);

  const client = new MemoryClientProvider(cb.url);
  (client as { clientMetadataUrl?: string }).clientMetadataUrl = docUrl;
  const serverUrl = new URL(`${env.base}/mcp`);
  t.equal(await auth(client, { serverUrl }), "REDIRECT");
  t.equal(client.info?.client_id, docUrl, "no registration: the URL is the client id");
  t.notOk(env.logs.some((l) => l.includes('"/oauth/register"')), "DCR was not used");

  const { page } = await newPage(t, browser);
  await page.goto(client.authorizationUrl!.href);
  t.match(await page.getByTestId("oauth-client").textContent(), /CIMD test client/, "the name comes from the document");
  await loginAndConsent(page, env.sb, client.authorizationUrl!.href);
  await page.waitForURL(/\/callback\?/);
  const code = cb.hits.find((u) => u.pathname === "/callback")!.searchParams.get("code")!;
  t.equal(await auth(client, { serverUrl, authorizationCode: code }), "AUTHORIZED");
  t.ok(client.saved?.access_token);
  t.ok(files.hits.filter((h) => h === "/client.json").length <= 2, "the document is cached, not fetched per request");
});
