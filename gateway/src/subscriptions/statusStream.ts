import type { FormattedExecutionResult } from 'graphql';
import { META } from './statusOperation.js';

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'STOPPED']);

interface RunState {
  executionId: string;
  version: number;
  status: string;
}

type Result = FormattedExecutionResult;

/** The state the edge's own fields report, when the root field resolved. */
export function runStateOf(result: Result, responseKey: string): RunState | undefined {
  const root = (result.data as Record<string, unknown> | null | undefined)?.[responseKey] as Record<string, unknown> | null | undefined;
  if (!root) return undefined;
  const { [META.executionId]: executionId, [META.version]: version, [META.status]: status } = root;
  return typeof executionId === 'string' && typeof version === 'number' && typeof status === 'string' ? { executionId, version, status } : undefined;
}

/** The result as the subscriber asked for it: without the edge's own fields. */
function withoutMeta(result: Result, responseKey: string): Result {
  const data = result.data as Record<string, unknown>;
  const { [META.executionId]: _e, [META.version]: _v, [META.status]: _s, ...root } = data[responseKey] as Record<string, unknown>;
  return { ...result, data: { ...data, [responseKey]: root } };
}

/**
 * One subscriber's stream: results of one run in strictly increasing versions (older and equal
 * ones are dropped, whatever order queries answer in), ending after the terminal state. Not an
 * async generator: graphql-ws must be able to `return()` it while it waits for the next change.
 */
export class StatusStream implements AsyncIterableIterator<Result> {
  private readonly queue: Result[] = [];
  private waiting: ((result: IteratorResult<Result>) => void) | undefined;
  private executionId: string | undefined;
  private lastVersion = 0;
  private ended = false;
  private closed = false;

  constructor(
    private readonly responseKey: string,
    /** Called once when the stream ends for any reason: stop feeding it. */
    private readonly onClose: () => void,
    /** Called with each result handed to the subscriber. */
    private readonly onDeliver: () => void = () => undefined,
    /** Results that may wait for a subscriber that does not take them; one more ends the stream and calls `onOverflow`. */
    private readonly bound: { maxQueued: number; onOverflow: () => void } = { maxQueued: Number.POSITIVE_INFINITY, onOverflow: () => undefined },
  ) {}

  /** Offers a query's answer; false when it was dropped (another run, not newer, or ended). */
  offer(result: Result): boolean {
    if (this.ended) return false;
    const state = runStateOf(result, this.responseKey);
    if (!state) {
      // Errors without a state (a subgraph down): the subscriber should know; the order is unaffected.
      if (!result.errors?.length) return false;
      this.push(result);
      return true;
    }
    if (this.executionId !== undefined && state.executionId !== this.executionId) return false;
    if (state.version <= this.lastVersion) return false;
    this.executionId = state.executionId;
    this.lastVersion = state.version;
    this.push(withoutMeta(result, this.responseKey));
    if (TERMINAL.has(state.status)) this.end();
    return true;
  }

  /** The run being followed, once one state was delivered. */
  get followedExecutionId(): string | undefined {
    return this.executionId;
  }

  private push(result: Result): void {
    if (!this.waiting && this.queue.length >= this.bound.maxQueued) {
      // A subscriber this far behind has stopped reading: drop it rather than buffer for ever.
      this.queue.length = 0;
      this.end();
      this.bound.onOverflow();
      return;
    }
    this.onDeliver();
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: result, done: false });
    } else this.queue.push(result);
  }

  /** No more results: the queued ones are still handed out, then the stream is done. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.close();
    if (this.waiting && this.queue.length === 0) this.settleWaiting();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }

  private settleWaiting(): void {
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<Result>> {
    const value = this.queue.shift();
    if (value) return Promise.resolve({ value, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<Result>> {
    this.queue.length = 0;
    this.end();
    this.settleWaiting();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(): Promise<IteratorResult<Result>> {
    return this.return();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
