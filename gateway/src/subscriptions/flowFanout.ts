import { ErrorCode, type Logger } from '@flow/platform';
import type { FormattedExecutionResult } from 'graphql';
import type { Credentials, ExecuteFederated } from './federatedExecutor.js';
import type { StatusFeed } from './statusFeed.js';
import type { StatusOperation } from './statusOperation.js';
import type { StatusStream } from './statusStream.js';

export interface Subscriber {
  operation: StatusOperation;
  credentials: Credentials;
  stream: StatusStream;
}

export interface FanoutOptions {
  feed: StatusFeed;
  execute: ExecuteFederated;
  /** Changes of one flow within this window share one query per group; 0 = a query per change and subscriber. */
  coalesceMs: number;
  logger: Logger;
  /** Called for each status change of a flow with subscribers. */
  onChange?: () => void;
}

interface FlowState {
  subscribers: Set<Subscriber>;
  /** Runs that changed since the last flush. */
  pending: Set<string>;
  timer: NodeJS.Timeout | undefined;
  unwatch: () => void;
}

/** Subscribers that may share one answer: the same document, variables and credentials. */
const groupKey = (subscriber: Subscriber): string => `${subscriber.operation.shareKey}\u0000${subscriber.credentials.authorization ?? ''}`;

/**
 * Turns status changes into federated queries and hands their answers to the subscribers. Per
 * flow, changes within `coalesceMs` are flushed together: one query per run that changed and per
 * group of subscribers, so a burst of transitions and a thousand watchers cost one query.
 */
export function createFlowFanout({ feed, execute, coalesceMs, logger, onChange = () => undefined }: FanoutOptions) {
  const flows = new Map<string, FlowState>();

  /** Runs the group's query for one run, or for the flow's current run, and offers the answer to each. */
  async function deliver(group: readonly Subscriber[], executionId: string | undefined): Promise<void> {
    const { operation, credentials } = group[0] as Subscriber;
    let result: FormattedExecutionResult;
    try {
      const request = executionId === undefined
        ? { query: operation.currentQuery, variables: operation.variables, operationName: operation.operationName }
        : { query: operation.executionQuery, variables: { ...operation.variables, [operation.executionVariable]: executionId }, operationName: operation.operationName };
      result = await execute(request, credentials);
    } catch (error) {
      logger.error({ err: error, executionId }, 'a subscription query failed');
      result = { errors: [{ message: 'The orchestration status could not be read', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] };
    }
    for (const subscriber of group) subscriber.stream.offer(result);
  }

  const follows = (subscriber: Subscriber, executionId: string): boolean =>
    subscriber.stream.followedExecutionId === undefined || subscriber.stream.followedExecutionId === executionId;

  function groupsOf(subscribers: Iterable<Subscriber>, key: (subscriber: Subscriber) => string): Subscriber[][] {
    const groups = new Map<string, Subscriber[]>();
    for (const subscriber of subscribers) groups.set(key(subscriber), [...(groups.get(key(subscriber)) ?? []), subscriber]);
    return [...groups.values()];
  }

  function flush(flow: FlowState): void {
    flow.timer = undefined;
    const executions = [...flow.pending];
    flow.pending.clear();
    for (const group of groupsOf(flow.subscribers, groupKey)) {
      for (const executionId of executions) {
        const interested = group.filter((subscriber) => follows(subscriber, executionId));
        if (interested.length > 0) void deliver(interested, executionId);
      }
    }
  }

  function changed(flow: FlowState, executionId: string): void {
    onChange();
    if (coalesceMs === 0) {
      for (const subscriber of flow.subscribers) if (follows(subscriber, executionId)) void deliver([subscriber], executionId);
      return;
    }
    flow.pending.add(executionId);
    flow.timer ??= setTimeout(() => flush(flow), coalesceMs);
  }

  function stop(flowId: string, flow: FlowState): void {
    clearTimeout(flow.timer);
    flow.unwatch();
    flows.delete(flowId);
  }

  return {
    /** Feeds the subscriber each change of its flow until the returned function is called. */
    add(subscriber: Subscriber): () => void {
      const { flowId } = subscriber.operation;
      let flow = flows.get(flowId);
      if (!flow) {
        const created: FlowState = { subscribers: new Set(), pending: new Set(), timer: undefined, unwatch: () => undefined };
        created.unwatch = feed.watch(flowId, (event) => changed(created, event.executionId));
        flows.set(flowId, (flow = created));
      }
      const state = flow;
      state.subscribers.add(subscriber);
      return () => {
        state.subscribers.delete(subscriber);
        if (state.subscribers.size === 0 && flows.get(flowId) === state) stop(flowId, state);
      };
    },
    /**
     * After a gap in the feed (the broker connection was lost: changes may have been missed),
     * every subscriber gets its run's state afresh, or its flow's current run when it follows
     * none yet; a run that ended meanwhile so delivers its terminal state and completes.
     */
    resync(): void {
      const followed = (subscriber: Subscriber) => `${groupKey(subscriber)}\u0000${subscriber.stream.followedExecutionId ?? ''}`;
      for (const flow of flows.values()) {
        for (const group of groupsOf(flow.subscribers, followed)) void deliver(group, (group[0] as Subscriber).stream.followedExecutionId);
      }
    },
    close(): void {
      for (const [flowId, flow] of flows) stop(flowId, flow);
    },
  };
}

export type FlowFanout = ReturnType<typeof createFlowFanout>;
