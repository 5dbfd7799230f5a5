import { AppError, DEAD_LETTER_SCAN_LIMIT, type DeadLetter, type DeadLetterQueues } from '@flow/platform';
import { isGuid } from '@flow/kit';
import { EVENTS_QUEUE, SENDER_HEADER } from '@flow/protocol';
import type { MutationResolvers, QueryResolvers } from '../generated/graphql.js';

/** The queues whose dead letters an operator handles: the orchestrator's events and each processor's commands. */
function requireQueue(queue: string): string {
  const processorId = queue.startsWith('processor.') ? queue.slice('processor.'.length) : undefined;
  if (queue === EVENTS_QUEUE || (processorId !== undefined && isGuid(processorId))) return processorId === undefined ? queue : `processor.${processorId.toLowerCase()}`;
  throw AppError.badInput([{ field: 'queue', constraint: 'queue', message: `queue must be ${EVENTS_QUEUE} or processor.<processorId> (got ${JSON.stringify(queue.slice(0, 100))})` }]);
}

function requireFirst(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > DEAD_LETTER_SCAN_LIMIT) {
    throw AppError.badInput([{ field: 'first', constraint: 'range', message: `first must be between 1 and ${DEAD_LETTER_SCAN_LIMIT} (got ${first})` }]);
  }
  return first;
}

/** A dead letter as the API shows it: a processor's credentials (its bearer token) never leave the broker. */
const shown = (letter: DeadLetter): DeadLetter => {
  const headers = Object.fromEntries(Object.entries(letter.headers).filter(([name]) => name !== SENDER_HEADER));
  return { ...letter, headers };
};

/** The dead-letter queries and mutations (admin): list, replay, discard, over the bus's DeadLetterQueues. */
export function deadLetterResolvers(deadLetters: DeadLetterQueues): {
  Query: Pick<QueryResolvers, 'deadLetters'>;
  Mutation: Pick<MutationResolvers, 'replayDeadLetters' | 'discardDeadLetters'>;
} {
  return {
    Query: {
      deadLetters: async (_, { queue, first, after }) => {
        const name = requireQueue(queue);
        const limit = requireFirst(first ?? 20);
        const [total, letters] = await Promise.all([deadLetters.count(name), deadLetters.list(name, DEAD_LETTER_SCAN_LIMIT)]);
        const from = after ? letters.findIndex((letter) => letter.id === after) + 1 : 0;
        // A cursor that names no dead letter any more: it was replayed or discarded meanwhile.
        if (after && from === 0) throw AppError.notFound(`Dead letter of ${name}`, after);
        return { total, nodes: letters.slice(from, from + limit).map(shown) };
      },
    },
    Mutation: {
      replayDeadLetters: (_, { queue, ids }) => deadLetters.replay(requireQueue(queue), ids ?? undefined),
      discardDeadLetters: (_, { queue, ids }) => deadLetters.discard(requireQueue(queue), ids ?? undefined),
    },
  };
}
