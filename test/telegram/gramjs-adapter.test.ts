// The gramjs internals tgmcp relies on (services/telegram/gramjs-adapter.ts), checked on real
// clients against the sandbox: each test fails when the private member disappears or stops
// doing what the adapter expects, so a gramjs upgrade cannot break them silently.
import { readFileSync } from "node:fs";
import t from "tap";
import { randomBytes } from "node:crypto";
import bigInt from "big-integer";
import { Api, extensions } from "telegram";
import * as RSA from "telegram/crypto/RSA.js";
import { StringSession } from "telegram/sessions/index.js";
import { connectClient, demoUser, loginAs, startSandbox } from "../helpers/sandbox.js";
import { createTelegramClient } from "../../services/telegram/client-factory.js";
import {
  GRAMJS_CHECKED_VERSION,
  gramjsCachedInputPeer,
  gramjsSelfUserId,
  gramjsStockReadLargeInt,
  hasRsaKey,
  isReconnecting,
  registerRsaKey,
  releaseExportedSenders,
  RowlessStringSession,
  switchDataCenter,
  useFastLongReader,
} from "../../services/telegram/gramjs-adapter.js";

t.test("the adapter was checked against the installed gramjs", async (t) => {
  const installed = JSON.parse(readFileSync(new URL("../../node_modules/telegram/package.json", import.meta.url), "utf8")).version;
  t.equal(GRAMJS_CHECKED_VERSION, installed, "re-check every private access in gramjs-adapter.ts, then bump GRAMJS_CHECKED_VERSION");
});

t.test("_sender.isReconnecting: present on a connected client, true while gramjs reconnects", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const client = await loginAs(t, sb);
  t.type(client._sender?.isReconnecting, "boolean", "client._sender.isReconnecting exists");
  t.equal(isReconnecting(client), false, "not reconnecting while connected");
  let seen = false;
  const poll = setInterval(() => (seen ||= isReconnecting(client)), 1);
  t.teardown(() => clearInterval(poll));
  t.ok(sb.faults.dropConnections() >= 1);
  for (let i = 0; i < 300 && !(seen && client.connected); i++) await new Promise((r) => setTimeout(r, 10));
  clearInterval(poll);
  t.ok(seen, "reported as reconnecting after the drop");
  t.ok(client.connected, "and gramjs reconnected by itself");
});

t.test("_entityCache: gramjs caches the InputPeers of the entities it decodes", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const client = await loginAs(t, sb);
  const alice = String(demoUser(sb, "alice"));
  t.ok(client._entityCache, "client._entityCache exists");
  t.equal(gramjsCachedInputPeer(client, alice), undefined, "nothing before a response showed alice");
  await client.invoke(new Api.contacts.ResolveUsername({ username: "alice" }));
  const ip = gramjsCachedInputPeer(client, alice);
  t.ok(ip instanceof Api.InputPeerUser, "alice's InputPeerUser is cached");
  // The cached access hash really opens her profile.
  const [u] = await client.invoke(new Api.users.GetUsers({ id: [new Api.InputUser({ userId: (ip as Api.InputPeerUser).userId, accessHash: (ip as Api.InputPeerUser).accessHash })] }));
  t.equal((u as Api.User).username, "alice");
});

t.test("MemorySession.processEntities: gramjs's rows grow with every answer; tgmcp's session keeps none", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const client = await loginAs(t, sb);
  t.ok(client.session instanceof RowlessStringSession, "clients are built on the rowless session");
  const rows = (c: typeof client) => (c.session as unknown as { _entities: Set<unknown> })._entities;
  t.ok(rows(client) instanceof Set, "gramjs's session still has its _entities Set");
  // gramjs's own StringSession on the same account (the factory's client, its session turned back
  // into the class it extends): the Set gains a row per entity of every answer, again each time.
  const stock = await connectClient(t, sb, await sb.createSession(sb.world.demoAccountId));
  Object.setPrototypeOf(stock.session, StringSession.prototype);
  const resolve = (c: typeof client) => c.invoke(new Api.contacts.ResolveUsername({ username: "alice" }));
  await resolve(stock);
  const once = rows(stock).size;
  await resolve(stock);
  t.ok(once >= 1 && rows(stock).size === 2 * once, `gramjs's own session: ${once} rows, then ${rows(stock).size} for the same answer`);
  await resolve(client);
  await resolve(client);
  t.equal(rows(client).size, 0, "the rowless session keeps none");
  t.ok(gramjsCachedInputPeer(client, String(demoUser(sb, "alice"))) instanceof Api.InputPeerUser, "the EntityCache is still filled");
  t.ok(String(client.session.save()).length > 0, "save() still returns the session string");
});

