import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress } from './clientAddress.js';

const request = (remoteAddress: string, forwardedFor?: string): IncomingMessage =>
  ({ socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

describe('clientAddress', () => {
  it('should use the TCP peer and ignore X-Forwarded-For without trusted proxies', () => {
    expect(clientAddress(request('203.0.113.7', '198.51.100.1'), 0)).toBe('203.0.113.7');
  });

  it('should take the address the outermost trusted proxy saw, never what the client claims further left', () => {
    expect(clientAddress(request('10.0.0.2', '1.1.1.1, 198.51.100.9'), 1)).toBe('198.51.100.9');
    expect(clientAddress(request('10.0.0.2', '1.1.1.1, 198.51.100.9, 10.0.0.1'), 2)).toBe('198.51.100.9');
    // More hops configured than proxies seen: the leftmost entry, not undefined.
    expect(clientAddress(request('10.0.0.2', '198.51.100.9'), 5)).toBe('198.51.100.9');
  });
});

describe('addressKey', () => {
  it('should count an IPv4-mapped address as its IPv4 address', () => {
    expect(addressKey('::ffff:127.0.0.1')).toBe('127.0.0.1');
  });

  it('should count IPv6 addresses by their /64 network', () => {
    expect(addressKey('2001:db8:0:1:aaaa::1')).toBe('2001:db8:0:1::/64');
    expect(addressKey('2001:DB8:0:1:bbbb:cccc:dddd:eeee')).toBe('2001:db8:0:1::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});
