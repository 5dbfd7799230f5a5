import { describe, expect, it } from 'vitest';
import { isAllowedOrigin } from './wsAdmission.js';

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
