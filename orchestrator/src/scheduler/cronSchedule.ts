import { Cron } from 'croner';

/** When a cron expression fires, read in one time zone. Pure: no timers run. */
export interface CronSchedule {
  readonly expression: string;
  /** The first fire strictly after `after`, or null when the expression never fires again. */
  next(after: Date): Date | null;
  /** The next `count` fires strictly after `after`. */
  upcoming(count: number, after: Date): Date[];
}

/** Why an expression cannot be read: the message is the reason alone, the caller names the field. */
export class CronExpressionError extends Error {
  override name = 'CronExpressionError';
}

const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
/** The years Quartz accepts in its seventh field. */
const FIRST_YEAR = 1970;
const LAST_YEAR = 2099;

const fail = (reason: string): never => {
  throw new CronExpressionError(reason);
};

/** A Quartz weekday (1 = Sunday ... 7 = Saturday, or SUN..SAT) as croner's number (0 = Sunday). */
function weekday(token: string): number {
  const named = WEEKDAYS.indexOf(token.toUpperCase());
  if (named >= 0) return named;
  if (!/^[1-7]$/.test(token)) fail(`day-of-week "${token}" is not 1-7 (Quartz: 1 = Sunday, 7 = Saturday) or SUN-SAT`);
  return Number(token) - 1;
}

/** One item of a Quartz day-of-week list, without its step, in croner's numbering. */
function weekdayItem(item: string): string {
  if (item === '*') return item;
  if (item === 'L') return '6';
  const last = /(.+)L$/i.exec(item);
  if (last) return `${weekday(last[1] as string)}#L`;
  const nth = /(.+)#(.*)/.exec(item);
  if (nth) {
    if (!/^[1-5]$/.test(nth[2] as string)) fail(`"${item}": the occurrence after # must be 1-5`);
    return `${weekday(nth[1] as string)}#${nth[2] as string}`;
  }
  const range = /(.+)-(.+)/.exec(item);
  if (range) return `${weekday(range[1] as string)}-${weekday(range[2] as string)}`;
  return String(weekday(item));
}

/** A Quartz day-of-week field (lists, ranges, steps, `L`, `nL`, `n#k`) in croner's numbering. */
export function quartzWeekdays(field: string): string {
  return field
    .split(',')
    .map((item) => {
      const [base, step] = item.split('/');
      return step === undefined ? weekdayItem(base as string) : `${weekdayItem(base as string)}/${step}`;
    })
    .join(',');
}

/** The years a Quartz year field allows (`*`, lists, ranges, steps within 1970-2099), or undefined for any year. */
export function quartzYears(field: string): ReadonlySet<number> | undefined {
  if (field === '*') return undefined;
  const years = new Set<number>();
  for (const item of field.split(',')) {
    const match = /^(\*|\d{4})(?:-(\d{4}))?(?:\/(\d+))?$/.exec(item);
    if (!match) fail(`year "${item}" is not a year, a range of years or a step`);
    const [, from, to, step] = match as RegExpExecArray;
    const first = from === '*' ? FIRST_YEAR : Number(from);
    const lastYear = to !== undefined ? Number(to) : from === '*' || step !== undefined ? LAST_YEAR : first;
    if (first < FIRST_YEAR || lastYear > LAST_YEAR || lastYear < first) fail(`year "${item}" is outside ${FIRST_YEAR}-${LAST_YEAR} or backwards`);
    const every = step === undefined ? 1 : Number(step);
    if (every < 1) fail(`year "${item}" has a zero step`);
    for (let year = first; year <= lastYear; year += every) years.add(year);
  }
  return years;
}

/** Refuses the Quartz day-of-month forms croner cannot schedule, naming them. */
function checkDayOfMonth(field: string): void {
  if (/W/i.test(field)) fail(`day-of-month "${field}": W (nearest weekday) is not supported`);
  if (/L-/i.test(field)) fail(`day-of-month "${field}": L-<n> (days before the last) is not supported; L (the last day) is`);
}

/** The parts of an expression: croner's pattern and the Quartz years, if restricted. */
export function readCron(expression: string): { pattern: string; years?: ReadonlySet<number> } {
  const parts = expression.trim().split(/\s+/);
  if (parts.length < 5 || parts.length > 7) fail(`expected 5 fields, 6 with seconds first, or 7 with a year last (got ${parts.length})`);
  const quartz = parts.length > 5;
  const day = quartz ? 3 : 2;
  if (parts.some((part, index) => part.includes('?') && (part !== '?' || (index !== day && index !== day + 2)))) {
    fail('"?" may only stand for a whole day-of-month or day-of-week field');
  }
  checkDayOfMonth(parts[day] as string);
  // `?` (no specific value) reads as `*`: croner would read it as the current time.
  const fields = parts.slice(0, day + 3).map((part) => (part === '?' ? '*' : part));
  if (quartz) fields[day + 2] = quartzWeekdays(fields[day + 2] as string);
  const years = parts.length === 7 ? quartzYears(parts[6] as string) : undefined;
  return { pattern: fields.join(' '), ...(years ? { years } : {}) };
}

const HOUR_MS = 3_600_000;

/**
 * The first instant (ms) of `year` where `yearAt` reads the time zone's calendar: time zones
 * lie within UTC-12 and UTC+14, so it is between 14 hours before and 12 hours after the UTC
 * new year; a bisection finds it to the millisecond.
 */
export function yearStart(year: number, yearAt: (ms: number) => number): number {
  let before = Date.UTC(year, 0, 1) - 14 * HOUR_MS - 1;
  let start = Date.UTC(year, 0, 1) + 12 * HOUR_MS;
  while (start - before > 1) {
    const middle = Math.floor((before + start) / 2);
    if (yearAt(middle) >= year) start = middle;
    else before = middle;
  }
  return start;
}

/**
 * Reads an expression as the orchestrated-flow subgraph validated it (its cron.ts uses this):
 * 5 fields are classic cron (weekday 0 or 7 = Sunday); 6 fields, seconds first, and 7, a year
 * last, are Quartz (weekday 1 = Sunday ... 7 = Saturday, `L`, `nL`, `n#k`). `?` of a day field
 * reads as `*`; day-of-month and day-of-week are OR-ed as in classic cron (`legacyMode`).
 * Throws a CronExpressionError giving the reason for what it cannot read.
 */
export function cronSchedule(expression: string, timeZone: string): CronSchedule {
  const { pattern, years } = readCron(expression);
  let cron: Cron;
  try {
    // Stryker disable next-line BooleanLiteral: croner starts no timer without a callback, so `paused` only states the intent
    cron = new Cron(pattern, { paused: true, legacyMode: true, timezone: timeZone });
  } catch (error) {
    return fail((error as Error).message);
  }
  const format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' });
  const yearAt = (ms: number): number => Number(format.format(ms));
  const next = (after: Date): Date | null => {
    let from = after;
    for (;;) {
      const fire = cron.nextRun(from);
      if (!fire || !years) return fire;
      const year = yearAt(fire.getTime());
      if (years.has(year)) return fire;
      // Stryker disable next-line EqualityOperator: `year` is not among the years, so > and >= select the same ones
      const later = [...years].filter((allowed) => allowed > year);
      if (later.length === 0) return null;
      // Just before the next allowed year: never before `fire`, whose year is an earlier one.
      from = new Date(yearStart(Math.min(...later), yearAt) - 1);
    }
  };
  return {
    expression,
    next,
    upcoming(count, after) {
      const fires: Date[] = [];
      for (let fire = next(after); fire && fires.length < count; fire = next(fire)) fires.push(fire);
      return fires;
    },
  };
}
