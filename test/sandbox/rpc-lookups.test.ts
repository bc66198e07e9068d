// users.*, contacts.*, updates.*, account.* handlers through real gramjs clients over TCP.
import t from "tap";
import bigInt from "big-integer";
import { Api } from "telegram";
import { demoUser, loginAs, rpcError, startSandbox } from "../helpers/sandbox.js";

t.test("users: self always answers, wrong access hashes are refused, full user", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demo = await loginAs(t, sb);
  const [self] = await demo.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));
  t.equal((self as Api.User).self, true);
  t.equal((self as Api.User).username, "demo");
  t.equal((self as Api.User).phone, "9996620001");

  const aliceId = demoUser(sb, "alice");
  const wrong = await demo.invoke(new Api.users.GetUsers({ id: [new Api.InputUser({ userId: bigInt(aliceId), accessHash: bigInt(7) })] }));
  t.same(wrong, [], "a wrong access hash: left out");
  const zero = await demo.invoke(new Api.users.GetUsers({ id: [new Api.InputUser({ userId: bigInt(aliceId), accessHash: bigInt(0) })] }));
  t.equal((zero[0] as Api.User).firstName, "Alice", "access hash 0 works for a contact (what gramjs does for bare ids)");
  const stranger = demoUser(sb, "quinn_clark");
  t.same(await demo.invoke(new Api.users.GetUsers({ id: [new Api.InputUser({ userId: bigInt(stranger), accessHash: bigInt(0) })] })), [], "but not for a stranger");

  const alice = (await demo.getEntity("alice")) as Api.User;
  t.equal(alice.contact, true);
  t.equal(alice.mutualContact, true);
  t.equal(alice.phone, "9996620002", "a mutual contact's phone is visible");
  t.ok(alice.status instanceof Api.UserStatusOnline);
  const full = await demo.invoke(new Api.users.GetFullUser({ id: alice }));
  t.equal(full.fullUser.about, "Product manager at Northwind");
  t.ok(full.fullUser.commonChatsCount > 0);
  t.equal(
    await rpcError(demo.invoke(new Api.users.GetFullUser({ id: new Api.InputUser({ userId: bigInt(aliceId), accessHash: bigInt(1) }) }))),
    "USER_ID_INVALID",
  );
  const bot = (await demo.getEntity("tasktracker_bot")) as Api.User;
  t.equal(bot.bot, true);
  const botFull = await demo.invoke(new Api.users.GetFullUser({ id: bot }));
  t.ok(botFull.fullUser.botInfo, "bots have bot info");

  // The same user seen by another account has another access hash.
  const partner = await loginAs(t, sb, "partner");
  const aliceForPartner = (await partner.getEntity("alice")) as Api.User;
  t.not(aliceForPartner.accessHash!.toString(), alice.accessHash!.toString(), "access hashes are per account");
  t.equal(await rpcError(partner.invoke(new Api.users.GetFullUser({ id: new Api.InputUser({ userId: alice.id, accessHash: alice.accessHash! }) }))), "USER_ID_INVALID", "and not transferable");
});

