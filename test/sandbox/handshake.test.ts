// The DH auth-key exchange as Telegram runs it (core.telegram.org/mtproto/auth_key), driven by a
// client written from that page (test/helpers/mtproto-client.ts): both RSA paddings of
// req_DH_params, the auth key as g_ab padded to 256 bytes, the spec's initial server salt (the
// client refuses a bad_server_salt), and -404 for a refused step.
import t, { type Test } from "tap";
import crypto from "node:crypto";
import bigInt from "big-integer";
import { Api } from "telegram";
import { startSandbox } from "../helpers/sandbox.js";
import { RawMtprotoClient, TransportErrorCode } from "../helpers/mtproto-client.js";
import type { Sandbox } from "../../sandbox/index.js";

async function raw(t: Test, sb: Sandbox): Promise<RawMtprotoClient> {
  const c = await RawMtprotoClient.connect({ host: sb.host, port: sb.port, framing: "full", rsa: sb.rsaPublicKey! });
  t.teardown(() => c.close());
  return c;
}

t.test("req_DH_params is accepted in both RSA paddings: RSA_PAD and SHA1(data) + data (Telethon 1.x)", async (t) => {
  const sb = await startSandbox(t);
  for (const rsaScheme of ["rsa_pad", "sha1"] as const) {
    const c = await raw(t, sb);
    const { authKey } = await c.handshake({ rsaScheme });
    t.equal(authKey.length, 256, `${rsaScheme}: a 2048-bit key`);
    const { result } = await c.invoke(new Api.help.GetNearestDc());
    t.equal(result.thisDc, sb.dcId, `${rsaScheme}: an encrypted call works under the new key, with the spec's first salt`);
    c.close();
  }
});

t.test("the auth key is g_ab as 256 big-endian bytes, zero-padded, as on Telegram", async (t) => {
  const sb = await startSandbox(t);
  // b is drawn until g_ab's first byte is 0 (~1 in 256): where padded and stripped keys differ.
  const padded = await raw(t, sb);
  const h = await padded.handshake({ leadingZeroGab: true });
  t.ok(h.gabLeadingZero);
  t.equal(h.authKey[0], 0, "the key starts with the zero byte");
  t.equal((await padded.invoke(new Api.help.GetNearestDc())).result.thisDc, sb.dcId, "a client that pads agrees with the sandbox");

  // gramjs takes the minimal bytes instead; its check of new_nonce_hash1 catches the mismatch
  // (gramjs then starts the exchange over, against Telegram too).
  const stripped = await raw(t, sb);
  await t.rejects(stripped.handshake({ leadingZeroGab: true, gab: "stripped" }), /new_nonce_hash1 mismatch/);
});

t.test("a refused key-exchange step gets the transport error -404", async (t) => {
  const sb = await startSandbox(t);
  const { p, q } = { p: 998244353n, q: 1000000007n };
  const toBuf = (n: bigint) => Buffer.from(n.toString(16).padStart(8, "0"), "hex");
  const nonce = bigInt(7);
  async function afterResPq(): Promise<{ c: RawMtprotoClient; serverNonce: bigInt.BigInteger }> {
    const c = await raw(t, sb);
    const res = (await c.plainCall(new Api.ReqPqMulti({ nonce }))) as Api.ResPQ;
    t.equal(BigInt("0x" + Buffer.from(res.pq).toString("hex")), p * q, "pq = p * q");
    return { c, serverNonce: res.serverNonce };
  }
  const reqDh = (serverNonce: bigInt.BigInteger, over: Partial<ConstructorParameters<typeof Api.ReqDHParams>[0]>) =>
    new Api.ReqDHParams({
      nonce,
      serverNonce,
      p: toBuf(p),
      q: toBuf(q),
      publicKeyFingerprint: bigInt(sb.rsaPublicKey!.fingerprint.toString()),
      encryptedData: Buffer.concat([Buffer.alloc(1), crypto.randomBytes(255)]),
      ...over,
    });
  const code = (e: unknown) => (e instanceof TransportErrorCode ? e.code : String(e));

  let s = await afterResPq();
  t.equal(await s.c.plainCall(reqDh(s.serverNonce, {})).catch(code), -404, "encrypted_data in neither padding");
  s = await afterResPq();
  t.equal(await s.c.plainCall(reqDh(s.serverNonce, { p: toBuf(q), q: toBuf(p) })).catch(code), -404, "p and q must come as p < q");
  s = await afterResPq();
  t.equal(await s.c.plainCall(reqDh(s.serverNonce, { publicKeyFingerprint: bigInt(12345) })).catch(code), -404, "an unknown key fingerprint");
  const early = await raw(t, sb);
  t.equal(await early.plainCall(reqDh(bigInt(1), {})).catch(code), -404, "req_DH_params before req_pq_multi");
});
