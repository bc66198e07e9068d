// Address policy for files fetched from URLs: which hosts and IP addresses a download may reach.
// The check runs on the address actually dialled (see fetch-url.ts), so it only has to answer
// "is this address public?" correctly for every textual form an address can take.
import { isIP } from "node:net";

/** Why an address is refused; the string is shown to the user as part of the FileError. */
export type BlockReason =
  | "unspecified"
  | "loopback"
  | "private"
  | "link-local"
  | "cgnat"
  | "multicast"
  | "reserved"
  | "benchmarking"
  | "documentation"
  | "unique-local"
  | "site-local"
  | "cloud-metadata"
  | "local-name"
  | "invalid-address";

// ---------------------------------------------------------------------------------------------
// IPv4

/**
 * Parses an IPv4 address the way inet_aton and the WHATWG URL parser do: 1 to 4 parts, each
 * decimal, octal (leading 0) or hex (0x); the last part fills the remaining bytes
 * (127.1 = 127.0.0.1, 2130706433 = 127.0.0.1). Returns the 32-bit value, or null when the text
 * is not an IPv4 address in any of these forms.
 */
export function parseIPv4Loose(text: string): number | null {
  let s = text;
  if (s.endsWith(".")) s = s.slice(0, -1); // WHATWG accepts one trailing dot
  if (s === "") return null;
  const parts = s.split(".");
  if (parts.length > 4) return null;
  const nums: number[] = [];
  for (const p of parts) {
    let m: RegExpMatchArray | null;
    let n: number;
    if ((m = /^0[xX]([0-9a-fA-F]*)$/.exec(p))) n = m[1] === "" ? 0 : parseInt(m[1], 16);
    else if (/^0[0-7]+$/.test(p)) n = parseInt(p.slice(1), 8);
    else if (/^(0|[1-9][0-9]*)$/.test(p)) n = parseInt(p, 10);
    else return null;
    if (!Number.isSafeInteger(n)) return null;
    nums.push(n);
  }
  const last = nums.pop() as number;
  for (const n of nums) if (n > 255) return null;
  if (last >= 256 ** (4 - nums.length)) return null;
  let value = last;
  nums.forEach((n, i) => {
    value += n * 256 ** (3 - i);
  });
  return value >>> 0;
}

export function ipv4ToString(v: number): string {
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join(".");
}

function v4(cidr: string): { base: number; bits: number } {
  const [a, b] = cidr.split("/");
  return { base: parseIPv4Loose(a) as number, bits: Number(b) };
}

// IANA IPv4 special-purpose registry, minus the globally reachable anycast entries.
const IPV4_BLOCKS: Array<{ base: number; bits: number; reason: BlockReason }> = [
  { ...v4("0.0.0.0/8"), reason: "unspecified" }, // "this network"; 0.0.0.0 dials the local host
  { ...v4("10.0.0.0/8"), reason: "private" },
  { ...v4("100.64.0.0/10"), reason: "cgnat" }, // includes Alibaba's metadata 100.100.100.200
  { ...v4("127.0.0.0/8"), reason: "loopback" },
  { ...v4("169.254.0.0/16"), reason: "link-local" }, // includes 169.254.169.254 (AWS, GCP, Azure...)
  { ...v4("172.16.0.0/12"), reason: "private" },
  { ...v4("192.0.0.0/24"), reason: "reserved" }, // IETF protocol assignments (Oracle metadata 192.0.0.192)
  { ...v4("192.0.2.0/24"), reason: "documentation" },
  { ...v4("192.88.99.0/24"), reason: "reserved" }, // deprecated 6to4 relay anycast
  { ...v4("192.168.0.0/16"), reason: "private" },
  { ...v4("198.18.0.0/15"), reason: "benchmarking" },
  { ...v4("198.51.100.0/24"), reason: "documentation" },
  { ...v4("203.0.113.0/24"), reason: "documentation" },
  { ...v4("224.0.0.0/4"), reason: "multicast" },
  { ...v4("240.0.0.0/4"), reason: "reserved" }, // includes broadcast 255.255.255.255
];

// Cloud metadata endpoints get their own reason (they are inside the ranges above as well).
const METADATA_V4 = new Set(["169.254.169.254", "169.254.170.2", "169.254.169.123", "100.100.100.200", "192.0.0.192", "169.254.0.23"]);

