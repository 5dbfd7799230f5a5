import type { FieldViolation } from '@flow/platform';
import { isGuid } from '@flow/serving/guid';

import type { EntityType } from './domain.js';

/**
 * A stored id that refers to other entities. The forward field, the reverse field on each
 * target, the list filter, existence checks and delete protection all derive from it.
 */
export interface Reference {
  /** The target type; several make the forward field a union (then `union` names it). */
  to: EntityType | readonly EntityType[];
  /** Field on each target listing the referrers, contributed by the referring subgraph. */
  reverse: string;
  reverseDoc?: string;
  /** GraphQL union of the targets, when there are several. */
  union?: string;
  unionDoc?: string;
  /** Forward field; default: the id field without `Id`/`Ids` (`processorId` -> `processor`, `stepIds` -> `steps`). */
  forward?: string;
  /** Filter argument matching one target id; default: `processorId`, `stepIds` -> `stepId`. */
  filter?: string;
}

/** What every field may say about itself in the SDL and the list filter. */
interface FieldDocs {
  /** The field's description in the SDL (and, with its constraints, in the inputs). */
  doc?: string;
  /** Whether `XFilter` offers the field (key fields and references always are). */
  filter?: boolean;
  /**
   * JSON Schema keywords the REST document adds to the field, stating a constraint that a rule
   * of the entity enforces (e.g. `{ pattern: '^[0-9a-f]{64}$' }`), so the document is exact.
   */
  openapi?: Readonly<Record<string, unknown>>;
}

/**
 * The stored shape of one entity field, with the constraints every write must satisfy. The
 * entity's SDL, REST shape, OpenAPI schema and relations are all derived from these specs.
 */
export type FieldSpec = FieldDocs &
  (
    | { kind: 'string'; required: boolean; min?: number; max: number }
    | { kind: 'id'; required: boolean; ref?: Reference }
    /** `max` bounds the count (default {@link MAX_IDS}). */
    | { kind: 'ids'; nonEmpty: boolean; max?: number; ref?: Reference }
    /** `enumName` defaults to the field's name capitalized (`entryCondition` -> `EntryCondition`). */
    | { kind: 'enum'; values: readonly string[]; fallback: string; enumName?: string; enumDoc?: string }
    | { kind: 'boolean'; fallback: boolean }
    | { kind: 'keyValues' }
    /** An optional whole number within `min..max`; absent (null) leaves the default to the reader. */
    | { kind: 'int'; min: number; max: number }
  );

export type FieldSpecs = Readonly<Record<string, FieldSpec>>;

/**
 * The default maximum count of an id list (`stepIds`, `entityIds`, ... and `filter.ids`): every
 * id is checked for existence through federation and stored in the document, so the count must
 * be bounded; 1000 is far above any hand-made flow.
 */
export const MAX_IDS = 1000;

/** Default and maximum `first` of a reverse-reference list (`Schema.processors`, `Step.workflows`, ...), as of a connection page. */
export const MAX_REVERSE = 100;

export const maxIdsOf = (spec: Extract<FieldSpec, { kind: 'ids' }>): number => spec.max ?? MAX_IDS;

/** Fields every entity has (DESIGN.md section 4); timestamps and authors are server-set. */
export const commonFields: FieldSpecs = {
  version: { kind: 'string', required: true, min: 1, max: 50 },
  name: { kind: 'string', required: true, min: 1, max: 50 },
  description: { kind: 'string', required: false, max: 1000 },
};

/**
 * Length in characters (Unicode code points), as JSON Schema's `minLength` / `maxLength` count
 * them, not UTF-16 code units: an emoji is one character.
 */
export function charLength(value: string): number {
  let pairs = 0;
  // Stryker disable next-line EqualityOperator: one step past the end reads NaN, in no surrogate range, so it counts nothing
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) { pairs++; index++; }
    }
  }
  return value.length - pairs;
}

// The REST router checks GUID path parameters with the same rule.
export { isGuid, requireGuid } from '@flow/serving/guid';

function checkString(field: string, spec: Extract<FieldSpec, { kind: 'string' }>, value: unknown, out: FieldViolation[]): void {
  if (value === undefined || value === null) {
    if (spec.required) out.push({ field, constraint: 'required', message: `${field} is required` });
    return;
  }
  if (typeof value !== 'string') {
    out.push({ field, constraint: 'type', message: `${field} must be a string` });
  } else if (value.trim().length < (spec.min ?? 0)) {
    out.push({ field, constraint: 'minLength', message: `${field} must not be empty` });
  } else if (charLength(value) > spec.max) {
    out.push({ field, constraint: 'maxLength', message: `${field} must be at most ${spec.max} characters (got ${charLength(value)})` });
  }
}

