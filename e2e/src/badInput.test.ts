import { createHash } from 'node:crypto';
import type { System } from '@flow/launcher';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFlow, type SeededFlow } from './fixtures.js';
import { backendKinds, graphqlClient, startTestSystem, stopTestSystem, type GraphQLClient } from './harness.js';
import {
  countOf,
  createMutation,
  deleteMutation,
  entityNames,
  expectCreateRefused,
  expectUpdateRefused,
  pluralOf,
  seededIdOf,
  singleOf,
  updateMutation,
  validInput,
  type EntityName,
} from './integrityCases.js';

interface BadInput {
  title: string;
  type: EntityName;
  /** Fields laid over a valid create input, or the patch of the seeded entity. */
  input: (seed: SeededFlow) => Record<string, unknown>;
  /** What the message must name: the field, and the offending value where it helps. */
  names: string[];
}

const left = (seed: SeededFlow): string => seed.stepIds[1];
const chars = (count: number, char = 'x'): string => char.repeat(count);

/** Refused by the gateway's own variable coercion, before any subgraph runs. */
const wrongShapes: BadInput[] = [
  { title: 'a name that is not a string', type: 'Schema', input: () => ({ name: 5 }), names: ['input.name', 'String cannot represent'] },
  { title: 'a description that is not a string', type: 'Processor', input: () => ({ description: true }), names: ['input.description'] },
  { title: 'a missing required field', type: 'Schema', input: () => ({ definition: undefined }), names: ['"definition"', 'was not provided'] },
  { title: 'an unknown entry condition', type: 'Step', input: () => ({ entryCondition: 'SOMETIMES' }), names: ['input.entryCondition', 'SOMETIMES'] },
];

