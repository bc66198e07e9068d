// Flood limits per account and method family (sandbox/flood.ts): FLOOD_WAIT_X with the seconds
// until the call fits, through real gramjs; and tgmcp's FloodWait policy against these organic
// limits (not injected faults): a short wait is waited out, a long one is RateLimited at once,
// both counted in /metrics.
import t from "tap";
import bigInt from "big-integer";
import type { AddressInfo } from "node:net";
import { buildDemoWorld } from "../../sandbox/world/demo.js";
import { Api, errors, type TelegramClient } from "telegram";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { FloodLimiter, parseFloodOption, FLOOD_DEFAULTS, type FloodConfig } from "../../sandbox/flood.js";
import { buildApp } from "../../app.js";
import { makeConfig } from "../helpers/config.js";
import { connectClient, demoUser, loginAs, rpcError, startSandbox } from "../helpers/sandbox.js";
import { parsePrometheus, sampleValue } from "../helpers/prometheus.js";

/** The seconds of the FloodWait a call fails with (gramjs's FloodWaitError); NaN when it does not. */
async function floodOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return NaN;
  } catch (e) {
    return e instanceof errors.FloodWaitError ? e.seconds : NaN;
  }
}

async function resolve(c: TelegramClient, username: string): Promise<string> {
  return await rpcError(c.invoke(new Api.contacts.ResolveUsername({ username })));
}

t.test("the limiter's arithmetic: burst tier, daily tier, distinct chats (a fake clock)", async (t) => {
  let now = 1_000_000_000_000;
  const f = new FloodLimiter(undefined, () => now);
  const resolveCharge = [{ family: "resolveUsername" as const, subject: "user:1", units: 1 }];
  let served = 0;
  // 30 a minute, 200 a day: spread over minutes, the 201st is refused for most of a day.
  while (f.wait(resolveCharge) === 0) {
    f.record(resolveCharge);
    served++;
    if (served % 30 === 0) {
      t.ok(f.wait(resolveCharge) > 0 && f.wait(resolveCharge) <= 60, "after 30 in a minute: a wait of at most a minute");
      now += 60_000;
    }
  }
  t.equal(served, 200, "200 a day");
  const daily = f.wait(resolveCharge);
  t.ok(daily > 86_400 - 8 * 60 && daily <= 86_400, `then a wait of about a day (${daily} s)`);
  t.equal(f.wait([{ family: "resolveUsername", subject: "user:2", units: 1 }]), 0, "per account");

  const send = (chat: string) => [
    { family: "sendPerChat" as const, subject: `user:1:${chat}`, units: 1 },
    { family: "sendChats" as const, subject: "user:1", units: 1, distinct: chat },
  ];
  for (let i = 0; i < 30; i++) f.record(send(`c${i}`));
  t.ok(f.wait(send("c99")) > 0, "a 31st chat within a minute waits");
  t.equal(f.wait(send("c0")), 0, "a chat already written to does not");
  for (let i = 1; i < 20; i++) f.record(send("c0"));
  t.ok(f.wait(send("c0")) > 0, "the 21st message into one chat within a minute waits");
  now += 61_000;
  t.equal(f.wait(send("c99")), 0, "a minute later both are free again");

  const off = new FloodLimiter(false, () => now);
  t.equal(off.wait([{ family: "loginCode", subject: "phone:1", units: 1e6 }]), 0, "flood: false turns every limit off");
  const some = new FloodLimiter({ searchGlobal: false, resolveUsername: [{ limit: 1, windowS: 5 }] }, () => now);
  t.same(some.config.searchGlobal, false);
  t.same(some.config.contactsSearch, FLOOD_DEFAULTS.contactsSearch, "families not named keep their defaults");
  some.record(resolveCharge);
  t.equal(some.wait(resolveCharge), 5);
});

