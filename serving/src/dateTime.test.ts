import { describe, expect, it } from 'vitest';
import { isDateTime } from './dateTime.js';

describe('isDateTime', () => {
  it('should take RFC 3339 dates and times, with a zone, fractions and a space or T', () => {
    for (const value of ['2026-12-02T12:00:00Z', '2026-12-02t12:00:00.123z', '2026-12-02 12:00:00+01:00', '2026-12-02T12:00:00.5-05:30']) expect(isDateTime(value), value).toBe(true);
  });

  it('should refuse what Date.parse takes but RFC 3339 does not, and dates that do not exist', () => {
    for (const value of ['0.5', '2026', 'March 7, 2026', '2026-12-02', '2026-12-02T12:00:00', '2026-12-02T12:00Z', ' 2026-12-02T12:00:00Z', '2026-13-02T12:00:00Z', '2026-12-02T25:00:00Z']) {
      expect(isDateTime(value), value).toBe(false);
    }
    expect(isDateTime(1_700_000_000_000)).toBe(false);
    expect(isDateTime(null)).toBe(false);
  });
});
