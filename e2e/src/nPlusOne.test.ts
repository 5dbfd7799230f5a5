import type { System } from '@flow/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessor, createSchema, seedFlow } from './fixtures.js';
import { graphqlClient, mongoUnavailable, startTestSystem, stopTestSystem, uniqueDatabaseUri, type GraphQLClient } from './harness.js';

/** Three levels below the flows (workflow -> steps -> processor), plus assignments and entities. */
const flowsQuery = /* GraphQL */ `
  {
    orchestratedFlows(first: 100) {
      totalCount
      nodes {
        id
        workflow { id steps { id name processor { id name inputSchema { id } } } }
        assignments { id step { id } entities { ... on Address { id name } ... on Delivery { id name } } }
      }
    }
  }
`;

const ignored = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'saslStart', 'saslContinue']);

describe.skipIf(mongoUnavailable !== undefined)(`N+1 proof on MongoDB${mongoUnavailable ? ` (skipped: ${mongoUnavailable})` : ''}`, () => {
  let system: System;
  let client: GraphQLClient;
  let commands: string[] = [];

  beforeAll(async () => {
    // Counted through the driver's command events, which the URI turns on.
    // No limit per address: the seeding's 900 mutations outrun the default 50/s on a quiet machine.
    system = await startTestSystem('mongo', {}, { MONGODB_URI: uniqueDatabaseUri('mongo', { monitorCommands: true }), RATE_LIMIT_IP_PER_SECOND: '0' });
    client = graphqlClient(system.gatewayUrl);
    system.backend.connection?.getClient().on('commandStarted', (event) => {
      const target = String(event.command[event.commandName]);
      // The orchestrator's periodic recovery scan reads its executions whenever it falls due.
      if (!ignored.has(event.commandName) && !target.startsWith('executions')) commands.push(`${event.commandName}:${target}`);
    });
  });
  afterAll(() => stopTestSystem(system));

  async function countCommands(): Promise<{ flows: number; commands: string[] }> {
    commands = [];
    const data = await client.data(flowsQuery);
    return { flows: data.orchestratedFlows.nodes.length, commands: [...commands].sort() };
  }

  it('should issue the same database commands for 1 flow as for 100 flows', async () => {
    const inputSchemaId = await createSchema(client);
    const outputSchemaId = await createSchema(client);
    const processorId = await createProcessor(client, inputSchemaId, outputSchemaId);
    const shared = { inputSchemaId, outputSchemaId, processorId };
    await seedFlow(client, shared);
    const one = await countCommands();
    expect(one.flows).toBe(1);

    for (let batch = 0; batch < 99; batch += 9) {
      await Promise.all(Array.from({ length: Math.min(9, 99 - batch) }, () => seedFlow(client, shared)));
    }
    const hundred = await countCommands();
    expect(hundred.flows).toBe(100);
    expect(hundred.commands.length).toBe(one.commands.length);
    expect(hundred.commands).toEqual(one.commands);
    // One query per entity level and reverse field, never per row (and the events did come).
    expect(one.commands.length).toBeLessThanOrEqual(10);
    expect(one.commands.length).toBeGreaterThanOrEqual(4);
  }, 180_000);
});
