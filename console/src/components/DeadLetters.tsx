import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { DeadLettersDocument, DiscardDeadLettersDocument, ProcessorsDocument, ReplayDeadLettersDocument } from '../generated/graphql.js';
import { when } from '../status.js';
import { ErrorNotice } from './ErrorNotice.js';

/** A body as one short line: dead letters may be large, or not JSON at all. */
const preview = (body: string): string => (body.length > 120 ? `${body.slice(0, 120)}…` : body);

/**
 * The dead letters of a queue for an admin (docs/protocol.md, "Dead letters"): read when opened,
 * each with why it was given up on, to replay once the cause is fixed or to discard; all at once
 * too. Another role's token gets the FORBIDDEN notice.
 */
export function DeadLetters({ queue, count }: { queue: string; count: number }) {
  const [open, setOpen] = useState(false);
  const list = useQuery(DeadLettersDocument, { variables: { queue }, skip: !open, fetchPolicy: 'network-only' });
  const refetchQueries = [{ query: DeadLettersDocument, variables: { queue } }, { query: ProcessorsDocument }];
  const [replay, replaying] = useMutation(ReplayDeadLettersDocument, { refetchQueries, awaitRefetchQueries: true });
  const [discard, discarding] = useMutation(DiscardDeadLettersDocument, { refetchQueries, awaitRefetchQueries: true });
  const busy = replaying.loading || discarding.loading;
  const variables = (ids?: string[]) => ({ variables: { queue, ...(ids ? { ids } : {}) } });
  const act = (action: 'replay' | 'discard', ids?: string[]) => void (action === 'replay' ? replay(variables(ids)) : discard(variables(ids))).catch(() => undefined);
  const letters = list.data?.deadLetters.nodes ?? [];
  return (
    <details className="dead-letters" data-testid="dead-letter-list" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Inspect {count === 1 ? 'the dead letter' : `${count} dead letters`}</summary>
      <ErrorNotice error={list.error} action="Listing dead letters" />
      <ErrorNotice error={replaying.error ?? discarding.error} action="Handling dead letters" />
      {letters.length > 0 && (
        <>
          <ol className="letters">
            {letters.map((letter) => (
              <li key={letter.id} data-dead-letter={letter.id}>
                <p className="field-error" data-testid="dead-letter-reason">{letter.reason}</p>
                <p className="muted">{letter.deadLetteredAt ? when(letter.deadLetteredAt) : 'time unknown'}{letter.deliveries ? ` · after ${letter.deliveries} ${letter.deliveries === 1 ? 'delivery' : 'deliveries'}` : ''}</p>
                <code className="letter-body">{preview(letter.body)}</code>
                <div className="run-controls">
                  <button type="button" className="button" disabled={busy} data-action="replay" onClick={() => act('replay', [letter.id])}>↻ Replay</button>
                  <button type="button" className="button danger" disabled={busy} data-action="discard" onClick={() => act('discard', [letter.id])}>✕ Discard</button>
                </div>
              </li>
            ))}
          </ol>
          <div className="run-controls">
            <button type="button" className="button" disabled={busy} data-action="replay-all" onClick={() => act('replay')}>↻ Replay all</button>
            <button type="button" className="button danger" disabled={busy} data-action="discard-all" onClick={() => act('discard')}>✕ Discard all</button>
          </div>
        </>
      )}
    </details>
  );
}
