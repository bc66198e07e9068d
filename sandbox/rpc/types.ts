// The contract between the sandbox's MTProto server (sandbox/mtproto) and its RPC
// handlers (sandbox/rpc/*). A handler gets the unwrapped request object (an Api.*
// instance, e.g. Api.messages.GetHistory) and returns the TL result.
import type { Api } from "telegram";
import type { World } from "../world/world.js";

/** A Telegram-style RPC error: code + UPPER_SNAKE message, like "400 PEER_ID_INVALID". */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    readonly errorMessage: string,
  ) {
    super(`${code} ${errorMessage}`);
  }
}

/**
 * What a handler may return:
 * - an Api.* object (serialized with getBytes());
 * - true/false for TL Bool;
 * - an array for TL Vector<T> of objects (Vector<int>/<long> must be a prebuilt Buffer);
 * - a Buffer holding the already-serialized TL bytes.
 */
export type TlResult = Api.AnyRequest["__response"] | boolean | unknown[] | Buffer | object;

/** One auth key known to the sandbox (a client install, a "device"). */
export interface AuthKeyState {
  /** hex of the 8-byte auth_key_id */
  readonly idHex: string;
  /** The DC whose server made (and knows) this key: keys are per DC, as on Telegram. */
  readonly dcId: number;
  /** Authorized by auth.ImportAuthorization (a copy of a login on another DC, for files): not a device. */
  imported?: boolean;
  /** The logged-in user, or null before login / after logout. */
  userId: number | null;
  /** Set by auth.LogOut / account.ResetAuthorization: later calls get 401 SESSION_REVOKED. */
  revoked: boolean;
  /** Login state machines keep their scratch data here (code hash, SRP, QR token). */
  login: Record<string, unknown>;
  /** When the key was made (unix seconds), and the client's initConnection, as Telegram lists them in account.GetAuthorizations. */
  createdAt: number;
  client?: { apiId: number; deviceModel: string; systemVersion: string; appVersion: string; langCode: string };
}

/** One DC of the sandbox: its id and loopback address. */
export interface DcInfo {
  id: number;
  host: string;
  port: number;
}

export interface RpcContext {
  readonly world: World;
  /** The DC this request arrived at. */
  readonly dcId: number;
  /** Every DC of the sandbox (help.GetConfig lists them). */
  dcs(): DcInfo[];
  /** The DC a user is homed on (their data, logins and uploads live there). */
  homeDcOf(userId: number): number;
  /** The DC a phone number logs in at: its user's home, or where a new account would be made. */
  dcOfPhone(phone: string): number;
  readonly authKey: AuthKeyState;
  /** The logged-in user id; throws 401 AUTH_KEY_UNREGISTERED (or SESSION_REVOKED) when none. */
  requireUser(): number;
  /** Push an Updates object to every connected session of a user (e.g. new messages), but `exceptKeyIdHex`. */
  pushToUser(userId: number, updates: Api.TypeUpdates, exceptKeyIdHex?: string): void;
  /** The live (not revoked) auth keys logged in as this user: its "devices". */
  keysOfUser(userId: number): AuthKeyState[];
  /** Push to every connected session of this auth key only. */
  pushToKey(authKeyIdHex: string, updates: Api.TypeUpdates): void;
  /** QR login: mark the key's pending QR login as accepted by a user and push UpdateLoginToken to it. */
  acceptQr(authKeyIdHex: string, userId: number): boolean;
  /** Server time in seconds (the sandbox clock; tests may not rely on wall time). */
  now(): number;
  /** Logs through the sandbox's logger (codes are shown here, by design). */
  log(msg: string, extra?: Record<string, unknown>): void;
}

/**
 * A request as gramjs's TL reader decodes it: an instance of some Api class, typed only at run
 * time. Each handler declares the class it serves; a map of them needs the erased form.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- decoded TL objects are untyped until a handler names their class
export type TlRequest = any;

export type RpcHandler = (request: TlRequest, ctx: RpcContext) => TlResult | Promise<TlResult>;

/** Handlers keyed by gramjs className, e.g. "messages.GetHistory", "help.GetConfig". */
export type HandlerMap = Record<string, RpcHandler>;
