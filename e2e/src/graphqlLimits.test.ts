import type { System } from '@flow/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessor, createSchema } from './fixtures.js';
import { backendKinds, graphqlClient, startTestSystem, stopTestSystem, type GraphQLClient, type GraphQLResult } from './harness.js';
import { subscribe, wsClient } from './subscriptionClient.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
/** `wrap` applied `times` times around `leaf`. */
const nest = (times: number, wrap: (inner: string) => string, leaf = 'id'): string => range(times).reduce((inner) => wrap(inner), leaf);

/** Each attack, as the server it is sent to can run it (a manager sees only its own types). */
interface Target {
  name: string;
  url: (system: System) => string;
  /** Depth 50: a cycle nested until the operation is 50 fields deep. */
  deep: string;
  /** 300 aliases over a (reverse) reference. */
  aliases: string;
  /** Nested `first: 100` lists: GraphQL Armor multiplies their cost. */
  costly: string;
  /** A write that must never happen, wrapped in 40 aliases. */
  aliasedWrite: string;
  /** A write that must never happen, selecting 50 levels deep. */
  deepWrite: string;
}

const fields = 'id version name description createdAt updatedAt createdBy updatedBy';
const flowId = '0195f6a0-0000-7000-8000-000000000000';
const targets: Target[] = [
  {
    name: 'the gateway',
    url: (system) => system.gatewayUrl,
    deep: `{ steps { nodes { ${nest(48, (inner) => `nextSteps { ${inner} }`)} } } }`,
    aliases: `{ schemas { nodes { ${range(300).map((i) => `a${i}: processors { id }`).join(' ')} } } }`,
    costly: `{ schemas(first: 100) { nodes { processors(first: 100) { steps(first: 100) { ${fields} } } } } }`,
    aliasedWrite: `mutation { ${range(40).map((i) => `a${i}: createSchema(input: { version: "1", name: "w${i}", definition: "{}" }) { id }`).join(' ')} }`,
    deepWrite: `mutation { createSchema(input: { version: "1", name: "deep", definition: "{}" }) { processors { steps { ${nest(47, (inner) => `nextSteps { ${inner} }`)} } } } }`,
  },
  {
    name: 'a manager (Step) called directly',
    url: (system) => system.subgraphUrls.step,
    deep: `{ steps { nodes { ${nest(48, (inner) => `nextSteps { ${inner} }`)} } } }`,
    aliases: `{ steps { nodes { ${range(300).map((i) => `a${i}: previousSteps { id }`).join(' ')} } } }`,
    costly: `{ steps(first: 100) { nodes { previousSteps(first: 100) { previousSteps(first: 100) { ${fields} } } } } }`,
    aliasedWrite: `mutation { ${range(40).map((i) => `a${i}: createStep(input: { version: "1", name: "w${i}", processorId: "${flowId}" }) { id }`).join(' ')} }`,
    deepWrite: `mutation { createStep(input: { version: "1", name: "deep", processorId: "${flowId}" }) { ${nest(49, (inner) => `nextSteps { ${inner} }`)} } }`,
  },
  {
    name: 'the orchestrator called directly',
    url: (system) => system.subgraphUrls.orchestrator,
    deep: `{ executions { nodes { ${nest(16, (inner) => `flow { executions { nodes { ${inner} } } }`, 'executionId')} } } }`,
    aliases: `{ executions { nodes { ${range(300).map((i) => `a${i}: flow { id }`).join(' ')} } } }`,
    costly: `{ executions(first: 100) { nodes { flow { executions(first: 100) { nodes { executionId status startedAt finishedAt completedSteps totalSteps } } } } } }`,
    aliasedWrite: `mutation { ${range(40).map((i) => `a${i}: startOrchestration(orchestratedFlowId: "${flowId}") { executionId }`).join(' ')} }`,
    deepWrite: `mutation { startOrchestration(orchestratedFlowId: "${flowId}") { ${nest(16, (inner) => `flow { executions { nodes { ${inner} } } }`, 'executionId')} } }`,
  },
];

