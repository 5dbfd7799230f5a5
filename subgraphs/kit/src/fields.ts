import type { FieldViolation } from '@flow/platform';
import { isGuid } from '@flow/serving';

/** The stored shape of one entity field, with the constraints every write must satisfy. */
export type FieldSpec =
  | { kind: 'string'; required: boolean; min?: number; max: number }
  | { kind: 'id'; required: boolean }
  | { kind: 'ids'; nonEmpty: boolean }
  | { kind: 'enum'; values: readonly string[]; fallback: string }
  | { kind: 'boolean'; fallback: boolean }
  | { kind: 'keyValues' };

export type FieldSpecs = Readonly<Record<string, FieldSpec>>;

/** Fields every entity has (DESIGN.md section 4); timestamps and authors are server-set. */
export const commonFields: FieldSpecs = {
  version: { kind: 'string', required: true, min: 1, max: 50 },
  name: { kind: 'string', required: true, min: 1, max: 50 },
  description: { kind: 'string', required: false, max: 1000 },
};

// The REST router checks GUID path parameters with the same rule.
export { isGuid, requireGuid } from '@flow/serving';

function checkString(field: string, spec: Extract<FieldSpec, { kind: 'string' }>, value: unknown, out: FieldViolation[]): void {
  if (value === undefined || value === null) {
    if (spec.required) out.push({ field, constraint: 'required', message: `${field} is required` });
    return;
  }
  if (typeof value !== 'string') {
    out.push({ field, constraint: 'type', message: `${field} must be a string` });
  } else if (spec.min !== undefined && value.trim().length < spec.min) {
    out.push({ field, constraint: 'minLength', message: `${field} must not be empty` });
  } else if (value.length > spec.max) {
    out.push({ field, constraint: 'maxLength', message: `${field} must be at most ${spec.max} characters (got ${value.length})` });
  }
}

function checkIds(field: string, spec: Extract<FieldSpec, { kind: 'ids' }>, value: unknown, out: FieldViolation[]): void {
  if (!Array.isArray(value)) {
    out.push({ field, constraint: 'type', message: `${field} must be a list of GUIDs` });
    return;
  }
  if (spec.nonEmpty && value.length === 0) {
    out.push({ field, constraint: 'nonEmpty', message: `${field} must not be empty` });
  }
  const bad = value.filter((id) => !isGuid(id));
  if (bad.length > 0) {
    out.push({ field, constraint: 'guid', message: `${field} must contain only non-empty GUIDs (bad: ${bad.map((id) => JSON.stringify(id)).join(', ')})` });
  } else if (new Set(value.map((id: string) => id.toLowerCase())).size !== value.length) {
    out.push({ field, constraint: 'unique', message: `${field} must not contain duplicates` });
  }
}

function checkKeyValues(field: string, value: unknown, out: FieldViolation[]): void {
  const pairs = Array.isArray(value) ? (value as Array<{ key?: unknown; value?: unknown } | null>) : null;
  if (!pairs || pairs.some((pair) => typeof pair?.key !== 'string' || typeof pair?.value !== 'string')) {
    out.push({ field, constraint: 'type', message: `${field} must be a list of {key, value} strings` });
    return;
  }
  const keys = pairs.map((pair) => pair?.key as string);
  if (keys.some((key) => key.length === 0 || key.length > 200)) {
    out.push({ field, constraint: 'keyLength', message: `${field} keys must be 1..200 characters` });
  } else if (new Set(keys).size !== keys.length) {
    out.push({ field, constraint: 'uniqueKeys', message: `${field} must not repeat a key` });
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
