import type { GraphRevision } from '@flow/kit';
import type { FlowReader, FlowSnapshot } from './flowReader.js';

/** A snapshot is read again after this long even when the token says nothing changed. */
export const SNAPSHOT_MAX_AGE_MS = 10_000;
const KEPT_FLOWS = 1_000;

export interface FlowReuseOptions {
  maxAgeMs?: number;
  now?: () => number;
}

/**
 * Calls share one call of `load` that began after they were made: while one is under way,
 * later callers wait for the next one, which all of them share. So what a caller gets was
 * read after it asked, and a burst of callers costs two reads, not one each.
 */
export function freshReads<T>(load: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  let next: Promise<T> | undefined;
  const begin = (): Promise<T> => {
    const read = load().finally(() => {
      if (running === read) running = undefined;
    });
    running = read;
    return read;
  };
  return () => {
    if (!running) return begin();
    next ??= running.catch(() => undefined).then(() => {
      next = undefined;
      return begin();
    });
    return next;
  };
}

/**
 * Starts of one flow that arrive while its graph is being read share that read: a burst of
 * starts costs one read, not one each. Nothing is kept once the read ends.
 */
export function singleFlight(reader: FlowReader): FlowReader {
  const reading = new Map<string, Promise<FlowSnapshot>>();
  return {
    read(orchestratedFlowId) {
      const pending = reading.get(orchestratedFlowId);
      if (pending) return pending;
      const read = reader.read(orchestratedFlowId).finally(() => reading.delete(orchestratedFlowId));
      reading.set(orchestratedFlowId, read);
      return read;
    },
  };
}

/**
 * Reuses a flow's snapshot while the entity graph's token (kit's GraphRevision) is the one
 * read before the snapshot was: a start reads the token (a read that began after the start
 * arrived, shared with the starts around it), then takes the snapshot read at that token, or
 * reads one. So a start sees every entity write that finished before it arrived, and a burst of
 * starts of an unchanged flow reads no entity. Without a token (none ever written where this
 * instance looks) every start reads the graph, sharing reads in flight as before. A failed read
 * is not kept, and a snapshot is read again after `maxAgeMs` whatever the token says.
 */
export function reusingSnapshots(reader: FlowReader, revision: GraphRevision, options: FlowReuseOptions = {}): FlowReader {
  const { maxAgeMs = SNAPSHOT_MAX_AGE_MS, now = Date.now } = options;
  const token = freshReads(() => revision.current());
  const shared = singleFlight(reader);
  const kept = new Map<string, { token: string; at: number; snapshot: Promise<FlowSnapshot> }>();
  return {
    async read(orchestratedFlowId) {
      const current = await token();
      if (current === undefined) return shared.read(orchestratedFlowId);
      const entry = kept.get(orchestratedFlowId);
      if (entry && entry.token === current && now() - entry.at < maxAgeMs) return entry.snapshot;
      const snapshot = reader.read(orchestratedFlowId);
      const mine = { token: current, at: now(), snapshot };
      kept.delete(orchestratedFlowId);
      kept.set(orchestratedFlowId, mine);
      if (kept.size > KEPT_FLOWS) kept.delete(kept.keys().next().value as string);
      snapshot.catch(() => {
        if (kept.get(orchestratedFlowId) === mine) kept.delete(orchestratedFlowId);
      });
      return snapshot;
    },
  };
}