/** Refused by the owning subgraph's field rules. */
const badCreates: BadInput[] = [
  ...wrongShapes,
  { title: 'an empty name', type: 'Schema', input: () => ({ name: '' }), names: ['name must not be empty'] },
  { title: 'a blank name', type: 'Processor', input: () => ({ name: '   ' }), names: ['name must not be empty'] },
  { title: 'an empty version', type: 'Workflow', input: () => ({ version: '' }), names: ['version must not be empty'] },
  { title: 'a 51-character name', type: 'Delivery', input: () => ({ name: chars(51) }), names: ['name must be at most 50 characters (got 51)'] },
  { title: 'a 51-character version', type: 'Address', input: () => ({ version: chars(51) }), names: ['version must be at most 50 characters (got 51)'] },
  { title: 'a 1001-character description', type: 'Step', input: () => ({ description: chars(1001) }), names: ['description must be at most 1000 characters (got 1001)'] },
  { title: 'a reference id that is not a GUID', type: 'Processor', input: () => ({ inputSchemaId: 'not-a-guid' }), names: ['inputSchemaId must be a non-empty GUID', '"not-a-guid"'] },
  { title: 'the empty GUID as a reference', type: 'Assignment', input: () => ({ stepId: '00000000-0000-0000-0000-000000000000' }), names: ['stepId must be a non-empty GUID'] },
  { title: 'nextStepIds holding a non-GUID', type: 'Step', input: (seed) => ({ nextStepIds: [left(seed), 'nope'] }), names: ['nextStepIds must contain only non-empty GUIDs', '"nope"'] },
  { title: 'entityIds holding a non-GUID', type: 'Assignment', input: (seed) => ({ entityIds: [seed.addressId, '12345'] }), names: ['entityIds must contain only non-empty GUIDs', '"12345"'] },
  { title: 'a duplicate in nextStepIds', type: 'Step', input: (seed) => ({ nextStepIds: [left(seed), left(seed)] }), names: ['nextStepIds must not contain duplicates'] },
  { title: 'a duplicate in stepIds differing only in case', type: 'Workflow', input: (seed) => ({ stepIds: [left(seed), left(seed).toUpperCase()] }), names: ['stepIds must not contain duplicates'] },
  { title: 'a duplicate in entityIds', type: 'Assignment', input: (seed) => ({ entityIds: [seed.deliveryId, seed.deliveryId] }), names: ['entityIds must not contain duplicates'] },
  { title: 'a duplicate in assignmentIds', type: 'OrchestratedFlow', input: (seed) => ({ assignmentIds: [seed.assignmentId, seed.assignmentId] }), names: ['assignmentIds must not contain duplicates'] },
  { title: 'an empty stepIds', type: 'Workflow', input: () => ({ stepIds: [] }), names: ['stepIds must not be empty'] },
  { title: 'an empty entityIds', type: 'Assignment', input: () => ({ entityIds: [] }), names: ['entityIds must not be empty'] },
  { title: 'a repeated configuration key', type: 'Address', input: () => ({ configuration: [{ key: 'a', value: '1' }, { key: 'a', value: '2' }] }), names: ['configuration must not repeat a key'] },
  { title: 'a definition that is not JSON', type: 'Schema', input: () => ({ definition: '{type: object' }), names: ['definition is not valid JSON'] },
  { title: 'a definition that is not a JSON Schema', type: 'Schema', input: () => ({ definition: '{"type": 12}' }), names: ['definition is not a valid JSON Schema'] },
  { title: 'a definition that is a JSON array', type: 'Schema', input: () => ({ definition: '[1]' }), names: ['definition is not a JSON Schema'] },
  { title: 'an Address payload against its schema', type: 'Address', input: () => ({ payload: '{"path": 5}' }), names: ['payload does not match schema', '/path must be string'] },
  { title: 'an Address payload that is not JSON', type: 'Address', input: () => ({ payload: 'nope' }), names: ['payload is not valid JSON'] },
  { title: 'a Delivery payload against its schema', type: 'Delivery', input: () => ({ payload: '{"size": 3}' }), names: ['payload does not match schema', "must have required property 'path'"] },
  { title: 'a Delivery payload that is not JSON', type: 'Delivery', input: () => ({ payload: '{' }), names: ['payload is not valid JSON'] },
  { title: 'a cron expression of 3 fields', type: 'OrchestratedFlow', input: () => ({ cronExpression: '* * *' }), names: ['cronExpression "* * *"', 'got 3'] },
  { title: 'a cron expression of 8 fields', type: 'OrchestratedFlow', input: () => ({ cronExpression: '0 0 0 1 1 ? 2030 1' }), names: ['cronExpression', 'got 8'] },
  { title: 'a cron minute out of range', type: 'OrchestratedFlow', input: () => ({ cronExpression: '61 * * * *' }), names: ['cronExpression "61 * * * *" is not a valid cron expression'] },
  { title: 'a cron day name that does not exist', type: 'OrchestratedFlow', input: () => ({ cronExpression: '0 12 * * FUNDAY' }), names: ['cronExpression "0 12 * * FUNDAY" is not a valid cron expression'] },
  { title: 'isScheduleEnabled without a cron expression', type: 'OrchestratedFlow', input: () => ({ isScheduleEnabled: true }), names: ['isScheduleEnabled requires a cronExpression'] },
  { title: 'an implementationHash that is not hex', type: 'Processor', input: () => ({ implementationHash: chars(64, 'z') }), names: ['implementationHash must be a SHA-256'] },
  { title: 'an implementationHash too short for SHA-256', type: 'Processor', input: () => ({ implementationHash: 'abc123' }), names: ['implementationHash must be a SHA-256'] },
  { title: 'an implementationHash too long for SHA-256', type: 'Processor', input: () => ({ implementationHash: chars(65, 'a') }), names: ['implementationHash'] },
];

