import type { DeclaredEntity, EntityOperation } from './defineEntity.js';
import type { EntityType, Relation } from './domain.js';
import { MAX_IDS, MAX_REVERSE, maxIdsOf, type FieldSpec } from './fields.js';

/**
 * The SDL of one entity manager, derived from its declaration: the entity type with its
 * forward and reverse reference fields, stubs of the types it adds reverse fields to, the
 * connection, filter, inputs, queries and mutations of DESIGN.md section 5. The manager
 * serves exactly this text; `schema/<subgraph>.graphql` is a checked-in copy for composition
 * and review (`npm run compose -- --check` fails when it drifts).
 */
export function entitySdl(entity: DeclaredEntity): string {
  return [
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@requiresScopes"])',
    block('An ISO-8601 date and time in UTC', 'scalar DateTime'),
    block('Forward pagination state of a connection', 'type PageInfo @shareable', ['hasNextPage: Boolean!', doc('Pass as `after` to read the next page', 'endCursor: String')]),
    ...enums(entity),
    ...keyValueTypes(entity),
    ...unions(entity),
    ...stubs(entity),
    ...Object.values(entity.derived).flatMap((field) => (field.typeDefs ? [field.typeDefs.trim()] : [])),
    block(entity.doc, `type ${entity.type} @key(fields: "id") ${requiresScopes(typeRoles(entity))}`, entityFields(entity)),
    block(undefined, `type ${entity.type}Connection`, [`nodes: [${entity.type}!]!`, 'pageInfo: PageInfo!', doc('Rows matching the filter, across all pages', 'totalCount: Int!')]),
    block('Every field given must match; reference filters match one id', `input ${entity.type}Filter`, filterFields(entity)),
    block(undefined, `input Create${entity.type}Input`, inputFields(entity, 'create')),
    block('A patch: only the fields given change; null clears an optional field', `input Update${entity.type}Input`, inputFields(entity, 'update')),
    block(undefined, 'type Query', queries(entity)),
    block(undefined, 'type Mutation', [
      `create${entity.type}(input: Create${entity.type}Input!): ${entity.type}! ${scoped(entity, 'create')}`,
      `update${entity.type}(id: ID!, input: Update${entity.type}Input!): ${entity.type}! ${scoped(entity, 'update')}`,
      doc('Refused with CONFLICT while anything refers to it', `delete${entity.type}(id: ID!): ID! ${scoped(entity, 'delete')}`),
    ]),
  ].join('\n\n') + '\n';
}

/** Federation's `@requiresScopes`: any one of the roles grants the field (or type). */
const requiresScopes = (roles: readonly string[]): string => `@requiresScopes(scopes: [${roles.map((role) => `[${JSON.stringify(role)}]`).join(', ')}])`;
const scoped = (entity: DeclaredEntity, operation: EntityOperation): string => requiresScopes(entity.access[operation]);

/** The type itself is readable by every role that gets it back from some operation (a delete answers an id). */
const typeRoles = (entity: DeclaredEntity): string[] =>
  [...new Set((['read', 'byKey', 'create', 'update'] as const).flatMap((operation) => entity.access[operation]))];

/** A GraphQL string literal: JSON's escapes are GraphQL's. */
const quoted = (text: string): string => JSON.stringify(text);

function doc(description: string | undefined, line: string): string {
  return description === undefined ? line : `${quoted(description)}\n${line}`;
}

function block(description: string | undefined, head: string, lines?: readonly string[]): string {
  const body = lines === undefined ? '' : ` {\n${lines.map((line) => line.replace(/^/gm, '  ')).join('\n')}\n}`;
  return doc(description, `${head}${body}`);
}

const enumNameOf = (field: string, spec: Extract<FieldSpec, { kind: 'enum' }>): string =>
  spec.enumName ?? field.charAt(0).toUpperCase() + field.slice(1);

function enums(entity: DeclaredEntity): string[] {
  return Object.entries(entity.fields).flatMap(([field, spec]) =>
    spec.kind === 'enum' ? [block(spec.enumDoc, `enum ${enumNameOf(field, spec)}`, spec.values)] : [],
  );
}

function keyValueTypes(entity: DeclaredEntity): string[] {
  if (!Object.values(entity.fields).some((spec) => spec.kind === 'keyValues')) return [];
  return [
    block('A configuration entry', 'type KeyValue @shareable', ['key: String!', 'value: String!']),
    block(undefined, 'input KeyValueInput', ['key: String!', 'value: String!']),
  ];
}

function unions(entity: DeclaredEntity): string[] {
  return entity.outgoing.flatMap((relation) => (relation.union ? [doc(relation.unionDoc, `union ${relation.union} = ${relation.to.join(' | ')}`)] : []));
}

/** The reverse fields this manager contributes to `target`, one per distinct name. */
function reverseFields(entity: DeclaredEntity, target: EntityType): string[] {
  const byName = new Map<string, Relation>();
  for (const relation of entity.outgoing) if (relation.to.includes(target) && !byName.has(relation.reverse)) byName.set(relation.reverse, relation);
  return [...byName.values()].map((relation) => {
    const description = [relation.reverseDoc, `the oldest \`first\` (1..${MAX_REVERSE}, default ${MAX_REVERSE})`].filter(Boolean).join(': ');
    return doc(description.charAt(0).toUpperCase() + description.slice(1), `${relation.reverse}(first: Int = ${MAX_REVERSE}): [${entity.type}!]!`);
  });
}

