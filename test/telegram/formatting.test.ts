// parse_mode: the auto-detection rules against a table of cases, and what each mode renders.
import t from "tap";
import { detectParseMode, formatMessage, parseMarkdown } from "../../services/telegram/formatting.js";

type Case = [input: string, mode: "markdown" | "html" | "plain", text: string, entities: string[]];

// [input, auto mode, resulting text, entities as "Kind@offset+length"]
const AUTO: Case[] = [
  // must stay plain: the classic misfires of fast-mcp-telegram
  ["snake_case_name and other_var", "plain", "snake_case_name and other_var", []],
  ["a < b and c > d", "plain", "a < b and c > d", []],
  ["if x<y then", "plain", "if x<y then", []],
  ["1. first\n2. second\n3. third", "plain", "1. first\n2. second\n3. third", []],
  ["- item\n- item", "plain", "- item\n- item", []],
  ["* bullet one\n* bullet two", "plain", "* bullet one\n* bullet two", []],
  ["# Heading", "plain", "# Heading", []],
  ["2*3*4 = 24 and 2**10 = 1024", "plain", "2*3*4 = 24 and 2**10 = 1024", []],
  ["__init__ and __main__", "plain", "__init__ and __main__", []],
  ["email foo_bar@example.com", "plain", "email foo_bar@example.com", []],
  ["<placeholder> stays", "plain", "<placeholder> stays", []],
  ["price * qty", "plain", "price * qty", []],
  ["use **kwargs and **opts", "plain", "use **kwargs and **opts", []],
  ["path ~/a~b and || or &&", "plain", "path ~/a~b and || or &&", []],
  ["[1] see (2)", "plain", "[1] see (2)", []],
  ["unclosed `tick", "plain", "unclosed `tick", []],
  // markdown
  ["**Bold** text", "markdown", "Bold text", ["Bold@0+4"]],
  ["*Important:* Meeting at 3 PM", "markdown", "Important: Meeting at 3 PM", ["Italic@0+10"]],
  ["_it_ works", "markdown", "it works", ["Italic@0+2"]],
  ["__very important__", "markdown", "very important", ["Italic@0+14"]],
  ["~~gone~~ ||secret||", "markdown", "gone secret", ["Strike@0+4", "Spoiler@5+6"]],
  ["run `npm test` now", "markdown", "run npm test now", ["Code@4+8"]],
  ["```ts\nconst a = 1;\n```", "markdown", "const a = 1;", ["Pre@0+12:ts"]],
  ["[site](https://example.com) ok", "markdown", "site ok", ["TextUrl@0+4=https://example.com"]],
  ["a **b _c_ d** e", "markdown", "a b c d e", ["Bold@2+5", "Italic@4+1"]],
  ["🎉 **héllo** 🎉", "markdown", "🎉 héllo 🎉", ["Bold@3+5"]],
  // html
  ["<b>x</b> and a < b", "html", "x and a < b", ["Bold@0+1"]],
  ['<a href="https://t.me">link</a>', "html", "link", ["TextUrl@0+4=https://t.me"]],
  ["<i>it</i> <u>u</u> <s>s</s> <code>c</code>", "html", "it u s c", ["Italic@0+2", "Underline@3+1", "Strike@5+1", "Code@7+1"]],
  ["<tg-spoiler>x</tg-spoiler>", "html", "x", ["Spoiler@0+1"]],
];

function describe(e: any): string {
  const kind = e.className.replace("MessageEntity", "");
  return `${kind}@${e.offset}+${e.length}${e.language ? ":" + e.language : ""}${e.url ? "=" + e.url : ""}`;
}

t.test("auto picks the right mode and renders it", async (t) => {
  for (const [input, mode, text, entities] of AUTO) {
    const r = formatMessage(input, "auto");
    t.equal(r.mode, mode, `mode of ${JSON.stringify(input)}`);
    t.equal(r.text, text, `text of ${JSON.stringify(input)}`);
    t.same(r.entities.map(describe).sort(), [...entities].sort(), `entities of ${JSON.stringify(input)}`);
    t.equal(detectParseMode(input), mode);
  }
});

t.test("explicit modes", async (t) => {
  t.same(formatMessage("**x**", "plain"), { text: "**x**", entities: [], mode: "plain" });
  const md = formatMessage("no markup", "markdown");
  t.equal(md.mode, "markdown");
  t.equal(md.text, "no markup");
  // explicit markdown applies escapes; auto leaves text untouched when nothing renders
  t.equal(formatMessage("\\*not italic\\*", "markdown").text, "*not italic*");
  t.equal(formatMessage("\\*not italic\\*", "auto").text, "\\*not italic\\*");
  const html = formatMessage("a &amp; <b>b</b>", "html");
  t.equal(html.text, "a & b");
  t.same(html.entities.map(describe), ["Bold@4+1"]);
});

t.test("markdown does not cross paragraphs and keeps unmatched delimiters", async (t) => {
  t.equal(parseMarkdown("*a\n\nb*").entities.length, 0);
  t.equal(parseMarkdown("**open only").text, "**open only");
  t.equal(parseMarkdown("[x](javascript:alert(1))").entities.length, 0);
});
