import { describe, expect, it } from 'vitest';
import { cronSchedule, CronExpressionError, quartzWeekdays, quartzYears, readCron, yearStart } from './cronSchedule.js';

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

  it('should throw the reason croner gives for an expression it cannot read', () => {
    expect(() => cronSchedule('61 * * * *', 'UTC')).toThrow(CronExpressionError);
    expect(() => cronSchedule('61 * * * *', 'UTC')).toThrow(/61/);
  });
});

/** The reason `cronSchedule` refuses an expression with. */
function reason(expression: string): string {
  try {
    cronSchedule(expression, 'UTC');
  } catch (error) {
    expect(error).toBeInstanceOf(CronExpressionError);
    expect((error as Error).name).toBe('CronExpressionError');
    return (error as Error).message;
  }
  throw new Error(`expected "${expression}" to be refused`);
}

const from = new Date('2026-05-01T00:00:00Z'); // a Friday

describe('cronSchedule, Quartz expressions', () => {
  it.each([
    ['0 0 12 ? * 2', ['2026-05-04', '2026-05-11']], // 2 = Monday
    ['0 0 12 ? * 1', ['2026-05-03', '2026-05-10']], // 1 = Sunday
    ['0 0 12 ? * 7', ['2026-05-02', '2026-05-09']], // 7 = Saturday
    ['0 0 12 ? * MON', ['2026-05-04', '2026-05-11']],
    ['0 0 12 ? * mon', ['2026-05-04', '2026-05-11']],
    ['0 0 12 ? * 2-3', ['2026-05-04', '2026-05-05']],
    ['0 0 12 ? * 3,5', ['2026-05-05', '2026-05-07']],
    ['0 0 12 ? * 1/3', ['2026-05-02', '2026-05-03']], // from Sunday every third day: Sunday, Wednesday, Saturday
    ['0 0 12 ? * L', ['2026-05-02', '2026-05-09']], // L alone: Saturday
    ['0 0 12 ? * 6L', ['2026-05-29', '2026-06-26']], // the last Friday
    ['0 0 12 ? * 6l', ['2026-05-29', '2026-06-26']],
    ['0 0 12 ? * 2#2', ['2026-05-11', '2026-06-08']], // the second Monday
    ['0 0 12 L * ?', ['2026-05-31', '2026-06-30']], // the last day of the month
    ['0 0 12 ? * 2 2026', ['2026-05-04', '2026-05-11']],
    ['0 0 12 ? * 2 *', ['2026-05-04', '2026-05-11']],
  ])('should read %j as Quartz does', (expression, days) => {
    const fires = cronSchedule(expression, 'UTC').upcoming(2, from);
    expect(iso(fires)).toEqual(days.map((day) => `${day}T12:00:00.000Z`));
  });

  it('should read the weekdays of 5 fields as classic cron (0 and 7 = Sunday, 1 = Monday)', () => {
    expect(iso(cronSchedule('0 12 * * 1', 'UTC').upcoming(1, from))).toEqual(['2026-05-04T12:00:00.000Z']);
    expect(readCron('0 12 * * 0').pattern).toBe('0 12 * * 0');
  });

  it('should translate Quartz weekdays to croner numbering, step kept', () => {
    expect(quartzWeekdays('1-7/2,SAT,4')).toBe('0-6/2,6,3');
    expect(quartzWeekdays('*/2')).toBe('*/2');
    expect(quartzWeekdays('SUN,MON,TUE,WED,THU,FRI,SAT')).toBe('0,1,2,3,4,5,6');
    expect(quartzWeekdays('SATL,SAT#2')).toBe('6#L,6#2');
    expect(quartzWeekdays('MON-FRI')).toBe('1-5');
    expect(readCron(' 0  0 12 ? * 2 ').pattern).toBe('0 0 12 * * 1');
    expect(readCron('0 0 12 ? * 2')).not.toHaveProperty('years');
  });

  it.each([
    ['2030', [2030]],
    ['2030,2032', [2030, 2032]],
    ['2030-2032', [2030, 2031, 2032]],
    ['2090/4', [2090, 2094, 2098]],
    ['2096-2099/2', [2096, 2098]],
  ])('should read the year field %j', (field, years) => {
    expect([...(quartzYears(field) ?? [])]).toEqual(years);
  });

  it('should read the years of a star with a step from 1970', () => {
    const years = [...(quartzYears('*/40') ?? [])];
    expect(years).toEqual([1970, 2010, 2050, 2090]);
    expect(quartzYears('*')).toBeUndefined();
    expect(quartzYears('2030,*')?.size).toBe(130);
  });

  it('should fire only in the years given, in the time zone of the schedule', () => {
    // Midnight of 2030-01-01 in Tokyo is still 2029 in UTC.
    expect(iso(cronSchedule('0 0 0 1 1 ? 2030', 'Asia/Tokyo').upcoming(2, from))).toEqual(['2029-12-31T15:00:00.000Z']);
    expect(iso(cronSchedule('0 0 0 1 1 ? 2030,2028', 'UTC').upcoming(3, from))).toEqual(['2028-01-01T00:00:00.000Z', '2030-01-01T00:00:00.000Z']);
  });

  it.each([
    ['Pacific/Kiritimati', '2029-12-31T10:00:00.000Z'], // UTC+14
    ['Asia/Tokyo', '2029-12-31T15:00:00.000Z'],
    ['America/New_York', '2030-01-01T05:00:00.000Z'],
    ['Pacific/Pago_Pago', '2030-01-01T11:00:00.000Z'], // UTC-11
  ])('should find the first fire of a later year in %s', (zone, first) => {
    expect(cronSchedule('0 0 0 * * ? 2030', zone).next(from)?.toISOString()).toBe(first);
  });

  it('should pass the last hours of the year before, in a zone behind UTC', () => {
    const schedule = cronSchedule('0 0 * * * ? 2031', 'America/New_York');
    expect(schedule.next(new Date('2030-12-31T12:30:00Z'))?.toISOString()).toBe('2031-01-01T05:00:00.000Z');
  });

  it('should jump to the first year given rather than walk the fires of the years before', () => {
    expect(cronSchedule('* * * * * ? 2031', 'UTC').next(from)?.toISOString()).toBe('2031-01-01T00:00:00.000Z');
  });

  it('should answer null once every year given has passed', () => {
    expect(cronSchedule('0 0 0 1 1 ? 2027', 'UTC').next(new Date('2027-06-01T00:00:00Z'))).toBeNull();
  });

  it.each([
    ['* * * *', 'expected 5 fields, 6 with seconds first, or 7 with a year last (got 4)'],
    ['0 0 0 1 1 ? 2030 1', 'expected 5 fields, 6 with seconds first, or 7 with a year last (got 8)'],
    ['0 0 12 ? * 0', 'day-of-week "0" is not 1-7 (Quartz: 1 = Sunday, 7 = Saturday) or SUN-SAT'],
    ['0 0 12 ? * 8', 'day-of-week "8" is not 1-7 (Quartz: 1 = Sunday, 7 = Saturday) or SUN-SAT'],
    ['0 0 12 ? * 12', 'day-of-week "12" is not 1-7 (Quartz: 1 = Sunday, 7 = Saturday) or SUN-SAT'],
    ['0 0 12 ? * 2-0', 'day-of-week "0" is not 1-7 (Quartz: 1 = Sunday, 7 = Saturday) or SUN-SAT'],
    ['0 0 12 ? * 0L', 'day-of-week "0" is not 1-7 (Quartz: 1 = Sunday, 7 = Saturday) or SUN-SAT'],
    ['0 0 12 ? * 2#6', '"2#6": the occurrence after # must be 1-5'],
    ['0 0 12 ? * 2L3', 'day-of-week "2L3" is not 1-7 (Quartz: 1 = Sunday, 7 = Saturday) or SUN-SAT'],
    ['0 0 12 ? * 12#1', 'day-of-week "12" is not 1-7 (Quartz: 1 = Sunday, 7 = Saturday) or SUN-SAT'],
    ['0 0 12 ? * 12-3', 'day-of-week "12" is not 1-7 (Quartz: 1 = Sunday, 7 = Saturday) or SUN-SAT'],
    ['0 0 12 ? * 2#', '"2#": the occurrence after # must be 1-5'],
    ['0 0 12 ? * 2#11', '"2#11": the occurrence after # must be 1-5'],
    ['0 0 12 ? * 0#1', 'day-of-week "0" is not 1-7 (Quartz: 1 = Sunday, 7 = Saturday) or SUN-SAT'],
    ['0 0 12 15W * ?', 'day-of-month "15W": W (nearest weekday) is not supported'],
    ['0 0 12 lw * ?', 'day-of-month "lw": W (nearest weekday) is not supported'],
    ['0 0 12 L-3 * ?', 'day-of-month "L-3": L-<n> (days before the last) is not supported; L (the last day) is'],
    ['0 0 12 l-3 * ?', 'day-of-month "l-3": L-<n> (days before the last) is not supported; L (the last day) is'],
    ['0 0 12 ? * 2 20300', 'year "20300" is not a year, a range of years or a step'],
    ['0 0 12 ? * 2 x2030', 'year "x2030" is not a year, a range of years or a step'],
    ['0 0 12 ? * 2 1969', 'year "1969" is outside 1970-2099 or backwards'],
    ['0 0 12 ? * 2 2100', 'year "2100" is outside 1970-2099 or backwards'],
    ['0 0 12 ? * 2 2099-2100', 'year "2099-2100" is outside 1970-2099 or backwards'],
    ['0 0 12 ? * 2 2031-2030', 'year "2031-2030" is outside 1970-2099 or backwards'],
    ['0 0 12 ? * 2 2030/0', 'year "2030/0" has a zero step'],
    ['? 0 12 * * 2', '"?" may only stand for a whole day-of-month or day-of-week field'],
    ['0 0 12 1? * *', '"?" may only stand for a whole day-of-month or day-of-week field'],
    ['0 0 12 * ? *', '"?" may only stand for a whole day-of-month or day-of-week field'],
    ['0 0 12 * * * ?', '"?" may only stand for a whole day-of-month or day-of-week field'],
    ['0 ? * * *', '"?" may only stand for a whole day-of-month or day-of-week field'],
  ])('should refuse %j, saying why', (expression, why) => {
    expect(reason(expression)).toBe(why);
  });

  it('should accept the question mark in both day fields of 5 fields', () => {
    expect(readCron('0 12 ? * ?').pattern).toBe('0 12 * * *');
  });
});

describe('yearStart', () => {
  const yearIn = (timeZone: string) => {
    const format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' });
    return (ms: number): number => Number(format.format(ms));
  };

  it('should find the first millisecond of a year in any time zone, from UTC-10 to UTC+14', () => {
    expect(new Date(yearStart(2030, yearIn('UTC'))).toISOString()).toBe('2030-01-01T00:00:00.000Z');
    // Honolulu (UTC-10) reaches the new year 10 hours after UTC, Kiritimati (UTC+14) 14 hours before.
    expect(new Date(yearStart(2030, yearIn('Pacific/Honolulu'))).toISOString()).toBe('2030-01-01T10:00:00.000Z');
    expect(new Date(yearStart(2030, yearIn('Pacific/Kiritimati'))).toISOString()).toBe('2029-12-31T10:00:00.000Z');
  });
});
