import type { EntityDefinition } from '../defineEntity.js';
import { MAX_PAGE_SIZE } from '../entityService.js';
import { maxIdsOf, type FieldSpec } from '../fields.js';
import { restEnumValues } from './restShape.js';

/**
 * The JSON Schemas of entities in the REST document: what the server answers and exactly what
 * it accepts, so a client (or a fuzzer) generating from the document sends only requests the
 * server takes, and the server refuses every request the document rules out.
 */
export type Json = Record<string, unknown>;

export const ref = (kind: string, name: string): Json => ({ $ref: `#/components/${kind}/${name}` });

/** The server's GUID rule (`isGuid`): 8-4-4-4-12 hex digits, either case, never the empty GUID. */
export const uuid: Json = {
  type: 'string',
  format: 'uuid',
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
  not: { const: '00000000-0000-0000-0000-000000000000' },
};

/**
 * A character that JavaScript's `String.prototype.trim` keeps (ECMAScript WhiteSpace and
 * LineTerminator excluded): a required text must hold one. Spelled out, because `\S` means
 * different sets in the server's and a client's regex engines.
 */
const NON_BLANK = '[^\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]';

const nullable = (schema: Json, yes: boolean): Json => (yes ? { ...schema, type: [schema.type, 'null'] } : schema);

const readOnlyFields: Readonly<Record<string, Json>> = {
  createdAt: { type: 'string', format: 'date-time', readOnly: true },
  updatedAt: { type: 'string', format: 'date-time', readOnly: true },
  createdBy: { type: 'string', readOnly: true, description: 'The authenticated user (the token\'s name, preferred_username or sub), or "Anonymous" with authentication off' },
  updatedBy: { type: 'string', readOnly: true, description: 'The authenticated user (the token\'s name, preferred_username or sub), or "Anonymous" with authentication off' },
};

function enumSchema(field: string, spec: Extract<FieldSpec, { kind: 'enum' }>, input: boolean): Json {
  const restNames = restEnumValues(field);
  const names = restNames ?? spec.values;
  const named: Json = { type: 'string', enum: [...names] };
  // Only fields with REST names take the seed's numbers (0..n-1) on input.
  if (!input || !restNames) return named;
  const fallback = restNames[spec.values.indexOf(spec.fallback)] ?? spec.fallback;
  return {
    anyOf: [named, { type: 'integer', minimum: 0, maximum: names.length - 1, description: `0..${names.length - 1} in the order ${names.join(', ')}` }],
    default: fallback,
  };
}

function stringSchema(spec: Extract<FieldSpec, { kind: 'string' }>, input: boolean): Json {
  const schema: Json = { type: 'string', maxLength: spec.max, ...spec.openapi };
  // The server trims before checking the minimum: blank text is empty text.
  if (spec.min !== undefined) Object.assign(schema, { minLength: spec.min }, input && !spec.openapi?.pattern ? { pattern: NON_BLANK } : {});
  return schema;
}

/** One field as it is answered (`input: false`) or accepted in a body (`input: true`). */
function fieldSchema(field: string, spec: FieldSpec, input: boolean): Json {
  switch (spec.kind) {
    case 'string':
      return nullable(stringSchema(spec, input), !spec.required);
    case 'id':
      return nullable(uuid, !spec.required);
    case 'ids':
      return { type: 'array', items: uuid, uniqueItems: true, ...(spec.nonEmpty ? { minItems: 1 } : {}), maxItems: maxIdsOf(spec) };
    case 'enum':
      return enumSchema(field, spec, input);
    case 'boolean':
      return { type: 'boolean', ...(input ? { default: spec.fallback } : {}) };
    case 'int':
      return nullable({ type: 'integer', minimum: spec.min, maximum: spec.max }, true);
    case 'keyValues':
      return { type: 'object', description: 'A JSON object of strings', propertyNames: { minLength: 1, maxLength: 200 }, additionalProperties: { type: 'string' } };
  }
}

const isRequired = (spec: FieldSpec): boolean =>
  (spec.kind === 'string' || spec.kind === 'id') ? spec.required : spec.kind === 'ids' && spec.nonEmpty;

/** A field in a request body: an optional one may be null, which the server reads as absent. */
function inputFieldSchema(field: string, spec: FieldSpec): Json {
  const schema = fieldSchema(field, spec, true);
  if (isRequired(spec) || spec.kind === 'string' || spec.kind === 'id' || spec.kind === 'int') return schema;
  if (schema.anyOf) return { ...schema, anyOf: [...(schema.anyOf as Json[]), { type: 'null' }] };
  return { ...nullable(schema, true), ...(schema.enum ? { enum: [...(schema.enum as unknown[]), null] } : {}) };
}

export function entitySchema(definition: EntityDefinition): Json {
  const fields = Object.entries(definition.fields).map(([field, spec]): [string, Json] => [field, fieldSchema(field, spec, false)]);
  const properties: Json = { id: { ...uuid, readOnly: true, description: 'Server-generated GUID' }, ...Object.fromEntries(fields), ...readOnlyFields };
  return { type: 'object', description: `A ${definition.type} as the REST API answers it`, required: Object.keys(properties), properties };
}

export function inputSchema(definition: EntityDefinition, mode: 'create' | 'replace'): Json {
  const fields = Object.entries(definition.fields);
  const own = Object.fromEntries(fields.map(([field, spec]) => [field, inputFieldSchema(field, spec)]));
  // The server-set fields are ignored whatever their value, so a body copied from a GET answer
  // is accepted; on PUT a given id must equal the URL's, so it is read-only there.
  const ignored = Object.fromEntries(['id', ...Object.keys(readOnlyFields)].map((field) => [field, { description: 'Ignored: the server sets it' }]));
  const id = mode === 'create' ? {} : { id: { ...uuid, readOnly: true, description: 'Optional; when given it must equal the id in the URL' } };
  const properties = { ...ignored, ...id, ...own };
  const what = mode === 'create'
    ? `A new ${definition.type}; the server sets id, timestamps and authors.`
    : `Every field of the ${definition.type}: an absent optional field is cleared.`;
  return {
    type: 'object',
    description: `${what} Unknown fields are refused (400); the read-only fields (id, createdAt, updatedAt, createdBy, updatedBy) are ignored.`,
    required: fields.filter(([, spec]) => isRequired(spec)).map(([field]) => field),
    properties,
    additionalProperties: false,
    ...definition.openapiInput,
  };
}

export function pageSchema(type: string): Json {
  const count = { type: 'integer', minimum: 0 };
  return {
    type: 'object',
    description: `One page of ${type} entities (GET with ?page= or ?pageSize=)`,
    required: ['items', 'page', 'pageSize', 'totalCount', 'totalPages'],
    properties: {
      items: { type: 'array', items: ref('schemas', type) },
      page: { type: 'integer', minimum: 1 },
      pageSize: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE },
      totalCount: count,
      totalPages: count,
    },
  };
}