function checkIds(field: string, spec: Extract<FieldSpec, { kind: 'ids' }>, value: unknown, out: FieldViolation[]): void {
  if (!Array.isArray(value)) {
    out.push({ field, constraint: 'type', message: `${field} must be a list of GUIDs` });
    return;
  }
  const max = maxIdsOf(spec);
  if (value.length > max) {
    // Checked first, so the other messages never list an unbounded number of ids.
    out.push({ field, constraint: 'maxItems', message: `${field} must hold at most ${max} ids (got ${value.length})` });
    return;
  }
  if (spec.nonEmpty && value.length === 0) {
    out.push({ field, constraint: 'nonEmpty', message: `${field} must not be empty` });
  }
  const bad = value.filter((id) => !isGuid(id));
  if (bad.length > 0) {
    out.push({ field, constraint: 'guid', message: `${field} must contain only non-empty GUIDs (bad: ${bad.map((id) => JSON.stringify(id)).join(', ')})` });
    return;
  }
  // Stryker disable next-line MethodExpression: GUIDs fold to either case alike, so upper-casing finds the same duplicates
  if (new Set(value.map((id: string) => id.toLowerCase())).size !== value.length) {
    out.push({ field, constraint: 'unique', message: `${field} must not contain duplicates` });
  }
}

function checkKeyValues(field: string, value: unknown, out: FieldViolation[]): void {
  const pairs = Array.isArray(value) ? (value as Array<{ key?: unknown; value?: unknown } | null>) : null;
  if (!pairs || pairs.some((pair) => !pair || typeof pair.key !== 'string' || typeof pair.value !== 'string')) {
    out.push({ field, constraint: 'type', message: `${field} must be a list of {key, value} strings` });
    return;
  }
  const keys = (pairs as Array<{ key: string }>).map((pair) => pair.key);
  if (keys.some((key) => key.length === 0 || charLength(key) > 200)) {
    out.push({ field, constraint: 'keyLength', message: `${field} keys must be 1..200 characters` });
  } else if (new Set(keys).size !== keys.length) {
    out.push({ field, constraint: 'uniqueKeys', message: `${field} must not repeat a key` });
  }
}

function checkInt(field: string, spec: Extract<FieldSpec, { kind: 'int' }>, value: unknown, out: FieldViolation[]): void {
  if (value === undefined || value === null) return;
  if (!Number.isInteger(value) || (value as number) < spec.min || (value as number) > spec.max) {
    out.push({ field, constraint: 'range', message: `${field} must be a whole number in ${spec.min}..${spec.max} (got ${JSON.stringify(value)})` });
  }
}

/** Every constraint violated by `record` (a whole entity after defaults and patching). */
export function violationsOf(specs: FieldSpecs, record: Record<string, unknown>): FieldViolation[] {
  const out: FieldViolation[] = [];
  for (const [field, spec] of Object.entries(specs)) {
    const value = record[field];
    switch (spec.kind) {
      case 'string':
        checkString(field, spec, value, out);
        break;
      case 'id':
        if (value === undefined || value === null) {
          if (spec.required) out.push({ field, constraint: 'required', message: `${field} is required` });
        } else if (!isGuid(value)) {
          out.push({ field, constraint: 'guid', message: `${field} must be a non-empty GUID (got ${JSON.stringify(value)})` });
        }
        break;
      case 'ids':
        checkIds(field, spec, value, out);
        break;
      case 'enum':
        if (!spec.values.includes(value as string)) {
          out.push({ field, constraint: 'enum', message: `${field} must be one of ${spec.values.join(', ')}` });
        }
        break;
      case 'boolean':
        if (typeof value !== 'boolean') out.push({ field, constraint: 'type', message: `${field} must be a boolean` });
        break;
      case 'keyValues':
        checkKeyValues(field, value, out);
        break;
      case 'int':
        checkInt(field, spec, value, out);
        break;
    }
  }
  return out;
}

/** Fills defaults for absent optional fields and lower-cases ids, so stored records are uniform. */
export function normalize(specs: FieldSpecs, input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(specs)) {
    const value = input[field];
    if (spec.kind === 'ids') out[field] = Array.isArray(value) ? (value as unknown[]).map((id) => (isGuid(id) ? id.toLowerCase() : id)) : (value ?? []);
    else if (spec.kind === 'id') out[field] = isGuid(value) ? value.toLowerCase() : value ?? null;
    else if (spec.kind === 'enum') out[field] = value ?? spec.fallback;
    else if (spec.kind === 'boolean') out[field] = value ?? spec.fallback;
    else if (spec.kind === 'keyValues') out[field] = value ?? [];
    else out[field] = value ?? null;
  }
  return out;
}
