import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { mapBounded } from '../orchestration/stats.js';

/** The acceptance selection: the run and fields of three other subgraphs. */
export const WATCH_RUN = /* GraphQL */ `
  subscription Watch($id: ID!) {
    orchestrationStatus(orchestratedFlowId: $id) {
      executionId version status
      flow { id workflow { steps { id processor { name } } } }
    }
  }
`;

export interface Receipt {
  executionId: string;
  version: number;
  status: string;
  receivedAt: number;
}

export interface Watcher {
  flowId: string;
  receipts: Receipt[];
  errors: number;
  completed: boolean;
  failure?: unknown;
  done: Promise<void>;
  client: Client;
}

type Watched = { orchestrationStatus?: { executionId: string; version: number; status: string } };

/** One subscriber on its own connection, as a thousand browser tabs would be. */
async function openWatcher(wsUrl: string, flowId: string, authorization: string | undefined): Promise<Watcher> {
  let connected: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  const client = createClient({
    url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined, on: { connected: () => connected() },
    ...(authorization ? { connectionParams: { authorization } } : {}),
  });
  await ready;
  const watcher = { flowId, receipts: [] as Receipt[], errors: 0, completed: false, client } as Watcher;
  watcher.done = new Promise<void>((resolve) => {
    client.subscribe<Watched>({ query: WATCH_RUN, variables: { id: flowId } }, {
      next: (result) => {
        const status = result.data?.orchestrationStatus;
        if (result.errors || !status) watcher.errors += 1;
        if (status) watcher.receipts.push({ executionId: status.executionId, version: status.version, status: status.status, receivedAt: Date.now() });
      },
      error: (error) => {
        watcher.failure = error;
        resolve();
      },
      complete: () => {
        watcher.completed = true;
        resolve();
      },
    });
  });
  return watcher;
}

/** `authorization`: the bench's token, sent in `connection_init` when authentication is on (benchAuth.ts). */
export function openWatchers(wsUrl: string, flowIds: readonly string[], concurrency: number, authorization?: string): Promise<Watcher[]> {
  return mapBounded(flowIds, concurrency, (flowId) => openWatcher(wsUrl, flowId, authorization));
}

/** Completed with a terminal state last, in strictly increasing versions. */
export function watchedWholeRun(watcher: Watcher): boolean {
  const versions = watcher.receipts.map((receipt) => receipt.version);
  const increasing = versions.every((version, index) => index === 0 || version > (versions[index - 1] as number));
  return watcher.completed && increasing && ['COMPLETED', 'FAILED', 'STOPPED'].includes(watcher.receipts.at(-1)?.status ?? '');
}

export async function closeWatchers(watchers: readonly Watcher[]): Promise<void> {
  await Promise.all(watchers.map(async (watcher) => watcher.client.dispose()));
}
