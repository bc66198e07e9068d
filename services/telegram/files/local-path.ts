// Local files: stdio mode only, only under FILE_ROOTS, no dot-files or dot-folders and no
// hard-linked files unless allowed. A model that reads an injected message must not be able to
// mail out ~/.ssh/id_rsa.
import { constants } from "node:fs";
import { open, realpath } from "node:fs/promises";
import { homedir } from "node:os";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { FileError, displayName, sanitizeFilename } from "./errors.js";
import type { RawFile } from "./types.js";

export interface LocalPathOptions {
  mode: "stdio" | "http-no-auth" | "http-auth";
  /** Folders files may come from; default: the user's home directory. */
  fileRoots?: readonly string[];
  allowHidden?: boolean;
  /** ALLOW_HARD_LINKS: send files with more than one hard link. */
  allowHardLinks?: boolean;
  maxBytes: number;
}

/** True for inputs meant as local paths: absolute, ~/..., file:// or relative-looking. */
export function isLocalPath(input: string): boolean {
  const s = input.trim();
  return !/^[a-z][a-z0-9+.-]*:/i.test(s) || /^file:/i.test(s) || /^[a-z]:[\\/]/i.test(s);
}

function hasHiddenSegment(rel: string): boolean {
  return rel.split(/[\\/]/).some((seg) => seg.startsWith(".") && seg !== "." && seg !== "");
}

/** `child` relative to `root`, or null when it is not inside it. */
function inside(root: string, child: string): string | null {
  const rel = relative(root, child);
  if (rel === "") return "";
  if (rel.startsWith("..") || isAbsolute(rel)) return null;
  return rel;
}

async function realRoots(roots: readonly string[]): Promise<Array<{ lexical: string; real: string }>> {
  const out: Array<{ lexical: string; real: string }> = [];
  for (const r of roots) {
    const lexical = resolve(r);
    try {
      out.push({ lexical, real: await realpath(lexical) });
    } catch {
      // A root that does not exist allows nothing.
    }
  }
  return out;
}

/** Reads a local file after every check; throws FileError naming the file and the reason. */
export async function readLocalFile(input: string, opts: LocalPathOptions): Promise<RawFile> {
  const shown = displayName(input);
  if (opts.mode !== "stdio") {
    throw new FileError(shown, "not_allowed_in_mode", `local files can only be sent in stdio mode (this server runs in ${opts.mode} mode); use an https URL or a data: URI`);
  }
  let text = input.trim();
  if (/^file:/i.test(text)) {
    try {
      text = fileURLToPath(text);
    } catch {
      throw new FileError(shown, "bad_input", "not a valid file:// URL");
    }
  }
  if (text.includes("\0")) throw new FileError(shown, "bad_input", "the path contains a NUL byte");
  if (text === "~" || text.startsWith("~/")) text = homedir() + text.slice(1);
  if (!isAbsolute(text)) throw new FileError(shown, "bad_input", "use an absolute path (or ~/...) for local files");
  if (text.split(/[\\/]/).includes("..")) throw new FileError(shown, "traversal", "paths with '..' are refused");

  const lexicalPath = resolve(text);
  const roots = await realRoots(opts.fileRoots && opts.fileRoots.length > 0 ? opts.fileRoots : [homedir()]);

  // The name as written must not point into a hidden folder either (e.g. ~/.ssh/../... or a
  // dot-named symlink), whether or not it is lexically under a root.
  if (!opts.allowHidden) {
    const lexRoot = roots.find((r) => inside(r.lexical, lexicalPath) !== null);
    const lexRel = lexRoot ? (inside(lexRoot.lexical, lexicalPath) as string) : lexicalPath;
    if (hasHiddenSegment(lexRel)) throw new FileError(shown, "hidden_file", "hidden files and folders (names starting with '.') are refused unless ALLOW_HIDDEN_FILES is set");
  }

  let realPath: string;
  try {
    realPath = await realpath(lexicalPath); // symlinks resolved BEFORE the root check
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    if (code === "ENOENT" || code === "ENOTDIR") throw new FileError(shown, "not_found", "no such file");
    throw new FileError(shown, "not_found", `cannot access the file (${code ?? "error"})`);
  }
  const root = roots.find((r) => inside(r.real, realPath) !== null);
  if (!root) throw new FileError(shown, "outside_roots", "the file is outside the folders files may be sent from (FILE_ROOTS)");
  const rel = inside(root.real, realPath) as string;
  if (!opts.allowHidden && hasHiddenSegment(rel)) {
    throw new FileError(shown, "hidden_file", "hidden files and folders (names starting with '.') are refused unless ALLOW_HIDDEN_FILES is set");
  }

  // O_NOFOLLOW: the last component cannot have been swapped for a symlink since realpath.
  let handle;
  try {
    handle = await open(realPath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    throw new FileError(shown, "not_found", `cannot open the file (${(err as NodeJS.ErrnoException | undefined)?.code ?? "error"})`);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new FileError(shown, "not_a_file", "not a regular file");
    // realpath sees symlinks, not hard links: another name of this file may lie outside the
    // roots (a link to ~/.ssh/id_rsa made inside them). Judged on the opened file, so no swap.
    if (st.nlink > 1 && !opts.allowHardLinks) {
      throw new FileError(shown, "hard_link", `the file has ${st.nlink} hard links, so it may be a file from outside FILE_ROOTS; refused unless ALLOW_HARD_LINKS is set`);
    }
    if (st.size > opts.maxBytes) throw new FileError(shown, "too_large", `the file is ${st.size} bytes, over the limit of ${opts.maxBytes} bytes`);
    if (st.size === 0) throw new FileError(shown, "bad_input", "the file is empty");
    // Read at most maxBytes + 1 so a file growing under us cannot exceed the limit.
    const buf = Buffer.alloc(Math.min(st.size, opts.maxBytes) + 1);
    let total = 0;
    while (total < buf.length) {
      const { bytesRead } = await handle.read(buf, total, buf.length - total, total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    if (total > opts.maxBytes) throw new FileError(shown, "too_large", `the file is over the limit of ${opts.maxBytes} bytes`);
    // The name the user gave, not the symlink target's.
    const name = sanitizeFilename(lexicalPath.split(sep).pop()) ?? sanitizeFilename(realPath.split(sep).pop());
    return { data: buf.subarray(0, total), name };
  } finally {
    await handle.close();
  }
}
