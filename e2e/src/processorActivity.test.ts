import type { System } from '@flow/launcher';
import { echoProcessor } from '@flow/processor-echo';
import { processorQueue } from '@flow/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlClient, stopTestSystem, type GraphQLClient } from './harness.js';
import { orchestrationKinds, startOrchestrationSystem } from './orchestrationHarness.js';
import { startExtraProcessor } from './orchestrationInstances.js';
import { waitFor } from './orchestrationProbes.js';

/**
 * `Processor.instances`, `queueDepth` and `deadLetterDepth` (issue 16's processors page): served by the
 * orchestrator from the heartbeats and the broker, joined to the Processor entity by the gateway.
 */
interface Activity {
  name: string;
  version: string;
  instances: Array<{ instanceId: string; version: string; lastSeenAt: string; inFlight: number }> | null;
  queueDepth: number | null;
  deadLetterDepth: number | null;
}

const activityQuery = `query($id: ID!) { processor(id: $id) {
  name version queueDepth deadLetterDepth instances { instanceId version lastSeenAt inFlight }
} }`;

describe.each(orchestrationKinds)('processors at work through the gateway ($name)', (kind) => {
  let system: System;
  let client: GraphQLClient;
  let echoId: string;

  const activity = async (): Promise<Activity> => (await client.data<{ processor: Activity }>(activityQuery, { id: echoId })).processor;
  /** Polls until `test` holds (the orchestrator reuses a reading for 1 s; a heartbeat is written every 500 ms). */
  const activityWhen = (test: (now: Activity) => boolean, what: string): Promise<Activity> =>
    waitFor(async () => {
      const now = await activity();
      return test(now) ? now : undefined;
    }, 10_000, what, 200);
  const instanceIds = (now: Activity): string[] => (now.instances ?? []).map((instance) => instance.instanceId).sort();

  beforeAll(async () => {
    system = await startOrchestrationSystem(kind);
    client = graphqlClient(system.gatewayUrl);
    echoId = system.processors[0]?.processorId as string;
  }, 60_000);
  afterAll(() => stopTestSystem(system));

  it('should list the live instances with their version, in-flight commands and last heartbeat, an added one at once and none once they stop', async () => {
    const own = system.processors[0]?.instanceId as string;
    const first = await activity();
    expect(first).toMatchObject({ name: 'EchoProcessor', version: '1.0.0', queueDepth: 0, deadLetterDepth: 0 });
    expect(first.instances).toEqual([{ instanceId: own, version: '1.0.0', lastSeenAt: expect.any(String), inFlight: 0 }]);
    expect(Date.now() - Date.parse(first.instances?.[0]?.lastSeenAt as string)).toBeLessThan(5_000);

    const extra = await startExtraProcessor(kind, system, echoProcessor, 'activity-extra');
    await activityWhen((now) => instanceIds(now).length === 2, 'two instances listed');
    expect(instanceIds(await activity())).toEqual([own, 'activity-extra'].sort());

    await extra.close();
    await system.processors[0]?.close();
    const none = await activityWhen((now) => now.instances?.length === 0, 'no instance listed');
    expect(none).toMatchObject({ instances: [], queueDepth: 0 });
  });

  it('should count the commands waiting while no instance runs, then the dead letters of the ones an instance refused', async () => {
    expect((await activity()).instances).toEqual([]);
    // Not commands at all: with nobody consuming they wait; a processor dead-letters them as poison.
    const queue = processorQueue(echoId);
    for (let i = 0; i < 3; i += 1) await system.orchestration.bus.publish(queue, { notACommand: i });
    expect(await activityWhen((now) => now.queueDepth === 3, 'three commands waiting')).toMatchObject({ queueDepth: 3, deadLetterDepth: 0 });

    const worker = await startExtraProcessor(kind, system, echoProcessor, 'activity-worker');
    try {
      const after = await activityWhen((now) => now.deadLetterDepth === 3 && now.queueDepth === 0, 'three dead letters, none waiting');
      expect(instanceIds(after)).toEqual(['activity-worker']);
    } finally {
      await worker.close();
    }
  });
});
