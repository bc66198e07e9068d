// oidc-provider's storage adapter over an OAuthStore, and the one place OAuth secrets meet the
// disk. The discipline is the bearer tokens' (services/accounts/tokens.ts, crypto.ts):
//
// - A record whose id is a bearer secret (codes, access and refresh tokens, the session cookie,
//   registration tokens...) is stored under HMAC(key, id), never under the id itself.
// - Codes, access and refresh tokens are sealed (AES-256-GCM, HKDF) under their own value. They
//   carry the account's tgmcp bearer token, which opens its Telegram session (sealed under it
//   by the account store): so the store, copied whole, opens no account, as before.
// - Client records (they may hold a client_secret the library compares in clear) are sealed
//   under a key of this install.
//
// How the account token travels along a grant: consent hands it over for the grant (handOver:
// a store record sealed under a one-time key that only the consenting browser holds, in a
// cookie for the resume request); the code's record takes it; redeeming the code (or a refresh
// token) opens the record and puts the token in the request's context (AsyncLocalStorage); the
// tokens issued in that request are sealed with it. Every step goes through the store, so any
// process sharing it can take the next one; nothing outside sealed records holds the token at rest.
//
// Pending consents of the pages (sealedPending) follow the same rule: sealed under their own id,
// which only the browser holds (a hidden form field), stored under a verifier of it.
import { AsyncLocalStorage } from "node:async_hooks";
import { createHmac, randomBytes } from "node:crypto";
import type { PendingLoginStore } from "../accounts/pending.js";
import { open, seal, type SealedBox } from "../accounts/crypto.js";
import type { OAuthStore, StoredRecord } from "./store.js";

export type Payload = Record<string, unknown> & { grantId?: string; uid?: string; userCode?: string; consumed?: number };

/** Models whose id is a bearer secret: stored under a verifier of it. */
const SECRET_ID = new Set([
  "AccessToken",
  "AuthorizationCode",
  "RefreshToken",
  "ClientCredentials",
  "DeviceCode",
  "BackchannelAuthenticationRequest",
  "RegistrationAccessToken",
  "InitialAccessToken",
  "Session",
  "PushedAuthorizationRequest",
]);
/** Models sealed under their own value; they carry the account token of their grant. */
const SEALED_BY_VALUE = new Set(["AccessToken", "AuthorizationCode", "RefreshToken"]);

/** Where the account token of a grant rides (inside the sealed payload). */
const ACCOUNT_TOKEN = "tgmcpAccountToken";

export interface OAuthAdapterKit {
  /** The adapter class for oidc-provider's `adapter` option. */
  Adapter: new (name: string) => OidcAdapter;
  /** Runs `fn` with a fresh per-request context (every provider request, every token check);
   * `handOverKey`: the consenting browser's key for the grant's first code (its resume request). */
  run<T>(fn: () => T, handOverKey?: string): T;
  /** The account token of `grantId` seen in this request, if any. */
  accountTokenOf(grantId: string): string | undefined;
  /**
   * Consent: the account token for the grant's first code, kept in the store for `ttlMs`, sealed
   * under the returned one-time key (the consenting browser carries it to the resume request).
   */
  handOver(grantId: string, accountToken: string, ttlMs?: number): Promise<string>;
  /** A pending-state store of the pages in the OAuth store: each value sealed under its own id. */
  sealedPending<T>(kind: string, ttlMs: number): PendingLoginStore<T>;
  /** The live grants of a tgmcp account (the account page's connected clients). */
  grantsOf(accountId: string): Promise<GrantSummary[]>;
  /** Ends a grant at once: the grant, its codes, access and refresh tokens. */
  revokeGrant(grantId: string): Promise<void>;
  /** Notes that a token of the grant was used now (written at most once a minute per grant). */
  touch(grantId: string, keepMs: number): Promise<void>;
}

/** A grant as the account page shows it (no secret in it). */
export interface GrantSummary {
  grantId: string;
  clientId: string;
  /** The scopes granted on this server's resources (telegram:read / telegram:write). */
  scopes: string[];
  /** ms since the epoch. */
  grantedAt?: number;
  lastUsedAt?: number;
}

/** How often a grant's "last used" is written at most (a tool call per second must not mean a write per second). */
const TOUCH_EVERY_MS = 60_000;