/** Patches of the seeded entity of each type. */
const badUpdates: BadInput[] = [
  { title: 'a name that is not a string', type: 'Step', input: () => ({ name: 5 }), names: ['input.name'] },
  { title: 'an empty name', type: 'Schema', input: () => ({ name: '' }), names: ['name must not be empty'] },
  { title: 'a 1001-character description', type: 'Processor', input: () => ({ description: chars(1001) }), names: ['description must be at most 1000 characters'] },
  { title: 'a definition that is not JSON', type: 'Schema', input: () => ({ definition: 'nope' }), names: ['definition is not valid JSON'] },
  { title: 'a reference id that is not a GUID', type: 'Address', input: () => ({ schemaId: 'nope' }), names: ['schemaId must be a non-empty GUID', '"nope"'] },
  { title: 'a duplicate in nextStepIds', type: 'Step', input: (seed) => ({ nextStepIds: [left(seed), left(seed)] }), names: ['nextStepIds must not contain duplicates'] },
  { title: 'an empty stepIds', type: 'Workflow', input: () => ({ stepIds: [] }), names: ['stepIds must not be empty'] },
  { title: 'a Delivery payload against its schema', type: 'Delivery', input: () => ({ payload: '{}' }), names: ['payload does not match schema'] },
  { title: 'an Address payload that is not JSON', type: 'Address', input: () => ({ payload: '[' }), names: ['payload is not valid JSON'] },
  { title: 'a cron expression of 2 fields', type: 'OrchestratedFlow', input: () => ({ cronExpression: '* *' }), names: ['cronExpression', 'got 2'] },
  { title: 'isScheduleEnabled without a cron expression', type: 'OrchestratedFlow', input: () => ({ isScheduleEnabled: true }), names: ['isScheduleEnabled requires a cronExpression'] },
  { title: 'an implementationHash that is not SHA-256', type: 'Processor', input: () => ({ implementationHash: 'abc' }), names: ['implementationHash must be a SHA-256'] },
];

const refused = (names: string[]) => ({ code: 'BAD_USER_INPUT', names });
const encode = (value: string): string => Buffer.from(value, 'utf8').toString('base64url');

