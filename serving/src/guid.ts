import { AppError } from '@flow/platform';

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const emptyGuid = '00000000-0000-0000-0000-000000000000';

export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && guidPattern.test(value) && value !== emptyGuid;
}

/** Throws BAD_USER_INPUT naming the argument when `value` is not a non-empty GUID. */
export function requireGuid(value: unknown, field: string): string {
  if (!isGuid(value)) {
    throw AppError.badInput([{ field, constraint: 'guid', message: `${field} must be a non-empty GUID (got ${JSON.stringify(value)})` }]);
  }
  return value.toLowerCase();
}
