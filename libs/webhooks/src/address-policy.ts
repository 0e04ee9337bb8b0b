import { isIP } from 'node:net';

/**
 * Why an address may not receive a webhook. A callback URL is chosen by a customer, so without this
 * check our worker would fetch whatever they name: the cloud metadata service, Redis on loopback,
 * the office network (SSRF, OWASP A10:2021). Ranges follow the IANA special-purpose registries
 * (RFC 6890 and its updates).
 */
export type ForbiddenReason =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'cgnat'
  | 'link-local'
  | 'metadata'
  | 'multicast'
  | 'documentation'
  | 'reserved';

type V4Rule = [base: number, prefix: number, reason: ForbiddenReason];

function v4(text: string): number {
  const [a, b, c, d] = text.split('.').map(Number);
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

/** First match wins, so the single metadata addresses come before the ranges that hold them. */
const V4_RULES: V4Rule[] = (
  [
    ['169.254.169.254', 32, 'metadata'], // AWS, GCP, Azure, OpenStack instance metadata
    ['100.100.100.200', 32, 'metadata'], // Alibaba Cloud metadata
    ['168.63.129.16', 32, 'metadata'], // Azure wire server: a public address, reachable only from inside
    ['0.0.0.0', 8, 'unspecified'],
    ['10.0.0.0', 8, 'private'],
    ['100.64.0.0', 10, 'cgnat'],
    ['127.0.0.0', 8, 'loopback'],
    ['169.254.0.0', 16, 'link-local'],
    ['172.16.0.0', 12, 'private'],
    ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
    ['192.0.2.0', 24, 'documentation'],
    ['192.88.99.0', 24, 'reserved'], // 6to4 relay anycast
    ['192.168.0.0', 16, 'private'],
    ['198.18.0.0', 15, 'reserved'], // benchmarking
    ['198.51.100.0', 24, 'documentation'],
    ['203.0.113.0', 24, 'documentation'],
    ['224.0.0.0', 4, 'multicast'],
    ['240.0.0.0', 4, 'reserved'], // includes 255.255.255.255
  ] as Array<[string, number, ForbiddenReason]>
).map(([base, prefix, reason]) => [v4(base), prefix, reason]);

function classifyV4(addr: number): ForbiddenReason | null {
  for (const [base, prefix, reason] of V4_RULES) {
    const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
    if ((addr & mask) >>> 0 === base) return reason;
  }
  return null;
}

/** 16 bytes, or null when `text` is no IPv6 address. Accepts `::`, embedded IPv4 and a `%zone`. */
export function parseIPv6(text: string): Uint8Array | null {
  let s = text.replace(/^\[|\]$/g, '');
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (isIP(s) !== 6) return null;
  const dotted = s.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const n = v4(dotted[2]);
    s = `${dotted[1]}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const fill = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(fill).fill('0'), ...tailGroups];
  if (groups.length !== 8) return null;
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    bytes[2 * i] = n >> 8;
    bytes[2 * i + 1] = n & 0xff;
  });
  return bytes;
}

function startsWith(bytes: Uint8Array, prefix: number[], bits: number): boolean {
  for (let bit = 0; bit < bits; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((bytes[byte] & mask) !== ((prefix[byte] ?? 0) & mask)) return false;
  }
  return true;
}

function embeddedV4(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}

function classifyV6(b: Uint8Array): ForbiddenReason | null {
  const zero10 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  // Forms that carry an IPv4 address inside: judge the IPv4 address, or ::ffff:127.0.0.1 walks
  // straight past a check that only knows IPv6 loopback.
  if (startsWith(b, [...zero10, 0xff, 0xff], 96)) return classifyV4(embeddedV4(b, 12)); // mapped
  if (startsWith(b, [0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0], 96)) return classifyV4(embeddedV4(b, 12)); // SIIT
  if (startsWith(b, [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], 96)) return classifyV4(embeddedV4(b, 12)); // NAT64
  if (startsWith(b, [0x20, 0x02], 16)) return classifyV4(embeddedV4(b, 2)); // 6to4
  if (b.every((x) => x === 0)) return 'unspecified';
  if (startsWith(b, [...zero10, 0, 0, 0, 0, 0, 1], 128)) return 'loopback';
  if (startsWith(b, [0xfd, 0, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54], 128)) return 'metadata'; // AWS fd00:ec2::254
  if (startsWith(b, [0xfc], 7)) return 'private'; // unique local
  if (startsWith(b, [0xfe, 0x80], 10)) return 'link-local';
  if (startsWith(b, [0xfe, 0xc0], 10)) return 'private'; // deprecated site-local
  if (startsWith(b, [0xff], 8)) return 'multicast';
  if (startsWith(b, [0x20, 0x01, 0x0d, 0xb8], 32)) return 'documentation';
  if (startsWith(b, [0x3f, 0xff], 20)) return 'documentation'; // RFC 9637
  if (startsWith(b, [0x20, 0x01, 0x00], 23)) return 'reserved'; // IETF protocol assignments, Teredo
  if (startsWith(b, [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48)) return 'private'; // local-use NAT64
  // Only 2000::/3 is handed out as global unicast; anything else (IPv4-compatible ::a.b.c.d,
  // discard-only 100::/64, unassigned space) has no business receiving a webhook.
  if (!startsWith(b, [0x20], 3)) return 'reserved';
  return null;
}

/** Why `address` (an IPv4 or IPv6 literal) must not receive a webhook, or null when it may. */
export function classifyAddress(address: string): ForbiddenReason | null {
  const bare = address.replace(/^\[|\]$/g, '');
  if (isIP(bare) === 4) return classifyV4(v4(bare));
  const v6 = parseIPv6(bare);
  if (v6) return classifyV6(v6);
  return 'reserved';
}
