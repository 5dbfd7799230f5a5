import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './tokenBuckets.js';

describe('TokenBuckets', () => {
  it('should let a burst through, refuse the next request and say when one token is back', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perSecond: 2, burst: 3, now: () => now });
    expect([1, 2, 3].map(() => buckets.take('a').allowed)).toEqual([true, true, true]);
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now = 0.5;
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
  });

  it('should count each key on its own and refill up to the burst only', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perSecond: 1, burst: 2, now: () => now });
    buckets.take('a');
    buckets.take('a');
    expect(buckets.take('a').allowed).toBe(false);
    expect(buckets.take('b').allowed).toBe(true);
    now = 1_000;
    expect([1, 2, 3].map(() => buckets.take('a').allowed)).toEqual([true, true, false]);
  });

  it('should round the wait up to whole seconds for a slow refill', () => {
    const buckets = new TokenBuckets({ perSecond: 0.1 as number, burst: 1, now: () => 0 });
    buckets.take('a');
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it('should pass everything when the rate is 0 (the limit is off)', () => {
    const buckets = new TokenBuckets({ perSecond: 0, burst: 1 });
    expect(Array.from({ length: 100 }, () => buckets.take('a').allowed).every(Boolean)).toBe(true);
    expect(buckets.size).toBe(0);
  });

  it('should forget the least recently used key beyond maxKeys, so a flood of addresses cannot grow memory', () => {
    const buckets = new TokenBuckets({ perSecond: 1, burst: 1, maxKeys: 100, now: () => 0 });
    buckets.take('kept');
    for (let i = 0; i < 99; i += 1) buckets.take(`k${i}`);
    buckets.take('kept');
    for (let i = 0; i < 10_000; i += 1) buckets.take(`flood${i}`);
    expect(buckets.size).toBe(100);
    // 'kept' was evicted by the flood: a fresh (full) bucket again.
    expect(buckets.take('kept').allowed).toBe(true);
  });
});
