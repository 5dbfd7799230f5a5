import { describe, expect, it } from 'vitest';
import { cronSchedule } from './cronSchedule.js';

const iso = (dates: Date[]) => dates.map((date) => date.toISOString());

describe('cronSchedule', () => {
  it('should read a 5-field expression to the minute', () => {
    const schedule = cronSchedule('*/15 9 * * *', 'UTC');
    expect(iso(schedule.upcoming(3, new Date('2026-05-04T09:20:10Z')))).toEqual([
      '2026-05-04T09:30:00.000Z', '2026-05-04T09:45:00.000Z', '2026-05-05T09:00:00.000Z',
    ]);
  });

  it('should read 6 fields with the seconds first', () => {
    const schedule = cronSchedule('*/2 * * * * *', 'UTC');
    expect(iso(schedule.upcoming(3, new Date('2026-05-04T09:20:10.500Z')))).toEqual([
      '2026-05-04T09:20:12.000Z', '2026-05-04T09:20:14.000Z', '2026-05-04T09:20:16.000Z',
    ]);
  });

  it('should read fields separated by any whitespace and keep the expression as written', () => {
    const schedule = cronSchedule(' 0\t9  * * * ', 'UTC');
    expect(schedule.expression).toBe(' 0\t9  * * * ');
    expect(schedule.next(new Date('2026-05-04T09:20:00Z'))?.toISOString()).toBe('2026-05-05T09:00:00.000Z');
  });

  it('should answer fires strictly after the given time', () => {
    const schedule = cronSchedule('0 * * * * *', 'UTC');
    expect(schedule.next(new Date('2026-05-04T09:20:00.000Z'))?.toISOString()).toBe('2026-05-04T09:21:00.000Z');
  });

  it('should read the Quartz question mark of a day field as any day, like the subgraph that validated it', () => {
    const schedule = cronSchedule('0 15 10 ? * MON-FRI', 'UTC');
    // 2026-05-08 is a Friday: the next fires are Friday, then Monday.
    expect(iso(schedule.upcoming(2, new Date('2026-05-08T08:00:00Z')))).toEqual(['2026-05-08T10:15:00.000Z', '2026-05-11T10:15:00.000Z']);
  });

  it('should read a question mark as any weekday, so only the day of the month decides', () => {
    // Read as croner does (today's weekday), it would add a fire on that weekday every week.
    const schedule = cronSchedule('0 0 12 1 * ?', 'UTC');
    expect(iso(schedule.upcoming(2, new Date('2026-05-01T13:00:00Z')))).toEqual(['2026-06-01T12:00:00.000Z', '2026-07-01T12:00:00.000Z']);
  });

  it('should OR day-of-month and day-of-week as classic cron does', () => {
    const schedule = cronSchedule('0 0 13 * 5', 'UTC');
    // From Sunday 2026-02-01: Friday the 6th comes before the 13th.
    expect(iso(schedule.upcoming(2, new Date('2026-02-01T00:00:00Z')))).toEqual(['2026-02-06T00:00:00.000Z', '2026-02-13T00:00:00.000Z']);
  });

  it('should read the hours in the configured time zone, across a daylight saving change', () => {
    const schedule = cronSchedule('0 9 * * *', 'America/New_York');
    // 2026-03-08: New York moves from UTC-5 to UTC-4.
    expect(iso(schedule.upcoming(2, new Date('2026-03-07T00:00:00Z')))).toEqual(['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z']);
  });

  it('should find a yearly fire in the next year', () => {
    expect(cronSchedule('0 0 0 1 1 *', 'UTC').next(new Date('2026-06-01T00:00:00Z'))?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('should answer null and no fires for an expression that never fires', () => {
    const schedule = cronSchedule('0 0 0 30 2 *', 'UTC');
    expect(schedule.next(new Date('2026-06-01T00:00:00Z'))).toBeNull();
    expect(schedule.upcoming(3, new Date('2026-06-01T00:00:00Z'))).toEqual([]);
  });

  it('should throw for an expression croner cannot read', () => {
    expect(() => cronSchedule('61 * * * *', 'UTC')).toThrow();
  });
});
