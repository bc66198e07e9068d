// Shapes shared by the file modules.
import type { MediaKind } from "./sniff.js";

/** Bytes from one source before typing: a name and mime type if the source gave them. */
export interface RawFile {
  data: Buffer;
  name?: string;
  declaredMime?: string;
}

/** A file fully read and checked, ready to upload. */
export interface PreparedFile {
  /** The input as it may be shown back (see displayName). */
  source: string;
  /** Sanitized file name, with an extension matching the content when one is known. */
  name: string;
  mime: string;
  kind: MediaKind;
  size: number;
  data: Buffer;
}