t.test("contacts: resolve, search, list, import, delete", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demo = await loginAs(t, sb);

  const r = await demo.invoke(new Api.contacts.ResolveUsername({ username: "northwind_news" }));
  t.ok(r.peer instanceof Api.PeerChannel);
  t.equal((r.chats[0] as Api.Channel).title, "Northwind News");
  const u = await demo.invoke(new Api.contacts.ResolveUsername({ username: "PaulH" }));
  t.equal((u.users[0] as Api.User).username, "paulh", "case-insensitive");
  t.equal(await rpcError(demo.invoke(new Api.contacts.ResolveUsername({ username: "nobody_here_at_all" }))), "USERNAME_NOT_OCCUPIED");
  t.equal(await rpcError(demo.invoke(new Api.contacts.ResolveUsername({ username: "1bad name" }))), "USERNAME_INVALID");

  const byPhone = await demo.invoke(new Api.contacts.ResolvePhone({ phone: "+999 662 0003" }));
  t.equal((byPhone.users[0] as Api.User).username, "bobsmith");
  t.equal(await rpcError(demo.invoke(new Api.contacts.ResolvePhone({ phone: "+10000000000" }))), "PHONE_NOT_OCCUPIED");

  const found = await demo.invoke(new Api.contacts.Search({ q: "north", limit: 20 }));
  const titles = found.chats.map((c) => (c as Api.Channel).title).sort();
  t.same(titles, ["Northwind News", "Northwind Team"], "chats in my dialogs, by title word prefix");
  t.equal(found.myResults.length, 2);
  const people = await demo.invoke(new Api.contacts.Search({ q: "quinn", limit: 20 }));
  t.equal(people.myResults.length, 0);
  t.equal((people.users[0] as Api.User).username, "quinn_clark", "global results: a public non-contact");
  const markets = await demo.invoke(new Api.contacts.Search({ q: "global", limit: 20 }));
  t.equal((markets.chats[0] as Api.Channel).username, "global_markets", "public channels I have not joined");
  const john = await demo.invoke(new Api.contacts.Search({ q: "John Doe", limit: 20 }));
  t.equal((john.users[0] as Api.User).id.toString(), "133526395", "full names");

  const contacts = await demo.invoke(new Api.contacts.GetContacts({ hash: bigInt(0) }));
  t.ok(contacts instanceof Api.contacts.Contacts);
  const before = (contacts as Api.contacts.Contacts).contacts.length;
  t.equal(before, sb.world.getUser(sb.world.demoAccountId)!.contacts.size);

  const imported = await demo.invoke(
    new Api.contacts.ImportContacts({
      contacts: [
        new Api.InputPhoneContact({ clientId: bigInt(1), phone: "+9996620020", firstName: "Sam", lastName: "R" }),
        new Api.InputPhoneContact({ clientId: bigInt(2), phone: "+10000000000", firstName: "Nobody", lastName: "" }),
      ],
    }),
  );
  t.equal(imported.imported.length, 1, "only registered phones are imported");
  t.equal((imported.users[0] as Api.User).lastName, "R", "shown under the saved name");
  t.equal((imported.users[0] as Api.User).contact, true);
  const sam = imported.users[0] as Api.User;
  await demo.invoke(new Api.contacts.DeleteContacts({ id: [new Api.InputUser({ userId: sam.id, accessHash: sam.accessHash! })] }));
  const after = (await demo.invoke(new Api.contacts.GetContacts({ hash: bigInt(0) }))) as Api.contacts.Contacts;
  t.equal(after.contacts.length, before);
  // gramjs finds a contact by phone through GetContacts
  const bob = (await demo.getEntity("+9996620003")) as Api.User;
  t.equal(bob.username, "bobsmith");
});

t.test("updates and account", async (t) => {
  const sb = await startSandbox(t, { rsa: false });
  const demo = await loginAs(t, sb);
  const state = await demo.invoke(new Api.updates.GetState());
  t.ok(state.unreadCount > 0, "unread messages of the demo account");
  const empty = await demo.invoke(new Api.updates.GetDifference({ pts: state.pts, date: state.date, qts: 0 }));
  t.ok(empty instanceof Api.updates.DifferenceEmpty);

  const partner = await loginAs(t, sb, "partner");
  await partner.sendMessage(sb.world.demoAccountId, { message: "new while you were away" });
  const diff = await demo.invoke(new Api.updates.GetDifference({ pts: state.pts, date: state.date, qts: 0 }));
  t.ok(diff instanceof Api.updates.Difference);
  const d = diff as Api.updates.Difference;
  t.equal((d.newMessages[0] as Api.Message).message, "new while you were away");
  t.equal(d.state.pts, state.pts + 1);

  const ttl = await demo.invoke(new Api.account.GetAccountTTL());
  t.equal(ttl.days, 365);
});
