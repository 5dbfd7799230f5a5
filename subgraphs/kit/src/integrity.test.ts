import type { SubgraphName } from '@flow/platform';
import { describe, expect, it } from 'vitest';
import { defineEntity, linkEntities } from './defineEntity.js';
import { ownerOf, type EntityType } from './domain.js';
import type { EntityData, FederationClient } from './federationClient.js';
import { assertUnreferenced, checkReferences, findReferrers, idsOf, type IntegrityDeps } from './integrity.js';
import { createMemoryDatabase, createMemoryRepository } from './memoryRepository.js';
import type { EntityRecord } from './repository.js';

// A small graph: steps follow steps (stored locally), use a processor and may be assigned
// addresses or deliveries; workflows list steps. The manager under test serves Step, or Assignment.
const graph = linkEntities({
  processor: defineEntity({ type: 'Processor', doc: 'p', fields: {} }),
  address: defineEntity({ type: 'Address', doc: 'a', fields: {} }),
  delivery: defineEntity({ type: 'Delivery', doc: 'd', fields: {} }),
  step: defineEntity({
    type: 'Step', doc: 's', select: { processorId: 'id name' },
    fields: {
      processorId: { kind: 'id', required: true, ref: { to: 'Processor', reverse: 'steps' } },
      nextStepIds: { kind: 'ids', nonEmpty: false, ref: { to: 'Step', reverse: 'previousSteps' } },
    },
  }),
  assignment: defineEntity({
    type: 'Assignment', doc: 'as',
    fields: {
      stepId: { kind: 'id', required: true, ref: { to: 'Step', reverse: 'assignments' } },
      entityIds: { kind: 'ids', nonEmpty: true, ref: { to: ['Address', 'Delivery'], union: 'AssignedEntity', reverse: 'assignments' } },
    },
  }),
  workflow: defineEntity({
    type: 'Workflow', doc: 'w',
    fields: {
      stepIds: { kind: 'ids', nonEmpty: true, ref: { to: 'Step', reverse: 'workflows' } },
      firstStepId: { kind: 'id', required: false, ref: { to: 'Step', reverse: 'workflows', forward: 'first', filter: 'firstStepId' } },
      lastStepId: { kind: 'id', required: false, ref: { to: 'Step', reverse: 'lastOf', forward: 'last', filter: 'lastStepId' } },
    },
  }),
});

interface Ask { type: string; ids: readonly string[]; selection: string; subgraph: SubgraphName | undefined }

/** Federation as a table: each subgraph answers what it holds, and every request is recorded. */
function federation(held: Partial<Record<SubgraphName, Record<string, EntityData>>>) {
  const asks: Ask[] = [];
  const client: FederationClient = {
    async entities(type: EntityType, ids, selection, subgraph) {
      asks.push({ type, ids, selection, subgraph });
      const rows = held[subgraph ?? ownerOf[type]] ?? {};
      return new Map(ids.map((id) => [id, rows[id] ?? null]));
    },
    async close() {},
  };
  return { client, asks };
}

const record = (id: string, fields: Record<string, unknown> = {}): EntityRecord => ({
  id, key: id, version: '1', name: id, description: null, createdAt: new Date(0), updatedAt: new Date(0), createdBy: 'u', updatedBy: 'u', ...fields,
});

async function stepDeps(held: Parameters<typeof federation>[0], stored: EntityRecord[] = []) {
  const repository = createMemoryRepository(createMemoryDatabase(), 'steps', 'Step');
  for (const row of stored) await repository.insert(row);
  const { client, asks } = federation(held);
  const deps: IntegrityDeps = { definition: graph.step, repository, federation: client };
  return { deps, asks };
}

