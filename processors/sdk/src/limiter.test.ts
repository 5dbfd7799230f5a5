import { describe, expect, it } from 'vitest';
import { createLimiter } from './limiter.js';

/** Whether the promise has settled once pending callbacks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => { done = true; });
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('createLimiter', () => {
  it('should grant up to the limit at once and make the next holder wait for a release', async () => {
    const limiter = createLimiter(2);
    const first = await limiter.acquire();
    await limiter.acquire();
    expect(limiter.active).toBe(2);
    const third = limiter.acquire();
    expect(await settled(third)).toBe(false);
    first();
    expect(await settled(third)).toBe(true);
    expect(limiter.active).toBe(2);
  });

  it('should hand slots to waiters in arrival order', async () => {
    const limiter = createLimiter(1);
    const release = await limiter.acquire();
    const order: string[] = [];
    const second = limiter.acquire().then((done) => { order.push('second'); return done; });
    const third = limiter.acquire().then((done) => { order.push('third'); return done; });
    release();
    (await second)();
    (await third)();
    expect(order).toEqual(['second', 'third']);
    expect(limiter.active).toBe(0);
  });

  it('should free a slot once however often its release is called', async () => {
    const limiter = createLimiter(2);
    const release = await limiter.acquire();
    await limiter.acquire();
    release();
    release();
    expect(limiter.active).toBe(1);
  });

  it.each([0, -1, 1.5, Number.NaN])('should refuse a limit of %s', (limit) => {
    expect(() => createLimiter(limit)).toThrow(RangeError);
    expect(() => createLimiter(limit)).toThrow(/^concurrency/);
  });
});