t.test("parseFloodOption (SANDBOX_FLOOD, --flood)", async (t) => {
  t.same(parseFloodOption("on"), {});
  t.equal(parseFloodOption("off"), false);
  t.same(parseFloodOption("resolveUsername=30/60+200/86400,sendPerChat=off"), {
    resolveUsername: [
      { limit: 30, windowS: 60 },
      { limit: 200, windowS: 86400 },
    ],
    sendPerChat: false,
  });
  t.throws(() => parseFloodOption("nope=1/2"), /family/);
  t.throws(() => parseFloodOption("resolveUsername=0/60"), /limit\/seconds/);
  t.throws(() => parseFloodOption("resolveUsername=abc"), /limit\/seconds/);
});

t.test("through gramjs with the default limits: usernames, searches, imports, sends, login codes", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demo = await loginAs(t, sb);
  const alice = await loginAs(t, sb, "alice");

  for (let i = 0; i < 30; i++) t.equal(await resolve(demo, "alice"), "no error", `resolve ${i + 1}`);
  const w = await floodOf(demo.invoke(new Api.contacts.ResolveUsername({ username: "alice" })));
  t.ok(w >= 1 && w <= 60, `the 31st username in a minute: FLOOD_WAIT_${w}`);
  t.equal(await resolve(alice, "bobsmith"), "no error", "another account is not limited");
  t.equal(sb.rpcLog.filter((e) => e.error?.startsWith("FLOOD_WAIT")).length, 1, "a refused call is not counted against the budget again");

  for (let i = 0; i < 30; i++) await demo.invoke(new Api.contacts.Search({ q: "ali", limit: 5 }));
  t.ok((await floodOf(demo.invoke(new Api.contacts.Search({ q: "ali", limit: 5 })))) > 0, "contacts.search: 30 a minute");

  const search = () => demo.invoke(new Api.messages.SearchGlobal({ q: "budget", filter: new Api.InputMessagesFilterEmpty(), minDate: 0, maxDate: 0, offsetRate: 0, offsetPeer: new Api.InputPeerEmpty(), offsetId: 0, limit: 1 }));
  for (let i = 0; i < 60; i++) await search();
  t.ok((await floodOf(search())) > 0, "messages.searchGlobal: 60 a minute");

  const contacts = (n: number, from: number) =>
    Array.from({ length: n }, (_, i) => new Api.InputPhoneContact({ clientId: bigInt(from + i), phone: `99966200${String(from + i).padStart(2, "0")}`, firstName: `C${from + i}`, lastName: "" }));
  await alice.invoke(new Api.contacts.ImportContacts({ contacts: contacts(30, 0) }));
  const imp = await floodOf(alice.invoke(new Api.contacts.ImportContacts({ contacts: contacts(1, 30) })));
  t.ok(imp > 60 && imp <= 3600, `importing: 30 contacts an hour, counted per contact (FLOOD_WAIT_${imp})`);

  const bob = await alice.getInputEntity("bobsmith");
  for (let i = 0; i < 20; i++) await alice.sendMessage(bob, { message: `hi ${i}` });
  const sendWait = await floodOf(alice.sendMessage(bob, { message: "one too many" }));
  t.ok(sendWait >= 1 && sendWait <= 60, `the 21st message into one chat within a minute: FLOOD_WAIT_${sendWait}`);
  t.equal(await rpcError(alice.sendMessage(await alice.getInputEntity("carol_w"), { message: "hello" })), "no error", "another chat is fine");

  const codeClient = await connectClient(t, sb, await sb.createAnonymousSession());
  const code = () => codeClient.invoke(new Api.auth.SendCode({ phoneNumber: "9996620005", apiId: 1, apiHash: "x", settings: new Api.CodeSettings({}) }));
  for (let i = 0; i < 5; i++) t.equal(await rpcError(code()), "no error");
  const codeWait = await floodOf(code());
  t.ok(codeWait > 500 && codeWait <= 600, `the 6th login code for a phone in 10 minutes: FLOOD_WAIT_${codeWait}`);
});

