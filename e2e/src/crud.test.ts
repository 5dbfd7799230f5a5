import { signToken } from '@flow/platform';
import type { System } from '@flow/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectSchema, seedFlow, type SeededFlow } from './fixtures.js';
import { backendKinds, graphqlClient, startTestSystem, stopTestSystem, type GraphQLClient } from './harness.js';

const secret = 'crud-test-secret-crud-test-secret-0123';
const common = 'id version name description createdAt updatedAt createdBy updatedBy';

interface EntityCase {
  type: string;
  single: string;
  plural: string;
  fields: string;
  keyArgs?: (input: Record<string, unknown>) => Record<string, unknown>;
  input: (seed: SeededFlow, index: number) => Record<string, unknown>;
  patch: (seed: SeededFlow) => Record<string, unknown>;
}

const widerSchema = JSON.stringify({ ...JSON.parse(objectSchema), properties: { ...JSON.parse(objectSchema).properties, tag: { type: 'string' } } });

const cases: EntityCase[] = [
  { type: 'Schema', single: 'schema', plural: 'schemas', fields: 'definition',
    input: () => ({ definition: objectSchema }), patch: () => ({ definition: widerSchema, description: 'wider' }) },
  { type: 'Processor', single: 'processor', plural: 'processors', fields: 'inputSchemaId outputSchemaId implementationHash',
    input: (s) => ({ inputSchemaId: s.inputSchemaId, outputSchemaId: s.outputSchemaId }), patch: () => ({ implementationHash: 'ab'.repeat(32) }) },
  { type: 'Step', single: 'step', plural: 'steps', fields: 'processorId nextStepIds entryCondition',
    input: (s) => ({ processorId: s.processorId, nextStepIds: [s.stepIds[1]], entryCondition: 'ALWAYS' }), patch: () => ({ entryCondition: 'NEVER', nextStepIds: [] }) },
  { type: 'Workflow', single: 'workflow', plural: 'workflows', fields: 'stepIds',
    input: (s) => ({ stepIds: [s.stepIds[0]] }), patch: (s) => ({ stepIds: s.stepIds }) },
  { type: 'OrchestratedFlow', single: 'orchestratedFlow', plural: 'orchestratedFlows', fields: 'workflowId assignmentIds cronExpression isScheduleEnabled',
    input: (s) => ({ workflowId: s.workflowId, assignmentIds: [s.assignmentId], cronExpression: '*/5 * * * *', isScheduleEnabled: true }),
    patch: () => ({ isScheduleEnabled: false, cronExpression: '0 */2 * * * *' }) },
  { type: 'Assignment', single: 'assignment', plural: 'assignments', fields: 'stepId entityIds',
    input: (s) => ({ stepId: s.stepIds[0], entityIds: [s.addressId] }), patch: (s) => ({ entityIds: [s.addressId, s.deliveryId] }) },
  { type: 'Address', single: 'address', plural: 'addresses', fields: 'connectionString schemaId payload configuration { key value }',
    keyArgs: (input) => ({ connectionString: input.connectionString }),
    input: (s, i) => ({ connectionString: `file:///tmp/crud-${i}`, schemaId: s.inputSchemaId, configuration: [{ key: 'k', value: `${i}` }], payload: JSON.stringify({ path: `/p/${i}` }) }),
    patch: () => ({ configuration: [{ key: 'mode', value: 'replace' }], payload: null }) },
  { type: 'Delivery', single: 'delivery', plural: 'deliveries', fields: 'schemaId payload configuration { key value }',
    input: (s, i) => ({ schemaId: s.outputSchemaId, payload: JSON.stringify({ path: `d${i}.json`, size: i }), configuration: [] }),
    patch: () => ({ payload: JSON.stringify({ path: 'patched.json' }) }) },
];

