/** The journal record saying that a revision's outbox went out (`<key>:sent`). */
export interface SentMarker {
  _id: string;
  executionId: string;
  revision: number;
  at: number;
}

export interface SentMarkers {
  /** Notes that `revision`'s outbox was published; its marker is written once it stayed the latest for the delay. */
  mark(executionId: string, revision: number): void;
  /** A newer revision was written: every revision carries the whole outbox, so older markers are never read. */
  supersede(executionId: string, revision: number): void;
  /** Writes every marker still waiting (an instance shutting down). */
  flush(): Promise<void>;
}

/**
 * Writes the `:sent` markers of the journal lazily. A reader catching up on the journal only
 * asks whether its *latest* revision was published, so a marker matters only while its
 * revision is the latest: the next transition of a run usually comes within milliseconds and
 * makes it moot. Markers are therefore written after `delayMs` (0: at once) unless a newer
 * revision came first, which spares the MongoDB-wire server one insert per transition.
 * A marker lost with its process only means that outbox is published again (at least once).
 */
export function createSentMarkers(write: (marker: SentMarker) => Promise<unknown>, keyOf: (executionId: string, revision: number) => string, delayMs: number): SentMarkers {
  const waiting = new Map<string, { revision: number; due: number }>();
  let timer: NodeJS.Timeout | undefined;

  const writeOne = (executionId: string, revision: number): Promise<unknown> =>
    write({ _id: keyOf(executionId, revision), executionId, revision, at: Date.now() }).catch(() => undefined);

  function writeDue(): void {
    timer = undefined;
    const now = Date.now();
    for (const [executionId, { revision, due }] of waiting) {
      if (due > now) continue;
      waiting.delete(executionId);
      void writeOne(executionId, revision);
    }
    arm();
  }

  function arm(): void {
    if (timer || waiting.size === 0) return;
    timer = setTimeout(writeDue, Math.max(delayMs / 2, 1));
    timer.unref();
  }

  return {
    mark(executionId, revision) {
      if (delayMs <= 0) {
        void writeOne(executionId, revision);
        return;
      }
      waiting.set(executionId, { revision, due: Date.now() + delayMs });
      arm();
    },
    supersede(executionId, revision) {
      const entry = waiting.get(executionId);
      if (entry && entry.revision < revision) waiting.delete(executionId);
    },
    async flush() {
      clearTimeout(timer);
      timer = undefined;
      const all = [...waiting];
      waiting.clear();
      await Promise.all(all.map(([executionId, { revision }]) => writeOne(executionId, revision)));
    },
  };
}
