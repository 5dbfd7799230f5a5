import { describe, expect, it } from 'vitest';
import type { StoredExecution } from '../executionStore.js';
import { createHeadCache, type Head } from './headCache.js';

const head = (revision: number, outbox: number, id = 'e'): Head => ({
  execution: { id, revision, outbox: Array.from({ length: outbox }, () => ({})) } as unknown as StoredExecution,
  writtenAt: revision,
});

describe('the head cache', () => {
  it('should keep a later revision, or the same one published, over what a slower read brings back', () => {
    const heads = createHeadCache(10);
    heads.set(head(2, 1));
    expect(heads.set(head(3, 1)).execution.revision).toBe(3);
    expect(heads.set(head(2, 0)).execution.revision).toBe(3);
    const published = heads.set(head(3, 0));
    expect(published.execution.outbox).toEqual([]);
    expect(heads.set(head(3, 1))).toBe(published);
    expect(heads.get('e')).toBe(published);
  });

  it('should forget the least recently used past its capacity', () => {
    const heads = createHeadCache(2);
    heads.set(head(1, 0, 'a'));
    heads.set(head(1, 0, 'b'));
    heads.get('a');
    heads.set(head(1, 0, 'c'));
    expect(['a', 'b', 'c'].filter((id) => heads.has(id))).toEqual(['a', 'c']);
  });
});
