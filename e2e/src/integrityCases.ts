import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { objectSchema, uniqueName, type SeededFlow } from './fixtures.js';
import type { GraphQLClient, GraphQLErrorBody } from './harness.js';

/**
 * Shared table and helpers of the integrity and bad-input suites: a generic way to create,
 * count and read any of the eight entities through the gateway, and the relation table of
 * DESIGN.md section 4 (mirrors subgraphs/kit/src/domain.ts, restated here so a drift in the
 * product's table shows up as a failing test instead of silently shrinking the coverage).
 */
export type EntityName = 'Schema' | 'Processor' | 'Step' | 'Workflow' | 'OrchestratedFlow' | 'Assignment' | 'Address' | 'Delivery';
export const entityNames: readonly EntityName[] = ['Schema', 'Processor', 'Step', 'Workflow', 'OrchestratedFlow', 'Assignment', 'Address', 'Delivery'];

export const singleOf = (type: EntityName): string => type.charAt(0).toLowerCase() + type.slice(1);
export const pluralOf = (type: EntityName): string => {
  const single = singleOf(type);
  if (single.endsWith('y')) return `${single.slice(0, -1)}ies`;
  return single.endsWith('ss') ? `${single}es` : `${single}s`;
};

/** A GUID nobody created. */
export const missingId = (): string => randomUUID();

/** A valid create input of `type` whose references all point into the seeded flow. */
export function validInput(type: EntityName, seed: SeededFlow): Record<string, unknown> {
  const common = { version: '1.0', name: uniqueName(singleOf(type)) };
  const [, left] = seed.stepIds;
  switch (type) {
    case 'Schema':
      return { ...common, definition: objectSchema };
    case 'Processor':
      return { ...common, inputSchemaId: seed.inputSchemaId, outputSchemaId: seed.outputSchemaId };
    case 'Step':
      return { ...common, processorId: seed.processorId, nextStepIds: [] };
    case 'Workflow':
      return { ...common, stepIds: [left] };
    case 'OrchestratedFlow':
      return { ...common, workflowId: seed.workflowId, assignmentIds: [] };
    case 'Assignment':
      return { ...common, stepId: left, entityIds: [seed.addressId] };
    case 'Address':
      return { ...common, connectionString: 'file:///tmp/integrity', schemaId: seed.inputSchemaId, payload: JSON.stringify({ path: '/x' }) };
    case 'Delivery':
      return { ...common, schemaId: seed.outputSchemaId, payload: JSON.stringify({ path: 'b.json' }) };
  }
}

/** The seeded entity of each type, the one update cases patch. */
export function seededIdOf(type: EntityName, seed: SeededFlow): string {
  const ids: Record<EntityName, string> = {
    Schema: seed.inputSchemaId, Processor: seed.processorId, Step: seed.stepIds[0], Workflow: seed.workflowId,
    OrchestratedFlow: seed.flowId, Assignment: seed.assignmentId, Address: seed.addressId, Delivery: seed.deliveryId,
  };
  return ids[type];
}

export const createMutation = (type: EntityName): string =>
  `mutation($input: Create${type}Input!) { create${type}(input: $input) { id } }`;
export const updateMutation = (type: EntityName): string =>
  `mutation($id: ID!, $input: Update${type}Input!) { update${type}(id: $id, input: $input) { id } }`;
export const deleteMutation = (type: EntityName): string => `mutation($id: ID!) { delete${type}(id: $id) }`;

export async function createEntity(client: GraphQLClient, type: EntityName, input: Record<string, unknown>): Promise<string> {
  const data = await client.data<Record<string, { id: string }>>(createMutation(type), { input });
  return (data[`create${type}`] as { id: string }).id;
}

export async function countOf(client: GraphQLClient, type: EntityName): Promise<number> {
  const data = await client.data<Record<string, { totalCount: number }>>(`{ ${pluralOf(type)}(first: 1) { totalCount } }`);
  return (data[pluralOf(type)] as { totalCount: number }).totalCount;
}

