import { createHash } from 'node:crypto';
import type { DeadLetter, Headers } from './bus.js';
import { DEAD_LETTER_ID_HEADER, DEAD_LETTERED_AT_HEADER, DEATH_DELIVERIES_HEADER, DEATH_REASON_HEADER } from './busRules.js';

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
