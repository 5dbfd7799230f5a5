import { STATUS_EXCHANGE, type OrchestrationStatusChanged } from '@flow/protocol';
import type { Bus, Subscription } from '@flow/platform';

/**
 * When each status change happened: `changedAt` of every OrchestrationStatusChanged, by run and
 * version, read from the exchange the gateway listens on (another exclusive queue on it).
 */
export async function recordStatusChanges(bus: Bus) {
  const changedAt = new Map<string, number>();
  let broadcasts = 0;
  const subscription: Subscription = await bus.subscribe<OrchestrationStatusChanged>(STATUS_EXCHANGE, async ({ body }) => {
    broadcasts += 1;
    changedAt.set(`${body.executionId}:${body.version}`, Date.parse(body.changedAt));
  });
  return {
    changedAt: (executionId: string, version: number): number | undefined => changedAt.get(`${executionId}:${version}`),
    broadcasts: () => broadcasts,
    stop: () => subscription.cancel(),
  };
}

export type StatusClock = Awaited<ReturnType<typeof recordStatusChanges>>;
