import type { IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';

/** The eight 16-bit groups of an IPv6 address, `::` expanded; undefined when it is not one. */
function ipv6Groups(address: string): string[] | undefined {
  if (!isIPv6(address) || address.includes('.')) return undefined;
  const [head = '', tail] = address.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right];
}

/**
 * The key a client's limits are counted under: an IPv4 address (IPv4-mapped IPv6 included) as
 * is, an IPv6 address by its /64 network, the smallest block one subscriber is given, so that
 * a host cannot escape its limits by rotating through its own addresses.
 */
export function addressKey(address: string): string {
  const plain = address.trim().toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
  const groups = ipv6Groups(plain);
  return groups ? `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64` : plain;
}

/**
 * The client's address: the TCP peer, or with `trustedHops` reverse proxies in front, the
 * address the outermost trusted proxy saw (that many entries from the right of
 * `X-Forwarded-For`; entries further left are the client's own claims and are not believed).
 */
export function clientAddress(request: IncomingMessage, trustedHops: number): string {
  const peer = request.socket.remoteAddress ?? 'unknown';
  if (trustedHops === 0) return addressKey(peer);
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((entry) => entry.trim()).filter(Boolean);
  const chain = [...forwarded, peer];
  return addressKey(chain[Math.max(0, chain.length - 1 - trustedHops)] ?? peer);
}
