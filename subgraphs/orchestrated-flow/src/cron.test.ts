import type { FieldViolation } from '@flow/platform';
import { describe, expect, it } from 'vitest';
import { validateCron } from './cron.js';

/** The violation that `validateCron(expression)` throws, or fails the test when it is accepted. */
function refusal(expression: string, field?: string): FieldViolation {
  try {
    validateCron(expression, field);
  } catch (error) {
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT' });
    const [violation] = (error as { details: { violations: FieldViolation[] } }).details.violations;
    return violation as FieldViolation;
  }
  throw new Error(`expected "${expression}" to be refused`);
}

describe('validateCron', () => {
  it.each([
    '* * * * *',
    '*/5 * * * *',
    '0 9 * * MON-FRI',
    '30 2 1,15 * *',
    '0 0 1 JAN *',
    '0 12 * * 7',
  ])('should accept the 5-field expression %j', (expression) => {
    expect(() => validateCron(expression)).not.toThrow();
  });

  it('should judge an expression with surrounding whitespace by its fields alone', () => {
    expect(() => validateCron('  15 10 * * *  ')).not.toThrow();
  });

  it.each(['0 */5 * * * *', '30 0 9 * * MON-FRI', '0 0 0 1 1 *', '*/10 * * * * *'])(
    'should accept the 6-field expression %j with seconds first',
    (expression) => {
      expect(() => validateCron(expression)).not.toThrow();
    },
  );

  it.each(['0 15 10 ? * *', '0 0 12 ? * MON-FRI', '0 30 9 * * ?', '0 0 ? * MON'])(
    'should accept the Quartz question mark in a day field of %j',
    (expression) => {
      expect(() => validateCron(expression)).not.toThrow();
    },
  );

  it.each([
    ['* * * *', 4],
    ['0 0 0 1 1 ? 2030 x', 8],
    ['', 1],
  ])('should refuse %j for its field count', (expression, count) => {
    expect(refusal(expression).message).toBe(
      `cronExpression "${expression}" is not a valid cron expression: expected 5 fields, 6 with seconds first, or 7 with a year last (got ${count})`,
    );
  });

  it.each([
    ['a minute of 60', '60 * * * *'],
    ['an hour of 24', '0 24 * * *'],
    ['a day of 32', '0 0 32 * *'],
    ['a day of 0', '0 0 0 * *'],
    ['a month of 13', '0 0 1 13 *'],
    ['a weekday of 8', '0 0 * * 8'],
    ['a second of 60', '60 0 0 * * *'],
    ['letters', 'abc * * * *'],
    ['a zero step', '*/0 * * * *'],
    ['a backwards range', '0 0 * * 5-1'],
  ])('should refuse %s, giving the reason', (_what, expression) => {
    const violation = refusal(expression);
    expect(violation).toMatchObject({ field: 'cronExpression', constraint: 'cron' });
    expect(violation.message).toMatch(new RegExp(`^cronExpression "${expression.replace(/[*?]/g, '\\$&')}" is not a valid cron expression: .+`));
  });

  it.each(['0 0 12 ? * 2', '0 0 12 ? * 2 2030', '0 0 12 L * ?', '0 0 12 ? * 6#3', '0 0 12 ? * 6L', '0 0 12 ? * SUN-SAT/2'])(
    'should accept the Quartz expression %j',
    (expression) => {
      expect(() => validateCron(expression)).not.toThrow();
    },
  );

  it.each([
    ['0 0 12 ? * 0', 'day-of-week "0" is not 1-7 (Quartz: 1 = Sunday, 7 = Saturday) or SUN-SAT'],
    ['0 0 12 15W * ?', 'day-of-month "15W": W (nearest weekday) is not supported'],
    ['0 0 12 ? * 2 1969', 'year "1969" is outside 1970-2099 or backwards'],
  ])('should refuse the Quartz expression %j, naming what it cannot read', (expression, reason) => {
    expect(refusal(expression).message).toBe(`cronExpression "${expression}" is not a valid cron expression: ${reason}`);
  });

  it('should refuse an expression whose years are all past', () => {
    expect(refusal('0 0 12 ? * 2 2020').message).toMatch(/it never fires$/);
  });

  it('should refuse an expression that never fires', () => {
    expect(refusal('0 0 30 2 *').message).toMatch(/it never fires$/);
  });

  it('should refuse a Quartz expression that never fires', () => {
    // February 30th; `?` only says "no specific weekday" and must not make it fire.
    expect(refusal('0 0 0 30 2 ?').message).toMatch(/it never fires$/);
  });

  it.each(['? * * * *', '0 ? * * * *', '0 0 0 1 ? *'])(
    'should refuse the Quartz question mark outside the day fields in %j',
    (expression) => {
      expect(refusal(expression).constraint).toBe('cron');
    },
  );

  it('should name the field it was given', () => {
    expect(refusal('nope', 'schedule').field).toBe('schedule');
  });
});
