// The /setup done page in http-auth, in real Chromium: a GET (post/redirect/get) that shows the
// token once (reload: "already shown", no download), Back re-posts nothing, each client is pointed
// to the way that works for it (OAuth connector, the mcp.json, mcp-remote); /favicon.ico exists.
import t from "tap";
import { startEnv, newTab, shot } from "./_browser.js";

t.test("desktop: the token is shown once on a GET done page; reload says so; Back re-posts nothing; clients pointed right", async (t) => {
  const env = await startEnv(t);
  const { page, requests } = await newTab(t, env);
  await page.goto(`${env.base}/setup`);
  t.match(await page.locator("footer").textContent(), /token is shown once/, "http-auth issues tokens: the note stays");
  t.notOk(await page.locator("text=On this phone: open a login link").isVisible(), "desktop wording on a desktop");
  await page.fill("#phone", "+9996620001");
  await page.click("text=Send the code");
  await page.fill("#code", env.sb.lastCode("9996620001")!);
  await page.click("button:has-text('Continue')");
  await page.waitForSelector("#mcp-json");
  const doneUrl = page.url();
  t.match(doneUrl, /\/setup\/done\/[\w-]+$/);
  const cfg = JSON.parse((await page.locator("#mcp-json").textContent())!);
  const token = String(cfg.mcpServers.telegram.headers.Authorization).replace(/^Bearer /, "");
  t.ok(await env.store.verifyToken(token), "the shown token works");
  for (const r of requests) t.notOk(r.includes(token), "no token in a URL");

  // Each client its way: OAuth connectors (on by default), the mcp.json for header clients, mcp-remote.
  const clients = (await page.getByTestId("clients").textContent())!;
  t.match(clients, /Claude[\s\S]*ChatGPT[\s\S]*custom connector[\s\S]*\/mcp/);
  t.match(clients, /Cursor, VS Code, Claude Code/);
  const bridge = JSON.parse((await page.getByTestId("bridge").textContent())!);
  t.same(bridge.mcpServers.telegram.args, ["-y", "mcp-remote", `${env.base}/mcp`, "--header", "Authorization:${TGMCP_AUTH}"]);
  t.equal(bridge.mcpServers.telegram.env.TGMCP_AUTH, `Bearer ${token}`);
  t.notMatch(clients, /SERVER_MODE/, "no stdio config for a remote server's account");
  await shot(page, "pages-done-first");

  const [download] = await Promise.all([page.waitForEvent("download"), page.click("button:has-text('Download mcp.json')")]);
  t.equal(download.suggestedFilename(), "mcp.json");

  const posts = requests.filter((r) => r.startsWith("POST")).length;
  await page.reload();
  await page.waitForSelector("#mcp-json");
  const again = (await page.locator("main").textContent())!;
  t.notOk(again.includes(token), "a reload does not show the token again");
  t.match(await page.getByTestId("token-shown").textContent(), /shown once[\s\S]*tgmcp tokens rotate/);
  t.match(again, /Bearer <your token>/);
  t.equal(await page.locator("button:has-text('Download mcp.json')").count(), 0, "no download of the token either");
  await shot(page, "pages-done-reloaded");

  await page.goBack();
  await page.waitForLoadState();
  t.match(page.url(), /\/setup\/login\/[\w-]+$/, "Back: the code step's GET address");
  t.equal(requests.filter((r) => r.startsWith("POST")).length, posts, "Back and reload sent no POST");
  t.notOk((await page.content()).includes(token));
  t.notOk(env.logs.join("").includes(token), "no token in the log");
});

t.test("without OAuth, Claude Desktop goes through mcp-remote; /favicon.ico is an icon, cached", async (t) => {
  const env = await startEnv(t, { AUTH_MODES: "bearer" });
  const icon = await env.app.inject("/favicon.ico");
  t.equal(icon.statusCode, 200);
  t.equal(icon.headers["content-type"], "image/x-icon");
  t.match(icon.headers["cache-control"], /max-age=\d+/);
  t.same([...icon.rawPayload.subarray(0, 4)], [0, 0, 1, 0], "an ICO file");

  const { page } = await newTab(t, env);
  await page.goto(`${env.base}/setup`);
  await page.fill("#phone", "+9996620002");
  await page.click("text=Send the code");
  await page.fill("#code", env.sb.lastCode("9996620002")!);
  await page.click("button:has-text('Continue')");
  await page.waitForSelector("#mcp-json");
  const clients = (await page.getByTestId("clients").textContent())!;
  t.notMatch(clients, /ChatGPT|custom connector/, "no connector without OAuth");
  t.match(clients, /Claude Desktop[\s\S]*mcp-remote/);
});
