// Each seed tool and invoke_mtproto against allowed and refused chats, through real gramjs to the
// sandbox. The policy is checked in AccountSession.invoke before Telegram is called: a refused
// call makes no RPC to the chat (the sandbox's RPC log shows it).
import t, { type Test } from "tap";
import { loginAs, startSandbox, demoUser } from "../helpers/sandbox.js";
import { CHATS, policyCaller } from "./_harness.js";
import type { ChatPolicy } from "../../services/policy/chat-policy.js";

t.test("seed tools and invoke_mtproto under a policy", async (t) => {
  const sb = await startSandbox(t, { flood: false });
  const client = await loginAs(t, sb);
  const alice = String(demoUser(sb, "alice"));
  const policy: ChatPolicy = {
    default: "allow",
    chats: {
      [CHATS.family]: { read: false, write: false, title: "Family" },
      [CHATS.phoenix]: { read: true, write: false, title: "Project Phoenix" },
      [alice]: { read: true, write: false },
    },
  };
  const call = policyCaller(sb, client, policy);
  const raw = (method: string, params: unknown) => call("invoke_mtproto", { method_full_name: method, params_json: JSON.stringify(params) });

  const refused = (t: Test, r: { ok: boolean; data: any; rpc: string[] }, chat: string, right: "read" | "write", operation: string) => {
    t.notOk(r.ok, "refused");
    t.match(r.data, { ok: false, error_type: "Forbidden", operation });
    t.match(r.data.error, chat, "the message names the chat");
    t.match(r.data.error, `${right} right is missing`, "and the missing right");
  };

  t.test("search_messages_in_chat: a read-only chat reads, a hidden one is refused", async (t) => {
    const ok = await call("search_messages_in_chat", { chat_id: CHATS.phoenix, query: "budget", limit: 5 });
    t.ok(ok.ok, JSON.stringify(ok.data).slice(0, 200));
    t.ok(ok.data.messages.length > 0);
    const no = await call("search_messages_in_chat", { chat_id: CHATS.family, query: "dinner", limit: 5 });
    refused(t, no, CHATS.family, "read", "search_messages_in_chat");
    t.match(no.data, { chat_id: CHATS.family, missing_right: "read" });
    t.notOk(no.rpc.includes("messages.Search"), "Telegram was not asked");
  });

  t.test("read_messages (messages.GetMessages names no chat: checked by the service)", async (t) => {
    t.ok((await call("read_messages", { chat_id: CHATS.phoenix, message_ids: [1980] })).ok);
    const no = await call("read_messages", { chat_id: CHATS.family, message_ids: [1, 2] });
    refused(t, no, CHATS.family, "read", "read_messages");
    t.notOk(no.rpc.includes("messages.GetMessages"));
  });

  t.test("get_chat_info", async (t) => {
    const ok = await call("get_chat_info", { chat_id: CHATS.phoenix });
    t.equal(ok.data.title, "Project Phoenix");
    refused(t, await call("get_chat_info", { chat_id: CHATS.family }), CHATS.family, "read", "get_chat_info");
  });

  t.test("send_message: allowed, read-only and hidden chats; Saved Messages always", async (t) => {
    const ok = await call("send_message", { chat_id: "@bobsmith", message: "policy: allowed" });
    t.ok(ok.ok, JSON.stringify(ok.data).slice(0, 200));
    const ro = await call("send_message", { chat_id: CHATS.phoenix, message: "policy: read-only chat" });
    refused(t, ro, "Project Phoenix", "write", "send_message");
    t.notOk(ro.rpc.includes("messages.SendMessage"), "nothing was sent");
    refused(t, await call("send_message", { chat_id: "@alice", message: "no" }), alice, "write", "send_message");
    refused(t, await call("send_message", { chat_id: CHATS.family, message: "no" }), CHATS.family, "read", "send_message");
    call.policy.current = { default: "deny", chats: {} };
    t.ok((await call("send_message", { chat_id: "me", message: "note to self" })).ok, "Saved Messages under default deny");
    call.policy.current = policy;
  });

  t.test("edit_message in a read-only chat", async (t) => {
    const r = await call("edit_message", { chat_id: CHATS.phoenix, message_id: 1980, message: "edited" });
    refused(t, r, CHATS.phoenix, "write", "edit_message");
    t.notOk(r.rpc.includes("messages.EditMessage"));
  });

  t.test("send_message_to_phone to a read-only contact", async (t) => {
    const phone = "+" + sb.world.getUser(Number(alice))!.phone;
    const r = await call("send_message_to_phone", { phone_number: phone, message: "no", first_name: "Alice" });
    refused(t, r, alice, "write", "send_message_to_phone");
    t.notOk(r.rpc.includes("messages.SendMessage"));
  });

  t.test("invoke_mtproto: the peers of raw requests", async (t) => {
    const hist = await raw("messages.getHistory", { peer: CHATS.phoenix, limit: 2 });
    t.ok(hist.ok, JSON.stringify(hist.data).slice(0, 300));
    const ids = (hist.data.result ?? hist.data).messages.map((m: any) => m.id);
    const no = await raw("messages.getHistory", { peer: CHATS.family, limit: 2 });
    refused(t, no, CHATS.family, "read", "invoke_mtproto");
    t.equal(no.data.error_code, "CHAT_FORBIDDEN");
    refused(t, await raw("messages.sendMessage", { peer: CHATS.phoenix, message: "x" }), CHATS.phoenix, "write", "invoke_mtproto");
    // Forward: the source needs read, the target write.
    const team = await raw("messages.getHistory", { peer: CHATS.team, limit: 1 });
    const teamId = (team.data.result ?? team.data).messages[0].id;
    const fwdDenied = await raw("messages.forwardMessages", { from_peer: CHATS.team, id: [teamId], to_peer: CHATS.phoenix });
    refused(t, fwdDenied, CHATS.phoenix, "write", "invoke_mtproto");
    t.match(fwdDenied.data.error, "toPeer", "the target field is named");
    t.notOk(fwdDenied.rpc.includes("messages.ForwardMessages"), "nothing forwarded");
    // A hidden target (its id is in the peer cache by now, so the forward itself is refused).
    refused(t, await raw("messages.forwardMessages", { from_peer: CHATS.phoenix, id: [ids[0]], to_peer: CHATS.family }), CHATS.family, "write", "invoke_mtproto");
    // A hidden source: a forward reads it.
    call.policy.current = { ...policy, chats: { ...policy.chats, [CHATS.team]: { read: false, write: true } } };
    refused(t, await raw("messages.forwardMessages", { from_peer: CHATS.team, id: [teamId], to_peer: "@bobsmith" }), CHATS.team, "read", "invoke_mtproto");
    call.policy.current = policy;
    refused(t, await raw("messages.forwardMessages", { from_peer: CHATS.phoenix, id: [ids[0]], to_peer: "@alice" }), alice, "write", "invoke_mtproto");
    const fwdOk = await raw("messages.forwardMessages", { from_peer: CHATS.phoenix, id: [ids[0]], to_peer: "@bobsmith" });
    t.ok(fwdOk.ok, "read-only source, writable target: " + JSON.stringify(fwdOk.data).slice(0, 200));
    // Lists of peers and bare basic-group ids.
    refused(t, await raw("messages.getPeerDialogs", { peers: [{ _: "inputDialogPeer", peer: CHATS.phoenix }, { _: "inputDialogPeer", peer: CHATS.family }] }), CHATS.family, "read", "invoke_mtproto");
    refused(t, await raw("messages.getFullChat", { chat_id: 4000000001 }), CHATS.family, "read", "invoke_mtproto");
    t.ok((await raw("messages.getFullChat", { chat_id: 4000000000 })).ok);
  });

  t.test("unfilterable raw methods: refused under a restricting policy, allowed without one", async (t) => {
    const dialogs = await raw("messages.getDialogs", { offset_peer: { _: "inputPeerEmpty" }, limit: 5 });
    t.match(dialogs.data, { ok: false, error_type: "Forbidden", error_code: "CHAT_FORBIDDEN" });
    t.match(dialogs.data.error, /messages\.GetDialogs is refused/);
    t.notOk(dialogs.rpc.includes("messages.GetDialogs"));
    const search = await raw("messages.search", { peer: { _: "inputPeerEmpty" }, q: "budget", filter: { _: "inputMessagesFilterEmpty" }, limit: 3 });
    t.match(search.data, { error_type: "Forbidden" }, "messages.search without a chat");
    t.match((await raw("contacts.getContacts", {})).data, { error_type: "Forbidden" });
    call.policy.current = { default: "allow", chats: { [CHATS.family]: { read: true, write: true } } };
    t.ok((await raw("messages.getDialogs", { offset_peer: { _: "inputPeerEmpty" }, limit: 5 })).ok, "a policy that restricts nothing");
    call.policy.current = undefined;
    t.ok((await raw("messages.getDialogs", { offset_peer: { _: "inputPeerEmpty" }, limit: 5 })).ok, "no policy");
    call.policy.current = policy;
  });

  t.test("a policy change applies to the next call", async (t) => {
    t.ok((await call("get_chat_info", { chat_id: CHATS.launch })).ok);
    call.policy.current = { ...policy, chats: { ...policy.chats, [CHATS.launch]: { read: false, write: false } } };
    const r = await call("get_chat_info", { chat_id: CHATS.launch });
    t.match(r.data, { error_type: "Forbidden", chat_id: CHATS.launch, chat_title: "Launch Planning" }, "the title comes from the peer cache");
    call.policy.current = policy;
  });
});

t.test("get_chat_info: groups in common leave out the chats the policy hides", async (t) => {
  const sb = await startSandbox(t, { flood: false });
  const client = await loginAs(t, sb);
  const call = policyCaller(sb, client);
  const alice = String(demoUser(sb, "alice"));
  call.policy.current = undefined;
  const open = await call("get_chat_info", { chat_id: alice });
  const common = (open.data.common_chats ?? []) as Array<{ id: number }>;
  t.ok(common.length >= 2, `Alice shares groups with the account (${common.length})`);
  const hidden = String(common[0]!.id);
  call.policy.current = { default: "allow", chats: { [hidden]: { read: false, write: false } } };
  const limited = await call("get_chat_info", { chat_id: alice });
  t.ok(limited.ok);
  t.same(
    (limited.data.common_chats ?? []).map((c: { id: number }) => String(c.id)),
    common.slice(1).map((c) => String(c.id)),
    "the hidden group is gone, the others stay",
  );
});