/** The one refusal every limit answers with: 400, BAD_USER_INPUT, the precise message, the limit in details; no data. */
function expectRefused(result: GraphQLResult<unknown>, limit: string, message: RegExp): void {
  expect(result.status).toBe(400);
  expect(result.data).toBeUndefined();
  const refusal = result.errors?.find((error) => error.extensions?.details?.limit === limit);
  expect(refusal, JSON.stringify(result.errors)).toBeDefined();
  expect(refusal?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(refusal?.message).toMatch(message);
}

describe.each(backendKinds)('GraphQL operation limits (%s)', (kind) => {
  let system: System;
  let gateway: GraphQLClient;

  const counts = async (): Promise<Record<string, number>> => {
    const data = await gateway.data('{ schemas { totalCount } steps { totalCount } executions { totalCount } }');
    return { schemas: data.schemas.totalCount, steps: data.steps.totalCount, executions: data.executions.totalCount };
  };

  beforeAll(async () => {
    system = await startTestSystem(kind);
    gateway = graphqlClient(system.gatewayUrl);
    await createSchema(gateway);
  });
  afterAll(() => stopTestSystem(system));

  describe.each(targets)('on $name', (target) => {
    const client = (): GraphQLClient => graphqlClient(target.url(system));

    it('should refuse a query 50 fields deep', async () => {
      expectRefused(await client().request(target.deep), 'depth', /^Query depth limit of 12 exceeded, found 5\d\.$/);
    });

    it('should refuse 300 aliases over a cyclic reference', async () => {
      expectRefused(await client().request(target.aliases), 'aliases', /^Aliases limit of 30 exceeded, found 300\.$/);
    });

    it('should refuse a cost bomb of nested 100-row lists', async () => {
      expectRefused(await client().request(target.costly), 'cost', /^Query Cost limit of 100000 exceeded, found \d+\.?\d*\.$/);
    });

    it('should refuse 60 directives', async () => {
      const query = `{ ${range(60).map(() => '__typename @include(if: true)').join(' ')} }`;
      expectRefused(await client().request(query), 'directives', /^Directives limit of 50 exceeded, found 60\.$/);
    });

    it('should refuse a document of 3,000 tokens before building it', async () => {
      expectRefused(await client().request(`{ ${'__typename '.repeat(3_000)}}`), 'tokens', /^Token limit of 2000 exceeded\.$/);
    });

    it('should refuse an aliased mass write and write nothing', async () => {
      const before = await counts();
      expectRefused(await client().request(target.aliasedWrite), 'aliases', /^Aliases limit of 30 exceeded, found 40\.$/);
      expect(await counts()).toEqual(before);
    });

    it('should refuse a deep mutation and write nothing', async () => {
      const before = await counts();
      expectRefused(await client().request(target.deepWrite), 'depth', /^Query depth limit of 12 exceeded, found 5\d\.$/);
      expect(await counts()).toEqual(before);
    });
  });

  it('should refuse a deep subscription and an aliased one over the WebSocket with the same codes', async () => {
    const { client } = wsClient(system.gatewayUrl);
    const deep = `subscription { orchestrationStatus(orchestratedFlowId: "${flowId}") { flow { ${nest(11, (inner) => `executions { nodes { flow { ${inner} } } }`, 'id')} } } }`;
    const deepOutcome = await subscribe(client, deep).done;
    // Its cost is over the limit too: both refusals are listed.
    expect(deepOutcome.error).toEqual(expect.arrayContaining([
      expect.objectContaining({ message: 'Query depth limit of 12 exceeded, found 36.', extensions: { code: 'BAD_USER_INPUT', details: { limit: 'depth', maximum: 12 } } }),
    ]));
    // The edge adds three aliases of its own: 28 leave too few.
    const aliased = `subscription { orchestrationStatus(orchestratedFlowId: "${flowId}") { ${range(28).map((i) => `a${i}: status`).join(' ')} } }`;
    const aliasOutcome = await subscribe(client, aliased).done;
    expect(aliasOutcome.error).toEqual([expect.objectContaining({ message: 'Aliases limit of 27 exceeded, found 28.', extensions: { code: 'BAD_USER_INPUT', details: { limit: 'aliases', maximum: 27 } } })]);
    await client.dispose();
  });

  it('should still answer the product own deep queries', async () => {
    const answer = await gateway.request(`{ schemas(first: 100) { nodes { processors { id inputSchema { id processors { id } } steps { id workflows { id } } } } } }`);
    expect(answer.status).toBe(200);
    expect(answer.errors).toBeUndefined();
  });
});

describe.each(backendKinds)('reverse-reference lists (%s)', (kind) => {
  let system: System;
  let gateway: GraphQLClient;
  let schemaId: string;
  let processorIds: string[];

  beforeAll(async () => {
    system = await startTestSystem(kind, {}, { RATE_LIMIT_IP_PER_SECOND: '0' });
    gateway = graphqlClient(system.gatewayUrl);
    schemaId = await createSchema(gateway);
    processorIds = [];
    for (const _ of range(101)) processorIds.push(await createProcessor(gateway, schemaId, schemaId));
  });
  afterAll(() => stopTestSystem(system));

  const processorsOf = (first?: number) =>
    gateway.request<{ schema: { processors: Array<{ id: string }> } }>(
      `query($id: ID!${first === undefined ? '' : ', $first: Int'}) { schema(id: $id) { processors${first === undefined ? '' : '(first: $first)'} { id } } }`,
      { id: schemaId, ...(first === undefined ? {} : { first }) },
    );

  it('should list at most 100 referrers by default, the oldest first', async () => {
    const { data } = await processorsOf();
    expect(data?.schema.processors.map((row) => row.id)).toEqual(processorIds.slice(0, 100));
  });

  it('should list the oldest `first` referrers', async () => {
    const { data } = await processorsOf(3);
    expect(data?.schema.processors.map((row) => row.id)).toEqual(processorIds.slice(0, 3));
  });

  it.each([101, 0, -1])('should refuse first: %i with BAD_USER_INPUT', async (first) => {
    const result = await processorsOf(first);
    expect(result.errors?.[0]).toMatchObject({ message: `first must be between 1 and 100 (got ${first})`, extensions: { code: 'BAD_USER_INPUT' } });
  });
});
