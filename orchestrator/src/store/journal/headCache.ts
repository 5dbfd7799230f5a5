import type { StoredExecution } from '../executionStore.js';

export interface Head {
  execution: StoredExecution;
  /** When its revision was written (the outbox grace of the recovery sweep starts there). */
  writtenAt: number;
}

/**
 * The latest revision this process wrote or read of each execution it touched, most recently
 * used last; the oldest are forgotten past `capacity`. It may be stale when another instance
 * wrote since: reads that must be current check the journal for a newer revision, writes are
 * refused by the journal's unique revision key.
 */
export function createHeadCache(capacity: number) {
  const heads = new Map<string, Head>();
  return {
    get(id: string): Head | undefined {
      const head = heads.get(id);
      if (head) {
        heads.delete(id);
        heads.set(id, head);
      }
      return head;
    },
    /**
     * Keeps `head` unless the one held is newer: a later revision, or the same one with its
     * outbox published. A read that began before a write or a publication of this process
     * ends after it, and must not bring back what that replaced. Answers the head kept.
     */
    set(head: Head): Head {
      const held = heads.get(head.execution.id);
      const revision = head.execution.revision;
      const newer = held && (held.execution.revision > revision || (held.execution.revision === revision && held.execution.outbox.length === 0));
      const kept = newer ? held : head;
      heads.delete(kept.execution.id);
      heads.set(kept.execution.id, kept);
      if (heads.size > capacity) heads.delete(heads.keys().next().value as string);
      return kept;
    },
    delete(id: string): void {
      heads.delete(id);
    },
    has: (id: string): boolean => heads.has(id),
    values: (): IterableIterator<Head> => heads.values(),
  };
}

export type HeadCache = ReturnType<typeof createHeadCache>;
