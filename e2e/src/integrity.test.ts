import type { System } from '@flow/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessor, createSchema, objectSchema, seedFlow, type SeededFlow } from './fixtures.js';
import { backendKinds, graphqlClient, startTestSystem, stopTestSystem, type BackendKind, type GraphQLClient } from './harness.js';
import {
  countOf,
  createEntity,
  deleteMutation,
  existingTargetOf,
  expectCreateRefused,
  expectUpdateRefused,
  missingId,
  readEntity,
  referenceValue,
  relationCases,
  seededIdOf,
  updateMutation,
  validInput,
  type EntityName,
} from './integrityCases.js';

const schemaText = (schema: Record<string, unknown>): string => JSON.stringify(schema);
const withSize = (size: Record<string, unknown>, required = ['path']) =>
  schemaText({ type: 'object', properties: { path: { type: 'string' }, size }, required });

/** Breaking edits of `objectSchema` and the changes the server must list for each. */
const breakingEdits = [
  { title: 'a property removed', definition: schemaText({ type: 'object', properties: { path: { type: 'string' } }, required: ['path'] }), changes: ['/size: removed'] },
  { title: 'a property newly required', definition: withSize({ type: 'integer' }, ['path', 'size']), changes: ['/size: became required'] },
  { title: 'a type changed', definition: withSize({ type: 'string' }), changes: ['/size: type changed from integer to string'] },
];
const nonBreaking = schemaText({ type: 'object', properties: { path: { type: 'string' }, size: { type: 'integer' }, tag: { type: 'string' } }, required: ['path'] });

async function definitionOf(client: GraphQLClient, id: string): Promise<string | undefined> {
  const data = await client.data('query($id: ID!) { schema(id: $id) { definition } }', { id });
  return data.schema?.definition;
}

describe.each(backendKinds)('referential integrity through the gateway (%s)', (kind) => {
  let system: System;
  let client: GraphQLClient;
  let seed: SeededFlow;

  beforeAll(async () => {
    system = await startTestSystem(kind);
    client = graphqlClient(system.gatewayUrl);
    seed = await seedFlow(client);
  });
  afterAll(() => stopTestSystem(system));

  describe.each(relationCases)('$from.$field -> $to', (relation) => {
    it('should refuse a create naming the field and only the missing ids, writing nothing', async () => {
      const missing = relation.many ? [missingId(), missingId()] : [missingId()];
      const existing = existingTargetOf(relation, seed);
      const value = relation.many ? [existing, ...missing] : missing[0];
      const input = { ...validInput(relation.from, seed), [relation.field]: value };
      const error = await expectCreateRefused(client, relation.from, input, { code: 'BAD_USER_INPUT', names: [relation.field, ...missing] });
      expect(error.message).not.toContain(existing);
    });

    it('should refuse an update naming the field and the missing id, leaving the entity unchanged', async () => {
      const missing = missingId();
      const value = referenceValue(relation, relation.many ? [existingTargetOf(relation, seed), missing] : [missing]);
      await expectUpdateRefused(client, relation.from, seededIdOf(relation.from, seed), { [relation.field]: value }, { code: 'BAD_USER_INPUT', names: [relation.field, missing] });
    });

    it('should refuse to delete the referenced entity naming the referrer, until the referrer lets go', async () => {
      const target = await createEntity(client, relation.to, validInput(relation.to, seed));
      const referrer = await createEntity(client, relation.from, { ...validInput(relation.from, seed), [relation.field]: referenceValue(relation, [target]) });

      const error = await client.error(deleteMutation(relation.to), { id: target });
      expect(error.extensions?.code).toBe('CONFLICT');
      expect(error.message).toContain(`${relation.from} ${referrer}`);
      expect(error.extensions?.details?.referrers).toContainEqual(expect.objectContaining({ type: relation.from, id: referrer }));
      expect(await readEntity(client, relation.to, target)).not.toBeNull();

      if (relation.release === 'empty the list') await client.data(updateMutation(relation.from), { id: referrer, input: { [relation.field]: [] } });
      else await client.data(deleteMutation(relation.from), { id: referrer });
      expect(await client.data(deleteMutation(relation.to), { id: target })).toEqual({ [`delete${relation.to}`]: target });
      expect(await readEntity(client, relation.to, target)).toBeNull();
    });
  });

  it('should name every referrer when several entities of several types refer to the entity', async () => {
    const error = await client.error(deleteMutation('Schema'), { id: seed.inputSchemaId });
    expect(error.extensions?.code).toBe('CONFLICT');
    expect(error.message).toContain(`Processor ${seed.processorId}`);
    expect(error.message).toContain(`Address ${seed.addressId}`);
    const [entry, left, right] = seed.stepIds;
    const stepError = await client.error(deleteMutation('Step'), { id: left });
    for (const referrer of [`Step ${entry}`, `Workflow ${seed.workflowId}`]) expect(stepError.message).toContain(referrer);
    expect(stepError.message).not.toContain(right);
    expect(await countOf(client, 'Step')).toBeGreaterThanOrEqual(3);
  });

  describe('schema evolution', () => {
    let referenced: string;
    beforeAll(async () => {
      referenced = await createSchema(client);
      await createProcessor(client, referenced, seed.outputSchemaId);
    });

    it.each(breakingEdits)('should refuse $title in a referenced schema, listing the breaking change', async ({ definition, changes }) => {
      const error = await expectUpdateRefused(client, 'Schema', referenced, { definition }, { code: 'CONFLICT', names: changes });
      expect(error.extensions?.details?.breakingChanges).toEqual(changes);
      expect(await definitionOf(client, referenced)).toBe(objectSchema);
    });

    it('should list every breaking change of one edit', async () => {
      const definition = schemaText({ type: 'array', items: { type: 'string' } });
      const error = await expectUpdateRefused(client, 'Schema', referenced, { definition }, { code: 'CONFLICT', names: ['Processor'] });
      expect(error.extensions?.details?.breakingChanges).toEqual(['/: type changed from object to array', '/path: removed', '/size: removed']);
    });

    it.each<EntityName>(['Address', 'Delivery'])('should refuse a breaking edit of a schema referenced only by a %s', async (type) => {
      const schemaId = await createSchema(client);
      const referrer = await createEntity(client, type, { ...validInput(type, seed), schemaId });
      const error = await expectUpdateRefused(client, 'Schema', schemaId, { definition: breakingEdits[2]!.definition }, { code: 'CONFLICT', names: [`${type} ${referrer}`] });
      expect(error.extensions?.details?.breakingChanges).toEqual(breakingEdits[2]!.changes);
    });

    it('should accept a new optional property in a referenced schema', async () => {
      const data = await client.data(updateMutation('Schema').replace('{ id }', '{ id definition }'), { id: referenced, input: { definition: nonBreaking } });
      expect(data.updateSchema).toEqual({ id: referenced, definition: nonBreaking });
      expect(await definitionOf(client, referenced)).toBe(nonBreaking);
    });

    it('should accept any edit of a schema nothing refers to', async () => {
      const free = await createSchema(client);
      const definition = schemaText({ type: 'array', items: { type: 'number' } });
      await client.data(updateMutation('Schema'), { id: free, input: { definition } });
      expect(await definitionOf(client, free)).toBe(definition);
    });
  });
});

