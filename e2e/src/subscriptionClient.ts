import { createClient, type Client, type ClientOptions } from 'graphql-ws';
import WebSocket from 'ws';
import { metricTotal, waitFor } from './orchestrationProbes.js';

/**
 * A graphql-ws client of the gateway, as an application would use one, plus what the tests
 * read from a subscription: every result, the error or the completion, and the close event.
 */

export const wsUrlOf = (gatewayUrl: string): string => gatewayUrl.replace(/^http/, 'ws');

export interface WsClient {
  client: Client;
  /** Resolves with the first close event (code and reason). */
  closed: Promise<{ code: number; reason: string }>;
}

export function wsClient(gatewayUrl: string, options: Partial<ClientOptions> = {}): WsClient {
  let onClose: (event: { code: number; reason: string }) => void = () => undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClose = resolve));
  const client = createClient({
    url: wsUrlOf(gatewayUrl),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    // The close event is what the tests read (`closed`); graphql-ws would also print it.
    onNonLazyError: () => undefined,
    ...options,
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        onClose({ code, reason: String(reason) });
      },
      ...options.on,
    },
  });
  return { client, closed };
}

export interface SubscriptionOutcome<T> {
  results: Array<{ data?: T | null; errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }> }>;
  /** The error the subscription ended with (GraphQL errors, or a close event). */
  error?: unknown;
  completed: boolean;
}

export interface RunningSubscription<T> {
  /** Settles when the subscription completes or fails. */
  done: Promise<SubscriptionOutcome<T>>;
  /** What arrived so far. */
  outcome: SubscriptionOutcome<T>;
  dispose(): void;
}

export function subscribe<T = Record<string, any>>(client: Client, query: string, variables: Record<string, unknown> = {}): RunningSubscription<T> {
  const outcome: SubscriptionOutcome<T> = { results: [], completed: false };
  let dispose: () => void = () => undefined;
  const done = new Promise<SubscriptionOutcome<T>>((resolve) => {
    dispose = client.subscribe<T>({ query, variables }, {
      next: (result) => void outcome.results.push(result as SubscriptionOutcome<T>['results'][number]),
      error: (error) => {
        outcome.error = error;
        resolve(outcome);
      },
      complete: () => {
        outcome.completed = true;
        resolve(outcome);
      },
    });
  });
  return { done, outcome, dispose: () => dispose() };
}

/** The gateway's count of open subscriptions (its /metrics gauge). */
export function activeSubscriptions(gatewayUrl: string): Promise<number> {
  return metricTotal(gatewayUrl.replace(/\/graphql$/, ''), 'gateway_subscriptions_active');
}

/** Waits until the gateway holds `count` open subscriptions, so that a run started now is seen from its start. */
export function waitForSubscriptions(gatewayUrl: string, count: number, timeoutMs = 10_000): Promise<number> {
  return waitFor(async () => {
    const active = await activeSubscriptions(gatewayUrl);
    return active >= count ? active : undefined;
  }, timeoutMs, `${count} open subscriptions at ${gatewayUrl}`);
}

/** Resolves when the promise does, failing after `ms` with `what` in the message. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
