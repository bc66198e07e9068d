// Local files: stdio only, under the roots, no dot-files, symlinks resolved before the root check.
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import t from "tap";
import { readLocalFile, type LocalPathOptions } from "../../services/telegram/files/local-path.js";
import { resolveFiles } from "../../services/telegram/files/resolve-files.js";
import { pdfBytes, pngBytes, refused } from "./_fixtures.js";

// Layout:  <base>/root/{report.pdf, pic.png, docs/, .secret, .ssh/id_rsa, links...}
//          <base>/outside/private.txt
const base = mkdtempSync(join(tmpdir(), "tgmcp-files-"));
t.teardown(() => rmSync(base, { recursive: true, force: true }));
const root = join(base, "root");
const outside = join(base, "outside");
mkdirSync(join(root, "docs"), { recursive: true });
mkdirSync(join(root, ".ssh"));
mkdirSync(outside);
const pdf = pdfBytes(2000);
const png = pngBytes(8, 8);
writeFileSync(join(root, "report.pdf"), pdf);
writeFileSync(join(root, "pic.png"), png);
writeFileSync(join(root, "docs", "notes.txt"), "notes");
writeFileSync(join(root, ".secret"), "token=abc");
writeFileSync(join(root, ".ssh", "id_rsa"), "-----BEGIN OPENSSH PRIVATE KEY-----");
writeFileSync(join(root, "empty.txt"), "");
writeFileSync(join(outside, "private.txt"), "outside");
symlinkSync(join(outside, "private.txt"), join(root, "link-out.txt")); // inside -> outside
symlinkSync(join(root, ".ssh", "id_rsa"), join(root, "innocent.txt")); // inside -> hidden
symlinkSync(join(root, "report.pdf"), join(root, ".alias.pdf")); // hidden name -> fine file
symlinkSync(join(root, "report.pdf"), join(outside, "via-outside.pdf")); // outside -> inside
symlinkSync(outside, join(root, "out-dir")); // folder link leaving the root
linkSync(join(outside, "private.txt"), join(root, "hard-out.txt")); // hard link: realpath cannot see it
writeFileSync(join(root, "twin-a.txt"), "twins");
linkSync(join(root, "twin-a.txt"), join(root, "twin-b.txt")); // both names inside the root

const opts: LocalPathOptions = { mode: "stdio", fileRoots: [root], maxBytes: 1e6 };

t.test("reads files under the roots", async (t) => {
  const f = await readLocalFile(join(root, "report.pdf"), opts);
  t.same(f.data, pdf);
  t.equal(f.name, "report.pdf");
  t.equal((await readLocalFile(pathToFileURL(join(root, "docs", "notes.txt")).href, opts)).data.toString(), "notes", "file:// URLs work");
  // A symlink from outside that lands inside the root is judged by where it lands.
  const via = await readLocalFile(join(outside, "via-outside.pdf"), opts);
  t.same(via.data, pdf);
  t.equal(via.name, "via-outside.pdf", "the name the user gave");
});

t.test("only in stdio mode", async (t) => {
  for (const mode of ["http-auth", "http-no-auth"] as const) {
    await refused(t, readLocalFile(join(root, "report.pdf"), { ...opts, mode }), "not_allowed_in_mode", /stdio/);
  }
  await refused(t, resolveFiles(join(root, "report.pdf"), { mode: "http-auth", maxBytes: 1e6, fileRoots: [root] }), "not_allowed_in_mode");
});

t.test("outside the roots, directly or through symlinks", async (t) => {
  await refused(t, readLocalFile(join(outside, "private.txt"), opts), "outside_roots", /FILE_ROOTS/);
  await refused(t, readLocalFile(join(root, "link-out.txt"), opts), "outside_roots");
  await refused(t, readLocalFile(join(root, "out-dir", "private.txt"), opts), "outside_roots");
  await refused(t, readLocalFile("/etc/passwd", opts), "outside_roots");
  await refused(t, readLocalFile(join(root, "report.pdf"), { ...opts, fileRoots: [join(base, "missing")] }), "outside_roots", undefined);
  // Default root: the home directory (the temp folder is not under it here).
  if (!tmpdir().startsWith(homedir())) {
    await refused(t, readLocalFile(join(root, "report.pdf"), { mode: "stdio", maxBytes: 1e6 }), "outside_roots");
  }
});

