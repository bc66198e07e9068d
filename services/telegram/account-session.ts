// One account's Telegram session: the connected gramjs client and everything that is per
// account on top of it.
// - invoke(request, signal, opts): the one door for Telegram calls. It checks the account's chat
//   policy first (services/policy/enforce.ts: every peer of the request, and the unfilterable
//   methods), then applies the FloodWait policy
//   (waits up to floodSleepThreshold are slept through here, longer ones are thrown), the abort
//   signal, RPC metrics, and revocation detection (a dead session becomes AccountNeedsSetupError
//   and the owner is told once, through onRevoked).
// - peers: the chat_id resolution cache (entity-resolver.ts), filled explicitly by the services.
// - onUpdate(listener): the updates Telegram pushes to this session.
// - persist(): saves the session string when gramjs changed it (e.g. after a DC migration).
// The session pool (session-pool.ts) only decides when sessions are made and closed.
// Framework-free: metrics and logs come in through the observer and logger options.
import { Api, type TelegramClient } from "telegram";
import { Raw } from "telegram/events/index.js";
import type { StringSession } from "telegram/sessions/index.js";
import { AccountNeedsSetupError, REVOKED_ERRORS } from "./needs-setup.js";
import { PeerCache } from "./entity-resolver.js";
import { gramjsCachedInputPeer, gramjsLearnSelf, gramjsSelfUserId, isReconnecting, releaseExportedSenders } from "./gramjs-adapter.js";
import { MAX_FLOOD_RETRIES, floodWaitSeconds, raceAbort, sleep } from "./rpc.js";
import { rightsOf, type ChatPolicy, type ChatRights } from "../policy/chat-policy.js";
import { checkChat, enforcePolicy } from "../policy/enforce.js";
import type { Right } from "../policy/chat-policy.js";


export type RpcOutcome = "ok" | "error" | "flood_wait" | "needs_setup";

export interface SessionObserver {
  rpc?(method: string, outcome: RpcOutcome, seconds: number): void;
  floodWait?(method: string, seconds: number): void;
}

export interface SessionLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  debug?(obj: object, msg?: string): void;
}

/** A Telegram update as pushed to the session: a single Update, or an Updates container gramjs did not unpack. */
export type SessionUpdate = Api.TypeUpdate | Api.TypeUpdates;

export interface AccountSessionOptions {
  accountId: string;
  /** A gramjs client for this account (connected or not); the session owns it from now on. */
  client: TelegramClient;
  /** FLOOD_SLEEP_THRESHOLD in seconds: FloodWaits up to this are waited out, longer ones fail at once. Default 0. */
  floodSleepThreshold?: number;
  /** How the user fixes a dead session, e.g. "run `tgmcp setup`". */
  setupHint?: string;
  observer?: SessionObserver;
  logger?: SessionLogger;
  /** Told once when Telegram says the session is dead (the pool marks the account and evicts it). */
  onRevoked?(reason: string): Promise<void>;
  /** The session string the client was built from (persist() saves only a real change); read from the client otherwise. */
  loadedSession?: string;
  /** Saves a changed session string (persist() calls it only when something changed). */
  save?(session: string): Promise<void>;
  /**
   * The account's chat policy, read on every call (so a change to the account record or the
   * policy file applies to the next call). Absent or undefined: every chat. It may throw (a
   * policy file that became invalid): the call is then refused with that error.
   */
  policy?(): ChatPolicy | undefined;
}

export interface InvokeOptions {
  /**
   * The caller filters the answer by the policy itself (search_messages_globally, find_chats,
   * chat_id resolution): methods whose answers can carry other chats are then not refused.
   */
  filtersResults?: boolean;
  /** Send it to another DC (a file homed there), over gramjs's exported-authorization sender. */
  dcId?: number;
}

export class AccountSession {
  readonly accountId: string;
  /** chat_id resolutions and entities seen in responses (entity-resolver.ts). */
  readonly peers: PeerCache;
  private readonly client: TelegramClient;
  private readonly threshold: number;
  private loadedSession: string;
  private revokedReason: string | undefined;
  private reconnecting: Promise<void> | undefined;

