// contacts.*: ResolveUsername, ResolvePhone, Search, GetContacts, ImportContacts, DeleteContacts.
import { Api } from "telegram";
import { tokenize } from "../world/search-index.js";
import { convPeer, Refs } from "../world/to-api.js";
import { normalizePhone, type SConv, type SUser } from "../world/world.js";
import { big, cap, inputUserId } from "./common.js";
import { RpcError, type HandlerMap, type RpcContext } from "./types.js";

const USERNAME = /^[a-zA-Z][a-zA-Z0-9_]{2,31}$/;

function resolvedUser(ctx: RpcContext, viewer: number, userId: number): Api.contacts.ResolvedPeer {
  const refs = new Refs(ctx.world, viewer);
  refs.users.add(userId);
  return new Api.contacts.ResolvedPeer({ peer: new Api.PeerUser({ userId: big(userId) }), chats: [], users: refs.apiUsers(ctx.now()) });
}

/** Every query word is a prefix of a word of the name, or the query is a prefix of the username. */
function nameMatches(q: string, words: string[], username: string | undefined): boolean {
  const terms = tokenize(q);
  if (username && username.toLowerCase().startsWith(q.replace(/^@/, "").toLowerCase())) return true;
  return terms.length > 0 && terms.every((t) => words.some((w) => w.startsWith(t)));
}

function userMatches(q: string, u: SUser, names?: { firstName: string; lastName: string }): boolean {
  return nameMatches(q, tokenize(`${names?.firstName ?? u.firstName} ${names?.lastName ?? u.lastName}`), u.username);
}

function convMatches(q: string, c: SConv): boolean {
  return c.kind !== "private" && nameMatches(q, tokenize(c.title), c.username);
}

export const contactsHandlers: HandlerMap = {
  "contacts.ResolveUsername"(q: Api.contacts.ResolveUsername, ctx) {
    const viewer = ctx.requireUser();
    const name = q.username.replace(/^@/, "");
    if (!USERNAME.test(name)) throw new RpcError(400, "USERNAME_INVALID");
    const found = ctx.world.resolveUsername(name);
    if (!found) throw new RpcError(400, "USERNAME_NOT_OCCUPIED");
    if (found.user) return resolvedUser(ctx, viewer, found.user.id);
    const conv = found.conv!;
    const refs = new Refs(ctx.world, viewer);
    refs.addConv(conv);
    return new Api.contacts.ResolvedPeer({ peer: convPeer(ctx.world, conv, viewer), chats: refs.apiChats(), users: [] });
  },

  "contacts.ResolvePhone"(q: Api.contacts.ResolvePhone, ctx) {
    const viewer = ctx.requireUser();
    const phone = normalizePhone(q.phone);
    if (!phone) throw new RpcError(400, "PHONE_NOT_OCCUPIED");
    const user = ctx.world.findUserByPhone(phone);
    if (!user) throw new RpcError(400, "PHONE_NOT_OCCUPIED");
    return resolvedUser(ctx, viewer, user.id);
  },

  "contacts.Search"(q: Api.contacts.Search, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const query = q.q.trim();
    if (!query) throw new RpcError(400, "QUERY_TOO_SHORT");
    const limit = cap(q.limit) || 50;
    const me = world.getUser(viewer)!;
    const refs = new Refs(world, viewer);
    const mine: Api.TypePeer[] = [];
    const results: Api.TypePeer[] = [];
    const seen = new Set<string>();
    // my_results: contacts, then chats and channels in the dialog list
    for (const [id, names] of me.contacts) {
      const u = world.getUser(id);
      if (mine.length < limit && u && userMatches(query, u, names)) {
        mine.push(new Api.PeerUser({ userId: big(id) }));
        refs.users.add(id);
        seen.add(`u${id}`);
      }
    }
    for (const idx of world.dialogList(viewer)) {
      const c = world.convs[idx]!;
      if (mine.length < limit && convMatches(query, c)) {
        mine.push(convPeer(world, c, viewer));
        refs.addConv(c);
        seen.add(`c${idx}`);
      }
    }
    // results: global search finds only public entities (users and chats with a username)
    for (const u of world.users.values()) {
      if (results.length >= limit) break;
      if (!u.username || u.id === viewer || seen.has(`u${u.id}`) || !userMatches(query, u)) continue;
      results.push(new Api.PeerUser({ userId: big(u.id) }));
      refs.users.add(u.id);
    }
    for (const c of world.convs) {
      if (results.length >= limit) break;
      if (!c.username || seen.has(`c${c.idx}`) || !convMatches(query, c)) continue;
      results.push(convPeer(world, c, viewer));
      refs.addConv(c);
    }
    return new Api.contacts.Found({ myResults: mine, results, chats: refs.apiChats(), users: refs.apiUsers(ctx.now()) });
  },

  "contacts.GetContacts"(_q: Api.contacts.GetContacts, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const me = world.getUser(viewer)!;
    const refs = new Refs(world, viewer);
    const contacts: Api.Contact[] = [];
    for (const id of me.contacts.keys()) {
      if (!world.getUser(id)) continue;
      contacts.push(new Api.Contact({ userId: big(id), mutual: world.isContact(id, viewer) }));
      refs.users.add(id);
    }
    return new Api.contacts.Contacts({ contacts, savedCount: 0, users: refs.apiUsers(ctx.now()) });
  },

  "contacts.ImportContacts"(q: Api.contacts.ImportContacts, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const imported: Api.ImportedContact[] = [];
    const refs = new Refs(world, viewer);
    for (const c of q.contacts) {
      if (!(c instanceof Api.InputPhoneContact)) continue;
      const user = world.findUserByPhone(c.phone);
      if (!user || user.id === viewer) continue;
      world.addContact(viewer, user.id, { firstName: c.firstName || user.firstName, lastName: c.lastName ?? "" });
      imported.push(new Api.ImportedContact({ userId: big(user.id), clientId: c.clientId }));
      refs.users.add(user.id);
    }
    return new Api.contacts.ImportedContacts({ imported, popularInvites: [], retryContacts: [], users: refs.apiUsers(ctx.now()) });
  },

  "contacts.DeleteContacts"(q: Api.contacts.DeleteContacts, ctx) {
    const viewer = ctx.requireUser();
    const world = ctx.world;
    const me = world.getUser(viewer)!;
    const refs = new Refs(world, viewer);
    for (const input of q.id) {
      const id = inputUserId(world, viewer, input, true);
      if (id === undefined) throw new RpcError(400, "CONTACT_ID_INVALID");
      me.contacts.delete(id);
      refs.users.add(id);
    }
    return new Api.Updates({ updates: [], users: refs.apiUsers(ctx.now()), chats: [], date: ctx.now(), seq: 0 });
  },
};
