import { describe, expect, it } from 'vitest';
import { defineEntity, linkEntities } from './defineEntity.js';
import { relationsOf } from './relations.js';

describe('relationsOf', () => {
  it('should derive forward field and filter names from the id field unless stated', () => {
    const relations = relationsOf('Assignment', {
      stepId: { kind: 'id', required: true, ref: { to: 'Step', reverse: 'assignments' } },
      entityIds: { kind: 'ids', nonEmpty: true, ref: { to: ['Address', 'Delivery'], union: 'AssignedEntity', reverse: 'assignments' } },
      nextStepIds: { kind: 'ids', nonEmpty: false, ref: { to: 'Step', reverse: 'previousSteps', forward: 'following', filter: 'following' } },
      plainId: { kind: 'id', required: false },
    });
    expect(relations.map(({ field, many, to, forward, filter, union }) => ({ field, many, to, forward, filter, union }))).toEqual([
      { field: 'stepId', many: false, to: ['Step'], forward: 'step', filter: 'stepId', union: undefined },
      { field: 'entityIds', many: true, to: ['Address', 'Delivery'], forward: 'entities', filter: 'entityId', union: 'AssignedEntity' },
      { field: 'nextStepIds', many: true, to: ['Step'], forward: 'following', filter: 'following', union: undefined },
    ]);
  });

  it('should refuse several targets without a union name', () => {
    expect(() => relationsOf('Assignment', { entityIds: { kind: 'ids', nonEmpty: true, ref: { to: ['Address', 'Delivery'], reverse: 'assignments' } } }))
      .toThrow('Assignment.entityIds refers to Address | Delivery: name their union');
  });
});

describe('linkEntities', () => {
  const schema = defineEntity({ type: 'Schema', doc: 'a schema', fields: {} });
  const address = defineEntity({ type: 'Address', doc: 'an address', fields: { schemaId: { kind: 'id', required: true, ref: { to: 'Schema', reverse: 'addresses' } } } });

  it('should give each type the relations that refer to it', () => {
    const graph = linkEntities({ schema, address });
    expect(graph.schema.incoming.map((relation) => `${relation.from}.${relation.field}`)).toEqual(['Address.schemaId']);
    expect(graph.address.incoming).toEqual([]);
  });

  it('should refuse a reference to a type nobody declared, and a type declared twice', () => {
    expect(() => linkEntities({ address })).toThrow('references to undeclared types: Address.schemaId -> Schema');
    expect(() => linkEntities({ schema, again: schema })).toThrow('a type is declared twice');
  });
});
