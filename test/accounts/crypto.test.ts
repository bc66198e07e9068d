import t from "tap";
import { DecryptError, open, seal } from "../../services/accounts/crypto.js";

const SESSION = "1BVtsOK4Bu" + "x".repeat(300);

t.test("seal/open round trip with fresh salt and iv each time", async (t) => {
  const a = seal(SESSION, "secret-token", "acct1");
  const b = seal(SESSION, "secret-token", "acct1");
  t.equal(open(a, "secret-token", "acct1"), SESSION);
  t.not(a.ct, b.ct, "same plaintext seals differently");
  t.not(a.iv, b.iv);
  t.notOk(JSON.stringify(a).includes("xxxxxxxx"), "ciphertext does not show the plaintext");
});

t.test("wrong key fails", async (t) => {
  const box = seal(SESSION, "right", "acct1");
  t.throws(() => open(box, "wrong", "acct1"), DecryptError);
});

t.test("a blob moved to another account fails (account id is bound)", async (t) => {
  const box = seal(SESSION, "k", "acct1");
  t.throws(() => open(box, "k", "acct2"), DecryptError);
});

t.test("tampering with any part fails", async (t) => {
  const box = seal(SESSION, "k", "a");
  for (const field of ["ct", "iv", "tag", "salt"] as const) {
    const raw = Buffer.from(box[field], "base64");
    raw[0] ^= 1;
    t.throws(() => open({ ...box, [field]: raw.toString("base64") }, "k", "a"), DecryptError, `flipped bit in ${field}`);
  }
  t.throws(() => open({ ...box, alg: "other" as any }, "k", "a"), DecryptError);
  t.throws(() => open({ ...box, iv: "" }, "k", "a"), DecryptError);
});
