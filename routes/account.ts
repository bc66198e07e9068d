// The account page at /setup/account (http-auth only): the owner of an account signs in with its
// bearer token (a POST form, never a URL), then sees and changes the account's own settings
// (read-only, toolsets, send mode) and its per-chat rights, ticking read/write on its dialogs
// (paged and searchable, loaded through the account's AccountSession). Saved through
// store.updateSettings, so a running server applies them on the account's next request.
//
// Registered in the setup scope: the per-IP setup rate limit, and setup-security's CSRF cookie,
// CSP nonce and headers apply. Plain forms throughout: it works with JavaScript off. After
// sign-in, an unguessable page-session id (a hidden field, bound to this browser's cookie) stands
// for the token, which stays in server memory for the page session's life only.
// In stdio and http-no-auth there are no tokens, and anyone who reaches the port could lift the
// agent's limits here: the page answers 404 with a pointer to `tgmcp account settings`.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type, type Static } from "typebox";
import { MemoryPendingLogins, type PendingLoginStore } from "../services/accounts/pending.js";
import { looksLikeToken } from "../services/accounts/tokens.js";
import { SEND_MODES, type SendMode } from "../services/accounts/settings.js";
import type { Account } from "../services/accounts/types.js";
import { applyChatRights, connectedClients, filterDialogs, loadDialogs, pageOf, whenText, withChanges, withPolicy, type ConnectedClient, type DialogList } from "../services/accounts/account-page.js";
import { rightsOf, type PolicyDefault } from "../services/policy/chat-policy.js";
import { TOOLSET_NAMES, TOOLSETS } from "../services/mcp/toolsets.js";
import { serverBounds } from "../services/mcp/tool-context.js";
import { sendRateLimited } from "../plugins/rate-limit.js";

export interface AccountRoutesOptions {
  /** Dialogs per page (default 20). */
  pageSize?: number;
  /** Signed-in page sessions (default: in memory, 30 minutes). */
  sessions?: PendingLoginStore<PageSession>;
}

export interface PageSession {
  /** The browser it belongs to (setupSecurity.ownerOf its cookie). */
  owner: string;
  accountId: string;
  /** Opens the account's Telegram session; kept in memory only, never rendered. */
  token: string;
  dialogs?: { list: DialogList; at: number };
}

const FORM_LIMIT = 64 * 1024;
/** How long a loaded dialog list is reused before the next page view reloads it. */
const DIALOGS_FRESH_MS = 60_000;
/** Fields that repeat (checkboxes); all others are single values. */
const MULTI = new Set(["shown", "r", "w", "toolsets"]);

const Str = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const Ids = Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 500 }));
const FormBody = Type.Object(
  {
    csrf: Str(200),
    s: Str(64),
    token: Str(100),
    q: Str(200),
    page: Str(10),
    action: Str(20),
    read_only: Str(10),
    send_mode: Str(10),
    default: Str(10),
    toolsets: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 20 })),
    shown: Ids,
    r: Ids,
    w: Ids,
    client: Str(512),
  },
  { additionalProperties: false },
);
type Form = Static<typeof FormBody>;

