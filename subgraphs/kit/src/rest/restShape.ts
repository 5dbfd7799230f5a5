import { AppError, type FieldViolation } from '@flow/platform';
import type { EntityDefinition } from '../defineEntity.js';

/**
 * The seed's JSON shapes of entities: camelCase fields, `entryCondition` as "PreviousSuccess"
 * (numbers 0..3 accepted on input), `configuration` as a JSON object of strings.
 */
const restEnum: Record<string, readonly string[]> = {
  entryCondition: ['PreviousSuccess', 'PreviousFailure', 'Always', 'Never'],
};
const graphqlEnum: Record<string, readonly string[]> = {
  entryCondition: ['PREVIOUS_SUCCESS', 'PREVIOUS_FAILURE', 'ALWAYS', 'NEVER'],
};
const readOnly = new Set(['id', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy']);

export function restEnumValues(field: string): readonly string[] | undefined {
  return restEnum[field];
}

/** The GraphQL selection of every stored field of an entity. */
export function entitySelection(definition: EntityDefinition): string {
  const own = Object.entries(definition.fields).map(([field, spec]) => (spec.kind === 'keyValues' ? `${field} { key value }` : field));
  return ['id', ...own, 'createdAt', 'updatedAt', 'createdBy', 'updatedBy'].join(' ');
}

/** A GraphQL entity as the seed's REST body. */
export function toRest(definition: EntityDefinition, entity: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...entity };
  for (const [field, spec] of Object.entries(definition.fields)) {
    if (spec.kind === 'keyValues') {
      out[field] = Object.fromEntries(((entity[field] as Array<{ key: string; value: string }> | null) ?? []).map((p) => [p.key, p.value]));
    } else if (spec.kind === 'enum' && restEnum[field]) {
      out[field] = restEnum[field][graphqlEnum[field]?.indexOf(entity[field] as string) ?? -1] ?? entity[field];
    }
  }
  return out;
}

function enumFromRest(field: string, value: unknown, out: FieldViolation[]): unknown {
  const names = restEnum[field] as readonly string[];
  const index = typeof value === 'number' ? value : names.findIndex((name) => name.toLowerCase() === String(value).toLowerCase());
  const graphqlName = graphqlEnum[field]?.[index] ?? graphqlEnum[field]?.find((name) => name === value);
  if (graphqlName === undefined) {
    out.push({ field, constraint: 'enum', message: `${field} must be one of ${names.join(', ')} or 0..${names.length - 1}` });
  }
  return graphqlName;
}

function configurationFromRest(field: string, value: unknown, out: FieldViolation[]): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    out.push({ field, constraint: 'type', message: `${field} must be a JSON object of strings` });
    return undefined;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const bad = entries.filter(([, item]) => typeof item !== 'string').map(([key]) => key);
  if (bad.length > 0) out.push({ field, constraint: 'type', message: `${field} values must be strings (bad keys: ${bad.join(', ')})` });
  return entries.map(([key, item]) => ({ key, value: item }));
}

/**
 * A REST body as GraphQL input. `replace` (PUT) sends every field, absent optional ones as
 * null, so the stored entity becomes exactly the body. Read-only fields are ignored; unknown
 * fields are refused, naming them.
 */
export function fromRest(definition: EntityDefinition, body: unknown, mode: 'create' | 'replace'): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw AppError.badInput([{ field: 'body', constraint: 'type', message: 'The request body must be a JSON object' }]);
  }
  const violations: FieldViolation[] = [];
  const input: Record<string, unknown> = {};
  const unknown = Object.keys(body).filter((field) => !(field in definition.fields) && !readOnly.has(field));
  if (unknown.length > 0) violations.push({ field: unknown[0] as string, constraint: 'unknown', message: `Unknown field(s): ${unknown.join(', ')}` });
  for (const [field, spec] of Object.entries(definition.fields)) {
    const value = (body as Record<string, unknown>)[field];
    if (value === undefined || value === null) {
      if (mode === 'replace') input[field] = spec.kind === 'keyValues' || spec.kind === 'ids' ? [] : null;
      continue;
    }
    if (spec.kind === 'keyValues') input[field] = configurationFromRest(field, value, violations);
    // GraphQL would coerce one id to a list of it; a REST body must send the array.
    else if (spec.kind === 'ids' && !Array.isArray(value)) violations.push({ field, constraint: 'type', message: `${field} must be a list of GUIDs` });
    else if (spec.kind === 'enum' && restEnum[field]) input[field] = enumFromRest(field, value, violations);
    else input[field] = value;
  }
  if (violations.length > 0) throw AppError.badInput(violations);
  return input;
}