/** The entity with the given fields (plus `updatedAt`, which any write would move), or null. */
export async function readEntity(client: GraphQLClient, type: EntityName, id: string, fields: readonly string[] = []): Promise<Record<string, unknown> | null> {
  const selection = fields.map((field) => (field === 'configuration' ? 'configuration { key value }' : field)).join(' ');
  const data = await client.data(`query($id: ID!) { ${singleOf(type)}(id: $id) { id updatedAt ${selection} } }`, { id });
  return data[singleOf(type)] as Record<string, unknown> | null;
}

export interface Refusal {
  code: string;
  /** Substrings the message must contain: the field, the offending value or ids. */
  names: readonly string[];
}

function expectRefusal(error: GraphQLErrorBody, { code, names }: Refusal): void {
  expect(error.extensions?.code, error.message).toBe(code);
  for (const name of names) expect(error.message).toContain(name);
}

/** Creating refuses with the expected error, and the type's row count does not move. */
export async function expectCreateRefused(client: GraphQLClient, type: EntityName, input: Record<string, unknown>, refusal: Refusal): Promise<GraphQLErrorBody> {
  const before = await countOf(client, type);
  const error = await client.error(createMutation(type), { input });
  expectRefusal(error, refusal);
  expect(await countOf(client, type)).toBe(before);
  return error;
}

/** Updating refuses with the expected error, and the entity reads back exactly as before. */
export async function expectUpdateRefused(client: GraphQLClient, type: EntityName, id: string, input: Record<string, unknown>, refusal: Refusal): Promise<GraphQLErrorBody> {
  const fields = Object.keys(input);
  const before = await readEntity(client, type, id, fields);
  expect(before).not.toBeNull();
  const error = await client.error(updateMutation(type), { id, input });
  expectRefusal(error, refusal);
  expect(await readEntity(client, type, id, fields)).toEqual(before);
  return error;
}

export interface RelationCase {
  from: EntityName;
  field: string;
  many: boolean;
  /** The target type exercised by the delete-protection case. */
  to: EntityName;
  /** How the referrer lets go of the target so the target can be deleted. */
  release: 'delete referrer' | 'empty the list';
}

/** Every reference of DESIGN.md section 4; a union target appears once per member type. */
export const relationCases: readonly RelationCase[] = [
  { from: 'Processor', field: 'inputSchemaId', many: false, to: 'Schema', release: 'delete referrer' },
  { from: 'Processor', field: 'outputSchemaId', many: false, to: 'Schema', release: 'delete referrer' },
  { from: 'Step', field: 'processorId', many: false, to: 'Processor', release: 'delete referrer' },
  { from: 'Step', field: 'nextStepIds', many: true, to: 'Step', release: 'empty the list' },
  { from: 'Workflow', field: 'stepIds', many: true, to: 'Step', release: 'delete referrer' },
  { from: 'OrchestratedFlow', field: 'workflowId', many: false, to: 'Workflow', release: 'delete referrer' },
  { from: 'OrchestratedFlow', field: 'assignmentIds', many: true, to: 'Assignment', release: 'empty the list' },
  { from: 'Assignment', field: 'stepId', many: false, to: 'Step', release: 'delete referrer' },
  { from: 'Assignment', field: 'entityIds', many: true, to: 'Address', release: 'delete referrer' },
  { from: 'Assignment', field: 'entityIds', many: true, to: 'Delivery', release: 'delete referrer' },
  { from: 'Address', field: 'schemaId', many: false, to: 'Schema', release: 'delete referrer' },
  { from: 'Delivery', field: 'schemaId', many: false, to: 'Schema', release: 'delete referrer' },
];

/**
 * An existing target of the relation in the seed, kept next to missing ids in list references
 * (a step other than the seeded referrer step, so no step refers to itself).
 */
export function existingTargetOf(relation: RelationCase, seed: SeededFlow): string {
  return relation.to === 'Step' ? seed.stepIds[1] : seededIdOf(relation.to, seed);
}

/** The reference field's value: a list for list references. */
export const referenceValue = (relation: RelationCase, ids: string[]): unknown => (relation.many ? ids : ids[0]);
