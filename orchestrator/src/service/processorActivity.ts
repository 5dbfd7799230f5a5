import { AppError, deadLetterQueue, ErrorCode, type Bus, type Cache } from '@flow/platform';
import { PROCESSOR_HEALTH_MAP, processorQueue, type Heartbeat } from '@flow/protocol';

export interface ProcessorInstance {
  instanceId: string;
  version: string;
  lastSeenAt: string;
  inFlight: number;
}

/** What a processor is doing now, as `Processor.instances`, `queueDepth` and `deadLetterDepth` serve it. */
export interface ProcessorActivity {
  /** Its instances with a live heartbeat, oldest instance id first. */
  instances(processorId: string): Promise<ProcessorInstance[]>;
  /** Messages waiting in its queue; null when the broker cannot be read now. */
  queueDepth(processorId: string): Promise<number | null>;
  /** Messages in its dead-letter queue; null when the broker cannot be read now. */
  deadLetterDepth(processorId: string): Promise<number | null>;
}

/** Answers of `load` shared for `ttlMs` (and while one is in flight); a failure is not kept. */
function reused<T>(load: () => Promise<T>, ttlMs: number): () => Promise<T> {
  let last: { value: Promise<T>; at: number } | undefined;
  return () => {
    if (last && performance.now() - last.at < ttlMs) return last.value;
    const value = load();
    const entry = { value, at: performance.now() };
    last = entry;
    value.catch(() => {
      if (last === entry) last = undefined;
    });
    return value;
  };
}

/** Queues whose depth readers are kept; past it they are dropped (ids come from callers). */
const MAX_QUEUES = 1_000;

/**
 * Reads heartbeats and queue depths for the GraphQL fields, each at most once per `ttlMs`:
 * a page listing a hundred processors reads the heartbeat map once, and a console polling
 * every few seconds from many browsers does not turn into a broker call per field.
 */
export function createProcessorActivity(bus: Pick<Bus, 'depth'>, cache: Cache, ttlMs = 1_000): ProcessorActivity {
  const beats = reused(async () => {
    const byProcessor = new Map<string, ProcessorInstance[]>();
    for (const [, beat] of await cache.map<Heartbeat>(PROCESSOR_HEALTH_MAP).entries()) {
      const instance = { instanceId: beat.instanceId, version: beat.version, lastSeenAt: beat.at, inFlight: beat.inFlight };
      byProcessor.set(beat.processorId, [...(byProcessor.get(beat.processorId) ?? []), instance]);
    }
    for (const list of byProcessor.values()) list.sort((a, b) => a.instanceId.localeCompare(b.instanceId));
    return byProcessor;
  }, ttlMs);
  const depths = new Map<string, () => Promise<number>>();
  const depth = async (queue: string): Promise<number | null> => {
    let read = depths.get(queue);
    if (!read) {
      if (depths.size >= MAX_QUEUES) depths.clear();
      depths.set(queue, (read = reused(() => bus.depth(queue), ttlMs)));
    }
    return read().catch(() => null);
  };
  return {
    async instances(processorId) {
      const byProcessor = await beats().catch((error: unknown) => {
        throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'Processor heartbeats cannot be read now: the cache is unreachable', { cause: error });
      });
      return byProcessor.get(processorId) ?? [];
    },
    queueDepth: (processorId) => depth(processorQueue(processorId)),
    deadLetterDepth: (processorId) => depth(deadLetterQueue(processorQueue(processorId))),
  };
}