function classifyIPv4(v: number): BlockReason | null {
  if (METADATA_V4.has(ipv4ToString(v))) return "cloud-metadata";
  for (const b of IPV4_BLOCKS) {
    const mask = b.bits === 0 ? 0 : (~0 << (32 - b.bits)) >>> 0;
    if (((v & mask) >>> 0) === b.base) return b.reason;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// IPv6

/** Parses an IPv6 address (with optional embedded dotted IPv4 and zone id) into 16 bytes. */
export function parseIPv6(text: string): Uint8Array | null {
  let s = text;
  if (s.startsWith("[") && s.endsWith("]")) s = s.slice(1, -1);
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  if (isIP(s) !== 6) return null;
  // Expand an embedded dotted IPv4 tail into two hex groups.
  const lastColon = s.lastIndexOf(":");
  const tail = s.slice(lastColon + 1);
  if (tail.includes(".")) {
    const v = parseIPv4Strict(tail);
    if (v === null) return null;
    s = `${s.slice(0, lastColon + 1)}${(v >>> 16).toString(16)}:${(v & 0xffff).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] === "" ? [] : halves[0].split(":");
  const rest = halves.length === 2 ? (halves[1] === "" ? [] : halves[1].split(":")) : [];
  const groups = halves.length === 2 ? [...head, ...Array(8 - head.length - rest.length).fill("0"), ...rest] : head;
  if (groups.length !== 8) return null;
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    bytes[i * 2] = n >> 8;
    bytes[i * 2 + 1] = n & 255;
  });
  return bytes;
}

function parseIPv4Strict(text: string): number | null {
  if (isIP(text) !== 4) return null;
  return parseIPv4Loose(text);
}

function embeddedV4(b: Uint8Array, offset: number): number {
  return ((b[offset] << 24) | (b[offset + 1] << 16) | (b[offset + 2] << 8) | b[offset + 3]) >>> 0;
}

function prefixMatches(b: Uint8Array, prefix: number[], bits: number): boolean {
  for (let i = 0; i < bits; i++) {
    const byte = i >> 3;
    const mask = 0x80 >> (i & 7);
    if ((b[byte] & mask) !== ((prefix[byte] ?? 0) & mask)) return false;
  }
  return true;
}

function hexPrefix(text: string): number[] {
  return Array.from(parseIPv6(text) as Uint8Array);
}

const V6 = {
  mapped: hexPrefix("::ffff:0:0"), // ::ffff:0:0/96  IPv4-mapped
  translated: hexPrefix("::ffff:0:0:0"), // ::ffff:0:0:0/96  SIIT IPv4-translated
  nat64: hexPrefix("64:ff9b::"), // 64:ff9b::/96  well-known NAT64 prefix
  nat64Local: hexPrefix("64:ff9b:1::"), // 64:ff9b:1::/48  local-use NAT64
  sixToFour: hexPrefix("2002::"), // 2002::/16 6to4: the IPv4 address sits in bits 16..47
  ietf: hexPrefix("2001::"), // 2001::/23 IETF protocol assignments (Teredo, ORCHID...)
  doc: hexPrefix("2001:db8::"), // 2001:db8::/32
  doc2: hexPrefix("3fff::"), // 3fff::/20 (RFC 9637)
  discard: hexPrefix("100::"), // 100::/64
  srv6: hexPrefix("5f00::"), // 5f00::/16 SRv6 SIDs
  global: hexPrefix("2000::"), // 2000::/3 global unicast: everything else is not public
  ula: hexPrefix("fc00::"), // fc00::/7
  linkLocal: hexPrefix("fe80::"), // fe80::/10
  siteLocal: hexPrefix("fec0::"), // fec0::/10
  multicast: hexPrefix("ff00::"), // ff00::/8
};

const METADATA_V6 = new Set(["fd00:ec2::254", "fd00:ec2::23"]);

function classifyIPv6(b: Uint8Array): BlockReason | null {
  // Forms that carry an IPv4 address: judge the IPv4 address they lead to.
  if (prefixMatches(b, V6.mapped, 96) || prefixMatches(b, V6.translated, 96) || prefixMatches(b, V6.nat64, 96)) {
    return classifyIPv4(embeddedV4(b, 12));
  }
  if (prefixMatches(b, V6.sixToFour, 16)) return classifyIPv4(embeddedV4(b, 2));
  if (b.every((x) => x === 0)) return "unspecified";
  if (b.slice(0, 15).every((x) => x === 0) && b[15] === 1) return "loopback";
  if (METADATA_V6.has(ipv6ToString(b))) return "cloud-metadata";
  if (prefixMatches(b, V6.ula, 7)) return "unique-local";
  if (prefixMatches(b, V6.linkLocal, 10)) return "link-local";
  if (prefixMatches(b, V6.siteLocal, 10)) return "site-local";
  if (prefixMatches(b, V6.multicast, 8)) return "multicast";
  if (prefixMatches(b, V6.nat64Local, 48)) return "private";
  if (prefixMatches(b, V6.doc, 32) || prefixMatches(b, V6.doc2, 20)) return "documentation";
  if (prefixMatches(b, V6.ietf, 23) || prefixMatches(b, V6.discard, 64) || prefixMatches(b, V6.srv6, 16)) return "reserved";
  // ::/96 IPv4-compatible, ::/8 and every other block outside 2000::/3 are not global unicast.
  if (!prefixMatches(b, V6.global, 3)) return "reserved";
  return null;
}

/** Canonical (RFC 5952) text of 16 IPv6 bytes: lower case, longest zero run compressed. */
export function ipv6ToString(b: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i] << 8) | b[i + 1]);
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * Canonical text of an IP address in any accepted form (IPv4 shorthand, bracketed IPv6, zone id),
 * or null if the text is not an IP address. IPv4-mapped IPv6 stays IPv6 ("::ffff:7f00:1").
 */
export function canonicalIp(text: string): string | null {
  const t = text.trim();
  const v6 = parseIPv6(t);
  if (v6) return ipv6ToString(v6);
  const v = parseIPv4Loose(t);
  return v === null ? null : ipv4ToString(v);
}

/**
 * Why an IP address may not be dialled, or null when it is a public address.
 * Accepts every textual form (see canonicalIp); anything that is not an IP address is refused.
 */
export function classifyAddress(address: string): BlockReason | null {
  const t = address.trim();
  const v6 = parseIPv6(t);
  if (v6) return classifyIPv6(v6);
  const v = parseIPv4Loose(t);
  if (v !== null) return classifyIPv4(v);
  return "invalid-address";
}

// Names that must never be fetched whatever they resolve to (defence in depth: the resolved
// address is checked as well).
const BLOCKED_NAMES = new Set([
  "localhost",
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "metadata.azure.internal",
  "instance-data",
  "instance-data.ec2.internal",
  "metadata.tencentyun.com",
  "metadata.platformequinix.com",
]);
// Special-use and private-use suffixes (RFC 6761, RFC 6762, RFC 8375, ICANN .internal).
const BLOCKED_SUFFIXES = [".localhost", ".local", ".internal", ".home.arpa", ".localdomain"];

/**
 * Why a URL host may not be fetched before any DNS look-up happens: IP literals are classified
 * (the resolver is never asked about them), and local or metadata names are refused.
 * Returns null for an ordinary DNS name (its addresses are checked at connect time).
 */
export function classifyHost(hostname: string): BlockReason | null {
  let h = hostname.trim().toLowerCase();
  if (h.startsWith("[") && h.endsWith("]")) return classifyAddress(h);
  if (h.endsWith(".")) h = h.slice(0, -1);
  if (isIpLiteral(h)) return classifyAddress(h);
  if (BLOCKED_NAMES.has(h)) return h === "localhost" ? "local-name" : "cloud-metadata";
  if (BLOCKED_SUFFIXES.some((s) => h.endsWith(s))) return h.startsWith("metadata.") ? "cloud-metadata" : "local-name";
  return null;
}

/** True when a host is written as an IP address (in any form the URL parser would accept). */
export function isIpLiteral(hostname: string): boolean {
  return canonicalIp(hostname) !== null;
}

/** Normalizes an allow-list of addresses ("127.0.0.1", "::1") for exact-match look-ups. */
export function normalizeAllowList(addresses: readonly string[] | undefined): Set<string> {
  const set = new Set<string>();
  for (const a of addresses ?? []) {
    const c = canonicalIp(a);
    if (c === null) throw new TypeError(`allowAddresses: not an IP address: ${a}`);
    set.add(c);
  }
  return set;
}

/**
 * The verdict on one address about to be dialled: null when allowed (public, or listed in the
 * explicit allow-list), otherwise the reason.
 */
export function checkAddress(address: string, allow: ReadonlySet<string>): BlockReason | null {
  const c = canonicalIp(address);
  if (c !== null && allow.has(c)) return null;
  return classifyAddress(address);
}
