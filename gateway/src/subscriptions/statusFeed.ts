import { MessageParseError, parseStatusChanged, STATUS_EXCHANGE, type OrchestrationStatusChanged } from '@flow/protocol';
import type { Bus, Logger, Subscription } from '@flow/platform';

export type StatusListener = (event: OrchestrationStatusChanged) => void;

/** The gateway instance's one view of `orchestration.status`, split by flow. */
export interface StatusFeed {
  /** Calls `listener` with each status change of the flow until the returned function is called. */
  watch(flowId: string, listener: StatusListener): () => void;
  /** Leaves the exchange (the broker deletes the instance's exclusive queue). */
  close(): Promise<void>;
}

/**
 * Subscribes once per gateway instance (one exclusive queue on the fanout exchange), whatever
 * the number of subscribers; a change of a flow nobody watches costs one parse and one lookup.
 * `onGap` is called when the subscription came back after a lost connection (changes missed).
 */
export async function createStatusFeed(bus: Bus, logger: Logger, onGap: () => void = () => undefined): Promise<StatusFeed> {
  const listeners = new Map<string, Set<StatusListener>>();
  const subscription: Subscription = await bus.subscribe(STATUS_EXCHANGE, async ({ body }) => {
    let event: OrchestrationStatusChanged;
    try {
      event = parseStatusChanged(body);
    } catch (error) {
      if (!(error instanceof MessageParseError)) throw error;
      logger.warn({ err: error }, 'ignoring a malformed status broadcast');
      return;
    }
    for (const listener of listeners.get(event.orchestratedFlowId) ?? []) listener(event);
  }, {
    onResubscribed: () => {
      logger.warn('status feed attached again after a lost connection: re-reading every watched run');
      onGap();
    },
  });
  let closed = false;
  return {
    watch(flowId, listener) {
      const set = listeners.get(flowId) ?? new Set();
      listeners.set(flowId, set.add(listener));
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(flowId) === set) listeners.delete(flowId);
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      await subscription.cancel();
    },
  };
}
