import type { mongo } from 'mongoose';

/** A write error of one document in an unordered insertMany (the driver's shape). */
interface WriteError {
  index: number;
  code?: number;
  errmsg?: string;
}

const DUPLICATE_KEY = 11000;

function writeErrorsOf(error: unknown): WriteError[] | undefined {
  const errors = (error as { writeErrors?: unknown } | null)?.writeErrors;
  if (Array.isArray(errors)) return errors as WriteError[];
  return errors && typeof errors === 'object' ? [errors as WriteError] : undefined;
}

/**
 * Group commit: inserts asked for while `maxInFlight` batches are being written go out
 * together in the next unordered insertMany. Alone, a document is written at once; under
 * load, one command carries many, which is what makes a write-per-transition affordable (the
 * MongoDB-wire server pays most of its cost per command, and each command is a system call
 * on both sides). One batch in flight by default: under the orchestration bench's load, two
 * made batches of 5-10 records, one makes batches of about 14 and a third fewer commands, at
 * the price of one more batch's wait under load (none at no load). `insert` answers false
 * when the `_id` exists: the journal's compare-and-set.
 */
export function createInsertBatcher<T extends { _id: string }>(collection: () => mongo.Collection<T>, maxInFlight = 1, maxBatch = 256) {
  type Pending = { document: T; resolve: (inserted: boolean) => void; reject: (error: unknown) => void };
  let queue: Pending[] = [];
  let inFlight = 0;

  async function write(batch: Pending[]): Promise<void> {
    try {
      await collection().insertMany(batch.map((pending) => pending.document) as never, { ordered: false });
      for (const pending of batch) pending.resolve(true);
    } catch (error) {
      const failed = writeErrorsOf(error);
      if (!failed) {
        for (const pending of batch) pending.reject(error);
        return;
      }
      const byIndex = new Map(failed.map((entry) => [entry.index, entry]));
      batch.forEach((pending, index) => {
        const entry = byIndex.get(index);
        if (!entry) pending.resolve(true);
        else if (entry.code === DUPLICATE_KEY) pending.resolve(false);
        else pending.reject(new Error(`insert refused: ${entry.errmsg ?? `code ${entry.code}`}`));
      });
    }
  }

  /** Starts batches while fewer than `maxInFlight` are being written. */
  function pump(): void {
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      inFlight += 1;
      void write(batch).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  }

  return {
    insert(document: T): Promise<boolean> {
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ document, resolve, reject });
        pump();
      });
    },
  };
}

export type InsertBatcher<T extends { _id: string }> = ReturnType<typeof createInsertBatcher<T>>;