t.test("_selfInputPeer: set by getMe, read without an RPC", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const client = await loginAs(t, sb);
  t.equal(gramjsSelfUserId(client), undefined, "unknown before getMe");
  await client.getMe(true);
  t.ok(client._selfInputPeer instanceof Api.InputPeerUser, "client._selfInputPeer exists");
  sb.resetCounters();
  t.equal(gramjsSelfUserId(client), String(sb.world.demoAccountId));
  t.equal(sb.rpcLog.length, 0, "no RPC");
});

t.test("_serverKeys: the RSA key table gramjs consults for a new auth key", async (t) => {
  const sb = await startSandbox(t);
  const key = sb.rsaPublicKey!;
  // Without the key, gramjs cannot make an auth key with the sandbox.
  RSA._serverKeys.delete(key.fingerprint.toString());
  t.notOk(hasRsaKey(key.fingerprint));
  // (built without rsaPublicKey: the factory would register the key itself)
  const without = createTelegramClient({ session: "", backend: { kind: "sandbox", host: sb.host, port: sb.port }, connectionRetries: 1, autoReconnect: false });
  t.teardown(() => without.destroy());
  await without.connect().catch(() => {});
  t.notOk(without.connected, "no auth key without the RSA key");
  await without.destroy();
  registerRsaKey(key);
  t.ok(hasRsaKey(key.fingerprint));
  const withKey = await connectClient(t, sb, "");
  t.ok(withKey.connected, "a DH exchange with the registered key");
  const { thisDc } = await withKey.invoke(new Api.help.GetNearestDc());
  t.equal(thisDc, sb.dcId);
});

t.test("_switchDC: a client moves to a data center and gets a new auth key there", async (t) => {
  const sb = await startSandbox(t);
  const client = await connectClient(t, sb, "");
  t.type(client._switchDC, "function", "client._switchDC exists");
  const before = client.session.getAuthKey()?.getKey()?.toString("hex");
  t.ok(before, "an auth key");
  await switchDataCenter(client, sb.dcId);
  t.ok(client.connected, "connected again");
  t.equal(client.session.dcId, sb.dcId);
  const after = client.session.getAuthKey()?.getKey()?.toString("hex");
  t.ok(after && after !== before, "a new auth key for the new data center");
  const { thisDc } = await client.invoke(new Api.help.GetNearestDc());
  t.equal(thisDc, sb.dcId, "and it works");
});

t.test("_exportedSenderPromises / _exportedSenderReleaseTimeouts: another DC's sender, released at once", async (t) => {
  const sb = await startSandbox(t); // a new auth key on DC 3: a real DH exchange
  const client = await loginAs(t, sb);
  const before = sb.connectionCount;
  // A call to DC 3 makes gramjs borrow (export the login to) a sender for DC 3, with a 30 s release timer.
  await client.invoke(new Api.help.GetNearestDc(), 3);
  t.equal(client._exportedSenderPromises.size, 1, "client._exportedSenderPromises holds the DC 3 sender");
  const timers = (client as unknown as { _exportedSenderReleaseTimeouts: Map<number, unknown> })._exportedSenderReleaseTimeouts;
  t.equal(timers.size, 1, "client._exportedSenderReleaseTimeouts holds its release timer");
  t.equal(sb.connectionCount, before + 1);
  await releaseExportedSenders(client);
  t.equal(client._exportedSenderPromises.size, 0);
  t.equal(timers.size, 0, "no timer left to keep the process alive");
  for (let i = 0; i < 100 && sb.connectionCount > before; i++) await new Promise((r) => setTimeout(r, 20));
  t.equal(sb.connectionCount, before, "the DC 3 connection is closed");
  t.ok(client.connected, "the home connection stays");
});

