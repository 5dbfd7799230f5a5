import type { EntitySubgraphName } from '@flow/platform';

/**
 * The entity types of DESIGN.md section 4 and the subgraph that owns each. The references
 * between them are declared once, on the referring entity's id fields (see `Reference`), and
 * derived into `Relation`s here.
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

/** One reference between types, derived from a `Reference` on the referring type's id field. */
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
  reverseDoc?: string;
  /** Filter argument on `from`'s list query matching one target id. */
  filter: string;
  /** The GraphQL union of the targets, when there are several. */
  union?: string;
  unionDoc?: string;
}
