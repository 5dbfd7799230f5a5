import type { System } from '@flow/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFlow, type SeededFlow } from './fixtures.js';
import { backendKinds, graphqlClient, startTestSystem, stopTestSystem, type GraphQLClient } from './harness.js';

export const deepFlowQuery = /* GraphQL */ `
  query DeepFlow($id: ID!) {
    orchestratedFlow(id: $id) {
      id
      name
      workflow {
        id
        orchestratedFlows { id }
        steps {
          id
          entryCondition
          nextSteps { id }
          previousSteps { id }
          workflows { id }
          assignments { id }
          processor {
            id
            steps { id }
            inputSchema { id processors { id } }
            outputSchema { id processors { id } }
          }
        }
      }
      assignments {
        id
        orchestratedFlows { id }
        step { id }
        entities {
          __typename
          ... on Address { id connectionString configuration { key value } assignments { id } schema { id addresses { id } } }
          ... on Delivery { id payload assignments { id } schema { id deliveries { id } } }
        }
      }
    }
  }
`;

const ids = (rows: Array<{ id: string }>): string[] => rows.map((row) => row.id).sort();

describe.each(backendKinds)('the entity graph through the gateway (%s)', (kind) => {
  let system: System;
  let client: GraphQLClient;
  let seeded: SeededFlow;

  beforeAll(async () => {
    system = await startTestSystem(kind);
    client = graphqlClient(system.gatewayUrl);
    seeded = await seedFlow(client);
  });
  afterAll(() => stopTestSystem(system));

  it('should resolve a flow with every forward and reverse reference in one query', async () => {
    const { orchestratedFlow: flow } = await client.data(deepFlowQuery, { id: seeded.flowId });
    const [entry, left, right] = seeded.stepIds;
    expect(flow.id).toBe(seeded.flowId);
    expect(flow.workflow.id).toBe(seeded.workflowId);
    expect(ids(flow.workflow.orchestratedFlows)).toEqual([seeded.flowId]);
    expect(ids(flow.workflow.steps)).toEqual([entry, left, right].sort());

    const steps = new Map<string, any>(flow.workflow.steps.map((step: any) => [step.id, step]));
    expect(ids(steps.get(entry).nextSteps)).toEqual([left, right].sort());
    expect(steps.get(entry).previousSteps).toEqual([]);
    expect(ids(steps.get(left).previousSteps)).toEqual([entry]);
    expect(steps.get(right).entryCondition).toBe('PREVIOUS_FAILURE');
    expect(ids(steps.get(entry).assignments)).toEqual([seeded.assignmentId]);
    expect(steps.get(left).assignments).toEqual([]);
    for (const step of steps.values()) {
      expect(ids(step.workflows)).toEqual([seeded.workflowId]);
      expect(step.processor.id).toBe(seeded.processorId);
      expect(ids(step.processor.steps)).toEqual([entry, left, right].sort());
      expect(step.processor.inputSchema.id).toBe(seeded.inputSchemaId);
      expect(step.processor.outputSchema.id).toBe(seeded.outputSchemaId);
      expect(ids(step.processor.inputSchema.processors)).toEqual([seeded.processorId]);
    }

    const [assignment] = flow.assignments;
    expect(flow.assignments).toHaveLength(1);
    expect(assignment.id).toBe(seeded.assignmentId);
    expect(assignment.step.id).toBe(entry);
    expect(ids(assignment.orchestratedFlows)).toEqual([seeded.flowId]);
    const [address, delivery] = assignment.entities;
    expect(address).toMatchObject({
      __typename: 'Address',
      id: seeded.addressId,
      connectionString: 'file:///tmp/flow',
      configuration: [{ key: 'mode', value: 'append' }],
      assignments: [{ id: seeded.assignmentId }],
      schema: { id: seeded.inputSchemaId, addresses: [{ id: seeded.addressId }] },
    });
    expect(delivery).toMatchObject({
      __typename: 'Delivery',
      id: seeded.deliveryId,
      payload: JSON.stringify({ path: 'a.json', size: 3 }),
      assignments: [{ id: seeded.assignmentId }],
      schema: { id: seeded.outputSchemaId, deliveries: [{ id: seeded.deliveryId }] },
    });
  });

  it('should answer null for an unknown flow and BAD_USER_INPUT for an id that is not a GUID', async () => {
    const missing = await client.data(deepFlowQuery, { id: '0195f6a0-0000-7000-8000-000000000000' });
    expect(missing.orchestratedFlow).toBeNull();
    const error = await client.error(deepFlowQuery, { id: 'not-a-guid' });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('id must be a non-empty GUID');
  });
});
