// Crash-safe file replacement: write a uniquely named temp file in the same folder
// (0600), fsync it, rename it over the target, fsync the folder. A reader sees the old
// file or the new one, never a mix; a crash leaves at most a stray temp file, which
// readers ignore (they only read "<name>.json") and cleanStaleTemps() removes later.
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";

export const TEMP_SUFFIX = ".tmp";

export async function ensurePrivateDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir does not change an existing folder's mode: tighten it (we own it).
  await fs.chmod(dir, 0o700);
}

/** Writes `data` to a new, uniquely named temp file beside `file` and fsyncs it; on failure nothing is left. */
async function writeTemp(file: string, data: string | Buffer, mode: number): Promise<string> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString("hex")}${TEMP_SUFFIX}`);
  const fh = await fs.open(tmp, "wx", mode);
  try {
    await fh.writeFile(data);
    await fh.sync();
    await fh.close();
  } catch (err) {
    await fh.close().catch(() => {});
    await fs.unlink(tmp).catch(() => {});
    throw err;
  }
  return tmp;
}

export async function writeFileAtomic(file: string, data: string | Buffer, mode = 0o600): Promise<void> {
  const dir = path.dirname(file);
  const tmp = await writeTemp(file, data, mode);
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.unlink(tmp).catch(() => {});
    throw err;
  }
  await fsyncDir(dir);
}

/**
 * Creates `file` with `data` unless it exists: written to a temp file and fsynced first,
 * then hard-linked into place. The file appears whole or not at all (a crash leaves at most
 * a stray temp), and link(), unlike rename(), never replaces a file another process created
 * first. Returns false when the file already existed (its content is left as it is).
 */
export async function createFileAtomic(file: string, data: string | Buffer, mode = 0o600): Promise<boolean> {
  const dir = path.dirname(file);
  const tmp = await writeTemp(file, data, mode);
  try {
    await fs.link(tmp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    if (code === "EEXIST") return false;
    // A file system without hard links: rename, which a racing creator could undo (rare).
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS") throw err;
    if (await fs.stat(file).then(() => true, () => false)) return false;
    await fs.rename(tmp, file);
  } finally {
    await fs.unlink(tmp).catch(() => {});
  }
  await fsyncDir(dir);
  return true;
}

async function fsyncDir(dir: string): Promise<void> {
  // Makes the rename itself durable. Not supported on every platform: best effort.
  let dh: fs.FileHandle | undefined;
  try {
    dh = await fs.open(dir, "r");
    await dh.sync();
  } catch {
    /* e.g. Windows: directories cannot be opened */
  } finally {
    await dh?.close().catch(() => {});
  }
}

/** Removes temp files left by crashed writers (older than maxAgeMs, so live writers are safe). */
export async function cleanStaleTemps(dir: string, maxAgeMs = 60_000, now = Date.now()): Promise<number> {
  let removed = 0;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.startsWith(".") || !name.endsWith(TEMP_SUFFIX)) continue;
    const p = path.join(dir, name);
    try {
      const st = await fs.stat(p);
      if (now - st.mtimeMs >= maxAgeMs) {
        await fs.unlink(p);
        removed++;
      }
    } catch {
      /* raced with another cleaner */
    }
  }
  return removed;
}