const accountRoutes: FastifyPluginAsyncTypebox<AccountRoutesOptions> = async (fastify, opts) => {
  const config = fastify.config;
  const accounts = fastify.accounts;
  const security = fastify.setupSecurity;
  const isSandbox = fastify.telegramBackend.kind === "sandbox";
  const pageSize = opts.pageSize ?? 20;
  const bounds = serverBounds(config);
  const common = (request: FastifyRequest, cookie: string) => ({ csrf: security.formToken(cookie), nonce: request.cspNonce, sandbox: isSandbox, mode: config.SERVER_MODE });
  const render = (reply: FastifyReply, page: string, data: Record<string, unknown>, status = 200) => reply.code(status).type("text/html; charset=utf-8").view(page, data);

  if (config.SERVER_MODE !== "http-auth") {
    const off = async (request: FastifyRequest, reply: FastifyReply) => {
      const cookie = security.ensureCookie(request, reply);
      return render(reply, "account-off", { ...common(request, cookie), title: "No account page on this server" }, 404);
    };
    fastify.get("/setup/account", off);
    fastify.post("/setup/account", off);
    return;
  }

  const sessions = opts.sessions ?? new MemoryPendingLogins<PageSession>({ ttlMs: 30 * 60_000 });
  fastify.addHook("onClose", async () => {
    await sessions.close();
  });

  // Forms post urlencoded bodies; checkboxes repeat their name, so those fields become lists.
  fastify.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: FORM_LIMIT }, (_req, body, done) => {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(body.toString())) {
      if (MULTI.has(k)) ((out[k] ??= []) as string[]).push(v);
      else out[k] = v;
    }
    done(null, out);
  });

  const signInPage = (request: FastifyRequest, reply: FastifyReply, cookie: string, error?: string, status = 200, notice?: string) =>
    render(reply, "account-signin", { ...common(request, cookie), title: "Your account's limits", error, notice }, status);

  /** The OAuth clients connected to the account (null when OAuth is off on this server). */
  async function clientsOf(request: FastifyRequest, accountId: string): Promise<ConnectedClient[] | null> {
    const oauth = fastify.oauth;
    if (!oauth) return null;
    const grants = await oauth.kit.grantsOf(accountId);
    if (!grants.length) return [];
    const provider = await oauth.providerFor(request);
    const names = new Map<string, string>();
    for (const id of new Set(grants.map((g) => g.clientId))) {
      // A client whose record is gone (or whose metadata document cannot be fetched) shows its id.
      const client = await provider.Client.find(id).catch(() => undefined);
      if (client?.clientName) names.set(id, client.clientName);
    }
    return connectedClients(grants, (id) => names.get(id));
  }

  /** The main page of a signed-in page session. */
  async function mainPage(request: FastifyRequest, reply: FastifyReply, cookie: string, sid: string, ps: PageSession, account: Account, view: { q?: string; page?: number; refresh?: boolean; notice?: string; error?: string }) {
    const s = account.settings ?? {};
    const effective = fastify.mcp.effective(account);
    const tools = fastify.mcp.catalogFor(effective).tools.map((t) => t.def.name);
    let error = view.error;
    let list: DialogList | undefined = ps.dialogs?.list;
    if (view.refresh || !ps.dialogs || Date.now() - ps.dialogs.at > DIALOGS_FRESH_MS) {
      const lease = await fastify.sessionPool.acquire(account, ps.token).catch((err: unknown) => err as Error);
      if (lease instanceof Error) {
        error ??= `Your chats could not be loaded: ${lease.message}`;
      } else {
        try {
          list = await loadDialogs(lease.session);
          ps.dialogs = { list, at: Date.now() };
        } catch (err) {
          request.log.warn({ err, accountId: account.id }, "account page: dialogs not loaded");
          error ??= `Your chats could not be loaded: ${(err as Error).message}`;
        } finally {
          lease.release();
        }
      }
    }
    const q = view.q ?? "";
    const matching = filterDialogs(list?.dialogs ?? [], q);
    const pg = pageOf(matching, view.page ?? 0, pageSize);
    const policy = s.policy;
    const clients = await clientsOf(request, account.id);
    const onPage = new Set(pg.items.map((d) => d.id));
    const otherRules = Object.entries(policy?.chats ?? {})
      .filter(([id]) => !onPage.has(id))
      .map(([id, r]) => ({ id, title: r.title ?? id, read: r.read, write: r.write }));
    return render(
      reply,
      "account",
      {
        ...common(request, cookie),
        title: "Your account's limits",
        error,
        notice: view.notice,
        s: sid,
        account: { id: account.id, label: account.label },
        own: { readOnly: s.readOnly === true, toolsets: s.toolsets, sendMode: s.sendMode ?? "send" },
        server: bounds,
        effective,
        tools,
        toolsets: TOOLSET_NAMES.map((name) => ({
          name,
          description: TOOLSETS[name].description,
          onServer: bounds.toolsets.includes(name),
          checked: !s.toolsets || s.toolsets.includes(name),
        })),
        sendModes: SEND_MODES,
        q,
        page: { ...pg, items: pg.items.map((d) => ({ ...d, ...rightsOf(policy, d.id) })) },
        range: { from: pg.page * pageSize + 1, to: pg.page * pageSize + pg.items.length },
        loaded: list !== undefined,
        truncated: list?.truncated === true,
        policyDefault: policy?.default ?? "allow",
        otherRules,
        clients: clients?.map((c) => ({ ...c, granted: whenText(c.grantedAt), used: whenText(c.lastUsedAt) })) ?? null,
      },
      view.error ? 400 : 200,
    );
  }

  /** CSRF, then the page session of this browser and its account (re-read: fresh settings, token still valid). */
  async function signedIn(request: FastifyRequest, reply: FastifyReply, form: Form | undefined): Promise<{ cookie: string; sid: string; ps: PageSession; account: Account } | null> {
    if (request.validationError) {
      const cookie = security.ensureCookie(request, reply);
      await signInPage(request, reply, cookie, "The form was not valid. Please sign in again.", 400);
      return null;
    }
    const cookie = security.csrfOk(request, form?.csrf);
    if (!cookie) {
      const fresh = security.ensureCookie(request, reply);
      await signInPage(request, reply, fresh, "Your session with this page expired (or the form came from another site). Please sign in again.", 403);
      return null;
    }
    const sid = form?.s ?? "";
    const ps = sid ? await sessions.get(sid) : undefined;
    if (!ps || ps.owner !== security.ownerOf(cookie)) {
      await signInPage(request, reply, cookie, "You were signed out (the page session ended). Please sign in again.", 410);
      return null;
    }
    const account = await accounts.verifyToken(ps.token);
    if (!account || account.id !== ps.accountId) {
      await sessions.delete(sid);
      await signInPage(request, reply, cookie, "This account's token was revoked or replaced. Sign in with the current token.", 410);
      return null;
    }
    return { cookie, sid, ps, account };
  }

  const post = { schema: { body: FormBody }, attachValidation: true };
  const pageNo = (v: string | undefined) => Math.max(0, Number.parseInt(v ?? "0", 10) || 0);

  fastify.get("/setup/account", async (request, reply) => {
    const cookie = security.ensureCookie(request, reply);
    return signInPage(request, reply, cookie);
  });

  fastify.post("/setup/account", post, async (request, reply) => {
    if (request.validationError) {
      const cookie = security.ensureCookie(request, reply);
      return signInPage(request, reply, cookie, "The form was not valid. Please try again.", 400);
    }
    const cookie = security.csrfOk(request, request.body.csrf);
    if (!cookie) {
      const fresh = security.ensureCookie(request, reply);
      return signInPage(request, reply, fresh, "Your session with this page expired (or the form came from another site). Please try again.", 403);
    }
    // Wrong tokens count against the same per-IP limit as wrong bearer tokens on /mcp.
    const blocked = await fastify.rateLimits.authFailures.blockedFor(request);
    if (blocked !== null) {
      fastify.metrics.rateLimited.inc({ scope: "auth_failures" });
      return sendRateLimited(reply, blocked, "too many failed token attempts from this address");
    }
    const token = (request.body.token ?? "").trim();
    const account = looksLikeToken(token) ? await accounts.verifyToken(token) : null;
    if (!account) {
      fastify.metrics.authFailures.inc();
      await fastify.rateLimits.authFailures.record(request);
      return signInPage(request, reply, cookie, "That token is unknown or was revoked. Check it (it is in your mcp.json, after \"Bearer \").", 401);
    }
    const ps: PageSession = { owner: security.ownerOf(cookie), accountId: account.id, token };
    const sid = await sessions.create(ps);
    request.log.info({ accountId: account.id }, "account page: signed in");
    return mainPage(request, reply, cookie, sid, ps, account, {});
  });

  // Search, page through and reload the dialogs (no change is saved).
  fastify.post("/setup/account/view", post, async (request, reply) => {
    const ok = await signedIn(request, reply, request.body);
    if (!ok) return reply;
    const b = request.body;
    const page = pageNo(b.page) + (b.action === "next" ? 1 : b.action === "prev" ? -1 : 0);
    return mainPage(request, reply, ok.cookie, ok.sid, ok.ps, ok.account, { q: b.q, page: b.action === "search" ? 0 : page, refresh: b.action === "refresh" });
  });

  fastify.post("/setup/account/settings", post, async (request, reply) => {
    const ok = await signedIn(request, reply, request.body);
    if (!ok) return reply;
    const b = request.body;
    const view = { q: b.q, page: pageNo(b.page) };
    const mode = b.send_mode ?? "send";
    if (!(SEND_MODES as readonly string[]).includes(mode)) return mainPage(request, reply, ok.cookie, ok.sid, ok.ps, ok.account, { ...view, error: `Unknown send mode "${mode}".` });
    const picked = b.toolsets ?? [];
    const unknown = picked.filter((n) => !(TOOLSET_NAMES as readonly string[]).includes(n));
    if (unknown.length) return mainPage(request, reply, ok.cookie, ok.sid, ok.ps, ok.account, { ...view, error: `Unknown toolset ${unknown.join(", ")}; valid: ${TOOLSET_NAMES.join(", ")}.` });
    if (picked.length === 0) return mainPage(request, reply, ok.cookie, ok.sid, ok.ps, ok.account, { ...view, error: "Tick at least one toolset (an agent with none can do nothing)." });
    const toolsets = TOOLSET_NAMES.every((n) => picked.includes(n)) ? ("all" as const) : TOOLSET_NAMES.filter((n) => picked.includes(n));
    const next = withChanges(ok.account.settings, { readOnly: b.read_only === "on", toolsets, sendMode: mode as SendMode });
    await accounts.updateSettings(ok.account.id, next);
    request.log.info({ accountId: ok.account.id, readOnly: next?.readOnly === true, toolsets: next?.toolsets ?? "all", sendMode: next?.sendMode ?? "send" }, "account page: settings saved");
    const fresh: Account = { ...ok.account, ...(next ? { settings: next } : {}) };
    if (!next) delete fresh.settings;
    return mainPage(request, reply, ok.cookie, ok.sid, ok.ps, fresh, { ...view, notice: "Settings saved. They apply from the agent's next request." });
  });

  fastify.post("/setup/account/chats", post, async (request, reply) => {
    const ok = await signedIn(request, reply, request.body);
    if (!ok) return reply;
    const b = request.body;
    const view = { q: b.q, page: pageNo(b.page) };
    const def = b.default === "deny" ? "deny" : b.default === "allow" ? "allow" : undefined;
    if (!def) return mainPage(request, reply, ok.cookie, ok.sid, ok.ps, ok.account, { ...view, error: "Choose what chats without their own rights get: allow or deny." });
    // Only chats of the loaded list are saved, so every rule has a resolved id and its title.
    const known = new Map((ok.ps.dialogs?.list.dialogs ?? []).map((d) => [d.id, d]));
    const shown = (b.shown ?? []).map((id) => known.get(id)).filter((d) => d !== undefined);
    const policy = applyChatRights(ok.account.settings?.policy, def as PolicyDefault, shown, new Set(b.r ?? []), new Set(b.w ?? []));
    const next = withPolicy(ok.account.settings, policy);
    await accounts.updateSettings(ok.account.id, next);
    request.log.info({ accountId: ok.account.id, default: def, rules: Object.keys(policy?.chats ?? {}).length }, "account page: chat rights saved");
    const fresh: Account = { ...ok.account, ...(next ? { settings: next } : {}) };
    if (!next) delete fresh.settings;
    return mainPage(request, reply, ok.cookie, ok.sid, ok.ps, fresh, { ...view, notice: "Chat rights saved. They apply from the agent's next request." });
  });

  // Disconnects an OAuth client: every grant it holds on this account, with their codes, access
  // and refresh tokens, ends at once (the next /mcp request with them gets 401).
  fastify.post("/setup/account/clients", post, async (request, reply) => {
    const ok = await signedIn(request, reply, request.body);
    if (!ok) return reply;
    const b = request.body;
    const view = { q: b.q, page: pageNo(b.page) };
    const oauth = fastify.oauth;
    const grants = oauth && b.client ? (await oauth.kit.grantsOf(ok.account.id)).filter((g) => g.clientId === b.client) : [];
    if (!oauth || !grants.length) return mainPage(request, reply, ok.cookie, ok.sid, ok.ps, ok.account, { ...view, error: "That app is not connected to this account (any more)." });
    const name = (await clientsOf(request, ok.account.id))?.find((c) => c.clientId === b.client)?.name ?? b.client!;
    for (const g of grants) await oauth.kit.revokeGrant(g.grantId);
    request.log.info({ accountId: ok.account.id, clientId: b.client, grants: grants.length }, "account page: OAuth client disconnected");
    return mainPage(request, reply, ok.cookie, ok.sid, ok.ps, ok.account, { ...view, notice: `${name} was disconnected: its access and refresh tokens no longer work. It has to ask for access again.` });
  });

  fastify.post("/setup/account/signout", post, async (request, reply) => {
    const cookie = request.validationError ? null : security.csrfOk(request, request.body.csrf);
    if (cookie && request.body.s) {
      const ps = await sessions.get(request.body.s);
      if (ps?.owner === security.ownerOf(cookie)) await sessions.delete(request.body.s);
    }
    return signInPage(request, reply, cookie ?? security.ensureCookie(request, reply), undefined, 200, "Signed out.");
  });
};

export default accountRoutes;
