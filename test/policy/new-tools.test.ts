// The wave's new tools under a chat policy, through real gramjs to the sandbox: writes need the
// write right on their chat (a forward also the read right on its source), reads the read
// right; download_media of a private chat's file is checked before messages.GetMessages, which
// names no chat.
import t, { type Test } from "tap";
import { buildDemoWorld } from "../../sandbox/world/demo.js";
import { loginAs, startSandbox } from "../helpers/sandbox.js";
import { messageWith } from "../mcp/_media.js";
import { CHATS, policyCaller } from "./_harness.js";

const world = buildDemoWorld();
const me = world.demoAccountId;
const alice = world.resolveUsername("alice")!.user!.id;
const content = Buffer.from("notes from alice\n");
const media = world.addMedia({ kind: "document", date: 1_700_000_000, size: content.length, mime: "text/plain", fileName: "notes.txt", content });
const aliceDoc = world.store.id[world.addMessage(world.privateConv(me, alice).idx, { from: alice, text: "my notes", date: 1_700_000_000, mediaId: media.id })]!;
const photoId = messageWith(world, "Orbit Updates", (m) => m.kind === "photo");

t.test("new tools under a policy", async (t) => {
  const sb = await startSandbox(t, { world, flood: false });
  const client = await loginAs(t, sb);
  const call = policyCaller(sb, client, {
    default: "allow",
    chats: {
      [CHATS.family]: { read: false, write: false },
      [CHATS.phoenix]: { read: true, write: false },
      [String(alice)]: { read: false, write: false },
    },
  });
  const refused = (t: Test, r: { ok: boolean; data: any; rpc: string[] }, chat: string, right: string) => {
    t.notOk(r.ok, "refused");
    t.match(r.data, { error_type: "Forbidden", chat_id: chat, missing_right: right }, JSON.stringify(r.data).slice(0, 400));
  };

  const [latest] = (await call("search_messages_in_chat", { chat_id: CHATS.phoenix, limit: 1 })).data.messages;
  t.ok(latest?.id, "a message of the read-only chat to act on");
  refused(t, await call("send_reaction", { chat_id: CHATS.phoenix, message_id: latest.id, reaction: "👍" }), CHATS.phoenix, "write");
  refused(t, await call("pin_message", { chat_id: CHATS.phoenix, message_id: latest.id }), CHATS.phoenix, "write");
  refused(t, await call("delete_messages", { chat_id: CHATS.phoenix, message_ids: [latest.id] }), CHATS.phoenix, "write");
  // A hidden chat cannot even be looked up: the read right is what it lacks first.
  refused(t, await call("forward_messages", { from_chat_id: CHATS.phoenix, message_ids: [latest.id], to_chat_id: CHATS.family }), CHATS.family, "read");
  refused(t, await call("forward_messages", { from_chat_id: CHATS.family, message_ids: [1], to_chat_id: "me" }), CHATS.family, "read");
  const fwd = await call("forward_messages", { from_chat_id: CHATS.phoenix, message_ids: [latest.id], to_chat_id: "me" });
  t.ok(fwd.ok, "a read-only chat can be forwarded from, into an allowed one");
  const saved = fwd.data.messages[0].id as number;
  refused(t, await call("forward_messages", { from_chat_id: "me", message_ids: [saved], to_chat_id: CHATS.phoenix }), CHATS.phoenix, "write");
  refused(t, await call("mark_read", { chat_id: CHATS.family }), CHATS.family, "read");

  const dl = await call("download_media", { chat_id: "@orbit_updates", message_id: photoId });
  t.ok(dl.ok, "media of an allowed chat");
  const no = await call("download_media", { chat_id: alice, message_id: aliceDoc });
  refused(t, no, String(alice), "read");
  t.notOk(no.rpc.includes("messages.GetMessages"), "Telegram was not asked for the hidden chat's message");
  call.policy.current = undefined;
  t.ok((await call("download_media", { chat_id: alice, message_id: aliceDoc })).ok, "and without the policy it downloads");
});