describe.each(backendKinds)('CRUD of every entity through the gateway (%s)', (kind) => {
  let system: System;
  let alice: GraphQLClient;
  let bob: GraphQLClient;
  let seed: SeededFlow;

  beforeAll(async () => {
    system = await startTestSystem(kind, {}, { AUTH_JWT_SECRET: secret, RATE_LIMIT_USER_PER_SECOND: '0' });
    // admin: the cases include Processor, whose writes are admin's (README "Security").
    alice = graphqlClient(system.gatewayUrl, { authorization: `Bearer ${await signToken(secret, { sub: 'alice', roles: ['admin'] })}` });
    bob = graphqlClient(system.gatewayUrl, { authorization: `Bearer ${await signToken(secret, { sub: 'bob', roles: ['admin'] })}` });
    seed = await seedFlow(alice);
  });
  afterAll(() => stopTestSystem(system));

  it.each(cases)('should create, read, page, patch and delete $type', async (entity) => {
    const selection = `${common} ${entity.fields}`;
    const version = `crud-${Math.random().toString(36).slice(2, 9)}`;
    const inputOf = (index: number) => ({ version, name: `${entity.single}-${index}`, description: `#${index}`, ...entity.input(seed, index) });
    const create = (index: number) =>
      alice.data(`mutation($input: Create${entity.type}Input!) { create${entity.type}(input: $input) { ${selection} } }`, { input: inputOf(index) })
        .then((data) => data[`create${entity.type}`]);

    const created = await create(0);
    expect(created).toMatchObject({ ...inputOf(0), createdBy: 'alice', updatedBy: 'alice' });
    expect(created.createdAt).toBe(created.updatedAt);

    const got = await alice.data(`query($id: ID!) { ${entity.single}(id: $id) { ${selection} } }`, { id: created.id });
    expect(got[entity.single]).toEqual(created);
    const keyArgs = { version, name: inputOf(0).name, ...(entity.keyArgs?.(inputOf(0)) ?? {}) };
    const argDefs = Object.keys(keyArgs).map((arg) => `$${arg}: String!`).join(', ');
    const argUses = Object.keys(keyArgs).map((arg) => `${arg}: $${arg}`).join(', ');
    const byKey = await alice.data(`query(${argDefs}) { ${entity.single}ByKey(${argUses}) { id } }`, keyArgs);
    expect(byKey[`${entity.single}ByKey`]).toEqual({ id: created.id });

    const all = [created.id];
    for (let index = 1; index < 5; index += 1) all.push((await create(index)).id);
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const page: any = (await alice.data(
        `query($after: String, $version: String) { ${entity.plural}(first: 2, after: $after, filter: { version: $version }) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`,
        { after, version },
      ))[entity.plural];
      expect(page.totalCount).toBe(5);
      paged.push(...page.nodes.map((node: { id: string }) => node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(paged).toEqual(all);

    const patch = entity.patch(seed);
    const updated = (await bob.data(`mutation($id: ID!, $input: Update${entity.type}Input!) { update${entity.type}(id: $id, input: $input) { ${selection} } }`, { id: created.id, input: patch }))[`update${entity.type}`];
    expect(updated).toEqual({ ...created, ...patch, updatedAt: updated.updatedAt, updatedBy: 'bob' });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(created.createdAt) - 1);
    expect(updated.updatedAt).not.toBe(created.updatedAt);
    expect(updated).toMatchObject({ createdAt: created.createdAt, createdBy: 'alice' });

    for (const id of all) {
      const deleted = await alice.data(`mutation($id: ID!) { delete${entity.type}(id: $id) }`, { id });
      expect(deleted[`delete${entity.type}`]).toBe(id);
    }
    expect((await alice.data(`query($id: ID!) { ${entity.single}(id: $id) { id } }`, { id: created.id }))[entity.single]).toBeNull();
    const again = await alice.error(`mutation($id: ID!) { delete${entity.type}(id: $id) }`, { id: created.id });
    expect(again.extensions?.code).toBe('NOT_FOUND');
  });

  it('should filter orchestrated flows by whether their schedule is on (what the scheduler reads)', async () => {
    const version = `sched-${Math.random().toString(36).slice(2, 9)}`;
    const create = async (name: string, schedule: Record<string, unknown>) =>
      (await alice.data('mutation($input: CreateOrchestratedFlowInput!) { createOrchestratedFlow(input: $input) { id } }', {
        input: { version, name, workflowId: seed.workflowId, assignmentIds: [seed.assignmentId], ...schedule },
      })).createOrchestratedFlow.id as string;
    const on = await create('on', { cronExpression: '*/5 * * * *', isScheduleEnabled: true });
    const off = await create('off', { cronExpression: '*/5 * * * *', isScheduleEnabled: false });
    const none = await create('none', {});
    const ids = async (isScheduleEnabled: boolean) =>
      (await alice.data('query($version: String, $on: Boolean) { orchestratedFlows(first: 10, filter: { version: $version, isScheduleEnabled: $on }) { nodes { id } } }', { version, on: isScheduleEnabled }))
        .orchestratedFlows.nodes.map((node: { id: string }) => node.id);
    expect(await ids(true)).toEqual([on]);
    expect(await ids(false)).toEqual([off, none]);
  });

  it('should refuse invalid credentials with UNAUTHENTICATED', async () => {
    const forged = graphqlClient(system.gatewayUrl, { authorization: `Bearer ${await signToken('another-secret-another-secret-0123456', { sub: 'mallory', roles: ['admin'] })}` });
    const result = await forged.request('{ schemas { totalCount } }');
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
