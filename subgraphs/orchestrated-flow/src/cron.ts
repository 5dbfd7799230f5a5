import { AppError } from '@flow/platform';
import { cronSchedule, CronExpressionError } from '@flow/orchestrator/cron';

/**
 * Accepts what the scheduler can read (orchestrator/src/scheduler/cronSchedule.ts, the one
 * reader of expressions): 5 classic cron fields, 6 Quartz fields with seconds first, or 7 with
 * a year last. Anything else, and an expression that never fires, is refused with its reason.
 */
export function validateCron(expression: string, field = 'cronExpression'): void {
  const refuse = (reason: string): never => {
    throw AppError.badInput([{ field, constraint: 'cron', message: `${field} "${expression}" is not a valid cron expression: ${reason}` }]);
  };
  try {
    if (cronSchedule(expression, 'UTC').next(new Date()) === null) refuse('it never fires');
  } catch (error) {
    if (error instanceof CronExpressionError) refuse(error.message);
    throw error;
  }
}

/** Refuses a text field that holds something other than JSON (null stands for absent). */
export function validateJsonText(text: unknown, field: string): void {
  if (typeof text !== 'string') return;
  try {
    JSON.parse(text);
  } catch (error) {
    throw AppError.badInput([{ field, constraint: 'json', message: `${field} must be JSON text: ${(error as Error).message}` }]);
  }
}