/** What a promise rejected with. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => { throw new Error('resolved'); }, (error: unknown) => error);
}

describe('idsOf', () => {
  it('should read a list, a single id, or nothing', () => {
    expect(idsOf({ a: ['x', 'y'], b: 'z', c: null }, 'a')).toEqual(['x', 'y']);
    expect(idsOf({ b: 'z' }, 'b')).toEqual(['z']);
    expect(idsOf({ c: null }, 'c')).toEqual([]);
  });
});

describe('checkReferences', () => {
  const fields = new Set(['processorId', 'nextStepIds']);

  it('should accept references that exist, with the selected data of each, asking the owner only for foreign types', async () => {
    const { deps, asks } = await stepDeps({ processor: { p1: { id: 'p1', name: 'echo' } } }, [record('s2')]);
    const checked = await checkReferences(deps, record('s1', { processorId: 'p1', nextStepIds: ['s2'] }), fields);
    expect(checked.referenced.get('p1')).toEqual({ id: 'p1', name: 'echo' });
    expect(checked.referenced.get('s2')).toMatchObject({ id: 's2' });
    expect(checked.refTypes).toEqual({});
    expect(asks).toEqual([{ type: 'Processor', ids: ['p1'], selection: 'id name', subgraph: undefined }]);
  });

  it('should refuse every missing id, by field, and only the missing ones', async () => {
    const { deps } = await stepDeps({}, [record('s2')]);
    const error = await rejection(checkReferences(deps, record('s1', { processorId: 'p1', nextStepIds: ['s2', 's3', 's4'] }), fields));
    expect(error).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { violations: [{ field: 'processorId', constraint: 'reference' }, { field: 'nextStepIds', constraint: 'reference' }] },
    });
    expect((error as { details: { missing: Record<string, string> } }).details.missing).toEqual({
      processorId: 'processorId references Processor that do not exist: p1',
      nextStepIds: 'nextStepIds references Step that do not exist: s3, s4',
    });
  });

  it("should not take an id of another field's type as this field's", async () => {
    const { deps } = await stepDeps({}, [record('s2')]);
    const error = await rejection(checkReferences(deps, record('s1', { processorId: 's2', nextStepIds: ['s2'] }), fields));
    expect(error).toMatchObject({ details: { violations: [{ field: 'processorId', constraint: 'reference' }] } });
  });

  it('should name every possible type of a missing id', async () => {
    const { client } = federation({ step: { s1: { id: 's1' } } });
    const deps: IntegrityDeps = {
      definition: graph.assignment, repository: createMemoryRepository(createMemoryDatabase(), 'assignments', 'Assignment'), federation: client,
    };
    const error = await rejection(checkReferences(deps, record('as1', { stepId: 's1', entityIds: ['x1'] }), new Set(['stepId', 'entityIds'])));
    expect(error).toMatchObject({ details: { missing: { entityIds: 'entityIds references Address or Delivery that do not exist: x1' } } });
  });

  it('should check only the fields asked for', async () => {
    const { deps, asks } = await stepDeps({}, [record('s2')]);
    await expect(checkReferences(deps, record('s1', { processorId: 'p1', nextStepIds: ['s2'] }), new Set(['nextStepIds']))).resolves.toBeDefined();
    expect(asks).toEqual([]);
  });

  it('should record which type each id of a several-type reference turned out to be', async () => {
    const { client, asks } = federation({ address: { a1: { id: 'a1' } }, delivery: { d1: { id: 'd1' } }, step: { s1: { id: 's1' } } });
    const deps: IntegrityDeps = {
      definition: graph.assignment, repository: createMemoryRepository(createMemoryDatabase(), 'assignments', 'Assignment'), federation: client,
    };
    const checked = await checkReferences(deps, record('as1', { stepId: 's1', entityIds: ['a1', 'd1'] }), new Set(['stepId', 'entityIds']));
    expect(checked.refTypes).toEqual({ a1: 'Address', d1: 'Delivery' });
    expect(asks.map((ask) => ask.selection)).toEqual(['id', 'id', 'id']);
    expect([...checked.referenced.keys()].sort()).toEqual(['a1', 'd1', 's1']);
  });
});

describe('findReferrers', () => {
  it('should find referrers in other subgraphs, one request each, and stored locally', async () => {
    const { deps, asks } = await stepDeps(
      {
        workflow: { s1: { workflows: [{ id: 'w1' }, { id: 'w2' }], lastOf: [{ id: 'w3' }] } },
        assignment: { s1: { assignments: [{ id: 'as1' }] } },
      },
      [record('s0', { nextStepIds: ['s1'] }), record('s1'), record('s9', { nextStepIds: ['s8'] })],
    );
    const referrers = await findReferrers(deps, 's1');
    expect(referrers).toHaveLength(5);
    expect(referrers).toEqual(expect.arrayContaining([
      { type: 'Workflow', id: 'w1', via: 'workflows' },
      { type: 'Workflow', id: 'w2', via: 'workflows' },
      { type: 'Workflow', id: 'w3', via: 'lastOf' },
      { type: 'Assignment', id: 'as1', via: 'assignments' },
      { type: 'Step', id: 's0', via: 'previousSteps' },
    ]));
    expect(asks.map(({ subgraph, selection, ids, type }) => ({ subgraph, selection, ids, type })).sort((a, b) => String(a.subgraph).localeCompare(String(b.subgraph))))
      .toEqual([
        { subgraph: 'assignment', selection: 'assignments { id }', ids: ['s1'], type: 'Step' },
        { subgraph: 'workflow', selection: 'workflows { id } lastOf { id }', ids: ['s1'], type: 'Step' },
      ]);
  });

  it('should find no referrers where no subgraph knows the id', async () => {
    const { deps } = await stepDeps({});
    expect(await findReferrers(deps, 's1')).toEqual([]);
  });
});

describe('assertUnreferenced', () => {
  it('should refuse to delete a referenced entity, naming its referrers', async () => {
    const { deps } = await stepDeps({ workflow: { s1: { workflows: [{ id: 'w1' }, { id: 'w2' }] } } });
    const error = await rejection(assertUnreferenced(deps, 's1'));
    expect(error).toMatchObject({
      code: 'CONFLICT',
      message: 'Step s1 is still referenced by Workflow w1, Workflow w2',
      details: { referrers: [{ type: 'Workflow', id: 'w1', via: 'workflows' }, { type: 'Workflow', id: 'w2', via: 'workflows' }] },
    });
  });

  it('should allow deleting an entity that only refers to itself', async () => {
    const { deps } = await stepDeps({}, [record('s1', { nextStepIds: ['s1'] })]);
    await expect(assertUnreferenced(deps, 's1')).resolves.toBeUndefined();
  });
});