  constructor(private readonly opts: AccountSessionOptions) {
    this.accountId = opts.accountId;
    this.client = opts.client;
    this.threshold = opts.floodSleepThreshold ?? 0;
    this.loadedSession = opts.loadedSession ?? this.sessionString() ?? "";
    this.peers = new PeerCache(
      (markedId) => gramjsCachedInputPeer(this.client, markedId),
      (me) => gramjsLearnSelf(this.client, me),
    );
  }

  get connected(): boolean {
    return Boolean(this.client.connected);
  }

  /** Set once Telegram rejected the session (AUTH_KEY_UNREGISTERED, SESSION_REVOKED, ...). */
  get revoked(): boolean {
    return this.revokedReason !== undefined;
  }

  get setupHint(): string {
    return this.opts.setupHint ?? "run `tgmcp setup`";
  }

  /** Connects; a client that cannot reach Telegram is an error (gramjs itself only returns false). */
  async connect(): Promise<void> {
    await this.client.connect();
    if (!this.client.connected) throw new Error("Not connected: Telegram could not be reached");
  }

  /** Makes sure the client is connected: waits for gramjs's own reconnect, or connects again. */
  async ensureConnected(): Promise<void> {
    if (this.client.connected) return;
    this.reconnecting ??= (async () => {
      // gramjs reconnects by itself after a drop; wait for it rather than racing it.
      if (isReconnecting(this.client)) {
        for (let i = 0; i < 100 && isReconnecting(this.client) && !this.client.connected; i++) await sleep(50);
        if (this.client.connected) return;
      }
      this.opts.logger?.info({ accountId: this.accountId }, "telegram client reconnecting");
      await this.connect();
    })().finally(() => {
      this.reconnecting = undefined;
    });
    await this.reconnecting;
  }

  /** The DC the account's main connection talks to (its home). */
  get homeDcId(): number {
    return this.client.session.dcId;
  }

  /**
   * Calls Telegram. FloodWaits up to the threshold are waited out (at most MAX_FLOOD_RETRIES
   * times), longer ones are thrown; `signal` cancels the call and any wait. `dcId` sends it to
   * another DC (a file homed there) over gramjs's exported-authorization sender for that DC.
   */
  async invoke<R extends Api.AnyRequest>(request: R, signal?: AbortSignal, opts: InvokeOptions = {}): Promise<R["__response"]> {
    // Before anything reaches Telegram (throws ChatForbiddenError).
    const policy = this.opts.policy?.();
    if (policy) enforcePolicy(request, policy, { selfId: this.knownSelfId(), title: (id) => this.titleOf(id) }, opts);
    for (let attempt = 0; ; attempt++) {
      try {
        return await raceAbort(() => this.invokeOnce(request, opts.dcId), signal);
      } catch (err) {
        const seconds = floodWaitSeconds(err);
        if (seconds === undefined || seconds > this.threshold || attempt >= MAX_FLOOD_RETRIES) throw err;
        await sleep(seconds * 1000, signal);
      }
    }
  }

  /** One call with its metrics; a dead session becomes AccountNeedsSetupError. */
  private async invokeOnce<R extends Api.AnyRequest>(request: R, dcId?: number): Promise<R["__response"]> {
    const obs = this.opts.observer;
    const method = request.className ?? "unknown";
    const t0 = performance.now();
    try {
      // The home DC goes over the main connection: gramjs would open a second one for its own dcId.
      const result = await this.client.invoke(request, dcId === undefined || dcId === this.client.session.dcId ? undefined : dcId);
      obs?.rpc?.(method, "ok", (performance.now() - t0) / 1000);
      return result;
    } catch (err) {
      const seconds = (performance.now() - t0) / 1000;
      const msg = (err as { errorMessage?: unknown } | null)?.errorMessage;
      if (typeof msg === "string" && REVOKED_ERRORS.has(msg)) {
        obs?.rpc?.(method, "needs_setup", seconds);
        await this.markRevoked(msg);
        throw new AccountNeedsSetupError(this.accountId, msg, this.setupHint);
      }
      const wait = floodWaitSeconds(err);
      if (wait !== undefined) {
        obs?.rpc?.(method, "flood_wait", seconds);
        obs?.floodWait?.(method, wait);
      } else {
        obs?.rpc?.(method, "error", seconds);
      }
      throw err;
    }
  }

