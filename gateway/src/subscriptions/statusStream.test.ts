import { describe, expect, it } from 'vitest';
import { META } from './statusOperation.js';
import { StatusStream } from './statusStream.js';

const state = (version: number, status = 'RUNNING') => ({
  data: { s: { status, [META.executionId]: 'e1', [META.version]: version, [META.status]: status } },
});

describe('a subscriber stream that is not read', () => {
  it('should end and report the overflow when more than maxQueued results wait, instead of buffering for ever', () => {
    let overflows = 0;
    let closes = 0;
    const stream = new StatusStream('s', () => void (closes += 1), undefined, { maxQueued: 3, onOverflow: () => void (overflows += 1) });
    expect([1, 2, 3].map((version) => stream.offer(state(version)))).toEqual([true, true, true]);
    expect(overflows).toBe(0);
    stream.offer(state(4));
    expect({ overflows, closes }).toEqual({ overflows: 1, closes: 1 });
    expect(stream.offer(state(5))).toBe(false);
  });

  it('should never overflow a subscriber that reads', async () => {
    let overflows = 0;
    const stream = new StatusStream('s', () => undefined, undefined, { maxQueued: 1, onOverflow: () => void (overflows += 1) });
    for (let version = 1; version <= 50; version += 1) {
      stream.offer(state(version));
      expect((await stream.next()).done).toBe(false);
    }
    expect(overflows).toBe(0);
  });
});
