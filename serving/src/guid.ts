import { AppError } from '@flow/platform/errors';

export function isGuid(value: unknown): value is string {
  // The pattern and the empty GUID are written here, not as module constants, so that mutation
  // testing (which leaves out what runs at import, stryker.config.mjs) still checks them.
  return typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) && value !== '00000000-0000-0000-0000-000000000000';
}

/** Throws BAD_USER_INPUT naming the argument when `value` is not a non-empty GUID. */
export function requireGuid(value: unknown, field: string): string {
  if (!isGuid(value)) {
    throw AppError.badInput([{ field, constraint: 'guid', message: `${field} must be a non-empty GUID (got ${JSON.stringify(value)})` }]);
  }
  return value.toLowerCase();
}