  private async markRevoked(reason: string): Promise<void> {
    if (this.revokedReason !== undefined) return;
    this.revokedReason = reason;
    this.opts.logger?.warn({ accountId: this.accountId, reason }, "telegram session revoked: account needs setup");
    await this.opts.onRevoked?.(reason);
  }

  /**
   * The account's own user id without an RPC when known: from the peer cache (a response showed
   * our own user) or from gramjs (after getMe/login). Undefined otherwise.
   */
  knownSelfId(): string | undefined {
    const self = this.peers.self();
    return self?.markedId !== undefined && self.markedId !== "self" ? self.markedId : gramjsSelfUserId(this.client);
  }

  /** The chat policy in force now (undefined: every chat). */
  policy(): ChatPolicy | undefined {
    return this.opts.policy?.();
  }

  /** The rights the policy gives a chat (marked id); the account's own chat has every right. */
  rights(markedId: string): ChatRights {
    if (markedId === "self" || markedId === "me" || markedId === this.knownSelfId()) return { read: true, write: true };
    return rightsOf(this.policy(), markedId);
  }

  /** Whether the policy lets the agent see a chat (and its messages) at all: its read right. */
  canSee(markedId: string): boolean {
    return this.rights(markedId).read;
  }

  /**
   * For services that call an unfilterable method with filtersResults (e.g. messages.GetMessages,
   * which names no chat): throws ChatForbiddenError unless the chat they filter for has `right`.
   */
  assertRight(markedId: string, right: Right, method: string): void {
    checkChat(this.policy(), markedId, right, { selfId: this.knownSelfId(), title: (id) => this.titleOf(id) }, method);
  }

  /** A chat's title (or a user's name) from the peer cache, for messages. */
  titleOf(markedId: string): string | undefined {
    const e = this.peers.get(markedId)?.entity;
    if (!e) return undefined;
    if (e instanceof Api.User) return [e.firstName, e.lastName].filter(Boolean).join(" ") || (e.username ? "@" + e.username : undefined);
    return "title" in e ? e.title : undefined;
  }

  /** The account's own user id: known already (knownSelfId), or one users.GetUsers, as gramjs's getMe does. */
  async selfUserId(signal?: AbortSignal): Promise<string> {
    const known = this.knownSelfId();
    if (known !== undefined) return known;
    const [me] = await this.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }), signal);
    if (!me) throw new Error("Telegram did not return the account's own user");
    this.peers.remember([me], []);
    return me.id.toString();
  }

  /**
   * Subscribes to the updates Telegram pushes to this session (new messages, edits, reads...).
   * Returns the function that unsubscribes. A listener that throws does not affect the others.
   */
  onUpdate(listener: (update: SessionUpdate) => void): () => void {
    const builder = new Raw({});
    const handler = (update: unknown) => {
      // gramjs also dispatches its own connection-state events here; only TL objects are updates.
      if (typeof update !== "object" || update === null || !("CONSTRUCTOR_ID" in update)) return;
      try {
        listener(update as SessionUpdate);
      } catch (err) {
        this.opts.logger?.warn({ accountId: this.accountId, err: String((err as Error)?.message ?? err) }, "update listener failed");
      }
    };
    this.client.addEventHandler(handler, builder);
    return () => this.client.removeEventHandler(handler, builder);
  }

  /** Saves the session when gramjs changed it (e.g. after a DC migration). Returns whether it saved. */
  async persist(): Promise<boolean> {
    if (this.revoked || !this.opts.save) return false;
    const current = this.sessionString();
    if (!current || current === this.loadedSession) return false;
    await this.opts.save(current);
    this.loadedSession = current;
    return true;
  }

  /** Disconnects for good (also gramjs's borrowed senders and update handlers). Idempotent. */
  async destroy(): Promise<void> {
    await Promise.all([this.client.destroy(), releaseExportedSenders(this.client)]);
  }

  private sessionString(): string | undefined {
    try {
      // Clients are built on a StringSession (client-factory.ts), whose save() returns the string.
      return String((this.client.session as StringSession).save());
    } catch {
      return undefined;
    }
  }
}
