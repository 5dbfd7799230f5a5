import { AppError, isAppError } from '@flow/platform';
import { Cron } from 'croner';

/**
 * Accepts 5-field cron expressions and 6-field ones with seconds first (Quartz style, `?`
 * allowed for day fields). Anything croner cannot schedule is refused with its reason.
 */
export function validateCron(expression: string, field = 'cronExpression'): void {
  const parts = expression.trim().split(/\s+/);
  const fail = (reason: string): never => {
    throw AppError.badInput([{ field, constraint: 'cron', message: `${field} "${expression}" is not a valid cron expression: ${reason}` }]);
  };
  if (parts.length !== 5 && parts.length !== 6) fail(`expected 5 fields, or 6 with seconds first (got ${parts.length})`);
  try {
    const job = new Cron(expression, { paused: true, legacyMode: true });
    if (job.nextRun() === null) fail('it never fires');
    job.stop();
  } catch (error) {
    if (isAppError(error)) throw error;
    fail((error as Error).message);
  }
}
