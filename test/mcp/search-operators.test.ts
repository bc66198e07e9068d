// Boolean operators in search queries, through real gramjs to the sandbox: "a OR b" finds what
// "a, b" finds, "a AND b" what "a b" finds (every word), NOT is refused with InvalidParameter.
// Before this, "budget OR deadline" searched for the word "or" too and silently found nothing.
import t from "tap";
import { loginAs, startSandbox } from "../helpers/sandbox.js";
import { caller } from "./_harness.js";

t.test("search operators", async (t) => {
  const sb = await startSandbox(t);
  const client = await loginAs(t, sb);
  const call = caller(sb, client);
  const ids = (r: { data: any }) => r.data.messages.map((m: any) => `${m.chat_id ?? r.data.chat_id}:${m.id}`);

  for (const tool of ["search_messages_globally", "search_messages_in_chat"]) {
    const where = tool === "search_messages_in_chat" ? { chat_id: "@alice" } : {};
    const or = await call(tool, { ...where, query: "budget OR deadline", limit: 100 });
    const commas = await call(tool, { ...where, query: "budget, deadline", limit: 100 });
    t.ok(or.ok, or.text.slice(0, 200));
    t.ok(or.data.messages.length > 0, `${tool}: OR finds messages`);
    t.same(ids(or), ids(commas), `${tool}: "a OR b" is "a, b"`);

    const and = await call(tool, { ...where, query: "budget AND review", limit: 100 });
    const words = await call(tool, { ...where, query: "budget review", limit: 100 });
    t.ok(and.ok, and.text.slice(0, 200));
    t.same(ids(and), ids(words), `${tool}: "a AND b" is "a b"`);
    if (tool === "search_messages_globally") t.ok(and.data.messages.length > 0, "AND finds messages in the demo world");
    for (const m of and.data.messages) t.match(m.text, /budget/i, `${tool}: every AND word is in ${m.id}`);

    const not = await call(tool, { ...where, query: "budget NOT deadline" });
    t.notOk(not.ok);
    t.match(not.data, { error_type: "InvalidParameter", error: /NOT/ });
  }
});