export interface OidcAdapter {
  upsert(id: string, payload: Payload, expiresIn?: number): Promise<void>;
  find(id: string): Promise<Payload | undefined>;
  findByUserCode(userCode: string): Promise<Payload | undefined>;
  findByUid(uid: string): Promise<Payload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

export interface AdapterKitOptions {
  /** Client ID Metadata Documents: the metadata of a client whose id is an https URL (cimd.ts). */
  clientMetadataDocument?: (url: string) => Promise<Payload | undefined>;
  now?: () => number;
}

export function createAdapterKit(store: OAuthStore, key: Buffer, opts: AdapterKitOptions = {}): OAuthAdapterKit {
  const now = opts.now ?? Date.now;
  const als = new AsyncLocalStorage<{ tokens: Map<string, string>; handOverKey?: string }>();
  const touched = new Map<string, number>();
  const verifier = (kind: string, id: string) => createHmac("sha256", key).update(`${kind}:${id}`).digest("base64url");
  const clientKey = createHmac("sha256", key).update("tgmcp oauth clients").digest("base64url");
  const storeKey = (kind: string, id: string) => (SECRET_ID.has(kind) ? verifier(kind, id) : encodeURIComponent(id).replace(/%/g, "~"));

  /** The handed-over account token of the grant, once, when this request holds its key. */
  async function takeHandOver(grantId: string): Promise<string | undefined> {
    const handOverKey = als.getStore()?.handOverKey;
    if (!handOverKey) return undefined;
    const key = verifier("HandOver", grantId);
    const rec = await store.get("HandOver", key);
    if (!rec) return undefined;
    try {
      const token = open(rec.data as SealedBox, handOverKey, `HandOver:${grantId}`);
      await store.delete("HandOver", key);
      return token;
    } catch {
      return undefined; // another browser's key: the record stays for the right one
    }
  }

  async function pack(kind: string, id: string, payload: Payload): Promise<unknown> {
    if (SEALED_BY_VALUE.has(kind)) {
      const grantId = payload.grantId;
      const accountToken = grantId ? (als.getStore()?.tokens.get(grantId) ?? (kind === "AuthorizationCode" ? await takeHandOver(grantId) : undefined)) : undefined;
      const body = JSON.stringify(accountToken ? { ...payload, [ACCOUNT_TOKEN]: accountToken } : payload);
      return seal(body, id, kind);
    }
    if (kind === "Client") return seal(JSON.stringify(payload), clientKey, `Client:${id}`);
    return payload;
  }

  function unpack(kind: string, id: string, data: unknown): Payload | undefined {
    try {
      if (SEALED_BY_VALUE.has(kind)) {
        const payload = JSON.parse(open(data as SealedBox, id, kind)) as Payload;
        const accountToken = payload[ACCOUNT_TOKEN];
        delete payload[ACCOUNT_TOKEN];
        if (typeof accountToken === "string" && payload.grantId) als.getStore()?.tokens.set(payload.grantId, accountToken);
        return payload;
      }
      if (kind === "Client") return JSON.parse(open(data as SealedBox, clientKey, `Client:${id}`)) as Payload;
      return data as Payload;
    } catch {
      return undefined; // a tampered or foreign record reads as none
    }
  }

  class Adapter implements OidcAdapter {
    constructor(readonly name: string) {}

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      // A Grant is indexed by its own id (revoking the grant deletes it with its tokens) and by
      // its account (the account page lists them).
      const grantId = payload.grantId ?? (this.name === "Grant" ? id : undefined);
      const accountId = this.name === "Grant" && typeof payload.accountId === "string" ? payload.accountId : undefined;
      const rec: StoredRecord = {
        data: await pack(this.name, id, payload),
        ...(grantId ? { grantId } : {}),
        ...(accountId ? { accountId } : {}),
        ...(payload.uid ? { uid: payload.uid } : {}),
        ...(payload.userCode ? { userCode: payload.userCode } : {}),
        ...(expiresIn ? { expiresAt: now() + expiresIn * 1000 } : {}),
      };
      await store.set(this.name, storeKey(this.name, id), rec);
    }

    async find(id: string): Promise<Payload | undefined> {
      if (this.name === "Client" && id.startsWith("https://") && opts.clientMetadataDocument) return opts.clientMetadataDocument(id);
      const rec = await store.get(this.name, storeKey(this.name, id));
      if (!rec) return undefined;
      const payload = unpack(this.name, id, rec.data);
      if (payload && rec.consumed !== undefined) payload.consumed = rec.consumed;
      return payload;
    }

    async findByUid(uid: string): Promise<Payload | undefined> {
      // Only plain records are looked up this way (Session): their payload needs no id to open.
      const key = await store.keyBy(this.name, "uid", uid);
      const rec = key ? await store.get(this.name, key) : undefined;
      return rec && !SEALED_BY_VALUE.has(this.name) ? (rec.data as Payload) : undefined;
    }

    async findByUserCode(userCode: string): Promise<Payload | undefined> {
      const key = await store.keyBy(this.name, "userCode", userCode);
      const rec = key ? await store.get(this.name, key) : undefined;
      return rec && !SEALED_BY_VALUE.has(this.name) ? (rec.data as Payload) : undefined;
    }

    async consume(id: string): Promise<void> {
      // Kept beside the sealed payload: consuming must not need to re-seal it.
      const key = storeKey(this.name, id);
      const rec = await store.get(this.name, key);
      if (rec) await store.set(this.name, key, { ...rec, consumed: Math.floor(now() / 1000) });
    }

    async destroy(id: string): Promise<void> {
      await store.delete(this.name, storeKey(this.name, id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await store.deleteByGrant(grantId);
    }
  }

  return {
    Adapter,
    run: (fn, handOverKey) => als.run({ tokens: new Map(), ...(handOverKey ? { handOverKey } : {}) }, fn),
    accountTokenOf: (grantId) => als.getStore()?.tokens.get(grantId),
    async grantsOf(accountId) {
      const out: GrantSummary[] = [];
      for (const { record } of await store.listBy("Grant", "accountId", accountId)) {
        const g = record.data as { jti?: string; clientId?: string; accountId?: string; resources?: Record<string, string>; iat?: number };
        if (!g.jti || !g.clientId || g.accountId !== accountId) continue;
        const scopes = new Set(Object.values(g.resources ?? {}).flatMap((s) => s.split(" ")).filter(Boolean));
        const use = await store.get("GrantUse", storeKey("GrantUse", g.jti));
        const at = (use?.data as { at?: number } | undefined)?.at;
        out.push({ grantId: g.jti, clientId: g.clientId, scopes: [...scopes].sort(), ...(g.iat ? { grantedAt: g.iat * 1000 } : {}), ...(at ? { lastUsedAt: at } : {}) });
      }
      return out;
    },
    async revokeGrant(grantId) {
      touched.delete(grantId);
      await store.deleteByGrant(grantId);
      await store.delete("Grant", storeKey("Grant", grantId));
    },
    async touch(grantId, keepMs) {
      const t = now();
      if (t - (touched.get(grantId) ?? 0) < TOUCH_EVERY_MS) return;
      if (touched.size >= 10_000) touched.clear();
      touched.set(grantId, t);
      await store.set("GrantUse", storeKey("GrantUse", grantId), { data: { at: t }, grantId, expiresAt: t + keepMs });
    },
    async handOver(grantId, accountToken, ttlMs = 10 * 60_000) {
      const handOverKey = randomBytes(32).toString("base64url");
      await store.set("HandOver", verifier("HandOver", grantId), { data: seal(accountToken, handOverKey, `HandOver:${grantId}`), grantId, expiresAt: now() + ttlMs });
      return handOverKey;
    },
    sealedPending<T>(kind: string, ttlMs: number): PendingLoginStore<T> {
      const aad = `Pending:${kind}`;
      return {
        async create(value) {
          const id = randomBytes(16).toString("base64url");
          await store.set(kind, verifier(kind, id), { data: seal(JSON.stringify(value), id, aad), expiresAt: now() + ttlMs });
          return id;
        },
        async get(id) {
          if (!/^[A-Za-z0-9_-]{16,64}$/.test(id)) return undefined;
          const rec = await store.get(kind, verifier(kind, id));
          if (!rec) return undefined;
          try {
            return JSON.parse(open(rec.data as SealedBox, id, aad)) as T;
          } catch {
            return undefined;
          }
        },
        async delete(id) {
          await store.delete(kind, verifier(kind, id));
        },
        async close() {},
      };
    },
  };
}