/** Other subgraphs' entities, as far as this one extends them: the key and the reverse fields. */
function stubs(entity: DeclaredEntity): string[] {
  const targets = [...new Set(entity.outgoing.flatMap((relation) => relation.to))].filter((target) => target !== entity.type);
  return targets.map((target) => block(undefined, `type ${target} @key(fields: "id")`, ['id: ID!', ...reverseFields(entity, target)]));
}

function outputType(field: string, spec: FieldSpec): string {
  switch (spec.kind) {
    case 'string':
      return spec.required ? 'String!' : 'String';
    case 'id':
      return spec.required ? 'ID!' : 'ID';
    case 'ids':
      return '[ID!]!';
    case 'enum':
      return `${enumNameOf(field, spec)}!`;
    case 'boolean':
      return 'Boolean!';
    case 'keyValues':
      return '[KeyValue!]!';
    case 'int':
      return 'Int';
  }
}

const commonNames = new Set(['version', 'name', 'description']);

function entityFields(entity: DeclaredEntity): string[] {
  const own = Object.entries(entity.fields).map(([field, spec]) => doc(commonNames.has(field) ? undefined : spec.doc, `${field}: ${outputType(field, spec)}`));
  const forward = entity.outgoing.map((relation) => {
    const target = relation.union ?? (relation.to[0] as string);
    return `${relation.forward}: ${relation.many ? `[${target}!]!` : target}`;
  });
  return [
    doc('Server-generated GUID', 'id: ID!'),
    ...own,
    ...forward,
    ...reverseFields(entity, entity.type),
    ...Object.entries(entity.derived).map(([field, derived]) => doc(derived.doc, `${field}: ${derived.type}`)),
    'createdAt: DateTime!',
    'updatedAt: DateTime!',
    'createdBy: String!',
    'updatedBy: String!',
  ];
}

function filterFields(entity: DeclaredEntity): string[] {
  const plain = Object.entries(entity.fields)
    .filter(([field, spec]) => entity.keyFields.includes(field) || (spec.filter === true && spec.kind !== 'id' && spec.kind !== 'ids'))
    .map(([field, spec]) => doc(entity.keyFields.includes(field) ? undefined : spec.doc, `${field}: ${outputType(field, spec).replace(/!$/, '')}`));
  const references = [...new Set(entity.outgoing.map((relation) => relation.filter))].map((filter) => `${filter}: ID`);
  return [doc(`At most ${MAX_IDS} ids`, 'ids: [ID!]'), ...plain, ...references];
}

/** What a client must know about a field's constraints, said once in each input. */
function constraintsOf(entity: DeclaredEntity, field: string, spec: FieldSpec): string | undefined {
  const parts: string[] = [];
  if (spec.doc !== undefined && !commonNames.has(field)) parts.push(spec.doc);
  if (spec.kind === 'string') parts.push(spec.min === undefined ? `at most ${spec.max} characters` : `${spec.min}..${spec.max} characters`);
  if (spec.kind === 'int') parts.push(`${spec.min}..${spec.max}`);
  if (spec.kind === 'ids') parts.push(spec.nonEmpty ? `1..${maxIdsOf(spec)} ids` : `at most ${maxIdsOf(spec)} ids`);
  if (entity.keyFields.includes(field) && !['version', 'name'].includes(field)) parts.push('part of the composite key');
  const text = parts.join('; ');
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : undefined;
}

function inputType(field: string, spec: FieldSpec, mode: 'create' | 'update'): string {
  const type = outputType(field, spec).replace('KeyValue!', 'KeyValueInput!');
  if (mode === 'update') return type.replace(/!$/, '');
  switch (spec.kind) {
    case 'ids':
      return spec.nonEmpty ? type : '[ID!] = []';
    case 'enum':
      return `${type.replace(/!$/, '')} = ${spec.fallback}`;
    case 'boolean':
      return `Boolean = ${String(spec.fallback)}`;
    case 'keyValues':
      return '[KeyValueInput!] = []';
    default:
      return type;
  }
}

function inputFields(entity: DeclaredEntity, mode: 'create' | 'update'): string[] {
  return Object.entries(entity.fields).map(([field, spec]) =>
    doc(mode === 'create' ? constraintsOf(entity, field, spec) : undefined, `${field}: ${inputType(field, spec, mode)}`),
  );
}

function queries(entity: DeclaredEntity): string[] {
  const keyArgs = entity.keyFields.map((field) => `${field}: String!`).join(', ');
  return [
    `${entity.single}(id: ID!): ${entity.type} ${scoped(entity, 'read')}`,
    doc('Ordered by creation; first is 1..100 (default 20)', `${entity.plural}(first: Int = 20, after: String, filter: ${entity.type}Filter): ${entity.type}Connection! ${scoped(entity, 'read')}`),
    doc('Looks up by composite key', `${entity.single}ByKey(${keyArgs}): ${entity.type} ${scoped(entity, 'byKey')}`),
  ];
}
