import { createHash } from 'node:crypto';
import type { Headers } from './bus.js';
import { DEAD_LETTER_ID_HEADER, DEAD_LETTERED_AT_HEADER, DEATH_DELIVERIES_HEADER, DEATH_REASON_HEADER } from './busRules.js';

/** A message of a dead-letter queue, as an operator inspects it before replaying or discarding it. */
export interface DeadLetter {
  /** Stable while it waits (`x-dead-letter-id`; a digest of the message for one dead-lettered before ids). */
  id: string;
  /** The queue it was given up on, where a replay puts it back. */
  queue: string;
  /** `<DeadLetterReason>: <detail>` (`x-death-reason`). */
  reason: string;
  deliveries: number | null;
  deadLetteredAt: string | null;
  /** The body as it was sent (it may not even be JSON: MALFORMED_BODY). */
  body: string;
  /** Its other headers, as a handler would have seen them. */
  headers: Headers;
}

/** What an operator does with the dead letters of a queue; both bus adapters pass `busContract.ts`. */
export interface DeadLetterQueues {
  /** How many wait in `<queue>.dead`. */
  count(queue: string): Promise<number>;
  /** Up to `limit` dead letters of `queue`, oldest first (of the first 1,000 waiting). */
  list(queue: string, limit: number): Promise<DeadLetter[]>;
  /**
   * Puts dead letters back on `queue` as new messages, first deliveries again (all of them, or
   * those of `ids`): for after the cause was repaired. Answers how many were replayed.
   */
  replay(queue: string, ids?: readonly string[]): Promise<number>;
  /** Deletes dead letters (all, or those of `ids`) for good. Answers how many. */
  discard(queue: string, ids?: readonly string[]): Promise<number>;
}

/** How many messages one operation reads from a dead-letter queue at most. */
export const DEAD_LETTER_SCAN_LIMIT = 1_000;

const deathHeaders = new Set([DEATH_REASON_HEADER, DEATH_DELIVERIES_HEADER, DEAD_LETTER_ID_HEADER, DEAD_LETTERED_AT_HEADER]);

/** A dead-letter queue's message as a DeadLetter of `queue`. */
export function toDeadLetter(queue: string, body: string, headers: Headers): DeadLetter {
  const deliveries = Number(headers[DEATH_DELIVERIES_HEADER]);
  return {
    id: headers[DEAD_LETTER_ID_HEADER] ?? `digest-${createHash('sha256').update(body).update(JSON.stringify(headers)).digest('hex').slice(0, 32)}`,
    queue,
    reason: headers[DEATH_REASON_HEADER] ?? '',
    deliveries: Number.isInteger(deliveries) ? deliveries : null,
    deadLetteredAt: headers[DEAD_LETTERED_AT_HEADER] ?? null,
    body,
    headers: replayHeaders(headers),
  };
}

/** The headers a replayed message goes back with: the original ones, without what its death added. */
export function replayHeaders(headers: Headers): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !deathHeaders.has(name)));
}

/** Whether an operation on `ids` (all when undefined) takes this dead letter. */
export const selects = (ids: readonly string[] | undefined, letter: DeadLetter): boolean => ids === undefined || ids.includes(letter.id);
