import { cronSchedule, type CronSchedule } from './cronSchedule.js';

/** A stored flow whose schedule is enabled. */
export interface ScheduledFlow {
  id: string;
  cronExpression: string;
}

/** One fire time of one flow. */
export interface Fire {
  flowId: string;
  expression: string;
  at: Date;
}

interface Entry {
  schedule: CronSchedule;
  /** Fires at or before this time were handled (or deliberately not replayed). */
  cursor: Date;
}

/**
 * The schedules this instance follows, derived from the stored flows and nothing else, so a
 * restart or an entity update only needs a re-read. Pure: time is always passed in.
 */
export class ScheduleTable {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly timeZone: string,
    /** A fire found due later than this is dropped, not started late. */
    private readonly graceMs: number,
  ) {}

  /**
   * Follows the flows read from the store: a new or changed schedule starts counting at `now`
   * (fires before it are never replayed); flows no longer scheduled are dropped. Answers the
   * flows whose expression cannot be read (kept out of the table).
   */
  sync(flows: readonly ScheduledFlow[], now: Date): Array<{ flow: ScheduledFlow; error: Error }> {
    const rejected: Array<{ flow: ScheduledFlow; error: Error }> = [];
    const wanted = new Set(flows.map((flow) => flow.id));
    for (const id of this.entries.keys()) if (!wanted.has(id)) this.entries.delete(id);
    for (const flow of flows) {
      if (this.entries.get(flow.id)?.schedule.expression === flow.cronExpression) continue;
      try {
        this.entries.set(flow.id, { schedule: cronSchedule(flow.cronExpression, this.timeZone), cursor: now });
      } catch (error) {
        this.entries.delete(flow.id);
        rejected.push({ flow, error: error as Error });
      }
    }
    return rejected;
  }

  /**
   * The fires in (cursor, now] of every flow, oldest first per flow, and moves the cursors
   * to `now`. Fires older than the grace (the process stalled) are dropped, as fires of a
   * time the instance was down are; `dropped` names the flows that lost some.
   */
  takeDue(now: Date): { due: Fire[]; dropped: string[] } {
    const due: Fire[] = [];
    const dropped: string[] = [];
    const oldest = new Date(now.getTime() - this.graceMs);
    for (const [flowId, entry] of this.entries) {
      const { schedule } = entry;
      if (entry.cursor < oldest) {
        const late = schedule.next(entry.cursor);
        if (late && late <= oldest) dropped.push(flowId);
        entry.cursor = oldest;
      }
      for (let at = schedule.next(entry.cursor); at && at <= now; at = schedule.next(at)) {
        due.push({ flowId, expression: schedule.expression, at });
      }
      entry.cursor = now;
    }
    return { due, dropped };
  }

  /** The earliest next fire of any flow, or undefined when none is scheduled. */
  nextWake(): Date | undefined {
    let earliest: Date | undefined;
    for (const { schedule, cursor } of this.entries.values()) {
      const next = schedule.next(cursor);
      if (next && (!earliest || next < earliest)) earliest = next;
    }
    return earliest;
  }

  get size(): number {
    return this.entries.size;
  }
}
