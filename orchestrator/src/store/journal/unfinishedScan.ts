import type { mongo } from 'mongoose';

/** A scan always rereads the executions started this recently (a summary may land after a younger one). */
const HORIZON_MS = 60_000;

/** The smallest UUIDv7 of a millisecond: ids compare as strings in time order. */
const uuidv7Floor = (ms: number): string => {
  const hex = Math.max(0, ms).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`;
};

/**
 * Finds the executions with a summary and no final record, for recovery. Execution ids are
 * UUIDv7, ordered by start time: a scan reads from the oldest execution the previous one found
 * unfinished, never from later than a minute ago, so it does not reread the whole history.
 */
export function createUnfinishedScan<S extends { _id: string }, F extends { _id: string }>(summaries: () => mongo.Collection<S>, finals: () => mongo.Collection<F>) {
  /** Every execution started before this id had ended at an earlier scan (empty: none yet). */
  let scanFrom = '';
  return {
    /** The unfinished executions' ids, oldest first. */
    async scan(now = Date.now()): Promise<string[]> {
      const from = (scanFrom ? { _id: { $gte: scanFrom } } : {}) as mongo.Filter<S> & mongo.Filter<F>;
      const [all, ended] = await Promise.all([
        summaries().find(from, { projection: { _id: 1 } }).toArray(),
        finals().find(from, { projection: { _id: 1 } }).toArray(),
      ]);
      const closed = new Set<string>(ended.map((final) => String(final._id)));
      const open = all.map((summary) => String(summary._id)).filter((id) => !closed.has(id)).sort();
      const horizon = uuidv7Floor(now - HORIZON_MS);
      scanFrom = open[0] !== undefined && open[0] < horizon ? open[0] : horizon;
      return open;
    },
  };
}
