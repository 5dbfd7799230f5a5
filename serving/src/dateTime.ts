/**
 * A date and time as RFC 3339 writes it (OpenAPI's `date-time`, what the DateTime scalar
 * documents): `Date.parse` alone takes "0.5", "2026" or "March 7". The one check of the
 * GraphQL scalar and the REST filters, so both edges take the same values.
 */
export function isDateTime(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));
}

export const DATE_TIME_EXAMPLE = '2026-12-02T12:00:00Z';
