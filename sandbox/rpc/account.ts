// account.* methods other than the password ones (auth.ts owns GetPassword).
import { Api } from "telegram";
import { toGram } from "../mtproto/bytes.js";
import { RpcError, type HandlerMap } from "./types.js";


export const accountHandlers: HandlerMap = {
  "account.GetAccountTTL"(_q, ctx) {
    ctx.requireUser();
    return new Api.AccountDaysTTL({ days: 365 });
  },

  /** The user's active sessions ("devices"), with what each client sent in initConnection. */
  "account.GetAuthorizations"(_q, ctx) {
    const me = ctx.requireUser();
    return new Api.account.Authorizations({
      authorizationTtlDays: 180,
      authorizations: ctx.keysOfUser(me).map((k) => {
        const current = k.idHex === ctx.authKey.idHex;
        return new Api.Authorization({
          current,
          // As on Telegram: the current session's hash is 0; the others' identify them for ResetAuthorization.
          hash: toGram(current ? 0n : authorizationHash(k.idHex)),
          deviceModel: k.client?.deviceModel ?? "",
          platform: "",
          systemVersion: k.client?.systemVersion ?? "",
          apiId: k.client?.apiId ?? 0,
          appName: "",
          appVersion: k.client?.appVersion ?? "",
          dateCreated: k.createdAt,
          dateActive: ctx.now(),
          ip: "127.0.0.1",
          country: "ZZ",
          region: "",
        });
      }),
    });
  },

  /** Ends another session of the user (Settings > Devices > terminate): its key gets SESSION_REVOKED. */
  "account.ResetAuthorization"(q: Api.account.ResetAuthorization, ctx) {
    const me = ctx.requireUser();
    const hash = BigInt(q.hash.toString());
    const target = ctx.keysOfUser(me).find((k) => k.idHex !== ctx.authKey.idHex && authorizationHash(k.idHex) === hash);
    if (!target) throw new RpcError(400, "HASH_INVALID");
    target.revoked = true;
    return true;
  },

  /** Online/offline pings from clients: accepted and reflected in the user's status. */
  "account.UpdateStatus"(q: Api.account.UpdateStatus, ctx) {
    const user = ctx.world.getUser(ctx.requireUser())!;
    user.status = q.offline ? { kind: "offline", wasOnline: ctx.now() } : { kind: "online" };
    return true;
  },
};

/** A session's hash in account.GetAuthorizations: derived from its auth key id, never 0. */
function authorizationHash(idHex: string): bigint {
  return Buffer.from(idHex, "hex").readBigInt64LE(0) || 1n;
}
