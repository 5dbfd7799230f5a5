import { Cron } from 'croner';

/** When a cron expression fires, read in one time zone. Pure: no timers run. */
export interface CronSchedule {
  readonly expression: string;
  /** The first fire strictly after `after`, or null when the expression never fires again. */
  next(after: Date): Date | null;
  /** The next `count` fires strictly after `after`. */
  upcoming(count: number, after: Date): Date[];
}

/**
 * Reads an expression exactly as the orchestrated-flow subgraph validated it (its cron.ts):
 * 5 fields, or 6 with seconds first; the Quartz `?` of a day field as `*` (croner would read
 * it as the current time); day-of-month and day-of-week OR-ed as in classic cron
 * (`legacyMode`). Throws when croner cannot read it, which a stored flow never does.
 */
export function cronSchedule(expression: string, timeZone: string): CronSchedule {
  // Stryker disable next-line Regex: croner splits on runs of whitespace itself, so splitting on each character gives the same fields
  const pattern = expression.trim().split(/\s+/).map((part) => (part === '?' ? '*' : part)).join(' ');
  const cron = new Cron(pattern, {
    // Stryker disable next-line BooleanLiteral: croner starts no timer without a callback, so `paused` only states the intent
    paused: true,
    legacyMode: true,
    timezone: timeZone,
  });
  return {
    expression,
    next: (after) => cron.nextRun(after),
    upcoming: (count, after) => cron.nextRuns(count, after),
  };
}
