// Many full key exchanges with a client that takes the auth key as g_ab padded to 256 bytes
// (Telegram's rule), each followed by an encrypted call that only works if both sides hold the
// same key. About 1 in 200 g_ab values starts with a zero byte (2^2040 / dh_prime): there a server that strips
// leading zeros (the sandbox before, gramjs) derives another key. 2,000 exchanges are split over
// handshakes-1..4.test.ts (500 each) to keep each file short.
import type { Test } from "tap";
import { Api } from "telegram";
import { startSandbox } from "../helpers/sandbox.js";
import { RawMtprotoClient, TRANSPORT_VARIANTS as VARIANTS } from "../helpers/mtproto-client.js";


export async function runHandshakes(t: Test, count: number): Promise<void> {
  const sb = await startSandbox(t);
  let leadingZero = 0;
  for (let i = 0; i < count; i++) {
    const variant = VARIANTS[i % VARIANTS.length]!;
    const rsaScheme = i % 2 ? "sha1" : "rsa_pad";
    const c = await RawMtprotoClient.connect({ host: sb.host, port: sb.port, rsa: sb.rsaPublicKey!, ...variant });
    try {
      const h = await c.handshake({ rsaScheme, gab: "padded" });
      if (h.gabLeadingZero) leadingZero++;
      const { result } = await c.invoke(new Api.help.GetNearestDc());
      if (result.thisDc !== sb.dcId) throw new Error(`wrong answer ${result.className}`);
    } catch (err) {
      throw new Error(`handshake ${i + 1} (${variant.framing}${variant.obfuscated ? ", obfuscated" : ""}, ${rsaScheme}): ${(err as Error).message}`, { cause: err });
    } finally {
      c.close();
    }
  }
  t.pass(`${count} key exchanges, each followed by an encrypted call under the client's padded key`);
  t.comment(`${leadingZero} of them had a g_ab starting with a zero byte (expected about ${Math.round(count / 199)})`);
}