t.test("BinaryReader.readLargeInt: the fast 64-bit reader returns what gramjs's own returns", async (t) => {
  useFastLongReader();
  const stock = gramjsStockReadLargeInt()!;
  t.type(stock, "function", "gramjs's readLargeInt was found and kept");
  // What the replacement assumes of the original: it reads bits/8 bytes with read() and decodes them with readBigIntFromBuffer.
  t.match(stock.toString(), /this\.read\(Math\.floor\(bits \/ 8\)\)/, "gramjs's readLargeInt still reads bits/8 bytes");
  t.match(stock.toString(), /readBigIntFromBuffer\)\(buffer, true, signed\)/, "and decodes them little-endian with readBigIntFromBuffer");
  const edges = ["0000000000000000", "ffffffffffffffff", "ffffffffffffff7f", "0000000000000080", "0100000000000080", "0000000000002000", "ffffffffffffdfff", "0100000000000000"];
  const lastOf = (r: extensions.BinaryReader) => (r as unknown as { _last: Buffer })._last;
  const bufs = [...edges.map((h) => Buffer.from(h, "hex")), ...Array.from({ length: 500 }, () => randomBytes(8))];
  for (const signed of [true, false]) {
    let same = 0;
    for (const b of bufs) {
      const stream = Buffer.concat([Buffer.from([7, 7, 7]), b, Buffer.from([9])]);
      const fast = new extensions.BinaryReader(stream);
      const slow = new extensions.BinaryReader(stream);
      fast.offset = slow.offset = 3;
      const a = fast.readLargeInt(64, signed);
      const e = stock.call(slow, 64, signed);
      if (a.toString() === e.toString() && a.constructor === e.constructor && fast.offset === slow.offset && Buffer.compare(lastOf(fast), lastOf(slow)) === 0) same++;
      else t.fail(`${b.toString("hex")} signed=${signed}: ${a.toString()} vs gramjs ${e.toString()}`);
    }
    t.equal(same, bufs.length, `${bufs.length} values equal, same class, same offset (signed: ${signed})`);
  }
  // readLong goes through it; past the end gramjs's own error is thrown.
  t.equal(new extensions.BinaryReader(Buffer.from("feffffffffffffff", "hex")).readLong().toString(), "-2");
  t.throws(() => new extensions.BinaryReader(Buffer.alloc(5)).readLong(), /No more data left to read/);
  // Other widths keep gramjs's path.
  const wide = randomBytes(16);
  t.equal(new extensions.BinaryReader(wide).readLargeInt(128).toString(), stock.call(new extensions.BinaryReader(wide), 128, true).toString());
});

t.test("a real response decodes the same with the fast 64-bit reader as with gramjs's own", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const client = await loginAs(t, sb); // created by createTelegramClient: the fast reader is on
  const stock = gramjsStockReadLargeInt()!;
  const proto = extensions.BinaryReader.prototype;
  t.not(proto.readLargeInt, stock, "createTelegramClient installed the fast reader");
  const r = await client.invoke(new Api.messages.GetDialogs({ offsetDate: 0, offsetId: 0, offsetPeer: new Api.InputPeerEmpty(), limit: 50, hash: bigInt.zero }));
  const bytes = r.getBytes();
  const json = (x: unknown) => JSON.stringify(x, (_k, v: unknown) => (v && typeof v === "object" && (v as { type?: string }).type === "Buffer" ? Buffer.from((v as { data: number[] }).data).toString("hex") : v));
  const fast = json(new extensions.BinaryReader(bytes).tgReadObject());
  const fastReader = proto.readLargeInt;
  proto.readLargeInt = stock;
  let slow: string;
  try {
    slow = json(new extensions.BinaryReader(bytes).tgReadObject());
  } finally {
    proto.readLargeInt = fastReader;
  }
  t.ok(fast.length > 1000, `a real answer (${fast.length} characters of JSON)`);
  t.match(fast, /"accessHash":"-?\d+"/, "with access hashes");
  t.equal(fast, slow, "decoded identically");
});
