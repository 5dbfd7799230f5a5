import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../limits/rateLimiter.js';
import { createWsAdmission, isAllowedOrigin } from './wsAdmission.js';

describe('isAllowedOrigin', () => {
  it('should admit a client that sends no Origin (not a browser) whatever the list', () => {
    expect(isAllowedOrigin(undefined, 'gateway:4000', undefined)).toBe(true);
    expect(isAllowedOrigin(undefined, 'gateway:4000', ['https://console.example.com'])).toBe(true);
  });

  it('should admit only the gateway own host by default', () => {
    expect(isAllowedOrigin('http://gateway:4000', 'gateway:4000', undefined)).toBe(true);
    expect(isAllowedOrigin('https://example.com', 'example.com', undefined)).toBe(true);
    expect(isAllowedOrigin('https://evil.example', 'gateway:4000', undefined)).toBe(false);
    expect(isAllowedOrigin('http://gateway:4001', 'gateway:4000', undefined)).toBe(false);
    expect(isAllowedOrigin('null', 'gateway:4000', undefined)).toBe(false);
  });

  it('should admit the listed origins, exactly, and any with *', () => {
    const allowed = ['https://console.example.com'];
    expect(isAllowedOrigin('https://console.example.com', 'gateway:4000', allowed)).toBe(true);
    expect(isAllowedOrigin('http://console.example.com', 'gateway:4000', allowed)).toBe(false);
    expect(isAllowedOrigin('https://console.example.com.evil.example', 'gateway:4000', allowed)).toBe(false);
    expect(isAllowedOrigin('https://evil.example', 'gateway:4000', '*')).toBe(true);
  });
});

describe('createWsAdmission', () => {
  const upgrade = (address: string, headers: Record<string, string> = {}) =>
    ({ socket: Object.assign(new EventEmitter(), { remoteAddress: address }), headers: { host: 'gateway:4000', ...headers } }) as unknown as IncomingMessage;
  const admission = () => createWsAdmission({
    limits: { allowedOrigins: undefined, maxConnections: 2, maxConnectionsPerIp: 1, maxBufferedBytes: 1024, maxQueuedResults: 1 },
    rateLimiter: createRateLimiter({ ipPerSecond: 0, ipBurst: 1, userPerSecond: 0, userBurst: 1, trustProxyHops: 0 }),
    allowedHosts: ['gateway'],
  });

  it('should hold a slot per connection until its socket closes, refusing past the per-address cap (429) and the total (503)', () => {
    const edge = admission();
    const first = upgrade('10.0.0.1');
    expect(edge.admit(first)).toBeUndefined();
    expect(edge.admit(upgrade('10.0.0.1'))).toEqual({
      status: 429, message: 'RATE_LIMITED: at most 1 WebSocket connections from one client address', headers: { 'Retry-After': '5' },
    });
    expect(edge.admit(upgrade('10.0.0.2'))).toBeUndefined();
    expect(edge.admit(upgrade('10.0.0.3'))).toEqual({
      status: 503, message: 'SERVICE_UNAVAILABLE: this gateway holds its maximum of 2 WebSocket connections', headers: { 'Retry-After': '5' },
    });
    expect(edge.open).toBe(2);
    first.socket.emit('close');
    first.socket.emit('close');
    expect({ open: edge.open, from: edge.openFrom('10.0.0.1') }).toEqual({ open: 1, from: 0 });
    expect(edge.admit(upgrade('10.0.0.1'))).toBeUndefined();
  });

  it('should refuse another Host with 421 and a foreign Origin with 403, holding no slot', () => {
    const edge = admission();
    expect(edge.admit(upgrade('10.0.0.1', { host: 'evil.example' }))?.status).toBe(421);
    expect(edge.admit(upgrade('10.0.0.1', { origin: 'https://evil.example' }))?.status).toBe(403);
    expect(edge.open).toBe(0);
  });
});
