// The address policy itself: every textual form of a non-public address is refused, public ones pass.
import t from "tap";
import {
  canonicalIp,
  checkAddress,
  classifyAddress,
  classifyHost,
  ipv6ToString,
  normalizeAllowList,
  parseIPv4Loose,
  parseIPv6,
} from "../../services/telegram/files/ssrf.js";

t.test("IPv4 shorthand forms parse like inet_aton / WHATWG", async (t) => {
  const cases: Array<[string, string | null]> = [
    ["127.0.0.1", "127.0.0.1"],
    ["127.1", "127.0.0.1"],
    ["127.0.1", "127.0.0.1"],
    ["0x7f.1", "127.0.0.1"],
    ["0x7F.0.0.1", "127.0.0.1"],
    ["2130706433", "127.0.0.1"],
    ["0x7f000001", "127.0.0.1"],
    ["0177.0.0.1", "127.0.0.1"],
    ["017700000001", "127.0.0.1"],
    ["0", "0.0.0.0"],
    ["0x", "0.0.0.0"],
    ["10.1", "10.0.0.1"],
    ["192.168.257", "192.168.1.1"],
    ["127.0.0.1.", "127.0.0.1"],
    ["256.0.0.1", null],
    ["1.2.3.4.5", null],
    ["09.1.1.1", null], // not octal, not decimal: WHATWG fails too
    ["4294967296", null],
    ["example.com", null],
    ["", null],
  ];
  for (const [input, want] of cases) {
    const v = parseIPv4Loose(input);
    t.equal(v === null ? null : canonicalIp(input), want, input);
    // Node's URL parser agrees wherever it accepts the host.
    let viaUrl: string | null;
    try {
      const h = new URL(`http://${input}/`).hostname;
      viaUrl = parseIPv4Loose(h) === null ? null : h.replace(/\.$/, "");
    } catch {
      viaUrl = null;
    }
    if (want !== null) t.equal(viaUrl, want, `URL parser: ${input}`);
  }
});

t.test("IPv6 parsing and canonical form", async (t) => {
  t.equal(canonicalIp("[::1]"), "::1");
  t.equal(canonicalIp("0:0:0:0:0:0:0:1"), "::1");
  t.equal(canonicalIp("::ffff:127.0.0.1"), "::ffff:7f00:1");
  t.equal(canonicalIp("FE80::1%eth0"), "fe80::1");
  t.equal(canonicalIp("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");
  t.equal(canonicalIp("1:2:3:4:5:6:7:8"), "1:2:3:4:5:6:7:8");
  t.equal(parseIPv6("not::an::ip"), null);
  t.equal(parseIPv6("1.2.3.4"), null);
  t.equal(ipv6ToString(parseIPv6("::")!), "::");
});

t.test("blocked addresses, with the reason", async (t) => {
  const blocked: Array<[string, string]> = [
    // loopback in every spelling
    ["127.0.0.1", "loopback"],
    ["127.1", "loopback"],
    ["0x7f.1", "loopback"],
    ["2130706433", "loopback"],
    ["0177.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["0:0:0:0:0:0:0:1", "loopback"],
    // unspecified
    ["0.0.0.0", "unspecified"],
    ["0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["::", "unspecified"],
    // private, CGNAT, link-local, metadata
    ["10.0.0.1", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "cgnat"],
    ["100.127.255.255", "cgnat"],
    ["169.254.1.1", "link-local"],
    ["169.254.169.254", "cloud-metadata"],
    ["0xa9.0xfe.0xa9.0xfe", "cloud-metadata"],
    ["2852039166", "cloud-metadata"],
    ["100.100.100.200", "cloud-metadata"],
    ["fd00:ec2::254", "cloud-metadata"],
    ["192.0.0.192", "cloud-metadata"],
    // reserved, benchmarking, documentation, multicast
    ["192.0.0.8", "reserved"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "reserved"],
    ["198.18.0.1", "benchmarking"],
    ["198.19.255.255", "benchmarking"],
    ["192.0.2.10", "documentation"],
    ["198.51.100.7", "documentation"],
    ["203.0.113.9", "documentation"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    // IPv6 ranges
    ["fc00::1", "unique-local"],
    ["fd12:3456:789a::1", "unique-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%25eth0", "link-local"],
    ["fec0::1", "site-local"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "documentation"],
    ["3fff::1", "documentation"],
    ["2001::1", "reserved"], // Teredo
    ["100::1", "reserved"],
    ["::127.0.0.1", "reserved"], // deprecated IPv4-compatible
    ["4000::1", "reserved"], // outside global unicast
    // IPv4-mapped, SIIT, NAT64 and 6to4 forms lead to the IPv4 verdict
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["[::ffff:127.0.0.1]", "loopback"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:169.254.169.254", "cloud-metadata"],
    ["::ffff:0:10.0.0.1", "private"],
    ["64:ff9b::127.0.0.1", "loopback"],
    ["64:ff9b::a9fe:a9fe", "cloud-metadata"],
    ["64:ff9b::192.168.0.1", "private"],
    ["64:ff9b:1::1", "private"],
    ["2002:7f00:1::1", "loopback"],
    ["2002:a00:1::", "private"],
    // not an address at all
    ["example.com", "invalid-address"],
    ["", "invalid-address"],
  ];
  for (const [a, reason] of blocked) t.equal(classifyAddress(a), reason, a);
});

t.test("public addresses pass", async (t) => {
  for (const a of ["8.8.8.8", "1.1.1.1", "93.184.216.34", "100.63.255.255", "100.128.0.1", "172.32.0.1", "198.20.0.1", "2606:4700:4700::1111", "2a00:1450:4001::200e", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"]) {
    t.equal(classifyAddress(a), null, a);
  }
});

t.test("host names: IP literals are classified, special names refused, others left to DNS", async (t) => {
  t.equal(classifyHost("localhost"), "local-name");
  t.equal(classifyHost("LOCALHOST."), "local-name");
  t.equal(classifyHost("api.localhost"), "local-name");
  t.equal(classifyHost("printer.local"), "local-name");
  t.equal(classifyHost("db.internal"), "local-name");
  t.equal(classifyHost("nas.home.arpa"), "local-name");
  t.equal(classifyHost("metadata.google.internal"), "cloud-metadata");
  t.equal(classifyHost("metadata.google.internal."), "cloud-metadata");
  t.equal(classifyHost("metadata"), "cloud-metadata");
  t.equal(classifyHost("metadata.goog"), "cloud-metadata");
  t.equal(classifyHost("instance-data.ec2.internal"), "cloud-metadata");
  t.equal(classifyHost("[::1]"), "loopback");
  t.equal(classifyHost("127.1"), "loopback");
  t.equal(classifyHost("example.com"), null);
  t.equal(classifyHost("files.example.test"), null);
  t.equal(classifyHost("8.8.8.8"), null);
});

t.test("explicit allow-list: exact addresses only", async (t) => {
  const allow = normalizeAllowList(["127.0.0.1", "[::1]"]);
  t.equal(checkAddress("127.0.0.1", allow), null);
  t.equal(checkAddress("127.1", allow), null, "same address in another spelling");
  t.equal(checkAddress("::1", allow), null);
  t.equal(checkAddress("127.0.0.2", allow), "loopback");
  t.equal(checkAddress("::ffff:127.0.0.1", allow), "loopback", "the mapped form is another address");
  t.equal(checkAddress("10.0.0.1", allow), "private");
  t.equal(checkAddress("127.0.0.1", normalizeAllowList(undefined)), "loopback", "nothing allowed by default");
  t.throws(() => normalizeAllowList(["localhost"]), /not an IP address/);
});