describe.each(backendKinds)('bad input through the gateway (%s)', (kind) => {
  let system: System;
  let client: GraphQLClient;
  let seed: SeededFlow;

  beforeAll(async () => {
    system = await startTestSystem(kind);
    client = graphqlClient(system.gatewayUrl);
    seed = await seedFlow(client);
  });
  afterAll(() => stopTestSystem(system));

  it.each(badCreates)('should refuse to create a $type with $title, writing nothing', async ({ type, input, names }) => {
    await expectCreateRefused(client, type, { ...validInput(type, seed), ...input(seed) }, refused(names));
  });

  it.each(badUpdates)('should refuse to update a $type with $title, leaving it unchanged', async ({ type, input, names }) => {
    await expectUpdateRefused(client, type, seededIdOf(type, seed), input(seed), refused(names));
  });

  it.each(entityNames)('should refuse a %s id that is not a GUID in reads, updates and deletes', async (type) => {
    const message = 'id must be a non-empty GUID (got "not-a-guid")';
    const read = await client.error(`query($id: ID!) { ${singleOf(type)}(id: $id) { id } }`, { id: 'not-a-guid' });
    expect(read).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT' } });
    const before = await countOf(client, type);
    for (const mutation of [updateMutation(type), deleteMutation(type)]) {
      const error = await client.error(mutation, { id: 'not-a-guid', input: {} });
      expect(error).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT' } });
    }
    expect(await countOf(client, type)).toBe(before);
  });

  it.each([
    { query: 'steps(filter: { processorId: "nope" })', names: ['filter.processorId must be a non-empty GUID', '"nope"'] },
    { query: 'assignments(filter: { entityId: "" })', names: ['filter.entityId must be a non-empty GUID'] },
    { query: 'processors(filter: { ids: ["0195f6a0-0000-7000-8000-000000000000", "x"] })', names: ['filter.ids[1] must be a non-empty GUID', '"x"'] },
    { query: 'schemas(first: 0)', names: ['first must be between 1 and 100 (got 0)'] },
    { query: 'schemas(first: 101)', names: ['first must be between 1 and 100 (got 101)'] },
    { query: 'workflows(first: -1)', names: ['first must be between 1 and 100 (got -1)'] },
    { query: 'steps(after: "bogus")', names: ['after must be a cursor returned by a previous page'] },
    { query: `steps(after: "${encode('{"id":"nope"}')}")`, names: ['after must be a cursor'] },
  ])('should refuse the list query $query naming the argument', async ({ query, names }) => {
    const error = await client.error(`{ ${query} { totalCount nodes { id } } }`);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    for (const name of names) expect(error.message).toContain(name);
  });

  it('should page with first 1..100 and a returned cursor', async () => {
    const first = await client.data('{ steps(first: 1) { nodes { id } pageInfo { hasNextPage endCursor } } }');
    expect(first.steps.pageInfo.hasNextPage).toBe(true);
    const rest = await client.data('query($after: String) { steps(first: 100, after: $after) { nodes { id } } }', { after: first.steps.pageInfo.endCursor });
    expect([first.steps.nodes[0].id, ...rest.steps.nodes.map((node: { id: string }) => node.id)].sort()).toEqual([...seed.stepIds].sort());
  });

  it('should accept values at the limits: 50-character name, 1000-character description, a SHA-256 hash', async () => {
    const implementationHash = createHash('sha256').update('processor').digest('hex');
    const input = { ...validInput('Processor', seed), name: chars(50, 'n'), description: chars(1000, 'd'), implementationHash };
    const data = await client.data(createMutation('Processor').replace('{ id }', '{ id name description implementationHash }'), { input });
    expect(data.createProcessor).toMatchObject({ name: input.name, description: input.description, implementationHash });
  });

  it.each([
    { title: '5 fields', cronExpression: '*/5 * * * *', isScheduleEnabled: false },
    { title: '6 fields with seconds first', cronExpression: '30 */10 * * * *', isScheduleEnabled: false },
    { title: 'Quartz day-of-month ?', cronExpression: '0 0 12 ? * MON-FRI', isScheduleEnabled: false },
    { title: 'an enabled schedule', cronExpression: '0 0 1 1 *', isScheduleEnabled: true },
  ])('should accept a cron expression of $title', async ({ cronExpression, isScheduleEnabled }) => {
    const input = { ...validInput('OrchestratedFlow', seed), cronExpression, isScheduleEnabled };
    const data = await client.data(createMutation('OrchestratedFlow').replace('{ id }', '{ id cronExpression isScheduleEnabled }'), { input });
    expect(data.createOrchestratedFlow).toMatchObject({ cronExpression, isScheduleEnabled });
  });

  it('should refuse to clear the cron expression of an enabled schedule', async () => {
    const input = { ...validInput('OrchestratedFlow', seed), cronExpression: '0 0 1 1 *', isScheduleEnabled: true };
    const data = await client.data(createMutation('OrchestratedFlow'), { input });
    await expectUpdateRefused(client, 'OrchestratedFlow', data.createOrchestratedFlow.id, { cronExpression: null }, refused(['isScheduleEnabled requires a cronExpression']));
  });

  it('should answer 413 with a JSON error to a body over the 1 MiB limit, writing nothing', async () => {
    const before = await countOf(client, 'Schema');
    const input = { ...validInput('Schema', seed), description: chars(1024 * 1024 + 1) };
    const response = await fetch(system.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: createMutation('Schema'), variables: { input } }),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(body.errors[0]?.message).toContain(`limit of ${1024 * 1024} bytes`);
    expect(await countOf(client, 'Schema')).toBe(before);
  });

  it('should answer 400 with a JSON error to a body that is not JSON', async () => {
    const response = await fetch(system.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(body.errors[0]?.message).toContain('not valid JSON');
  });

  it('should have written nothing but the seed and the accepted entities', async () => {
    const counts = Object.fromEntries(await Promise.all(entityNames.map(async (type) => [pluralOf(type), await countOf(client, type)])));
    expect(counts).toEqual({
      schemas: 2, processors: 2, steps: 3, workflows: 1, orchestratedFlows: 6, assignments: 1, addresses: 1, deliveries: 1,
    });
  });
});