t.test("files with more than one hard link, unless allowed", async (t) => {
  const err = await refused(t, readLocalFile(join(root, "hard-out.txt"), opts), "hard_link", /2 hard links.*ALLOW_HARD_LINKS/);
  t.notMatch(err.message, /private\.txt/, "the other name is not revealed");
  await refused(t, readLocalFile(join(root, "twin-a.txt"), opts), "hard_link", undefined);
  await refused(t, resolveFiles(join(root, "hard-out.txt"), { mode: "stdio", maxBytes: 1e6, fileRoots: [root] }), "hard_link");
  const allowed = { ...opts, allowHardLinks: true };
  t.equal((await readLocalFile(join(root, "hard-out.txt"), allowed)).data.toString(), "outside", "an operator who allows them gets them");
  t.equal((await readLocalFile(join(root, "twin-b.txt"), allowed)).data.toString(), "twins");
  const viaResolve = await resolveFiles(join(root, "twin-a.txt"), { mode: "stdio", maxBytes: 1e6, fileRoots: [root], allowHardLinks: true });
  t.equal(viaResolve[0]!.size, 5, "resolveFiles passes the setting on");
});

t.test("traversal and relative paths", async (t) => {
  await refused(t, readLocalFile(join(root, "docs") + "/../report.pdf", opts), "traversal");
  await refused(t, readLocalFile(`${root}/docs/../../outside/private.txt`, opts), "traversal");
  await refused(t, readLocalFile("report.pdf", opts), "bad_input", /absolute/);
  await refused(t, readLocalFile(`${root}/a\0b`, opts), "bad_input", /NUL/);
});

t.test("hidden files and folders, unless allowed", async (t) => {
  await refused(t, readLocalFile(join(root, ".secret"), opts), "hidden_file", /ALLOW_HIDDEN_FILES/);
  await refused(t, readLocalFile(join(root, ".ssh", "id_rsa"), opts), "hidden_file");
  await refused(t, readLocalFile(join(root, "innocent.txt"), opts), "hidden_file", undefined);
  await refused(t, readLocalFile(join(root, ".alias.pdf"), opts), "hidden_file");
  const allowed = { ...opts, allowHidden: true };
  t.equal((await readLocalFile(join(root, ".secret"), allowed)).data.toString(), "token=abc");
  t.ok((await readLocalFile(join(root, "innocent.txt"), allowed)).data.length > 0, "the link to a hidden file works when allowed");
  // A root may itself sit in a hidden folder: only the part below the root counts.
  t.equal((await readLocalFile(join(root, ".ssh", "id_rsa"), { ...opts, fileRoots: [join(root, ".ssh")] })).data.length, 35);
});

t.test("not a regular file, missing, empty, too large", async (t) => {
  await refused(t, readLocalFile(join(root, "docs"), opts), "not_a_file");
  await refused(t, readLocalFile(join(root, "nope.pdf"), opts), "not_found");
  await refused(t, readLocalFile(join(root, "empty.txt"), opts), "bad_input", /empty/);
  await refused(t, readLocalFile(join(root, "report.pdf"), { ...opts, maxBytes: pdf.length - 1 }), "too_large", new RegExp(`${pdf.length} bytes`));
  t.equal((await readLocalFile(join(root, "report.pdf"), { ...opts, maxBytes: pdf.length })).data.length, pdf.length);
});

t.test("resolveFiles: mixed sources, all checked first", async (t) => {
  const files = await resolveFiles([join(root, "pic.png"), join(root, "report.pdf")], { mode: "stdio", maxBytes: 1e6, fileRoots: [root] });
  t.same(
    files.map((f) => [f.name, f.kind, f.size]),
    [
      ["pic.png", "photo", png.length],
      ["report.pdf", "document", pdf.length],
    ],
  );
  const err = await refused(t, resolveFiles([join(root, "pic.png"), join(root, ".ssh", "id_rsa")], { mode: "stdio", maxBytes: 1e6, fileRoots: [root] }), "hidden_file");
  t.equal(err.file, join(root, ".ssh", "id_rsa"), "the refused file is named");
  await refused(t, resolveFiles(Array(11).fill(join(root, "pic.png")), { mode: "stdio", maxBytes: 1e6, fileRoots: [root] }), "too_many_files", /at most 10/);
  await refused(t, resolveFiles([join(root, "pic.png"), ""], { mode: "stdio", maxBytes: 1e6, fileRoots: [root] }), "bad_input", /non-empty/);
  await refused(t, resolveFiles(42, { mode: "stdio", maxBytes: 1e6 }), "bad_input");
  await refused(t, resolveFiles("ftp://example.com/x", { mode: "stdio", maxBytes: 1e6 }), "scheme_not_allowed", /ftp/);
  await refused(t, resolveFiles("javascript:alert(1)", { mode: "stdio", maxBytes: 1e6 }), "scheme_not_allowed");
  t.same(await resolveFiles(undefined, { mode: "stdio", maxBytes: 1e6 }), []);
  t.same(await resolveFiles([], { mode: "stdio", maxBytes: 1e6 }), []);
});
