import type { HealthCheck } from '@flow/platform';
import type { Execution } from '../engine/state.js';
import type { ExecutionQuery } from './executionFilter.js';

/** An execution as stored: `revision` is the optimistic-concurrency token of every write. */
export type StoredExecution = Execution & { revision: number };

/**
 * Where executions live (MongoDB, or memory when embedded); both adapters pass
 * `executionStoreContract.ts`. No transactions: every write is one document, guarded by
 * its revision (in MongoDB, a journal record whose unique key is the revision).
 */
export interface ExecutionStore {
  init(): Promise<void>;
  insert(execution: Execution): Promise<StoredExecution>;
  /**
   * The current revision. `verify` reads the store past what is cached here or shared by the
   * instances (a head shared before its writer crashed may be behind the journal).
   */
  get(id: string, options?: { verify?: boolean }): Promise<StoredExecution | null>;
  /**
   * The latest revision this process knows, which may be stale when another instance wrote
   * since: a `replace` based on it is then refused, and the caller reads it again with `get`.
   */
  peek(id: string): Promise<StoredExecution | null>;
  /** Writes when the stored revision is still `expected.revision`; null when another writer won. */
  replace(execution: Execution, expected: StoredExecution): Promise<StoredExecution | null>;
  /**
   * Records that the outbox of `stored` (its revision) went out, without a new revision:
   * answers the execution with an empty outbox, which the next transition starts from.
   * Recovery then publishes it no more; losing this record only means publishing it again.
   */
  published(stored: StoredExecution): Promise<StoredExecution>;
  /**
   * Makes the latest published revision of a RUNNING execution visible to the other instances;
   * called before its lock is released, so the next holder finds it (docs/protocol.md). An
   * ended execution is shared by `published` itself.
   */
  share(id: string): Promise<void>;
  /** The most recent execution of a flow. */
  latestForFlow(orchestratedFlowId: string): Promise<StoredExecution | null>;
  /** The runs `filter` matches, newest first; `beforeId` pages on. */
  list(filter: ExecutionQuery & { first: number; beforeId?: string }): Promise<StoredExecution[]>;
  count(filter: ExecutionQuery): Promise<number>;
  /**
   * Forgets that an ended execution ended, before a control (retry) makes it RUNNING again:
   * an ended execution is otherwise trusted never to change (docs/protocol.md, "Execution store").
   */
  reopen(id: string): Promise<void>;
  /** Executions with commands in their outbox written before `olderThan` (recovery). */
  withOutbox(olderThan: Date, limit: number): Promise<StoredExecution[]>;
  /** RUNNING or PAUSED executions with a step deadline at or before `now`. */
  withDueDeadline(now: Date, limit: number): Promise<StoredExecution[]>;
  countByStatus(): Promise<Record<string, number>>;
  /** Writes what the store deferred (an instance shutting down); nothing is lost without it, only published again. */
  flush(): Promise<void>;
  health: HealthCheck;
}
