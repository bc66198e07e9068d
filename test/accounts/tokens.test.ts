import t from "tap";
import { randomBytes } from "node:crypto";
import { generateToken, isValidAccountId, looksLikeToken, newAccountId, tokenVerifier, verifierMatches } from "../../services/accounts/tokens.js";

t.test("tokens are 32 random bytes as 43 base64url chars, all different", async (t) => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const tok = generateToken();
    t.match(tok, /^[A-Za-z0-9_-]{43}$/);
    t.equal(Buffer.from(tok, "base64url").length, 32);
    seen.add(tok);
  }
  t.equal(seen.size, 200);
});

t.test("shape checks", async (t) => {
  t.ok(looksLikeToken(generateToken()));
  t.notOk(looksLikeToken("short"));
  t.notOk(looksLikeToken(generateToken() + "x"));
  t.notOk(looksLikeToken("a".repeat(42) + "/"));
  t.notOk(looksLikeToken(undefined));
  t.ok(isValidAccountId(newAccountId()));
  // base64url starts with "-" or "_" once in 32 ids; such an id would read as a CLI option.
  const ids = Array.from({ length: 2000 }, newAccountId);
  t.ok(ids.every((id) => /^[A-Za-z0-9][\w-]{15}$/.test(id)), "ids are 16 characters and start with a letter or digit");
  t.notOk(isValidAccountId("../etc"));
  t.notOk(isValidAccountId("a/b"));
  t.notOk(isValidAccountId(""));
});

t.test("verifier: keyed per install, matches only its token", async (t) => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const tok = generateToken();
  const v = tokenVerifier(tok, k1);
  t.match(v, /^[0-9a-f]{64}$/);
  t.not(v, tokenVerifier(tok, k2), "another install's key gives another verifier");
  t.ok(verifierMatches(tok, v, k1));
  t.notOk(verifierMatches(generateToken(), v, k1));
  t.notOk(verifierMatches(tok, v, k2));
  t.notOk(verifierMatches(tok, "abcd", k1), "malformed stored verifier never matches");
  t.notOk(v.includes(tok.slice(0, 8)), "no token prefix in the verifier");
});
