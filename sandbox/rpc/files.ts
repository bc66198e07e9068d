// upload.getFile's rules for a part request (core.telegram.org/api/files, "Downloading files"):
// without `precise`, offset and limit are multiples of 4 KB, 1 MB is a multiple of limit and a part
// never crosses a 1 MB boundary; with `precise`, multiples of 1 KB up to 1 MB.
import { RpcError } from "./types.js";

export const MAX_FILE_PART = 1024 * 1024;

export function checkFileRange(offset: number, limit: number, precise: boolean): void {
  const unit = precise ? 1024 : 4096;
  if (offset < 0 || offset % unit !== 0) throw new RpcError(400, "OFFSET_INVALID");
  if (limit <= 0 || limit > MAX_FILE_PART || limit % unit !== 0) throw new RpcError(400, "LIMIT_INVALID");
  if (precise) return;
  if (MAX_FILE_PART % limit !== 0) throw new RpcError(400, "LIMIT_INVALID");
  if (Math.floor(offset / MAX_FILE_PART) !== Math.floor((offset + limit - 1) / MAX_FILE_PART)) throw new RpcError(400, "LIMIT_INVALID");
}