/** Each test stops a subgraph, so each owns a system. */
async function withSystem(kind: BackendKind, run: (system: System, client: GraphQLClient) => Promise<void>): Promise<void> {
  const system = await startTestSystem(kind);
  try {
    await run(system, graphqlClient(system.gatewayUrl));
  } finally {
    await stopTestSystem(system);
  }
}

describe.each(backendKinds)('integrity while a subgraph is down (%s)', (kind) => {
  it('should refuse writes referring to schemas with SERVICE_UNAVAILABLE while the schema subgraph is down', () =>
    withSystem(kind, async (system, client) => {
      const [input, output] = [await createSchema(client), await createSchema(client)];
      const processor = await createProcessor(client, input, output);
      await system.stopSubgraph('schema');

      const refusal = { code: 'SERVICE_UNAVAILABLE', names: ['schema subgraph'] };
      const processorInput = { version: '1.0', name: 'down', inputSchemaId: input, outputSchemaId: output };
      await expectCreateRefused(client, 'Processor', processorInput, refusal);
      await expectUpdateRefused(client, 'Processor', processor, { inputSchemaId: output }, refusal);
      const addressInput = { version: '1.0', name: 'down', connectionString: 'file:///tmp', schemaId: input };
      await expectCreateRefused(client, 'Address', addressInput, refusal);
      expect(await countOf(client, 'Processor')).toBe(1);
    }));

  it('should refuse to delete or break a schema with SERVICE_UNAVAILABLE while a referrer subgraph is down', () =>
    withSystem(kind, async (system, client) => {
      const schema = await createSchema(client);
      const unused = await createSchema(client);
      await createProcessor(client, schema, schema);
      await system.stopSubgraph('processor');

      const error = await client.error(deleteMutation('Schema'), { id: schema });
      expect(error.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(error.message).toContain('processor subgraph');
      expect(await readEntity(client, 'Schema', schema)).not.toBeNull();
      // An unreferenced schema cannot be told apart from one whose referrers are unreachable.
      expect((await client.error(deleteMutation('Schema'), { id: unused })).extensions?.code).toBe('SERVICE_UNAVAILABLE');
      await expectUpdateRefused(client, 'Schema', schema, { definition: breakingEdits[0]!.definition }, { code: 'SERVICE_UNAVAILABLE', names: ['processor subgraph'] });
      expect(await countOf(client, 'Schema')).toBe(2);
    }));
});
