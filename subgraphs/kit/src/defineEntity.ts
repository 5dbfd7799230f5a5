import { EDIT_ROLES, READ_ROLES, type Role } from '@flow/platform/roles';
import type { EntityType, Relation } from './domain.js';
import type { EntityData } from './federationClient.js';
import { commonFields, type FieldSpecs } from './fields.js';
import { pluralOf, relationsOf } from './relations.js';
import type { EntityRecord } from './repository.js';


export interface Referrer {
  type: EntityType;
  id: string;
  /** The reverse field through which it refers, e.g. `processors`. */
  via: string;
}

/** What a rule may ask while a write is being checked. */
export interface RuleContext {
  /** Fields the write sets (every field on create). */
  changed: ReadonlySet<string>;
  /** The selected data (see `select`) of every referenced entity, by id. */
  referenced: ReadonlyMap<string, EntityData>;
  /** Every entity, in any subgraph, that refers to `id`. */
  referrers: (id: string) => Promise<Referrer[]>;
  /** Entities of any type by id, through their owners (federation `_entities`); null for a missing one. */
  entities: (type: EntityType, ids: readonly string[], selection: string) => Promise<Map<string, EntityData | null>>;
}

/** What a derived field may read: other entities through their owners. */
export type DerivedContext = Pick<RuleContext, 'entities'>;

/**
 * A read-only field computed from a stored record when a client asks for it. It is in the
 * entity's GraphQL type only: never stored, and not in inputs, filters, REST or OpenAPI.
 */
export interface DerivedField {
  /** Its GraphQL output type, e.g. `[DataFlowWarning!]!`. */
  type: string;
  doc: string;
  /** SDL of the types it answers with, added to the manager's schema. */
  typeDefs?: string;
  resolve(record: EntityRecord, context: DerivedContext): Promise<unknown>;
}

/** Entity-specific rules on top of the generic constraints; they throw AppErrors. */
export interface EntityRules {
  validate?(record: EntityRecord, context: RuleContext): void | Promise<void>;
  beforeUpdate?(previous: EntityRecord, next: EntityRecord, context: RuleContext): void | Promise<void>;
}

/** What can be done to an entity type: `read` is `x(id)` and `xs`, `byKey` is `xByKey`, the rest its mutations. */
export type EntityOperation = 'read' | 'byKey' | 'create' | 'update' | 'delete';

/**
 * Who may do each operation: any one of the listed roles (DESIGN.md section 13). Generated into
 * the SDL as `@requiresScopes` and enforced by the manager that owns the field.
 */
export type EntityAccess = Readonly<Record<EntityOperation, readonly Role[]>>;

/** viewer (and every role above it) reads; editor and admin write. */
export const DEFAULT_ACCESS: EntityAccess = Object.freeze({
  read: READ_ROLES,
  byKey: READ_ROLES,
  create: EDIT_ROLES,
  update: EDIT_ROLES,
  delete: EDIT_ROLES,
});

/**
 * A subgraph folder hands one of these to the kit: the only hand-written description of an
 * entity. Its SDL (`schema/<subgraph>.graphql`), REST shape, OpenAPI schema, storage and
 * relations are derived from it.
 */
export interface EntityDeclaration {
  type: EntityType;
  /** The type's description in the SDL. */
  doc: string;
  /** Own fields beyond version/name/description; reference fields are `id` or `ids` with a `ref`. */
  fields: FieldSpecs;
  /** Fields of the composite key; `version` and `name` unless stated. */
  keyFields?: readonly string[];
  /** Reference field -> GraphQL selection fetched from the target for the rules (default `id`). */
  select?: Readonly<Record<string, string>>;
  rules?: EntityRules;
  /** Read-only fields computed when asked for (see DerivedField). */
  derived?: Readonly<Record<string, DerivedField>>;
  /** Who may do what, where it differs from DEFAULT_ACCESS. */
  access?: Partial<EntityAccess>;
  /**
   * JSON Schema keywords the REST document adds to the entity's request bodies, stating a
   * constraint across fields that a rule enforces (e.g. `if` / `then`).
   */
  openapiInput?: Readonly<Record<string, unknown>>;
}

/** One entity as its own declaration describes it: everything but who refers to it. */
export interface DeclaredEntity extends Required<Omit<EntityDeclaration, 'rules' | 'access' | 'openapiInput'>> {
  openapiInput?: Readonly<Record<string, unknown>>;
  rules: EntityRules;
  access: EntityAccess;
  /** `step`, `orchestratedFlow` */
  single: string;
  /** `steps`, `addresses` */
  plural: string;
  collection: string;
  /** References this type stores, derived from its id fields' `ref`s. */
  outgoing: readonly Relation[];
}

/** An entity within the whole graph (see `linkEntities`): what a manager serves. */
export interface EntityDefinition extends DeclaredEntity {
  /** References to this type, stored by any type (delete protection). */
  incoming: readonly Relation[];
}

export function defineEntity(declaration: EntityDeclaration): DeclaredEntity {
  const single = declaration.type.charAt(0).toLowerCase() + declaration.type.slice(1);
  const plural = pluralOf(single);
  return {
    type: declaration.type,
    doc: declaration.doc,
    fields: { ...commonFields, ...declaration.fields },
    keyFields: declaration.keyFields ?? ['version', 'name'],
    select: declaration.select ?? {},
    rules: declaration.rules ?? {},
    derived: declaration.derived ?? {},
    access: Object.freeze({ ...DEFAULT_ACCESS, ...declaration.access }),
    ...(declaration.openapiInput ? { openapiInput: declaration.openapiInput } : {}),
    single,
    plural,
    collection: plural,
    outgoing: relationsOf(declaration.type, declaration.fields),
  };
}

/**
 * Links the declared entities into one graph: each learns the relations that refer to it.
 * Refuses a type declared twice and a reference to a type nobody declared.
 */
export function linkEntities<K extends string>(declared: Readonly<Record<K, DeclaredEntity>>): Readonly<Record<K, EntityDefinition>> {
  const all = Object.values<DeclaredEntity>(declared);
  const types = new Set(all.map((entity) => entity.type));
  if (types.size !== all.length) throw new Error('linkEntities: a type is declared twice');
  const relations = all.flatMap((entity) => entity.outgoing);
  const unknown = relations.flatMap((relation) => relation.to.filter((to) => !types.has(to)).map((to) => `${relation.from}.${relation.field} -> ${to}`));
  if (unknown.length > 0) throw new Error(`linkEntities: references to undeclared types: ${unknown.join(', ')}`);
  const linked = Object.entries<DeclaredEntity>(declared).map(([key, entity]) => [
    key,
    { ...entity, incoming: relations.filter((relation) => relation.to.includes(entity.type)) },
  ]);
  return Object.fromEntries(linked) as Record<K, EntityDefinition>;
}

/** The stored composite key: unambiguous even when a part contains `_`. */
export function compositeKeyOf(definition: EntityDefinition, record: Record<string, unknown>): string {
  return JSON.stringify(definition.keyFields.map((field) => record[field] ?? null));
}

/** The key as users read it: `{version}_{name}` (DESIGN.md section 4). */
export function displayKeyOf(definition: EntityDefinition, record: Record<string, unknown>): string {
  return definition.keyFields.map((field) => (record[field] as string | null | undefined) ?? '').join('_');
}
