import type { EntitySubgraphName } from '@flow/platform';

/**
 * The entity graph of DESIGN.md section 4 as data: which subgraph owns each type and every
 * reference between types. Forward fields, reverse fields, filters, existence checks and
 * delete protection are all derived from this one table.
 */
export const entityTypes = [
  'Schema',
  'Processor',
  'Step',
  'Workflow',
  'OrchestratedFlow',
  'Assignment',
  'Address',
  'Delivery',
] as const;
export type EntityType = (typeof entityTypes)[number];

export const ownerOf: Readonly<Record<EntityType, EntitySubgraphName>> = {
  Schema: 'schema',
  Processor: 'processor',
  Step: 'step',
  Workflow: 'workflow',
  OrchestratedFlow: 'orchestrated-flow',
  Assignment: 'assignment',
  Address: 'address',
  Delivery: 'delivery',
};

export interface Relation {
  /** The referring type, whose subgraph stores the ids and resolves the reverse field. */
  from: EntityType;
  /** The stored id field on `from` (a list of ids when `many`). */
  field: string;
  many: boolean;
  /** Possible target types; more than one makes the forward field a union. */
  to: readonly EntityType[];
  /** GraphQL field on `from` resolving the targets. */
  forward: string;
  /** GraphQL field on each target listing the referrers, contributed by `from`'s subgraph. */
  reverse: string;
  /** Filter argument on `from`'s list query matching one target id. */
  filter: string;
  /** The GraphQL union of the targets, when there are several. */
  union?: string;
}

export const relations: readonly Relation[] = [
  { from: 'Processor', field: 'inputSchemaId', many: false, to: ['Schema'], forward: 'inputSchema', reverse: 'processors', filter: 'inputSchemaId' },
  { from: 'Processor', field: 'outputSchemaId', many: false, to: ['Schema'], forward: 'outputSchema', reverse: 'processors', filter: 'outputSchemaId' },
  { from: 'Step', field: 'processorId', many: false, to: ['Processor'], forward: 'processor', reverse: 'steps', filter: 'processorId' },
  { from: 'Step', field: 'nextStepIds', many: true, to: ['Step'], forward: 'nextSteps', reverse: 'previousSteps', filter: 'nextStepId' },
  { from: 'Workflow', field: 'stepIds', many: true, to: ['Step'], forward: 'steps', reverse: 'workflows', filter: 'stepId' },
  { from: 'OrchestratedFlow', field: 'workflowId', many: false, to: ['Workflow'], forward: 'workflow', reverse: 'orchestratedFlows', filter: 'workflowId' },
  { from: 'OrchestratedFlow', field: 'assignmentIds', many: true, to: ['Assignment'], forward: 'assignments', reverse: 'orchestratedFlows', filter: 'assignmentId' },
  { from: 'Assignment', field: 'stepId', many: false, to: ['Step'], forward: 'step', reverse: 'assignments', filter: 'stepId' },
  { from: 'Assignment', field: 'entityIds', many: true, to: ['Address', 'Delivery'], forward: 'entities', reverse: 'assignments', filter: 'entityId', union: 'AssignedEntity' },
  { from: 'Address', field: 'schemaId', many: false, to: ['Schema'], forward: 'schema', reverse: 'addresses', filter: 'schemaId' },
  { from: 'Delivery', field: 'schemaId', many: false, to: ['Schema'], forward: 'schema', reverse: 'deliveries', filter: 'schemaId' },
];

export function relationsFrom(type: EntityType): Relation[] {
  return relations.filter((relation) => relation.from === type);
}

export function relationsTo(type: EntityType): Relation[] {
  return relations.filter((relation) => relation.to.includes(type));
}
