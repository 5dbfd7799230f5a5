import { AppError, isAppError } from '@flow/platform';
import { Cron } from 'croner';

/**
 * Accepts 5-field cron expressions and 6-field ones with seconds first (Quartz style). `?`
 * ("no specific value") may stand only for a whole day-of-month or day-of-week field; it is
 * read as `*`, because croner would read it as the current time. Anything croner cannot
 * schedule is refused with its reason.
 */
export function validateCron(expression: string, field = 'cronExpression'): void {
  const parts = expression.trim().split(/\s+/);
  const fail = (reason: string): never => {
    throw AppError.badInput([{ field, constraint: 'cron', message: `${field} "${expression}" is not a valid cron expression: ${reason}` }]);
  };
  if (parts.length !== 5 && parts.length !== 6) fail(`expected 5 fields, or 6 with seconds first (got ${parts.length})`);
  const dayFields = new Set([parts.length - 3, parts.length - 1]);
  if (parts.some((part, index) => part.includes('?') && (part !== '?' || !dayFields.has(index)))) {
    fail('"?" may only stand for a whole day-of-month or day-of-week field');
  }
  try {
    const job = new Cron(cronPattern(expression), { paused: true, legacyMode: true });
    if (job.nextRun() === null) fail('it never fires');
    job.stop();
  } catch (error) {
    if (isAppError(error)) throw error;
    fail((error as Error).message);
  }
}

/** The expression as croner reads it: single spaces, `?` as `*`. */
export function cronPattern(expression: string): string {
  return expression.trim().split(/\s+/).map((part) => (part === '?' ? '*' : part)).join(' ');
}