t.test("flood: false serves every call (benchmarks and load tests that hammer)", async (t) => {
  const sb = await startSandbox(t, { rsa: false, flood: false });
  const demo = await loginAs(t, sb);
  for (let i = 0; i < 40; i++) t.equal(await resolve(demo, "alice"), "no error");
  t.same(sb.flood.config.resolveUsername, false);
});

t.test("tgmcp's FloodWait policy against organic limits: wait out a short one, RateLimited for a long one, both in /metrics", async (t) => {
  // A short organic limit (3 searches per 2 s) beside the default ones.
  const flood: FloodConfig = { searchGlobal: [{ limit: 3, windowS: 2 }] };
  const world = buildDemoWorld();
  // More distinct usernames than the limit: tgmcp caches what it resolved, so each is asked once.
  for (let i = 0; i < 40; i++) world.createUser({ phone: `99966215${String(i).padStart(2, "0")}`, firstName: `Extra ${i}`, username: `extra_user_${i}` });
  const sb = await startSandbox(t, { rsa: false, flood, world });
  const app = await buildApp(makeConfig({ SERVER_MODE: "http-no-auth", LOG_LEVEL: "silent", FLOOD_SLEEP_THRESHOLD: 3 }), { sandbox: sb, defaultMetrics: false });
  t.teardown(() => app.close());
  await app.listen({ host: "127.0.0.1", port: 0 });
  const client = new Client({ name: "test-flood", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/mcp`)));
  t.teardown(() => client.close());
  const search = () => client.callTool({ name: "search_messages_globally", arguments: { query: "budget", limit: 3 } });

  for (let i = 0; i < 3; i++) t.notOk((await search()).isError);
  sb.resetCounters();
  const started = Date.now();
  const short = await search();
  t.notOk(short.isError, "the 4th search within 2 s waits (at most 2 s, under FLOOD_SLEEP_THRESHOLD 3) and succeeds");
  t.ok(Date.now() - started >= 900, "it really waited");
  t.same(
    sb.rpcLog.map((e) => `${e.method}:${e.error ?? "ok"}`),
    ["messages.SearchGlobal:FLOOD_WAIT_2", "messages.SearchGlobal:ok"],
    "refused once by the sandbox's limit, then made again",
  );

  // The default username limit: 30 a minute; the 31st would wait up to a minute, over the threshold.
  const me = demoUser(sb, "demo");
  const resolves = () => sb.rpcLog.filter((e) => e.method === "contacts.ResolveUsername" && e.userId === me).length;
  sb.resetCounters();
  let long: Awaited<ReturnType<typeof client.callTool>> | undefined;
  for (let i = 0; i < 40 && !long; i++) {
    const r = await client.callTool({ name: "get_chat_info", arguments: { chat_id: `@extra_user_${i}` } });
    if (r.isError) long = r;
  }
  t.ok(long, "the username limit is reached");
  const body = JSON.parse((long!.content as Array<{ text: string }>)[0]!.text);
  t.match(body, { ok: false, error_type: "RateLimited", operation: "get_chat_info" });
  t.ok(body.retry_after_s > 3 && body.retry_after_s <= 60, `retry_after_s ${body.retry_after_s}: not waited, returned at once`);
  t.equal(resolves(), 31, "30 resolved, the 31st refused and not retried");

  const samples = parsePrometheus((await app.inject("/metrics")).body).samples;
  t.equal(sampleValue(samples, "tgmcp_telegram_flood_waits_total", { method: "messages.SearchGlobal" }), 1);
  t.equal(sampleValue(samples, "tgmcp_telegram_flood_wait_seconds_total", { method: "messages.SearchGlobal" }), 2);
  t.equal(sampleValue(samples, "tgmcp_telegram_flood_waits_total", { method: "contacts.ResolveUsername" }), 1);
  t.equal(sampleValue(samples, "tgmcp_telegram_flood_wait_seconds_total", { method: "contacts.ResolveUsername" }), body.retry_after_s);
  t.equal(sampleValue(samples, "tgmcp_telegram_rpc_total", { method: "contacts.ResolveUsername", outcome: "flood_wait" }), 1);
});
