import type { GraphQLScalarType } from 'graphql';
import { relationsFrom, relationsTo, type EntityType, type Relation } from './domain.js';
import type { EntityData } from './federationClient.js';
import { commonFields, type FieldSpecs } from './fields.js';
import type { EntityRecord } from './repository.js';

/** Resolvers by type name and field name, as `buildSubgraphSchema` takes them. */
export type ResolverMap = Record<string, Record<string, unknown> | GraphQLScalarType>;

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
}

/** Entity-specific rules on top of the generic constraints; they throw AppErrors. */
export interface EntityRules {
  validate?(record: EntityRecord, context: RuleContext): void | Promise<void>;
  beforeUpdate?(previous: EntityRecord, next: EntityRecord, context: RuleContext): void | Promise<void>;
}

/** A subgraph folder hands one of these to the kit. */
export interface EntityDeclaration {
  type: EntityType;
  /** Own fields beyond version/name/description; reference fields are `id` or `ids`. */
  fields: FieldSpecs;
  /** Fields of the composite key; `version` and `name` unless stated. */
  keyFields?: readonly string[];
  /** Reference field -> GraphQL selection fetched from the target for the rules (default `id`). */
  select?: Readonly<Record<string, string>>;
  rules?: EntityRules;
  /** Resolvers for fields the kit does not derive, merged over the generic ones. */
  resolvers?: ResolverMap;
}

export interface EntityDefinition extends Required<Omit<EntityDeclaration, 'resolvers' | 'rules'>> {
  rules: EntityRules;
  resolvers: ResolverMap;
  /** `step`, `orchestratedFlow` */
  single: string;
  /** `steps`, `addresses` */
  plural: string;
  collection: string;
  /** References this type stores. */
  outgoing: readonly Relation[];
  /** References to this type, stored by any type (delete protection). */
  incoming: readonly Relation[];
}

function pluralOf(word: string): string {
  if (word.endsWith('y')) return `${word.slice(0, -1)}ies`;
  if (word.endsWith('ss')) return `${word}es`;
  return `${word}s`;
}

export function defineEntity(declaration: EntityDeclaration): EntityDefinition {
  const single = declaration.type.charAt(0).toLowerCase() + declaration.type.slice(1);
  const plural = pluralOf(single);
  return {
    type: declaration.type,
    fields: { ...commonFields, ...declaration.fields },
    keyFields: declaration.keyFields ?? ['version', 'name'],
    select: declaration.select ?? {},
    rules: declaration.rules ?? {},
    resolvers: declaration.resolvers ?? {},
    single,
    plural,
    collection: plural,
    outgoing: relationsFrom(declaration.type),
    incoming: relationsTo(declaration.type),
  };
}

/** The stored composite key: unambiguous even when a part contains `_`. */
export function compositeKeyOf(definition: EntityDefinition, record: Record<string, unknown>): string {
  return JSON.stringify(definition.keyFields.map((field) => record[field] ?? null));
}

/** The key as users read it: `{version}_{name}` (DESIGN.md section 4). */
export function displayKeyOf(definition: EntityDefinition, record: Record<string, unknown>): string {
  return definition.keyFields.map((field) => (record[field] as string | null | undefined) ?? '').join('_');
}
